//! The service levels' sweep: what is due, and what happens when a date passes.
//!
//! Every open request that is not waiting for the citizen has up to two schedule items
//! (`SLA#DUE` / `<when>#<number>#<step>`), written and removed in the same transaction
//! as every change of the request (`schedule_writes`, like the queue counters), so the
//! sweep reads only what is due — the range up to now — and its cost grows with the
//! due requests, not with all open ones. Steps:
//! - `first`: no answer the citizen could see by the first-response date → flagged, the
//!   supervisors told (unless the policy says not to: `OnLate::alert`);
//! - `resolve`: not resolved at level 2 by its date → escalated to the department its
//!   category maps to (`sla::department_for`), its specialists and the citizen told;
//! - `remind`: overdue at its department, or at level 2 under a policy that does not
//!   escalate (`OnLate::escalate`) → the supervisors told, again every
//!   `OnLate::remind_hours`, not every minute;
//! - `info`: a request waiting for the citizen's information, a day before the date they
//!   were asked to answer by → the citizen reminded (`EventKind::InfoReminder`), once
//!   per question (none when the question gave less than a day and a half).
//!
//! What the sweep does is the request's own policy's (stored with it when it arrived):
//! an admin's change applies to requests that arrive after it.
//!
//! Each step is one transaction conditioned on the request's version, so two sweeps
//! running at once (two Lambda invocations, a slow one overlapping the next) act once:
//! the loser's condition fails and it moves on. Every step is in the timeline and the
//! audit trail as done by `system`.

use helpdesk_shared::api::TimelineEvent;
use helpdesk_shared::sla::{Overdue, department_for};
use helpdesk_shared::workspace::{AuditAction, AuditEntry};
use helpdesk_shared::{Level, Status};
use time::OffsetDateTime;

use super::{QUEUE_OPEN, TicketError, TicketRecord, Tickets};
use crate::audit;
use crate::clock::sort_key;
use crate::events::{EventKind, publish_all};
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError, Write};

/// The schedule's partition.
const DUE: &str = "SLA#DUE";
/// Marks that the requests from before the schedule have their items.
const SCHEDULED: (&str, &str) = ("SLA#META", "SCHEDULED");
/// The actor of the sweep's steps in the timeline and the audit trail.
pub const SYSTEM: &str = "system";
/// Schedule items read per page.
const PAGE: usize = 100;
/// Steps one sweep takes at most (the rest the next minute): well inside a Lambda's
/// time at a few milliseconds a step.
pub const SWEEP_MAX: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    First,
    Resolve,
    Remind,
    Info,
}

/// How long before the citizen's date they are reminded.
const INFO_REMINDER_BEFORE: time::Duration = time::Duration::DAY;

impl Step {
    fn code(self) -> &'static str {
        match self {
            Step::First => "first",
            Step::Resolve => "resolve",
            Step::Remind => "remind",
            Step::Info => "info",
        }
    }
}

/// What is due for a request, and when: nothing once it is closed or while it waits
/// for the citizen.
fn plan(t: &TicketRecord) -> Vec<(OffsetDateTime, Step)> {
    if t.status == Status::AwaitingCitizen {
        // A reminder only where there is time between the question and it.
        return match (t.info_due, t.paused_at) {
            (Some(due), Some(asked))
                if !t.info_reminded
                    && due - INFO_REMINDER_BEFORE >= asked + time::Duration::hours(12) =>
            {
                vec![(due - INFO_REMINDER_BEFORE, Step::Info)]
            }
            _ => Vec::new(),
        };
    }
    if t.status.is_final() {
        return Vec::new();
    }
    let mut steps = Vec::new();
    if let Some(at) = t
        .respond_by
        .filter(|_| !t.first_late && t.responded_at.is_none())
    {
        steps.push((at, Step::First));
    }
    if t.level == Level::Specialist || !t.policy().on_late.escalate {
        let at = t.remind_at.map_or(t.expected_by, |r| r.max(t.expected_by));
        steps.push((at, Step::Remind));
    } else {
        steps.push((t.expected_by, Step::Resolve));
    }
    steps
}

fn key(number: &str, at: OffsetDateTime, step: Step) -> String {
    format!("{}#{number}#{}", sort_key(at), step.code())
}

fn keys(t: &TicketRecord) -> Vec<String> {
    plan(t)
        .into_iter()
        .map(|(at, step)| key(&t.number, at, step))
        .collect()
}

/// The writes that keep a request's schedule items what its new state plans: the
/// items it no longer needs deleted, the new ones put (in the change's transaction).
pub fn schedule_writes(before: Option<&TicketRecord>, after: &TicketRecord) -> Vec<Write> {
    let old = before.map(keys).unwrap_or_default();
    let new = keys(after);
    let gone = old
        .iter()
        .filter(|k| !new.contains(k))
        .map(|k| Write::Delete {
            pk: DUE.to_owned(),
            sk: k.clone(),
            cond: Cond::Always,
        });
    let added = new.iter().filter(|k| !old.contains(k)).map(|k| {
        let body = serde_json::json!({ "number": after.number });
        Write::put(Item::new(DUE, k.clone(), body), Cond::Always)
    });
    gone.chain(added).collect()
}

/// What one sweep did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Swept {
    /// Schedule items read (each a due step).
    pub examined: usize,
    /// First responses found late (supervisors told).
    pub flagged: usize,
    pub escalated: usize,
    pub reminded: usize,
    /// Citizens reminded of the information asked of them.
    pub citizens_reminded: usize,
    /// Items of requests changed meanwhile (another sweep, staff): left to them.
    pub raced: usize,
    /// Items read from the store: the schedule's and each due request.
    pub read: usize,
}

/// One step's outcome.
enum Done {
    Acted(Step),
    Raced,
}

impl Tickets {
    /// Acts on every step due by now, up to `max` of them (the rest next time).
    pub async fn sweep_due(&self, max: usize) -> Result<Swept, TicketError> {
        let now = self.clock.now();
        let range = SkRange::Between(String::new(), format!("{}~", sort_key(now)));
        let mut q = Query::new(Index::Table, DUE, range);
        let mut swept = Swept::default();
        loop {
            q.limit = PAGE.min(max - swept.examined);
            let page = self.store.query(q.clone()).await?;
            swept.read += page.items.len();
            for item in &page.items {
                swept.examined += 1;
                swept.read += 1; // the request itself
                match self.step(item, now).await? {
                    Done::Acted(Step::First) => swept.flagged += 1,
                    Done::Acted(Step::Resolve) => swept.escalated += 1,
                    Done::Acted(Step::Remind) => swept.reminded += 1,
                    Done::Acted(Step::Info) => swept.citizens_reminded += 1,
                    Done::Raced => swept.raced += 1,
                }
            }
            match page.cursor {
                Some(c) if swept.examined < max => q.cursor = Some(c),
                _ => return Ok(swept),
            }
        }
    }

    /// One due step of one request, on its current version.
    async fn step(&self, due: &Item, now: OffsetDateTime) -> Result<Done, TicketError> {
        let number = due.body.value()["number"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let stale = || Write::Delete {
            pk: DUE.to_owned(),
            sk: due.sk.clone(),
            cond: Cond::Always,
        };
        let Some(item) = self
            .store
            .get(&TicketRecord::pk(&number), TicketRecord::SK)
            .await?
        else {
            self.store.transact(vec![stale()]).await?;
            return Ok(Done::Raced);
        };
        let before: TicketRecord = item.decode()?;
        let Some((_, step)) = plan(&before)
            .into_iter()
            .find(|(at, step)| key(&number, *at, *step) == due.sk)
        else {
            // The request moved on (answered, closed, waiting) and its change removed
            // this item; or it is left from a change that lost a race.
            self.store.transact(vec![stale()]).await?;
            return Ok(Done::Raced);
        };
        let mut after = before.clone();
        let mut steps = Vec::new();
        let mut kinds = Vec::new();
        let (action, detail) = match step {
            Step::First => {
                after.first_late = true;
                steps.push(TimelineEvent::Overdue {
                    stage: Overdue::FirstResponse,
                });
                if after.policy().on_late.alert {
                    kinds.push(alert(Overdue::FirstResponse, &after));
                }
                (AuditAction::Overdue, "first_response".to_owned())
            }
            Step::Resolve => {
                let department = department_for(after.category);
                after.level = Level::Specialist;
                after.department = Some(department);
                after.measure_escalation(super::measure::EscalatedBy::Sweep);
                after.assignee = None;
                after.updated_at = now;
                after.start_clocks(now, &self.levels.in_force().await?.calendar);
                steps.push(TimelineEvent::Overdue {
                    stage: Overdue::Resolution,
                });
                steps.push(TimelineEvent::Escalated { department });
                kinds.push(EventKind::Escalated);
                kinds.push(alert(Overdue::Resolution, &after));
                (
                    AuditAction::Escalate,
                    format!("overdue → {}", department.code()),
                )
            }
            Step::Remind => {
                after.remind_at = Some(now + after.policy().remind_every());
                let stage = match after.level {
                    Level::Specialist => Overdue::Department,
                    _ => Overdue::Unresolved,
                };
                steps.push(TimelineEvent::Overdue { stage });
                kinds.push(alert(stage, &after));
                let detail = match stage {
                    Overdue::Department => "department",
                    _ => "resolution (not escalated by its policy)",
                };
                (AuditAction::Overdue, detail.to_owned())
            }
            Step::Info => {
                after.info_reminded = true;
                if let Some(due) = after.info_due {
                    kinds.push(EventKind::InfoReminder { due });
                }
                (AuditAction::Overdue, String::new())
            }
        };
        let mut writes = super::change_writes(&before, item.version, &after);
        let events =
            super::step_writes(&mut writes, &after.number, now, Some(SYSTEM), steps, kinds);
        // A reminder to the citizen is no staff action: in the delivery log, not the audit.
        if step != Step::Info {
            writes.push(audit::append(&AuditEntry {
                at: now,
                actor: SYSTEM.to_owned(),
                role: None,
                action,
                ticket: Some(after.number.clone()),
                from: String::new(),
                detail,
            }));
        }
        match self.store.transact(writes).await {
            Ok(()) => {}
            Err(StoreError::ConditionFailed { index: 0 }) => return Ok(Done::Raced),
            Err(e) => return Err(e.into()),
        }
        tracing::info!(ticket = %after.number, step = step.code(), "service level step");
        publish_all(self.store.as_ref(), self.bus.as_ref(), &events).await;
        Ok(Done::Acted(step))
    }
}

fn alert(stage: Overdue, t: &TicketRecord) -> EventKind {
    EventKind::SlaAlert {
        stage,
        department: t.department,
    }
}

/// Requests from before the schedule get their items, once (a marker says it is done).
/// Run where the queue counters are counted once (the local server's start) and by the
/// sweep function.
pub async fn schedule_if_unscheduled(store: &dyn KvStore) -> Result<usize, StoreError> {
    if store.get(SCHEDULED.0, SCHEDULED.1).await?.is_some() {
        return Ok(0);
    }
    let mut q = Query::new(Index::Gsi1, QUEUE_OPEN, SkRange::All);
    q.limit = PAGE;
    let mut scheduled = 0;
    loop {
        let page = store.query(q.clone()).await?;
        for item in &page.items {
            let t: TicketRecord = item.decode()?;
            let writes = schedule_writes(None, &t);
            scheduled += writes.len();
            if !writes.is_empty() {
                store.transact(writes).await?;
            }
        }
        match page.cursor {
            Some(c) => q.cursor = Some(c),
            None => break,
        }
    }
    let marker = Item::new(
        SCHEDULED.0,
        SCHEDULED.1,
        serde_json::json!({ "items": scheduled }),
    );
    store.put(marker, Cond::Always).await?;
    if scheduled > 0 {
        tracing::info!(
            items = scheduled,
            "service-level schedule made for older requests"
        );
    }
    Ok(scheduled)
}

#[cfg(test)]
mod tests {
    use time::Duration;

    use super::super::sample_ticket;
    use super::*;

    #[test]
    fn the_plan_follows_the_request() {
        let mut t = sample_ticket();
        t.respond_by = Some(t.created_at + Duration::hours(8));
        assert_eq!(
            plan(&t).iter().map(|p| p.1).collect::<Vec<_>>(),
            [Step::First, Step::Resolve]
        );
        // Answered: only the resolution is due; waiting for the citizen: nothing.
        t.responded_at = Some(t.created_at);
        assert_eq!(plan(&t).len(), 1);
        t.status = Status::AwaitingCitizen;
        t.paused_at = Some(t.created_at);
        assert!(plan(&t).is_empty());
        // At the department: a reminder at the date, or later after one was sent.
        t.status = Status::InProgress;
        t.paused_at = None;
        t.level = Level::Specialist;
        t.remind_at = Some(t.expected_by + Duration::hours(24));
        assert_eq!(
            plan(&t),
            [(t.expected_by + Duration::hours(24), Step::Remind)]
        );
        t.status = Status::Resolved;
        assert!(plan(&t).is_empty());
    }

    #[test]
    fn a_change_moves_the_items_it_needs_and_no_others() {
        let mut before = sample_ticket();
        before.respond_by = Some(before.created_at + Duration::hours(8));
        let made = schedule_writes(None, &before);
        assert_eq!(made.len(), 2);
        let mut after = before.clone();
        after.responded_at = Some(before.created_at);
        after.respond_by = None;
        let moved = schedule_writes(Some(&before), &after);
        assert!(
            matches!(&moved[..], [Write::Delete { sk, .. }] if sk.ends_with("#first")),
            "{moved:?}"
        );
        assert!(schedule_writes(Some(&after), &after).is_empty());
    }
}

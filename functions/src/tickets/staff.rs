//! What staff do to a request: take, assign, reply, ask for information, resolve,
//! reject, escalate, note. Each action is checked against the caller's role and the
//! status machine in `shared`, made on the version the caller saw (a stale one is a
//! conflict, never an overwrite), and written in one transaction with its timeline
//! entries, its events and its audit record.

use helpdesk_shared::api::{TimelineEntry, TimelineEvent};
use helpdesk_shared::auth::Role;
use helpdesk_shared::workspace::{
    ActionRequest, Assignee, AuditEntry, CheckedAction, StaffTicketView,
};
use helpdesk_shared::{FieldCode, FieldError, Level, Status, TicketNumber};
use time::{Duration, OffsetDateTime};

use super::{Looked, TicketError, TicketRecord, Tickets, entry, event, timeline_item};
use crate::audit;
use crate::auth::StaffAccount;
use crate::auth::staff;
use crate::events::{EventKind, pending_item, publish_all};
use crate::store::{Cond, StoreError, Write};

/// The staff member acting, and the address the call came from (for the audit trail).
pub struct Actor<'a> {
    pub account: &'a StaffAccount,
    pub from: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The role may see the request but not change it (an operator on level 3).
    NotYours,
    /// Resolved or rejected: nothing more happens to it.
    Closed,
    /// The status machine does not allow this change.
    Transition { from: Status, to: Status },
    /// Escalating to the department that already has it.
    SameDepartment,
}

/// Who may see a request: supervisors and operators all of them (operators follow what
/// they escalated), specialists their department's; admins none.
pub fn can_see(a: &StaffAccount, t: &TicketRecord) -> bool {
    match a.role {
        Role::Supervisor | Role::Operator => true,
        Role::Specialist => t.level == Level::Specialist && t.department == a.department,
        Role::Admin => false,
    }
}

/// Who may change it: operators up to level 2, specialists their department's,
/// supervisors any.
pub fn can_act(a: &StaffAccount, t: &TicketRecord) -> bool {
    match a.role {
        Role::Supervisor => true,
        Role::Operator => t.level != Level::Specialist,
        Role::Specialist => can_see(a, t),
        Role::Admin => false,
    }
}

/// Whether `target` may be assigned a request at this level and department.
fn fits(target: &StaffAccount, t: &TicketRecord) -> bool {
    !target.disabled
        && match t.level {
            Level::Specialist => {
                target.role == Role::Supervisor
                    || (target.role == Role::Specialist && target.department == t.department)
            }
            _ => matches!(target.role, Role::Operator | Role::Supervisor),
        }
}

/// What an action does to a request, decided without the store.
#[derive(Debug)]
pub struct Decision {
    /// The request after the action (not yet stamped `updated_at`).
    pub record: TicketRecord,
    /// Timeline entries, in order.
    pub steps: Vec<TimelineEvent>,
    /// The events to publish.
    pub kinds: Vec<EventKind>,
    /// The status change, if any: (from, to).
    pub change: Option<(Status, Status)>,
}

/// Decides one action of `a` on `record`: whether the role may act on it, what changes,
/// and whether the status machine allows the change. `assignee` is the account an
/// `Assign` names, as loaded (absent if there is none). Pure: unit-tested below.
pub fn decide(
    a: &StaffAccount,
    record: &TicketRecord,
    action: &CheckedAction,
    assignee: Option<&StaffAccount>,
    now: OffsetDateTime,
) -> Result<Decision, TicketError> {
    if !can_act(a, record) {
        return Err(TicketError::Refused(Refusal::NotYours));
    }
    if record.status.is_final() {
        return Err(TicketError::Refused(Refusal::Closed));
    }
    let mut record = record.clone();
    let from = record.status;
    // A received request that someone starts working on goes to work.
    let starts_work = (from == Status::Received).then_some(Status::InProgress);
    let mut to = action.target_status();
    let mut steps: Vec<TimelineEvent> = Vec::new();
    let mut kinds: Vec<EventKind> = Vec::new();
    match action {
        CheckedAction::Take => {
            record.assignee = Some(a.login.clone());
            steps.push(TimelineEvent::AssignedTo {
                login: a.login.clone(),
            });
            to = to.or(starts_work);
        }
        CheckedAction::Assign { .. } => {
            let target = assignee.filter(|t| fits(t, &record)).ok_or_else(|| {
                TicketError::Validation(vec![FieldError::new("login", FieldCode::StaffUnknown)])
            })?;
            record.assignee = Some(target.login.clone());
            steps.push(TimelineEvent::AssignedTo {
                login: target.login.clone(),
            });
        }
        CheckedAction::Reply { text } => {
            steps.push(TimelineEvent::StaffComment {
                text: text.as_str().to_owned(),
            });
            kinds.push(EventKind::StaffReplied);
            to = to.or(starts_work);
        }
        CheckedAction::AskInfo { text, days } => steps.push(TimelineEvent::InfoRequested {
            text: text.as_str().to_owned(),
            due: now + Duration::days((*days).into()),
        }),
        CheckedAction::Resolve { answer } => steps.push(TimelineEvent::Answer {
            text: answer.as_str().to_owned(),
        }),
        CheckedAction::Reject {
            reason,
            alternatives,
        } => steps.push(TimelineEvent::Rejection {
            reason: reason.as_str().to_owned(),
            alternatives: alternatives.as_str().to_owned(),
        }),
        CheckedAction::Escalate { department, reason } => {
            if record.level == Level::Specialist && record.department == Some(*department) {
                return Err(TicketError::Refused(Refusal::SameDepartment));
            }
            record.level = Level::Specialist;
            record.department = Some(*department);
            record.assignee = None;
            // The department's own answer time starts now.
            record.expected_by =
                now + Duration::hours(record.category.default_answer_hours().into());
            steps.push(TimelineEvent::Escalated {
                department: *department,
            });
            steps.push(TimelineEvent::InternalNote {
                text: reason.as_str().to_owned(),
            });
            kinds.push(EventKind::Escalated);
        }
        CheckedAction::Note { text } => steps.push(TimelineEvent::InternalNote {
            text: text.as_str().to_owned(),
        }),
    }
    if let Some(to) = to {
        if !from.can_become(to) {
            return Err(TicketError::Refused(Refusal::Transition { from, to }));
        }
        record.status = to;
        steps.push(TimelineEvent::StatusChanged { from, to });
        kinds.push(EventKind::StatusChanged { from, to });
    }
    Ok(Decision {
        record,
        steps,
        kinds,
        change: to.map(|to| (from, to)),
    })
}

impl Tickets {
    /// A request as staff see it; one the caller may not see is not found.
    pub async fn open_staff(&self, a: &StaffAccount, number: &str) -> Result<Looked, TicketError> {
        let number = TicketNumber::parse(number)
            .map_err(|e| TicketError::Validation(vec![e.at("number")]))?;
        let item = self
            .store
            .get(&TicketRecord::pk(&number.key()), TicketRecord::SK)
            .await?
            .ok_or(TicketError::NotFound)?;
        let record: TicketRecord = item.decode()?;
        if !can_see(a, &record) {
            return Err(TicketError::NotFound);
        }
        Ok(Looked { item, record })
    }

    /// Whether `a` may see the request `number` (storage form): for its files.
    pub async fn staff_may_see(&self, a: &StaffAccount, number: &str) -> Result<bool, TicketError> {
        let Some(item) = self
            .store
            .get(&TicketRecord::pk(number), TicketRecord::SK)
            .await?
        else {
            return Ok(false);
        };
        Ok(can_see(a, &item.decode()?))
    }

    /// Who may be assigned the request `number`: enabled staff whose role and
    /// department fit its level, for a caller who may act on it; by name.
    pub async fn assignees(
        &self,
        a: &StaffAccount,
        number: &str,
    ) -> Result<Vec<Assignee>, TicketError> {
        let Looked { record, .. } = self.open_staff(a, number).await?;
        if !can_act(a, &record) {
            return Err(TicketError::Refused(Refusal::NotYours));
        }
        let mut out: Vec<Assignee> = staff::list(self.store.as_ref())
            .await?
            .into_iter()
            .filter(|s| fits(s, &record))
            .map(|s| Assignee {
                login: s.login,
                name: s.name,
                role: s.role,
                department: s.department,
            })
            .collect();
        out.sort_by(|x, y| x.name.cmp(&y.name).then_with(|| x.login.cmp(&y.login)));
        Ok(out)
    }

    pub async fn staff_view(
        &self,
        a: &StaffAccount,
        number: &str,
    ) -> Result<StaffTicketView, TicketError> {
        let Looked { item, record } = self.open_staff(a, number).await?;
        self.staff_view_of(&record, item.version).await
    }

    async fn staff_view_of(
        &self,
        t: &TicketRecord,
        version: u64,
    ) -> Result<StaffTicketView, TicketError> {
        let number = TicketNumber::parse(&t.number)
            .map_err(|_| StoreError::Corrupt("ticket number".into()))?;
        Ok(StaffTicketView {
            number: number.display(),
            version,
            category: t.category,
            subject: t.subject.clone(),
            description: t.description.clone(),
            status: t.status,
            level: t.level,
            department: t.department,
            assignee: t.assignee.clone(),
            language: t.language,
            full_name: t.full_name.clone(),
            phone: t.phone.clone(),
            email: t.email.clone(),
            snils: t.snils.clone(),
            inn: t.inn.clone(),
            application_number: t.application_number.clone(),
            created_at: t.created_at,
            updated_at: t.updated_at,
            expected_by: t.expected_by,
            timeline: self.timeline(&t.number).await?,
        })
    }

    /// Applies one action to the version of the request the caller saw.
    pub async fn act(
        &self,
        actor: &Actor<'_>,
        number: &str,
        req: &ActionRequest,
    ) -> Result<StaffTicketView, TicketError> {
        let action = req.action.parse().map_err(TicketError::Validation)?;
        let a = actor.account;
        let Looked { item, record } = self.open_staff(a, number).await?;
        if item.version != req.version {
            return Err(TicketError::VersionConflict);
        }
        let assignee = match &action {
            CheckedAction::Assign { login } => staff::load(self.store.as_ref(), login)
                .await?
                .map(|(_, t)| t),
            _ => None,
        };
        let now = self.clock.now();
        let Decision {
            record: mut changed,
            steps,
            kinds,
            change,
        } = decide(a, &record, &action, assignee.as_ref(), now)?;
        changed.updated_at = now;
        let (before, record) = (record, changed);

        let mut writes = vec![Write::put(
            record.to_item(item.version + 1),
            Cond::Version(item.version),
        )];
        writes.extend(super::counts::counter_writes(Some(&before), &record));
        for (seq, step) in steps.into_iter().enumerate() {
            let e = TimelineEntry {
                by: Some(a.login.clone()),
                ..entry(now, step)
            };
            writes.push(Write::put(
                timeline_item(&record.number, seq as u8, &e),
                Cond::Absent,
            ));
        }
        let events: Vec<_> = kinds
            .into_iter()
            .map(|k| event(&record.number, now, k))
            .collect();
        writes.extend(
            events
                .iter()
                .map(|e| Write::put(pending_item(e), Cond::Absent)),
        );
        writes.push(audit::append(&AuditEntry {
            at: now,
            actor: a.login.clone(),
            role: a.role,
            action: action.kind().into(),
            ticket: Some(record.number.clone()),
            from: actor.from.to_owned(),
            detail: match change {
                Some((from, to)) => format!("{} → {}", from.code(), to.code()),
                None => String::new(),
            },
        }));
        match self.store.transact(writes).await {
            Ok(()) => {}
            // Someone else changed it between our read and write.
            Err(StoreError::ConditionFailed { index: 0 }) => {
                return Err(TicketError::VersionConflict);
            }
            Err(e) => return Err(e.into()),
        }
        tracing::info!(ticket = %record.number, action = action.kind().code(), login = %a.login, status = record.status.code(), "staff action");
        publish_all(self.store.as_ref(), self.bus.as_ref(), &events).await;
        self.staff_view_of(&record, item.version + 1).await
    }
}

#[cfg(test)]
mod tests {
    use super::super::sample_ticket;
    use super::*;
    use helpdesk_shared::auth::Department;
    use helpdesk_shared::validate::Message;

    fn account(login: &str, role: Role, department: Option<Department>) -> StaffAccount {
        StaffAccount {
            login: login.into(),
            name: login.into(),
            role,
            department,
            password_hash: String::new(),
            disabled: false,
            created_at: OffsetDateTime::UNIX_EPOCH,
            email: None,
        }
    }

    fn text() -> Message {
        Message::parse("Проверили, всё в порядке").expect("message")
    }

    fn now() -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + Duration::days(1)
    }

    fn refused(r: Result<Decision, TicketError>) -> Refusal {
        match r {
            Err(TicketError::Refused(why)) => why,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn taking_or_replying_to_a_received_request_puts_it_to_work() {
        let op = account("olga", Role::Operator, None);
        let t = sample_ticket();
        let d = decide(&op, &t, &CheckedAction::Take, None, now()).expect("take");
        assert_eq!(d.record.assignee.as_deref(), Some("olga"));
        assert_eq!(d.change, Some((Status::Received, Status::InProgress)));
        assert_eq!(
            d.kinds,
            [EventKind::StatusChanged {
                from: Status::Received,
                to: Status::InProgress
            }]
        );
        let d =
            decide(&op, &t, &CheckedAction::Reply { text: text() }, None, now()).expect("reply");
        assert_eq!(d.kinds[0], EventKind::StaffReplied);
        assert_eq!(d.record.status, Status::InProgress);
        // In work already: a reply changes no status.
        let working = TicketRecord {
            status: Status::InProgress,
            ..t
        };
        let d = decide(
            &op,
            &working,
            &CheckedAction::Reply { text: text() },
            None,
            now(),
        )
        .expect("reply");
        assert_eq!(d.change, None);
        assert_eq!(d.kinds, [EventKind::StaffReplied]);
    }

    #[test]
    fn asking_for_information_sets_the_citizens_due_date() {
        let op = account("olga", Role::Operator, None);
        let d = decide(
            &op,
            &sample_ticket(),
            &CheckedAction::AskInfo {
                text: text(),
                days: 5,
            },
            None,
            now(),
        )
        .expect("ask");
        assert_eq!(d.record.status, Status::AwaitingCitizen);
        assert!(
            matches!(&d.steps[0], TimelineEvent::InfoRequested { due, .. } if *due == now() + Duration::days(5))
        );
    }

    #[test]
    fn escalation_hands_the_request_to_a_department_with_a_new_clock() {
        let op = account("olga", Role::Operator, None);
        let t = TicketRecord {
            assignee: Some("olga".into()),
            ..sample_ticket()
        };
        let action = CheckedAction::Escalate {
            department: Department::Legal,
            reason: text(),
        };
        let d = decide(&op, &t, &action, None, now()).expect("escalate");
        assert_eq!(
            (d.record.level, d.record.department),
            (Level::Specialist, Some(Department::Legal))
        );
        assert_eq!(d.record.assignee, None);
        assert_eq!(
            d.record.expected_by,
            now() + Duration::hours(t.category.default_answer_hours().into())
        );
        assert_eq!(d.kinds, [EventKind::Escalated]);
        // Once there, operators may no longer act, and the same department is refused.
        assert_eq!(
            refused(decide(&op, &d.record, &CheckedAction::Take, None, now())),
            Refusal::NotYours
        );
        let boss = account("marina", Role::Supervisor, None);
        assert_eq!(
            refused(decide(&boss, &d.record, &action, None, now())),
            Refusal::SameDepartment
        );
    }

    #[test]
    fn roles_closed_requests_and_the_status_machine_refuse() {
        let admin = account("andrey", Role::Admin, None);
        assert_eq!(
            refused(decide(
                &admin,
                &sample_ticket(),
                &CheckedAction::Take,
                None,
                now()
            )),
            Refusal::NotYours
        );
        let op = account("olga", Role::Operator, None);
        let closed = TicketRecord {
            status: Status::Resolved,
            ..sample_ticket()
        };
        assert_eq!(
            refused(decide(
                &op,
                &closed,
                &CheckedAction::Note { text: text() },
                None,
                now()
            )),
            Refusal::Closed
        );
        let spec = account("sergey", Role::Specialist, Some(Department::Technical));
        let elsewhere = TicketRecord {
            level: Level::Specialist,
            department: Some(Department::Legal),
            ..sample_ticket()
        };
        assert_eq!(
            refused(decide(&spec, &elsewhere, &CheckedAction::Take, None, now())),
            Refusal::NotYours
        );
        let waiting = TicketRecord {
            status: Status::AwaitingCitizen,
            ..sample_ticket()
        };
        let again = CheckedAction::AskInfo {
            text: text(),
            days: 3,
        };
        assert_eq!(
            refused(decide(&op, &waiting, &again, None, now())),
            Refusal::Transition {
                from: Status::AwaitingCitizen,
                to: Status::AwaitingCitizen
            }
        );
    }

    #[test]
    fn only_people_who_fit_the_level_can_be_assigned() {
        let boss = account("marina", Role::Supervisor, None);
        let assign = CheckedAction::Assign { login: "x".into() };
        let t = sample_ticket();
        let op = account("olga", Role::Operator, None);
        let d = decide(&boss, &t, &assign, Some(&op), now()).expect("assign");
        assert_eq!(d.record.assignee.as_deref(), Some("olga"));
        assert_eq!(d.change, None, "assigning changes no status");
        for wrong in [
            None,
            Some(account(
                "sergey",
                Role::Specialist,
                Some(Department::Technical),
            )),
            Some(StaffAccount {
                disabled: true,
                ..op.clone()
            }),
            Some(account("andrey", Role::Admin, None)),
        ] {
            let r = decide(&boss, &t, &assign, wrong.as_ref(), now());
            assert!(
                matches!(r, Err(TicketError::Validation(ref e)) if e[0].code == FieldCode::StaffUnknown),
                "{wrong:?}"
            );
        }
    }
}

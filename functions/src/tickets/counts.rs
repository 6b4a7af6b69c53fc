//! How many open requests there are, per status, category, level and assignee: counters
//! kept in the same transaction as every change of a ticket (`Write::Add`, DynamoDB's
//! atomic `ADD`), so reading the counts is one query of a few small items, never a pass
//! over the queue, however many requests are open.
//!
//! Two scopes: every open request (`STATS#all`, what operators and supervisors see) and
//! a department's level-3 ones (`STATS#DEPT#<code>`, a specialist's view, the same set as
//! GSI2 `DEPT#`). Each scope is spread over `SHARDS` items, one picked at random per
//! change, so concurrent changes rarely touch the same item (a DynamoDB transaction that
//! meets another on one item is cancelled and retried). A change that moves nothing
//! counted (a note, a reply to a request already in work) writes no counter.
//!
//! "Overdue" depends on the clock, not on a change, so it is counted from the queue's
//! index (the due-time range up to now), up to `OVERDUE_CAP` items and cached per scope
//! for 30 s; more than that shows as "at least".

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use helpdesk_shared::Level;
use helpdesk_shared::auth::{Department, Role};
use helpdesk_shared::workspace::QueueCounts;

use super::{QUEUE_OPEN, TicketError, TicketRecord, Tickets};
use crate::auth::StaffAccount;
use crate::clock::sort_key;
use crate::ids::random_u32;
use crate::store::{Index, KvStore, Query, SkRange, StoreError, Write};

/// Items each scope's counters are spread over.
pub const SHARDS: u32 = 4;
/// Overdue requests counted one by one at most; more reads as "at least this many".
pub const OVERDUE_CAP: usize = 1000;
const OVERDUE_FRESH_FOR: Duration = Duration::from_secs(30);

const ALL: &str = "all";

fn scope_pk(scope: &str) -> String {
    format!("STATS#{scope}")
}

fn department_scope(d: Department) -> String {
    format!("DEPT#{}", d.code())
}

/// The scopes a ticket counts in: none once closed.
fn scopes(t: &TicketRecord) -> Vec<String> {
    if t.status.is_final() {
        return Vec::new();
    }
    let mut scopes = vec![ALL.to_owned()];
    if let (Level::Specialist, Some(d)) = (t.level, t.department) {
        scopes.push(department_scope(d));
    }
    scopes
}

/// The counters an open ticket adds one to.
fn counted(t: &TicketRecord) -> Vec<String> {
    let mut names = vec![
        "open".to_owned(),
        format!("status.{}", t.status.code()),
        format!("category.{}", t.category.code()),
        format!("level.{}", t.level.code()),
    ];
    match &t.assignee {
        None => names.push("unassigned".to_owned()),
        Some(login) => names.push(format!("assignee.{login}")),
    }
    names
}

/// Counter deltas per scope: what `new` counts minus what `old` counted.
fn deltas(
    old: Option<&TicketRecord>,
    new: &TicketRecord,
) -> BTreeMap<String, BTreeMap<String, i64>> {
    let mut by_scope: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    for (t, sign) in [(old, -1), (Some(new), 1)] {
        let Some(t) = t else { continue };
        for scope in scopes(t) {
            let counters = by_scope.entry(scope).or_default();
            for name in counted(t) {
                *counters.entry(name).or_default() += sign;
            }
        }
    }
    for counters in by_scope.values_mut() {
        counters.retain(|_, d| *d != 0);
    }
    by_scope.retain(|_, counters| !counters.is_empty());
    by_scope
}

/// The counter writes that go into the transaction changing `old` into `new` (`None`:
/// a new ticket). Empty when nothing counted changes.
pub fn counter_writes(old: Option<&TicketRecord>, new: &TicketRecord) -> Vec<Write> {
    deltas(old, new)
        .into_iter()
        .map(|(scope, counters)| Write::Add {
            pk: scope_pk(&scope),
            sk: format!("S#{}", random_u32() % SHARDS),
            counts: counters.into_iter().collect(),
        })
        .collect()
}

/// A scope's counters, summed over its shards.
async fn read_scope(store: &dyn KvStore, scope: &str) -> Result<HashMap<String, i64>, StoreError> {
    let mut q = Query::new(Index::Table, scope_pk(scope), SkRange::Prefix("S#".into()));
    q.limit = 100;
    let mut sums: HashMap<String, i64> = HashMap::new();
    loop {
        let page = store.query(q.clone()).await?;
        for item in &page.items {
            let Ok(body) = item
                .body
                .decode::<serde_json::Map<String, serde_json::Value>>()
            else {
                return Err(StoreError::Corrupt(format!(
                    "{}/{}: not counters",
                    item.pk, item.sk
                )));
            };
            for (name, v) in body {
                *sums.entry(name).or_default() += v.as_i64().unwrap_or_default();
            }
        }
        match page.cursor {
            Some(c) => q.cursor = Some(c),
            None => break,
        }
    }
    Ok(sums)
}

/// When counted, how many are overdue, and whether there are more.
type Overdue = (Instant, u32, bool);

#[derive(Default)]
pub struct OverdueCache {
    by_scope: Mutex<HashMap<String, Overdue>>,
}

fn as_count(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

impl Tickets {
    /// Open requests the viewer can see, counted per status, category, level, overdue,
    /// unassigned and the viewer's own. Specialists count their department's.
    pub async fn queue_counts(&self, viewer: &StaffAccount) -> Result<QueueCounts, TicketError> {
        let dept = match viewer.role {
            Role::Specialist => viewer.department,
            _ => None,
        };
        let scope = dept.map(department_scope).unwrap_or_else(|| ALL.to_owned());
        let sums = read_scope(self.store.as_ref(), &scope).await?;
        let mut counts = QueueCounts::default();
        for (name, v) in &sums {
            let n = as_count(*v);
            if *v < 0 {
                tracing::warn!(scope = %scope, counter = %name, value = v, "queue counter below zero: run `helpdesk-admin recount`");
            }
            match name.split_once('.') {
                None if name == "open" => counts.open = n,
                None if name == "unassigned" => counts.unassigned = n,
                Some(("status", code)) => {
                    counts.by_status.insert(code.to_owned(), n);
                }
                Some(("category", code)) => {
                    counts.by_category.insert(code.to_owned(), n);
                }
                Some(("level", code)) => {
                    counts.by_level.insert(code.to_owned(), n);
                }
                Some(("assignee", login)) if login == viewer.login => counts.mine = n,
                _ => {}
            }
        }
        for map in [
            &mut counts.by_status,
            &mut counts.by_category,
            &mut counts.by_level,
        ] {
            map.retain(|_, n| *n > 0);
        }
        (counts.overdue, counts.overdue_more) = self.overdue(&scope, dept).await?;
        Ok(counts)
    }

    async fn overdue(
        &self,
        scope: &str,
        dept: Option<Department>,
    ) -> Result<(u32, bool), TicketError> {
        if let Some((at, n, more)) = self
            .overdue
            .by_scope
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(scope)
            && at.elapsed() < OVERDUE_FRESH_FOR
        {
            return Ok((*n, *more));
        }
        let (index, pk) = match dept {
            Some(d) => (Index::Gsi2, format!("DEPT#{}", d.code())),
            None => (Index::Gsi1, QUEUE_OPEN.to_owned()),
        };
        let mut q = Query::new(
            index,
            pk,
            SkRange::Between(String::new(), sort_key(self.clock.now())),
        );
        q.limit = OVERDUE_CAP;
        let page = self.store.query(q).await?;
        let found = (as_count(page.items.len() as i64), page.cursor.is_some());
        self.overdue
            .by_scope
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(scope.to_owned(), (Instant::now(), found.0, found.1));
        Ok(found)
    }
}

/// Recounts only when no counter exists yet (data written before the counters): every
/// change since writes its counters in its own transaction, so counters that exist are
/// right. The local server calls this at start-up; it costs one small query.
pub async fn count_if_uncounted(store: &dyn KvStore) -> Result<(), TicketError> {
    if read_scope(store, ALL).await?.is_empty() {
        recount(store).await?;
    }
    Ok(())
}

/// Counts every open request again and corrects the counters to match: after
/// restoring a table from a point in time in AWS, or on data written before the
/// counters existed. Reads the whole open queue, so it belongs in a quiet moment
/// (`helpdesk-admin recount`). Returns how many open requests there are and how many
/// counters were off.
pub async fn recount(store: &dyn KvStore) -> Result<(u32, usize), TicketError> {
    let mut truth: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut q = Query::new(Index::Gsi1, QUEUE_OPEN, SkRange::All);
    q.limit = 500;
    let mut open = 0;
    loop {
        let page = store.query(q.clone()).await?;
        for item in &page.items {
            let t: TicketRecord = item.decode()?;
            open += 1;
            for (scope, counters) in deltas(None, &t) {
                let sums = truth.entry(scope).or_default();
                for (name, d) in counters {
                    *sums.entry(name).or_default() += d;
                }
            }
        }
        match page.cursor {
            Some(c) => q.cursor = Some(c),
            None => break,
        }
    }
    let mut off = 0;
    let all_scopes = std::iter::once(ALL.to_owned()).chain(Department::ALL.map(department_scope));
    for scope in all_scopes {
        let stored = read_scope(store, &scope).await?;
        let want = truth.remove(&scope).unwrap_or_default();
        let mut fix: Vec<(String, i64)> = want
            .iter()
            .map(|(name, n)| (name.clone(), n - stored.get(name).copied().unwrap_or(0)))
            .chain(
                stored
                    .iter()
                    .filter(|(name, _)| !want.contains_key(*name))
                    .map(|(name, n)| (name.clone(), -n)),
            )
            .filter(|(_, d)| *d != 0)
            .collect();
        if fix.is_empty() {
            continue;
        }
        off += fix.len();
        fix.sort();
        for chunk in fix.chunks(50) {
            store
                .transact(vec![Write::Add {
                    pk: scope_pk(&scope),
                    sk: "S#0".into(),
                    counts: chunk.to_vec(),
                }])
                .await?;
        }
    }
    if off > 0 {
        tracing::warn!(
            open,
            counters = off,
            "queue counters corrected by a recount"
        );
    } else {
        tracing::info!(open, "queue counters checked: all correct");
    }
    Ok((open, off))
}

#[cfg(test)]
mod tests {
    use super::*;
    use helpdesk_shared::Status;

    fn ticket() -> TicketRecord {
        super::super::sample_ticket()
    }

    fn flat(d: BTreeMap<String, BTreeMap<String, i64>>) -> Vec<(String, String, i64)> {
        d.into_iter()
            .flat_map(|(s, c)| c.into_iter().map(move |(n, v)| (s.clone(), n, v)))
            .collect()
    }

    fn row(s: &str, n: &str, v: i64) -> (String, String, i64) {
        (s.into(), n.into(), v)
    }

    #[test]
    fn a_new_request_counts_once_in_every_bucket() {
        assert_eq!(
            flat(deltas(None, &ticket())),
            [
                row("all", "category.payments", 1),
                row("all", "level.operator", 1),
                row("all", "open", 1),
                row("all", "status.received", 1),
                row("all", "unassigned", 1),
            ]
        );
    }

    #[test]
    fn changes_move_only_what_changed() {
        let old = ticket();
        let mut taken = old.clone();
        taken.assignee = Some("operator".into());
        taken.status = Status::InProgress;
        assert_eq!(
            flat(deltas(Some(&old), &taken)),
            [
                row("all", "assignee.operator", 1),
                row("all", "status.in_progress", 1),
                row("all", "status.received", -1),
                row("all", "unassigned", -1),
            ]
        );
        // A note changes nothing counted: no counter write at all.
        assert!(counter_writes(Some(&taken), &taken).is_empty());

        let mut escalated = taken.clone();
        escalated.level = Level::Specialist;
        escalated.department = Some(Department::Legal);
        escalated.assignee = None;
        let d = flat(deltas(Some(&taken), &escalated));
        assert!(d.contains(&row("all", "level.specialist", 1)), "{d:?}");
        assert!(d.contains(&row("all", "level.operator", -1)), "{d:?}");
        assert!(d.contains(&row("DEPT#legal", "open", 1)), "{d:?}");
        assert!(d.contains(&row("DEPT#legal", "unassigned", 1)), "{d:?}");

        // Closing takes it out of every scope it was in.
        let mut resolved = escalated.clone();
        resolved.status = Status::Resolved;
        let d = flat(deltas(Some(&escalated), &resolved));
        assert!(d.iter().all(|(_, _, v)| *v == -1), "{d:?}");
        assert!(d.contains(&row("DEPT#legal", "open", -1)), "{d:?}");
        assert!(d.contains(&row("all", "open", -1)), "{d:?}");
    }
}

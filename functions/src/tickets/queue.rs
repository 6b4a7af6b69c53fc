//! The work queue: open requests soonest due first, one index query per page.
//!
//! The partition follows the filter that narrows most: a department's requests (GSI2
//! `DEPT#`, where specialists always look), an assignee's (GSI2 `ASG#`), closed ones
//! (GSI1 `Q#CLOSED`, newest first), otherwise every open one (GSI1 `Q#OPEN`). "Overdue"
//! is a key range (due before now). Status, category, level and the rest are filters on
//! the page, as a DynamoDB FilterExpression would be: pages are read with the limit set
//! to what is still missing, so a page never reads past what it returns and its cursor
//! is exact; a page stops after `MAX_EXAMINED` items so a rare filter cannot make one
//! call read everything.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use helpdesk_shared::auth::{Department, Role};
use helpdesk_shared::workspace::{QueueCounts, QueueItem, QueuePage};
use helpdesk_shared::{Category, Level, Status, TicketNumber};
use time::OffsetDateTime;

use super::staff::can_see;
use super::{QUEUE_CLOSED, QUEUE_OPEN, TicketError, TicketRecord, Tickets};
use crate::auth::StaffAccount;
use crate::clock::sort_key;
use crate::store::{Index, Query, SkRange};

const MAX_EXAMINED: usize = 1000;
pub const PAGE_MAX: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssigneeFilter {
    Login(String),
    Unassigned,
}

#[derive(Debug, Clone, Default)]
pub struct QueueQuery {
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub level: Option<Level>,
    pub department: Option<Department>,
    pub assignee: Option<AssigneeFilter>,
    pub overdue: bool,
    pub cursor: Option<String>,
    pub limit: usize,
}

impl QueueQuery {
    fn matches(&self, t: &TicketRecord) -> bool {
        self.status.is_none_or(|s| t.status == s)
            && self.category.is_none_or(|c| t.category == c)
            && self.level.is_none_or(|l| t.level == l)
            && self.department.is_none_or(|d| t.department == Some(d))
            && match &self.assignee {
                None => true,
                Some(AssigneeFilter::Unassigned) => t.assignee.is_none(),
                Some(AssigneeFilter::Login(l)) => t.assignee.as_deref() == Some(l),
            }
    }
}

pub fn queue_item(t: &TicketRecord, now: OffsetDateTime) -> QueueItem {
    QueueItem {
        number: TicketNumber::parse(&t.number)
            .map(|n| n.display())
            .unwrap_or_else(|_| t.number.clone()),
        subject: t.subject.clone(),
        category: t.category,
        status: t.status,
        level: t.level,
        department: t.department,
        assignee: t.assignee.clone(),
        created_at: t.created_at,
        expected_by: t.expected_by,
        overdue: !t.status.is_final() && t.expected_by < now,
    }
}

/// Counts per scope (everything, or one department), recomputed at most this often.
const COUNTS_FRESH_FOR: Duration = Duration::from_secs(30);

/// When counted, the counts, and the open requests per assignee (for "mine").
type Counted = (Instant, QueueCounts, HashMap<String, u32>);

#[derive(Default)]
pub struct CountsCache {
    by_scope: Mutex<HashMap<String, Counted>>,
}

impl Tickets {
    /// One page of the queue as `viewer` may see it. Specialists see their department
    /// only, whatever they ask for.
    pub async fn queue(
        &self,
        viewer: &StaffAccount,
        mut q: QueueQuery,
    ) -> Result<QueuePage, TicketError> {
        if viewer.role == Role::Specialist {
            q.department = viewer.department;
            q.level = Some(Level::Specialist);
        }
        let now = self.clock.now();
        let wants_closed = q.status.is_some_and(Status::is_final);
        let (index, pk) = match (&q.department, &q.assignee) {
            _ if wants_closed => (Index::Gsi1, QUEUE_CLOSED.to_owned()),
            (Some(d), _) => (Index::Gsi2, format!("DEPT#{}", d.code())),
            (None, Some(AssigneeFilter::Login(l))) if q.level != Some(Level::Specialist) => {
                (Index::Gsi2, format!("ASG#{l}"))
            }
            _ => (Index::Gsi1, QUEUE_OPEN.to_owned()),
        };
        let range = if q.overdue && !wants_closed {
            SkRange::Between(String::new(), sort_key(now))
        } else {
            SkRange::All
        };
        let want = q.limit.clamp(1, PAGE_MAX);
        let mut store_q = Query::new(index, pk, range);
        store_q.forward = !wants_closed;
        store_q.cursor = q.cursor.clone();
        let mut items = Vec::new();
        let mut examined = 0;
        let cursor = loop {
            store_q.limit = want - items.len();
            let page = self.store.query(store_q.clone()).await?;
            examined += page.items.len();
            for item in &page.items {
                let t: TicketRecord = item.decode()?;
                if q.matches(&t) && can_see(viewer, &t) {
                    items.push(queue_item(&t, now));
                }
            }
            match page.cursor {
                Some(c) if items.len() < want && examined < MAX_EXAMINED => {
                    store_q.cursor = Some(c)
                }
                other => break other,
            }
        };
        Ok(QueuePage { items, cursor })
    }

    /// Open requests the viewer can see, counted per status, category, level, overdue,
    /// unassigned and the viewer's own. Recomputed at most every 30 s per scope.
    pub async fn queue_counts(&self, viewer: &StaffAccount) -> Result<QueueCounts, TicketError> {
        let dept = match viewer.role {
            Role::Specialist => viewer.department,
            _ => None,
        };
        let scope = dept.map(|d| d.code()).unwrap_or("all").to_owned();
        if let Some((at, counts, by_assignee)) = self
            .counts
            .by_scope
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&scope)
            && at.elapsed() < COUNTS_FRESH_FOR
        {
            return Ok(with_mine(counts.clone(), by_assignee, &viewer.login));
        }
        let (index, pk) = match dept {
            Some(d) => (Index::Gsi2, format!("DEPT#{}", d.code())),
            None => (Index::Gsi1, QUEUE_OPEN.to_owned()),
        };
        let now = self.clock.now();
        let mut q = Query::new(index, pk, SkRange::All);
        q.limit = 500;
        let mut counts = QueueCounts::default();
        let mut by_assignee: HashMap<String, u32> = HashMap::new();
        loop {
            let page = self.store.query(q.clone()).await?;
            for item in &page.items {
                let t: TicketRecord = item.decode()?;
                counts.open += 1;
                if t.expected_by < now {
                    counts.overdue += 1;
                }
                match &t.assignee {
                    None => counts.unassigned += 1,
                    Some(l) => *by_assignee.entry(l.clone()).or_default() += 1,
                }
                *counts
                    .by_status
                    .entry(t.status.code().to_owned())
                    .or_default() += 1;
                *counts
                    .by_category
                    .entry(t.category.code().to_owned())
                    .or_default() += 1;
                *counts
                    .by_level
                    .entry(level_code(t.level).to_owned())
                    .or_default() += 1;
            }
            match page.cursor {
                Some(c) => q.cursor = Some(c),
                None => break,
            }
        }
        self.counts
            .by_scope
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(scope, (Instant::now(), counts.clone(), by_assignee.clone()));
        Ok(with_mine(counts, &by_assignee, &viewer.login))
    }
}

fn with_mine(
    mut counts: QueueCounts,
    by_assignee: &HashMap<String, u32>,
    login: &str,
) -> QueueCounts {
    counts.mine = by_assignee.get(login).copied().unwrap_or(0);
    counts
}

pub fn level_code(level: Level) -> &'static str {
    match level {
        Level::Bot => "bot",
        Level::Operator => "operator",
        Level::Specialist => "specialist",
    }
}

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

use helpdesk_shared::auth::Role;
use helpdesk_shared::calendar::Calendar;
use helpdesk_shared::queue::{AssigneeFilter, QueueFilter, QueuePageRequest};
use helpdesk_shared::workspace::{QueueItem, QueuePage};
use helpdesk_shared::{Level, Status, TicketNumber};
use time::OffsetDateTime;

use super::staff::can_see;
use super::{QUEUE_CLOSED, QUEUE_OPEN, TicketError, TicketRecord, Tickets};
use crate::auth::StaffAccount;
use crate::clock::sort_key;
use crate::store::{Index, Query, SkRange};

const MAX_EXAMINED: usize = 1000;
pub const PAGE_MAX: usize = 100;

/// Whether a request passes the filter (the partition chosen already narrowed it).
fn matches(f: &QueueFilter, t: &TicketRecord) -> bool {
    f.status.is_none_or(|s| t.status == s)
        && f.category.is_none_or(|c| t.category == c)
        && f.level.is_none_or(|l| t.level == l)
        && f.department.is_none_or(|d| t.department == Some(d))
        && match &f.assignee {
            None | Some(AssigneeFilter::Me) => true,
            Some(AssigneeFilter::Unassigned) => t.assignee.is_none(),
            Some(AssigneeFilter::Login(l)) => t.assignee.as_deref() == Some(l),
        }
}

pub fn queue_item(t: &TicketRecord, now: OffsetDateTime, cal: &Calendar) -> QueueItem {
    let due = t.expected_by;
    let due_in_minutes = (!t.status.is_final() && !t.paused()).then(|| {
        if due >= now {
            i64::from(cal.working_between(now, due))
        } else {
            -i64::from(cal.working_between(due, now))
        }
    });
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
        overdue: !t.status.is_final() && !t.paused() && (due < now || t.repeat_open),
        due_in_minutes,
        repeat: t.repeat_open,
    }
}

impl Tickets {
    /// One page of the queue as `viewer` may see it. Specialists see their department
    /// only, whatever they ask for.
    pub async fn queue(
        &self,
        viewer: &StaffAccount,
        request: QueuePageRequest,
    ) -> Result<QueuePage, TicketError> {
        let mut q = request.filter.clone();
        if q.assignee == Some(AssigneeFilter::Me) {
            q.assignee = Some(AssigneeFilter::Login(viewer.login.clone()));
        }
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
        let want = (request.limit() as usize).clamp(1, PAGE_MAX);
        let mut store_q = Query::new(index, pk, range);
        store_q.forward = !wants_closed;
        store_q.cursor = request.cursor.clone();
        let levels = self.levels.in_force().await?;
        let mut items = Vec::new();
        let mut examined = 0;
        let cursor = loop {
            store_q.limit = want - items.len();
            let page = self.store.query(store_q.clone()).await?;
            examined += page.items.len();
            for item in &page.items {
                let t: TicketRecord = item.decode()?;
                if matches(&q, &t) && can_see(viewer, &t) {
                    items.push(queue_item(&t, now, &levels.calendar));
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
}

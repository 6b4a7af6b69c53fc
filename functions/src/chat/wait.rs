//! A chat waiting for a person longer than the first-reply target (`sla::ChatPolicy`,
//! the seeds' 30 s unless the admins changed it)
//! tells the supervisors on duty, once per wait: the console marks it for whoever has it
//! open; this reaches supervisors who have not. The sweep (the local server's timer, the
//! scheduled function in AWS) reads only the waiting lists' part older than the target
//! (GSI1, oldest first), so its cost follows the chats waiting, not all chats. The alert
//! and the chat's mark (`wait_alerted_for`: the wait it was sent for) are one
//! transaction, so two sweeps at once send it once; a transfer to a department starts a
//! new wait and may be alerted again. How long each chat waited stays on its record
//! (`waiting_since`, `taken_at`, `first_reply_at`) for the reports.

use helpdesk_shared::auth::Department;
use helpdesk_shared::chat::ChatState;
use time::{Duration, OffsetDateTime};

use super::presence::waiting_list;
use super::{ChatError, ChatRecord, Chats};
use crate::clock::sort_key;
use crate::events::{DomainEvent, EventBus, EventKind, pending_item, publish_all};
use crate::store::{Cond, Index, Query, SkRange, Write};

/// Whether `rec` has waited past `target` at `now` without an alert for this wait.
fn overdue(rec: &ChatRecord, now: OffsetDateTime, target: Duration) -> bool {
    rec.state == ChatState::Waiting
        && rec
            .waiting_since
            .is_some_and(|since| now - since >= target && rec.wait_alerted_for != Some(since))
}

impl Chats {
    /// Tells the supervisors on duty of every chat waiting past the target, once per
    /// wait. The number of alerts sent.
    pub async fn alert_waiting(&self, bus: &dyn EventBus) -> Result<usize, ChatError> {
        let now = self.clock.now();
        // The target in force (`sla::ChatPolicy`, 30 s unless the admins changed it).
        let target = self.levels.in_force().await?.chat.first_reply();
        let upto = format!("{}~", sort_key(now - target));
        let lists = std::iter::once(None).chain(Department::ALL.into_iter().map(Some));
        let mut sent = 0;
        for department in lists {
            let range = SkRange::Between(String::new(), upto.clone());
            let mut q = Query::new(Index::Gsi1, waiting_list(department), range);
            q.limit = 200;
            loop {
                let page = self.store.query(q.clone()).await?;
                for item in &page.items {
                    let rec: ChatRecord = item.decode()?;
                    if !overdue(&rec, now, target) {
                        continue;
                    }
                    match self.alert_one(&rec, now, target, bus).await {
                        Ok(true) => sent += 1,
                        Ok(false) => {}
                        // One chat's trouble does not stop the others'.
                        Err(e) => tracing::warn!(chat = %rec.id, error = %e, "wait alert failed"),
                    }
                }
                match page.cursor {
                    Some(c) => q.cursor = Some(c),
                    None => break,
                }
            }
        }
        if sent > 0 {
            tracing::info!(
                chats = sent,
                "chats waiting past the first-reply target: supervisors told"
            );
        }
        Ok(sent)
    }

    async fn alert_one(
        &self,
        rec: &ChatRecord,
        now: OffsetDateTime,
        target: Duration,
        bus: &dyn EventBus,
    ) -> Result<bool, ChatError> {
        let Some(since) = rec.waiting_since else {
            return Ok(false);
        };
        let event = DomainEvent {
            id: crate::ids::event_id(now),
            at: now,
            ticket: String::new(),
            kind: EventKind::ChatWaiting {
                chat: rec.id.clone(),
                department: rec.department,
                since,
            },
        };
        let mut still = true;
        let changed = self
            .change_with(
                &rec.id,
                vec![Write::put(pending_item(&event), Cond::Absent)],
                |fresh, _| {
                    // Taken, transferred or alerted meanwhile: nothing to send.
                    still = overdue(fresh, now, target) && fresh.waiting_since == Some(since);
                    if !still {
                        return Err(ChatError::Busy);
                    }
                    fresh.wait_alerted_for = Some(since);
                    Ok(())
                },
            )
            .await;
        match changed {
            Ok(_) => {}
            Err(ChatError::Busy) if !still => return Ok(false),
            Err(e) => return Err(e),
        }
        publish_all(self.store.as_ref(), bus, std::slice::from_ref(&event)).await;
        Ok(true)
    }
}

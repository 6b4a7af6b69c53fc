//! Silence ends a chat: ten minutes without a word from the citizen, the operator or the
//! bot, a warning in the chat; five more, the end (by `System`), then the rating and the
//! transcript as after any end. A chat in the waiting list is never ended for silence:
//! there the citizen is waiting for us.
//!
//! Open chats are listed as `CHATLIVE#<first hex digit of the id>` / id items (sixteen
//! partitions, so no single DynamoDB partition takes every chat), written when a chat
//! starts and deleted in the change that ends it; the sweep (every minute: the local
//! server's timer, the scheduled `sweep` function in AWS) reads them and each chat's
//! record. Every step is a version-conditioned change that looks at the fresh record,
//! so a message that arrives meanwhile wins over the sweep.

use helpdesk_shared::chat::{ChatEvent, ChatState, Speaker};
use time::{Duration, OffsetDateTime};

use super::{ChatError, ChatRecord, Chats};
use crate::store::{Cond, Index, Item, Query, SkRange, Write};

/// Silence before the warning.
pub const WARN_AFTER: Duration = Duration::minutes(10);
/// The warning's notice: the chat ends this long after it, 15 minutes of silence in all.
pub const END_AFTER_WARNING: Duration = Duration::minutes(5);
/// A live item outlives any chat by far; if a sweep never came, it goes by itself.
const LIVE_FOR: Duration = Duration::days(2);

fn live_pk(id: &str) -> String {
    format!("CHATLIVE#{}", id.chars().next().unwrap_or('0'))
}

/// The item that lists an open chat for the sweep.
pub(super) fn live_item(id: &str, now: OffsetDateTime) -> Item {
    let mut item = Item::new(live_pk(id), id, serde_json::json!({}));
    item.expires_at = Some((now + LIVE_FOR).unix_timestamp());
    item
}

/// Its removal, in the change that ends the chat.
pub(super) fn live_delete(id: &str) -> Write {
    Write::Delete {
        pk: live_pk(id),
        sk: id.to_owned(),
        cond: Cond::Always,
    }
}

/// What silence calls for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    Nothing,
    Warn,
    End,
}

/// The step `rec` is due for at `now`.
pub fn due(rec: &ChatRecord, now: OffsetDateTime) -> Idle {
    if matches!(rec.state, ChatState::Waiting | ChatState::Ended) {
        return Idle::Nothing;
    }
    let silent = now - rec.active_at.unwrap_or(rec.created_at);
    match rec.warned_at {
        None if silent >= WARN_AFTER => Idle::Warn,
        Some(warned)
            if now - warned >= END_AFTER_WARNING && silent >= WARN_AFTER + END_AFTER_WARNING =>
        {
            Idle::End
        }
        _ => Idle::Nothing,
    }
}

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub warned: usize,
    pub ended: usize,
}

impl Chats {
    /// Warns the chats silent for ten minutes and ends those warned five minutes ago.
    pub async fn sweep_idle(&self) -> Result<Swept, ChatError> {
        let mut swept = Swept::default();
        for shard in "0123456789abcdef".chars() {
            let mut q = Query::new(Index::Table, format!("CHATLIVE#{shard}"), SkRange::All);
            q.limit = 200;
            loop {
                let page = self.store.query(q.clone()).await?;
                for item in &page.items {
                    match self.idle_step(&item.sk).await {
                        Ok(Idle::Warn) => swept.warned += 1,
                        Ok(Idle::End) => swept.ended += 1,
                        Ok(Idle::Nothing) => {}
                        Err(ChatError::NotFound) => {
                            self.store.transact(vec![live_delete(&item.sk)]).await?;
                        }
                        // One chat's trouble does not stop the others'.
                        Err(e) => tracing::warn!(chat = %item.sk, error = %e, "idle check failed"),
                    }
                }
                match page.cursor {
                    Some(c) => q.cursor = Some(c),
                    None => break,
                }
            }
        }
        if swept != Swept::default() {
            tracing::info!(
                warned = swept.warned,
                ended = swept.ended,
                "idle chats swept"
            );
        }
        Ok(swept)
    }

    async fn idle_step(&self, id: &str) -> Result<Idle, ChatError> {
        let (_, rec) = self.load(id).await?;
        if rec.state == ChatState::Ended {
            // Ended before the live items existed, or its delete was lost: not live.
            self.store.transact(vec![live_delete(id)]).await?;
            return Ok(Idle::Nothing);
        }
        if due(&rec, self.clock.now()) == Idle::Nothing {
            return Ok(Idle::Nothing);
        }
        let mut done = Idle::Nothing;
        self.change(id, |rec, out| {
            done = due(rec, out.now);
            match done {
                Idle::Nothing => {}
                Idle::Warn => {
                    rec.warned_at = Some(out.now);
                    out.system(ChatEvent::IdleWarning);
                }
                Idle::End => {
                    rec.state = ChatState::Ended;
                    rec.ended_at = Some(out.now);
                    out.system(ChatEvent::Ended {
                        by: Speaker::System,
                    });
                }
            }
            Ok(())
        })
        .await?;
        if done == Idle::End {
            tracing::info!(chat = %id, "chat ended after 15 minutes of silence");
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::ManualClock;
    use crate::store::KvStore;
    use helpdesk_shared::Lang;

    #[tokio::test]
    async fn over_redb_silence_warns_then_ends_and_a_word_starts_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = crate::store::RedbStore::open(&dir.path().join("db")).expect("store");
        silence_warns_at_ten_minutes_and_ends_at_fifteen_and_a_word_starts_over(Arc::new(store))
            .await;
    }

    #[cfg(feature = "aws")]
    #[tokio::test]
    async fn over_dynamodb_silence_warns_then_ends_and_a_word_starts_over() {
        let store = crate::cloud::test_support::fresh_table().await;
        silence_warns_at_ten_minutes_and_ends_at_fifteen_and_a_word_starts_over(Arc::new(store))
            .await;
    }

    async fn silence_warns_at_ten_minutes_and_ends_at_fifteen_and_a_word_starts_over(
        store: Arc<dyn KvStore>,
    ) {
        let clock = Arc::new(ManualClock::new(
            time::macros::datetime!(2026-12-07 09:00 UTC),
        ));
        let faq = Arc::new(crate::faq::Faq::new(store.clone()));
        let chats = Chats::new(store.clone(), clock.clone(), faq, None);
        let (_, view) = chats.start(Lang::Ru, None).await.expect("start");
        let id = view.id;
        let minutes = |n| clock.advance(Duration::minutes(n));

        minutes(9);
        assert_eq!(chats.sweep_idle().await.expect("sweep"), Swept::default());
        minutes(1);
        assert_eq!(chats.sweep_idle().await.expect("sweep").warned, 1);
        assert_eq!(
            chats.sweep_idle().await.expect("sweep"),
            Swept::default(),
            "warned once"
        );
        // A word from the citizen: the clock starts over.
        minutes(3);
        let rec = chats.load(&id).await.expect("load").1;
        chats.say(&rec, "Ещё вопрос", None).await.expect("say");
        minutes(9);
        assert_eq!(chats.sweep_idle().await.expect("sweep"), Swept::default());
        minutes(1);
        assert_eq!(chats.sweep_idle().await.expect("sweep").warned, 1);
        minutes(4);
        assert_eq!(chats.sweep_idle().await.expect("sweep"), Swept::default());
        minutes(1);
        assert_eq!(chats.sweep_idle().await.expect("sweep").ended, 1);

        let rec = chats.load(&id).await.expect("load").1;
        assert_eq!(rec.state, ChatState::Ended);
        let last = chats.read(&rec, rec.last_seq - 1).await.expect("read");
        assert_eq!(
            last.messages[0].event,
            Some(ChatEvent::Ended {
                by: Speaker::System
            })
        );
        let live = store
            .query(Query::new(Index::Table, live_pk(&id), SkRange::All))
            .await
            .expect("query");
        assert!(live.items.is_empty(), "no longer listed");
    }

    #[test]
    fn a_waiting_chat_is_never_ended_for_silence() {
        let at = time::macros::datetime!(2026-12-07 09:00 UTC);
        let mut rec: ChatRecord = serde_json::from_value(serde_json::json!({
            "id": "abc", "key_hash": "", "lang": "ru", "state": "waiting", "last_seq": 3,
            "created_at": "2026-12-07T09:00:00Z"
        }))
        .expect("record");
        assert_eq!(due(&rec, at + Duration::hours(2)), Idle::Nothing);
        rec.state = ChatState::Operator;
        assert_eq!(due(&rec, at + Duration::minutes(10)), Idle::Warn);
        rec.warned_at = Some(at + Duration::minutes(10));
        assert_eq!(due(&rec, at + Duration::minutes(14)), Idle::Nothing);
        assert_eq!(due(&rec, at + Duration::minutes(15)), Idle::End);
    }
}

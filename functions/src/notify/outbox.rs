//! The local stand-in for SMS and e-mail: messages land in the outbox (`OUTBOX`, a week)
//! that the development page shows.

use std::sync::Arc;

use async_trait::async_trait;
use helpdesk_shared::api::OutboxMessage;

use super::{SendError, Sender, recipient_key};
use crate::clock::sort_key;
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError};

const OUTBOX: &str = "OUTBOX";

/// The local stand-in for SMS and e-mail: messages land in the outbox that the
/// development page shows.
pub struct OutboxSender {
    store: Arc<dyn KvStore>,
}

impl OutboxSender {
    pub fn new(store: Arc<dyn KvStore>) -> OutboxSender {
        OutboxSender { store }
    }
}

#[async_trait]
impl Sender for OutboxSender {
    async fn send(&self, msg: &OutboxMessage) -> Result<(), SendError> {
        self.send_tracked(msg).await.map(|_| ())
    }

    /// The outbox item's key stands for a provider's message id, so delivery reports
    /// can be tried locally too.
    async fn send_tracked(&self, msg: &OutboxMessage) -> Result<Option<String>, SendError> {
        let sk = format!(
            "{}#{}#{}",
            sort_key(msg.at),
            msg.event_id,
            recipient_key(msg)
        );
        let mut item = Item::new(OUTBOX, sk.clone(), crate::store::body(msg));
        item.expires_at = Some(msg.at.unix_timestamp() + 7 * 86_400);
        match self.store.put(item, Cond::Absent).await {
            Ok(()) | Err(StoreError::ConditionFailed { .. }) => Ok(Some(format!("outbox-{sk}"))),
            Err(e) => Err(e.into()),
        }
    }
}

/// The newest outbox messages first.
pub async fn outbox(store: &dyn KvStore, limit: usize) -> Result<Vec<OutboxMessage>, StoreError> {
    let mut q = Query::new(Index::Table, OUTBOX, SkRange::All);
    q.forward = false;
    q.limit = limit;
    let page = store.query(q).await?;
    page.items.iter().map(|i| i.decode()).collect()
}

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

    /// The message's item, written on its own (a caller that logs the message commits
    /// the item with its log line instead: `as_write`).
    async fn send_tracked(&self, msg: &OutboxMessage) -> Result<Option<String>, SendError> {
        let (item, id) = outbox_item(msg);
        self.store.put(item, Cond::Always).await?;
        Ok(Some(id))
    }

    /// Sending is writing the message's item: its callers commit it with the message's
    /// log line.
    fn as_write(&self, msg: &OutboxMessage) -> Option<(Item, String)> {
        Some(outbox_item(msg))
    }
}

/// The outbox item of a message, and the id it stands for (the item's key, as a
/// provider's message id, so delivery reports can be tried locally too). The key holds
/// the event and the recipient, so writing it again writes the same.
fn outbox_item(msg: &OutboxMessage) -> (Item, String) {
    let sk = format!(
        "{}#{}#{}",
        sort_key(msg.at),
        msg.event_id,
        recipient_key(msg)
    );
    let id = format!("outbox-{sk}");
    let mut item = Item::new(OUTBOX, sk, crate::store::body(msg));
    item.expires_at = Some(msg.at.unix_timestamp() + 7 * 86_400);
    (item, id)
}

/// The newest outbox messages first.
pub async fn outbox(store: &dyn KvStore, limit: usize) -> Result<Vec<OutboxMessage>, StoreError> {
    let mut q = Query::new(Index::Table, OUTBOX, SkRange::All);
    q.forward = false;
    q.limit = limit;
    let page = store.query(q).await?;
    page.items.iter().map(|i| i.decode()).collect()
}

//! Handing a message to its channel: push to the browser it names, the rest to the
//! sender — or, for a sender whose sending is a store write (the local outbox), the item
//! handed back to be committed with what goes with it.

use helpdesk_shared::api::OutboxMessage;

use super::{SendError, Sender, feedback, push};
use crate::store::{Cond, Item, KvStore};

/// How `prepare` left a message: sent by its provider (with its id, where it gives one),
/// or to be sent by committing an item (`Sender::as_write`).
pub(crate) enum Dispatch {
    Sent(Option<String>),
    Write(Item, String),
}

/// `dispatch`, except that a message its sender sends by a store write is not written
/// here but handed back, for the caller to commit with what goes with it.
pub(crate) async fn prepare(
    store: &dyn KvStore,
    sender: &dyn Sender,
    msg: &OutboxMessage,
    now: time::OffsetDateTime,
) -> Result<Dispatch, SendError> {
    match msg.channel.as_str() {
        "push" => push::send(store, msg, now)
            .await
            .map(|()| Dispatch::Sent(None)),
        "email" if feedback::bounced(store, &msg.to).await? => Err(SendError::Refused(
            helpdesk_shared::notice::ERROR_BOUNCED.into(),
        )),
        _ => match sender.as_write(msg) {
            Some((item, id)) => Ok(Dispatch::Write(item, id)),
            None => sender.send_tracked(msg).await.map(Dispatch::Sent),
        },
    }
}

/// Sends one citizen's message: push to the browser it names, the rest to `sender`;
/// never e-mail to an address that bounced for good (`feedback`). Returns the
/// provider's id of the message, where it gives one.
pub(crate) async fn dispatch(
    store: &dyn KvStore,
    sender: &dyn Sender,
    msg: &OutboxMessage,
    now: time::OffsetDateTime,
) -> Result<Option<String>, SendError> {
    match prepare(store, sender, msg, now).await? {
        Dispatch::Sent(id) => Ok(id),
        Dispatch::Write(item, id) => {
            // The outbox's key holds the event and the recipient: written again, the same.
            store.put(item, Cond::Always).await?;
            Ok(Some(id))
        }
    }
}

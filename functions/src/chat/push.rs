//! The push port: tells whoever watches a chat (the citizen's page, the operator's
//! console) that something happened. It only notifies; the store is the truth, and a
//! client that missed a frame reads what it missed (`GET …?after=N`).
//!
//! `LocalPush` is the local server's adapter: a broadcast channel per watched chat and
//! one for the operators' waiting list, read by the WebSocket connections of
//! `http::chat_socket`. Frames are sent best effort: a slow watcher that falls behind
//! loses frames and catches up from the store.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use helpdesk_shared::chat::{ChatMessage, ChatState, FRAME_MAX, ServerFrame, Speaker};
use tokio::sync::broadcast;

use super::ChatRecord;
use crate::store::StoreError;

/// The frame, or `Resync` when it would not fit in one socket frame (API Gateway's
/// 32 KB): the client then reads the messages over HTTP.
pub fn fit(frame: ServerFrame) -> ServerFrame {
    let size = serde_json::to_vec(&frame)
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    match frame {
        ServerFrame::Messages { chat, .. } if size > FRAME_MAX => ServerFrame::Resync { chat },
        other => other,
    }
}

#[async_trait]
pub trait ChatPush: Send + Sync {
    /// A frame for everyone watching `chat`.
    async fn to_chat(&self, chat: &str, frame: &ServerFrame);
    /// A frame for every operator's console (the waiting list changed).
    async fn to_consoles(&self, frame: &ServerFrame);
}

/// Frames a watcher may fall behind by before it loses some (and reads the store).
const BACKLOG: usize = 64;

/// In-process channels: one per chat someone watches, one for the consoles.
pub struct LocalPush {
    chats: Mutex<HashMap<String, broadcast::Sender<ServerFrame>>>,
    consoles: broadcast::Sender<ServerFrame>,
}

impl Default for LocalPush {
    fn default() -> Self {
        LocalPush {
            chats: Mutex::new(HashMap::new()),
            consoles: broadcast::channel(BACKLOG).0,
        }
    }
}

impl LocalPush {
    /// Frames for `chat` from now on.
    pub fn watch(&self, chat: &str) -> broadcast::Receiver<ServerFrame> {
        let mut chats = self.chats.lock().unwrap_or_else(|p| p.into_inner());
        // Channels nobody listens to any more are dropped as new watches come.
        chats.retain(|_, tx| tx.receiver_count() > 0);
        chats
            .entry(chat.to_owned())
            .or_insert_with(|| broadcast::channel(BACKLOG).0)
            .subscribe()
    }

    pub fn watch_consoles(&self) -> broadcast::Receiver<ServerFrame> {
        self.consoles.subscribe()
    }

    /// Chats someone watches now.
    pub fn watched(&self) -> usize {
        let chats = self.chats.lock().unwrap_or_else(|p| p.into_inner());
        chats.values().filter(|tx| tx.receiver_count() > 0).count()
    }
}

#[async_trait]
impl ChatPush for LocalPush {
    async fn to_chat(&self, chat: &str, frame: &ServerFrame) {
        let tx = {
            let chats = self.chats.lock().unwrap_or_else(|p| p.into_inner());
            chats.get(chat).cloned()
        };
        if let Some(tx) = tx {
            // No receiver is not an error: nobody is watching.
            let _ = tx.send(fit(frame.clone()));
        }
    }

    async fn to_consoles(&self, frame: &ServerFrame) {
        let _ = self.consoles.send(frame.clone());
    }
}

impl super::Chats {
    /// The event that tells a signed-in citizen's browsers (push) of an operator's
    /// words, when `messages` has some and the citizen has push on somewhere: recorded
    /// with the messages, so a crash after the commit still sends it.
    pub(super) async fn reply_event(
        &self,
        rec: &ChatRecord,
        messages: &[ChatMessage],
    ) -> Result<Option<crate::events::DomainEvent>, StoreError> {
        let Some(citizen) = rec.citizen.as_deref() else {
            return Ok(None);
        };
        let Some(m) = messages.iter().find(|m| m.from == Speaker::Operator) else {
            return Ok(None);
        };
        if !crate::notify::push::citizen_subscribed(self.store.as_ref(), citizen).await? {
            return Ok(None);
        }
        Ok(Some(crate::events::DomainEvent {
            id: crate::ids::event_id(m.at),
            at: m.at,
            ticket: String::new(),
            kind: crate::events::EventKind::ChatReply {
                chat: rec.id.clone(),
            },
        }))
    }

    pub(super) async fn tell(
        &self,
        before: &ChatRecord,
        after: &ChatRecord,
        messages: &[ChatMessage],
    ) {
        let Some(push) = &self.push else { return };
        if !messages.is_empty() {
            let frame = ServerFrame::Messages {
                chat: after.id.clone(),
                state: after.state,
                messages: messages.to_vec(),
            };
            push.to_chat(&after.id, &frame).await;
        }
        let waiting = |r: &ChatRecord| r.state == ChatState::Waiting;
        if waiting(before) != waiting(after) {
            push.to_consoles(&ServerFrame::Queue).await;
        }
    }
}

/// Whether a socket may watch `chat`: its key, the citizen's session, or staff who may
/// see it (the local socket and the cloud's alike).
pub async fn may_watch(
    chats: &super::Chats,
    caller: Option<&crate::auth::Caller>,
    chat: &str,
    key: Option<&str>,
) -> bool {
    use crate::auth::Caller;
    if let Some(key) = key
        && chats.open(chat, &super::Reader::Key(key)).await.is_ok()
    {
        return true;
    }
    match caller {
        Some(Caller::Citizen(c)) => chats.open(chat, &super::Reader::Citizen(c)).await.is_ok(),
        Some(Caller::Staff(a)) => {
            super::CHAT_ROLES.contains(&a.role) && chats.open_staff(a, chat).await.is_ok()
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_frame_reaches_the_watchers_of_its_chat_only() {
        let push = LocalPush::default();
        let mut a = push.watch("a");
        let mut b = push.watch("b");
        push.to_chat("a", &ServerFrame::Pong).await;
        assert_eq!(a.recv().await.expect("frame"), ServerFrame::Pong);
        assert!(b.try_recv().is_err());
        drop(b);
        // A batch too large for one frame becomes "read what you missed".
        let big = helpdesk_shared::chat::ChatMessage {
            text: "я".repeat(20_000),
            ..helpdesk_shared::chat::ChatMessage::new(
                1,
                time::OffsetDateTime::UNIX_EPOCH,
                helpdesk_shared::chat::Speaker::Citizen,
            )
        };
        let frame = ServerFrame::Messages {
            chat: "a".into(),
            state: helpdesk_shared::chat::ChatState::Bot,
            messages: vec![big],
        };
        push.to_chat("a", &frame).await;
        assert_eq!(
            a.recv().await.expect("frame"),
            ServerFrame::Resync { chat: "a".into() }
        );
        // A chat nobody watches any more is forgotten at the next watch.
        let _c = push.watch("c");
        assert_eq!(push.watched(), 2);
    }
}

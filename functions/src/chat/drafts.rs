//! The messages a change drafts, numbered after the chat's last when it commits, and
//! their writes (each `Absent`: two writers never get the same number).

use helpdesk_shared::Lang;
use helpdesk_shared::chat::{ChatEvent, ChatMessage, Speaker};
use time::OffsetDateTime;

use super::bot::{self, Line};
use helpdesk_shared::chat::client_id_ok;
use helpdesk_shared::{FieldCode, FieldError};

use super::{ChatError, ChatRecord, RECENT, message_sk};
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError, Write};

/// Messages a change adds; numbered when it commits.
pub struct Drafts {
    pub(super) now: OffsetDateTime,
    pub(super) lang: Lang,
    pub(super) messages: Vec<ChatMessage>,
}

impl Drafts {
    pub(super) fn add(&mut self, from: Speaker) -> &mut ChatMessage {
        self.messages.push(ChatMessage::new(0, self.now, from));
        self.messages.last_mut().expect("just pushed")
    }

    pub(super) fn bot(&mut self, line: Line) -> &mut ChatMessage {
        let lang = self.lang;
        let m = self.add(Speaker::Bot);
        m.text = bot::line(line, lang).to_owned();
        m
    }

    pub(super) fn system(&mut self, event: ChatEvent) {
        self.add(Speaker::System).event = Some(event);
    }
}

/// Numbers the drafts after the chat's last message and remembers their client ids.
pub(super) fn number(rec: &mut ChatRecord, mut messages: Vec<ChatMessage>) -> Vec<ChatMessage> {
    for m in &mut messages {
        rec.last_seq += 1;
        m.seq = rec.last_seq;
        if let Some(id) = &m.client_id {
            rec.recent.push((id.clone(), m.seq));
        }
        // A word from anyone but the system: the silence starts over.
        if m.from != Speaker::System {
            rec.active_at = Some(m.at);
            rec.warned_at = None;
        }
    }
    let extra = rec.recent.len().saturating_sub(RECENT);
    rec.recent.drain(..extra);
    messages
}

pub(super) fn message_writes(id: &str, messages: &[ChatMessage]) -> Vec<Write> {
    messages
        .iter()
        .map(|m| {
            Write::put(
                Item::of(ChatRecord::pk(id), message_sk(m.seq), m),
                Cond::Absent,
            )
        })
        .collect()
}

/// Up to `limit` messages of chat `id` after number `after`, in order.
pub(super) async fn messages_after(
    store: &dyn KvStore,
    id: &str,
    after: u64,
    limit: usize,
) -> Result<Vec<ChatMessage>, StoreError> {
    let mut q = Query::new(
        Index::Table,
        ChatRecord::pk(id),
        SkRange::Between(
            message_sk(after.saturating_add(1)),
            message_sk(999_999_999_999),
        ),
    );
    q.limit = limit;
    let page = store.query(q).await?;
    page.items.iter().map(Item::decode).collect()
}

/// A client's message id, if it gave one of the right form.
pub(super) fn checked_client_id(id: Option<&str>) -> Result<Option<String>, ChatError> {
    match id {
        None => Ok(None),
        Some(id) if client_id_ok(id) => Ok(Some(id.to_owned())),
        Some(_) => Err(ChatError::Validation(vec![FieldError::new(
            "client_id",
            FieldCode::IdFormat,
        )])),
    }
}

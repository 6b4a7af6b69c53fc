//! The chat: a conversation of numbered messages with the bot, then (handed off) with an
//! operator. Every change is one transaction: the chat's record (its state and the last
//! message number, version-conditioned) and the new messages; then the watchers are
//! told (`push`). The bot's decisions are in `bot`, the operators' side in `staff`.

pub mod bot;
mod citizen;
mod drafts;
mod files;
pub mod idle;
pub mod pdf;
mod presence;
pub mod push;
mod request;
mod staff;
mod transcript;
mod transfer;
pub mod wait;

pub use presence::{online_in, waiting_list};

use std::sync::Arc;

use helpdesk_shared::auth::Contact;
use helpdesk_shared::chat::{
    ChatEvent, ChatMessage, ChatState, ChatView, PAGE_MAX, Said, Speaker, id_ok,
};
use helpdesk_shared::{Category, FieldError, Lang};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::clock::{Clock, sort_key};
use crate::faq::Faq;
use crate::ids::{new_id, same_secret, sha256_hex};
use crate::store::{Cond, Item, KvStore, StoreError, Write};
use bot::Line;
use drafts::{Drafts, checked_client_id, message_writes, messages_after, number};
pub use files::Sender as FileSender;
pub use push::{ChatPush, LocalPush, fit, may_watch};
pub use request::{subject, transcript};
pub use staff::CHAT_ROLES;
pub use transcript::{EMAILS_PER_CHAT, email as transcript_email, messages_of};

/// A chat as stored. The citizen's contact is personal data: never logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatRecord {
    pub id: String,
    /// SHA-256 of the key the citizen's client holds.
    pub key_hash: String,
    pub lang: Lang,
    pub state: ChatState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Category>,
    /// The signed-in citizen's contact (as `Contact::as_str`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_name: Option<String>,
    /// The bot's answers not understood or marked unhelpful.
    #[serde(default)]
    pub misses: u8,
    pub last_seq: u64,
    /// The citizen's first words, for the operators' list.
    #[serde(default)]
    pub first_message: String,
    /// The request whose access code the bot asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked_code_for: Option<String>,
    /// The last client message ids and their numbers (a message sent twice is kept once).
    #[serde(default)]
    pub recent: Vec<(String, u64)>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub waiting_since: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub taken_at: Option<OffsetDateTime>,
    /// The first operator's reply: the seeds promise it within 30 seconds of the hand-off.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub first_reply_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub ended_at: Option<OffsetDateTime>,
    /// The citizen's rating (1–5) and comment, given once after the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_comment: Option<String>,
    /// The request the chat became (its number as shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// The last message of a person or the bot (silence is counted from it).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub active_at: Option<OffsetDateTime>,
    /// When the chat was warned that silence will end it (cleared by the next message).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub warned_at: Option<OffsetDateTime>,
    /// The specialist department (level 3) the chat was transferred to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<helpdesk_shared::auth::Department>,
    /// The colleague's note when the chat was handed over (staff only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handover_note: Option<String>,
    /// How many times the transcript went by e-mail.
    #[serde(default)]
    pub emailed: u8,
    /// The wait (its `waiting_since`) the supervisors were told of (`wait`).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub wait_alerted_for: Option<OffsetDateTime>,
    /// The first hand-off to a person (for the reports; a transfer starts a new wait).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub handed_at: Option<OffsetDateTime>,
    /// Seconds from the first hand-off until an operator took it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_wait: Option<u32>,
    /// Seconds from the first hand-off until the first operator's reply, and whether
    /// that was within the chat's first-reply time then in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_reply: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_in_time: Option<bool>,
}

/// GSI1 partition of every chat not in a waiting list (the recount reads chats there).
pub const CHATS_INDEX: &str = "CHATS";

/// Client message ids remembered per chat.
const RECENT: usize = 20;
/// Tries of a change that lost a race to another change of the same chat.
const TRIES: usize = 8;

impl ChatRecord {
    pub fn pk(id: &str) -> String {
        format!("CHAT#{id}")
    }

    /// The chat's item: GSI1 is the waiting list (the chats' index `CHATS_INDEX` when
    /// not waiting), GSI2 the chats an operator has.
    fn to_item(&self, version: u64) -> Item {
        let mut item = Item::of(Self::pk(&self.id), "META", self);
        item.version = version;
        item.gsi1 = Some((
            CHATS_INDEX.to_owned(),
            format!("{}#{}", sort_key(self.created_at), self.id),
        ));
        match (self.state, self.waiting_since, &self.operator) {
            (ChatState::Waiting, Some(since), _) => {
                item.gsi1 = Some((
                    waiting_list(self.department),
                    format!("{}#{}", sort_key(since), self.id),
                ));
            }
            (ChatState::Operator, _, Some(login)) => {
                let at = self.taken_at.unwrap_or(self.created_at);
                item.gsi2 = Some((
                    format!("CHATOP#{login}"),
                    format!("{}#{}", sort_key(at), self.id),
                ));
            }
            _ => {}
        }
        item
    }
}

fn message_sk(seq: u64) -> String {
    format!("M#{seq:012}")
}

#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    /// No such chat, or not the caller's.
    #[error("no such chat")]
    NotFound,
    #[error("the chat has ended")]
    Ended,
    /// Another operator took it first.
    #[error("taken by another operator")]
    Taken,
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// Rated already, or not ended yet.
    #[error("cannot rate this chat now")]
    NotRateable,
    /// The transcript went by e-mail `transcript::EMAILS_PER_CHAT` times already.
    #[error("the transcript was e-mailed enough times")]
    EmailsUsed,
    #[error("too many changes at once")]
    Busy,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Who reads or writes a chat.
pub enum Reader<'a> {
    /// The key given when it started.
    Key(&'a str),
    /// The signed-in citizen who started it.
    Citizen(&'a Contact),
}

/// Whether a handed-off chat can reach a person now.
#[derive(Debug, Clone, PartialEq)]
pub enum Availability {
    Available,
    Away {
        opens: String,
        tomorrow: bool,
        nobody_online: bool,
    },
}

pub struct Chats {
    store: Arc<dyn KvStore>,
    clock: Arc<dyn Clock>,
    faq: Arc<Faq>,
    push: Option<Arc<dyn ChatPush>>,
    /// Where an operator's reply to a signed-in citizen with push on is published
    /// (`EventKind::ChatReply`); without one it stays pending for the sweep.
    bus: Option<Arc<dyn crate::events::EventBus>>,
    /// The operators' hours are judged as at this moment, if set (tests, demos).
    hours_at: Option<OffsetDateTime>,
    /// The calendar in force (holidays, transfers) for the operators' hours.
    levels: Arc<crate::levels::Levels>,
}

impl Chats {
    pub fn new(
        store: Arc<dyn KvStore>,
        clock: Arc<dyn Clock>,
        faq: Arc<Faq>,
        push: Option<Arc<dyn ChatPush>>,
    ) -> Chats {
        Chats {
            levels: Arc::new(crate::levels::Levels::new(store.clone())),
            store,
            clock,
            faq,
            push,
            bus: None,
            hours_at: None,
        }
    }

    /// Operators' replies to citizens with push on are published to `bus`.
    pub fn with_bus(mut self, bus: Arc<dyn crate::events::EventBus>) -> Chats {
        self.bus = Some(bus);
        self
    }

    /// Shares the requests' service-level settings (one copy, fresh after an edit).
    pub fn with_levels(mut self, levels: Arc<crate::levels::Levels>) -> Chats {
        self.levels = levels;
        self
    }

    pub fn with_hours_at(mut self, at: Option<OffsetDateTime>) -> Chats {
        self.hours_at = at;
        self
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// A new chat, greeted by the bot: its key (shown once) and its view.
    pub async fn start(
        &self,
        lang: Lang,
        citizen: Option<&Contact>,
    ) -> Result<(String, ChatView), ChatError> {
        let now = self.clock.now();
        let key = new_id();
        let mut rec = ChatRecord {
            id: new_id(),
            key_hash: sha256_hex(&[key.as_bytes()]),
            lang,
            state: ChatState::Bot,
            topic: None,
            citizen: citizen.map(|c| c.as_str().to_owned()),
            operator: None,
            operator_name: None,
            misses: 0,
            last_seq: 0,
            first_message: String::new(),
            asked_code_for: None,
            recent: Vec::new(),
            created_at: now,
            waiting_since: None,
            taken_at: None,
            first_reply_at: None,
            ended_at: None,
            rating: None,
            rating_comment: None,
            request: None,
            active_at: Some(now),
            warned_at: None,
            wait_alerted_for: None,
            department: None,
            handover_note: None,
            emailed: 0,
            handed_at: None,
            first_wait: None,
            first_reply: None,
            reply_in_time: None,
        };
        let mut drafts = Drafts {
            now,
            lang,
            messages: Vec::new(),
        };
        let greeting = drafts.bot(Line::Greeting);
        greeting.quick = bot::quick_questions(lang).map(str::to_owned).to_vec();
        let messages = number(&mut rec, drafts.messages);
        let mut writes = vec![
            Write::put(rec.to_item(1), Cond::Absent),
            Write::put(idle::live_item(&rec.id, now), Cond::Always),
        ];
        writes.extend(crate::reports::chat_writes(None, &rec));
        writes.extend(message_writes(&rec.id, &messages));
        if let Some(c) = citizen {
            let owner = Item::new(
                crate::tickets::owner_pk(c),
                format!("C#{}", rec.id),
                serde_json::json!({ "created_at": now.unix_timestamp() }),
            );
            writes.push(Write::put(owner, Cond::Always));
        }
        self.store.transact(writes).await?;
        tracing::info!(chat = %rec.id, signed_in = citizen.is_some(), "chat started");
        let view = self.view(&rec, messages, false).await?;
        Ok((key, view))
    }

    /// The chat if `reader` may read it; someone else's and an unknown id alike are
    /// `NotFound`.
    pub async fn open(&self, id: &str, reader: &Reader<'_>) -> Result<ChatRecord, ChatError> {
        let rec = self.load(id).await?.1;
        let allowed = match reader {
            Reader::Key(key) => same_secret(&sha256_hex(&[key.as_bytes()]), &rec.key_hash),
            Reader::Citizen(c) => rec.citizen.as_deref() == Some(c.as_str()),
        };
        if allowed {
            Ok(rec)
        } else {
            Err(ChatError::NotFound)
        }
    }

    async fn load(&self, id: &str) -> Result<(u64, ChatRecord), ChatError> {
        if !id_ok(id) {
            return Err(ChatError::NotFound);
        }
        let item = self
            .store
            .get(&ChatRecord::pk(id), "META")
            .await?
            .ok_or(ChatError::NotFound)?;
        Ok((item.version, item.decode()?))
    }

    /// The chat with its messages after `after` (up to `PAGE_MAX`).
    pub async fn read(&self, rec: &ChatRecord, after: u64) -> Result<ChatView, ChatError> {
        let mut messages =
            messages_after(self.store.as_ref(), &rec.id, after, PAGE_MAX + 1).await?;
        let more = messages.len() > PAGE_MAX;
        messages.truncate(PAGE_MAX);
        self.view(rec, messages, more).await
    }

    async fn view(
        &self,
        rec: &ChatRecord,
        messages: Vec<ChatMessage>,
        more: bool,
    ) -> Result<ChatView, ChatError> {
        let queue = if rec.state == ChatState::Waiting {
            self.place(rec).await?
        } else {
            None
        };
        Ok(ChatView {
            id: rec.id.clone(),
            state: rec.state,
            lang: rec.lang,
            topic: rec.topic,
            operator: rec.operator_name.clone(),
            queue,
            last_seq: rec.last_seq,
            messages,
            more,
            rated: rec.rating.is_some(),
        })
    }

    /// Applies `f` to the chat's record and commits it with the messages `f` drafted,
    /// numbered after the last; retried on a concurrent change (`f` sees the fresh
    /// record each time). Watchers are told after the commit.
    async fn change<F>(&self, id: &str, f: F) -> Result<(ChatRecord, Vec<ChatMessage>), ChatError>
    where
        F: FnMut(&mut ChatRecord, &mut Drafts) -> Result<(), ChatError>,
    {
        self.change_with(id, Vec::new(), f).await
    }

    /// As `change`, with `extra` writes in the same transaction (files claimed by the
    /// message that carries them).
    async fn change_with<F>(
        &self,
        id: &str,
        extra: Vec<Write>,
        mut f: F,
    ) -> Result<(ChatRecord, Vec<ChatMessage>), ChatError>
    where
        F: FnMut(&mut ChatRecord, &mut Drafts) -> Result<(), ChatError>,
    {
        for _ in 0..TRIES {
            let (version, before) = self.load(id).await?;
            let mut rec = before.clone();
            let mut drafts = Drafts {
                now: self.clock.now(),
                lang: rec.lang,
                messages: Vec::new(),
            };
            f(&mut rec, &mut drafts)?;
            let messages = number(&mut rec, drafts.messages);
            let mut writes = vec![Write::put(rec.to_item(version + 1), Cond::Version(version))];
            writes.extend(crate::reports::chat_writes(Some(&before), &rec));
            writes.extend(message_writes(id, &messages));
            let reply = self.reply_event(&rec, &messages).await?;
            writes.extend(
                reply
                    .iter()
                    .map(|e| Write::put(crate::events::pending_item(e), Cond::Absent)),
            );
            if before.state != ChatState::Ended && rec.state == ChatState::Ended {
                writes.push(idle::live_delete(id));
            }
            writes.extend(extra.iter().cloned());
            match self.store.transact(writes).await {
                Ok(()) => {
                    self.tell(&before, &rec, &messages).await;
                    if let (Some(bus), Some(e)) = (&self.bus, &reply) {
                        crate::events::publish_all(
                            self.store.as_ref(),
                            bus.as_ref(),
                            std::slice::from_ref(e),
                        )
                        .await;
                    }
                    return Ok((rec, messages));
                }
                Err(StoreError::ConditionFailed { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ChatError::Busy)
    }

    /// Either side ends the chat.
    pub async fn end(&self, id: &str, by: Speaker) -> Result<Said, ChatError> {
        let (rec, messages) = self
            .change(id, |rec, out| {
                if rec.state == ChatState::Ended {
                    return Ok(());
                }
                rec.state = ChatState::Ended;
                rec.ended_at = Some(out.now);
                out.system(ChatEvent::Ended { by });
                Ok(())
            })
            .await?;
        if !messages.is_empty() {
            tracing::info!(chat = %rec.id, by = ?by, messages = rec.last_seq, "chat ended");
        }
        Ok(Said {
            state: rec.state,
            messages,
        })
    }
}

//! The chat's contract: a conversation of numbered messages between a citizen, the bot
//! and an operator, its states, and the frames of the socket that tells a watching
//! client about new messages.
//!
//! The store is the truth and the socket only notifies: every message has a sequence
//! number within its chat (1, 2, 3…), and a client that missed frames asks for
//! everything after the last number it has (`GET …?after=N`), so nothing is lost and
//! nothing is shown twice.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::auth::Department;
pub use crate::chat_console::{ChatConsole, ChatSummary, OnlineOperator, TransferRequest};
use crate::{Category, Lang, Status};

/// The header that carries a chat's key (anonymous chats are read and written with it;
/// never in a URL, so never in an access log).
pub const KEY_HEADER: &str = "x-chat-key";

/// Most messages one read returns; `more` says when others follow.
pub const PAGE_MAX: usize = 200;

/// Longest id a client gives a message it sends (to send it again safely).
pub const CLIENT_ID_MAX: usize = 64;

/// A socket frame's largest size: API Gateway's WebSocket frames stop at 32 KB.
pub const FRAME_MAX: usize = 32 * 1024;

/// Where a conversation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChatState {
    /// The bot answers.
    Bot,
    /// Handed to the operators, waiting for one to take it.
    Waiting,
    /// An operator has it.
    Operator,
    Ended,
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Speaker {
    Citizen,
    Bot,
    Operator,
    /// A line of the conversation's own (handed off, joined, ended): `event` says what.
    System,
}

/// Why a chat went to the operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HandOffReason {
    /// "Связаться с оператором", or asked for a person in words.
    Asked,
    /// Two answers of the bot did not help.
    BotMissed,
}

/// What a system line says; each client words it in its reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChatEvent {
    HandedOff {
        reason: HandOffReason,
    },
    /// An operator took the chat (`name` as the citizen sees it).
    Joined {
        name: String,
    },
    /// Operators are not at work now (or none is online): when they start.
    OperatorsAway {
        /// `HH:MM`, Moscow time.
        opens: String,
        tomorrow: bool,
        /// Within working hours, but nobody signed in to the chat console.
        nobody_online: bool,
    },
    /// The citizen marked the bot's answer `of` (a sequence number).
    Marked {
        of: u64,
        helpful: bool,
    },
    /// Moved to a specialist department (level 3).
    Transferred {
        department: Department,
    },
    /// `by` the citizen, the operator, or `System` after 15 minutes of silence.
    Ended {
        by: Speaker,
    },
    /// Nobody wrote for 10 minutes: the chat ends in 5 unless someone does.
    IdleWarning,
    /// The operator who had the chat handed it to a colleague (`name` as the citizen
    /// sees it).
    HandedOver {
        name: String,
    },
    /// The operator asks the citizen to leave a request (the question needs follow-up
    /// work): the citizen's side shows the request form, the transcript its description.
    RequestOffered,
    /// The chat became request `number` (its transcript the description).
    RequestMade {
        number: String,
    },
}

/// An article the bot offers: its address and title in the chat's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleLink {
    pub slug: String,
    pub title: String,
}

/// A request's status as the bot tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusLine {
    pub number: String,
    pub status: Status,
    #[serde(with = "time::serde::rfc3339")]
    pub expected_by: OffsetDateTime,
}

/// What the bot asks the citizen for, so the client offers the right input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BotAsk {
    /// The access code of this request (sent with `POST …/status`, never as a message).
    AccessCode { number: String },
    /// Whether its answer helped (`POST …/marks`).
    Helpful,
}

/// One message. Fields other than `seq`, `at` and `from` are present when they apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatMessage {
    pub seq: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub from: Speaker,
    /// The operator's name as the citizen sees it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// The bot's articles, best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<ArticleLink>,
    /// The topic the bot recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Category>,
    /// Questions to tap instead of typing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quick: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asks: Option<BotAsk>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<ChatEvent>,
    /// Files sent (PDF/JPEG/PNG), fetched by the chat's readers only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<crate::api::AttachmentInfo>,
    /// The sender's own id for it (a message sent twice is stored once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

impl ChatMessage {
    /// A message with only its number, time and author; the rest is added.
    pub fn new(seq: u64, at: OffsetDateTime, from: Speaker) -> ChatMessage {
        ChatMessage {
            seq,
            at,
            from,
            name: None,
            text: String::new(),
            articles: Vec::new(),
            topic: None,
            quick: Vec::new(),
            status: None,
            asks: None,
            event: None,
            files: Vec::new(),
            client_id: None,
        }
    }
}

/// The chat's place in the operators' queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueuePlace {
    /// 1 = next.
    pub position: u32,
    /// A rough estimate, in minutes.
    pub wait_minutes: u32,
}

/// A chat as its reader sees it, with the messages after the number asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatView {
    pub id: String,
    pub state: ChatState,
    pub lang: Lang,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Category>,
    /// The operator's name, while one has the chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// While waiting for an operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<QueuePlace>,
    /// The number of the last message.
    pub last_seq: u64,
    pub messages: Vec<ChatMessage>,
    /// More messages follow the ones given (ask again after the last).
    #[serde(default)]
    pub more: bool,
    /// The citizen has rated the chat.
    #[serde(default)]
    pub rated: bool,
}

/// `POST /api/v1/chat`: a new conversation with the bot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct StartChat {
    /// The language of the bot's answers; Russian when absent.
    pub lang: Option<Lang>,
}

/// A new chat: its first messages and the key that reads and writes it (kept by the
/// client, sent in `x-chat-key`; stored on the server only hashed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatStarted {
    pub key: String,
    pub chat: ChatView,
}

/// A message sent to a chat. `client_id` (up to 64 letters, digits, `-`) makes sending
/// it again safe: the chat keeps the first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SayRequest {
    pub text: String,
    pub client_id: Option<String>,
}

/// Files for the chat: uploaded first as a request's are (`POST /attachments`, the bytes,
/// `…/complete`), then sent as one message (as many as a request takes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct FilesRequest {
    pub attachments: Vec<String>,
    pub client_id: Option<String>,
}

/// The messages a call added, in order (the client merges them by `seq`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Said {
    pub state: ChatState,
    pub messages: Vec<ChatMessage>,
}

/// "Помог ли ответ?" on the bot's message `seq`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct MarkRequest {
    pub seq: u64,
    pub helpful: bool,
}

/// A request's number and access code, for the bot to tell its status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ChatStatusRequest {
    pub number: String,
    pub access_code: String,
}

/// The citizen's rating at the end: 1 to 5 stars and, if they like, a comment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct RateRequest {
    pub stars: u8,
    pub comment: Option<String>,
}

/// "Отправить на почту": the transcript to an address the citizen gives (at most three
/// times per chat).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct TranscriptEmail {
    pub email: String,
}

/// "Оставить обращение" from the chat: what the request form needs that the chat does
/// not know (the subject is the citizen's first message, the description the
/// transcript). Checked field by field as the form's are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ChatRequestForm {
    /// A category's code; the topic the bot recognised is offered.
    pub category: String,
    pub full_name: String,
    /// Phone and/or e-mail: at least one.
    pub phone: String,
    pub email: String,
    /// Consent to personal-data processing (152-ФЗ); must be true.
    pub consent: bool,
}

/// The request made from a chat: its number and access code (shown once, never stored
/// in the chat), and the chat's new line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatRequestMade {
    pub ticket: crate::api::SubmitTicketResponse,
    pub said: Said,
}

/// One of a signed-in citizen's chats (`GET /api/v1/my/chats`), newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyChat {
    pub id: String,
    pub state: ChatState,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The citizen's first words (up to 200 characters); empty if they wrote nothing.
    pub first_message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Category>,
    /// The request the chat became, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
}

/// A frame the client sends on the socket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Tell me about this chat from now on (the key for a citizen's chat; staff are
    /// known by their session). What came before, the client reads over HTTP.
    Watch {
        chat: String,
        #[serde(default)]
        key: Option<String>,
    },
    /// The other side is shown "печатает…".
    Typing { chat: String },
    /// Staff: tell me when the waiting list changes.
    WatchQueue,
    /// Keeps the connection alive (API Gateway closes it after 10 idle minutes).
    Ping,
}

/// A frame the server sends on the socket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// New messages of a chat (if `messages` does not follow the last one the client
    /// has, it reads what is between).
    Messages {
        chat: String,
        state: ChatState,
        messages: Vec<ChatMessage>,
    },
    Typing {
        chat: String,
        from: Speaker,
    },
    /// Frames of this chat were lost (a slow connection, a batch too large for a
    /// frame): read what is after the last message you have.
    Resync {
        chat: String,
    },
    /// The waiting list changed.
    Queue,
    /// The watch was refused: no such chat or a wrong key.
    Refused {
        chat: String,
    },
    Pong,
}

/// A chat's id: 32 lower-case hex characters.
pub fn id_ok(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A client's message id: 1 to 64 ASCII letters, digits or `-`.
pub fn client_id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= CLIENT_ID_MAX
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_read_as_the_clients_write_them() {
        let f: ClientFrame =
            serde_json::from_str(r#"{"type":"watch","chat":"ab","key":"k"}"#).expect("watch");
        assert_eq!(
            f,
            ClientFrame::Watch {
                chat: "ab".into(),
                key: Some("k".into()),
            }
        );
        let f: ClientFrame = serde_json::from_str(r#"{"type":"ping"}"#).expect("ping");
        assert_eq!(f, ClientFrame::Ping);
        let out = serde_json::to_string(&ServerFrame::Typing {
            chat: "ab".into(),
            from: Speaker::Operator,
        })
        .expect("json");
        assert_eq!(out, r#"{"type":"typing","chat":"ab","from":"operator"}"#);
    }

    #[test]
    fn ids_are_checked_before_they_reach_a_key() {
        assert!(id_ok("0123456789abcdef0123456789abcdef"));
        assert!(!id_ok("0123456789ABCDEF0123456789abcdef"));
        assert!(!id_ok("../etc"));
        assert!(client_id_ok("m-1699999999-3"));
        assert!(!client_id_ok(""));
        assert!(!client_id_ok("a b"));
        assert!(!client_id_ok(&"a".repeat(65)));
    }
}

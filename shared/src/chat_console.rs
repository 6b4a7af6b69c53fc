//! The staff's chat console: the waiting chats and the caller's, who else is online,
//! and handing a chat over to a colleague or to a specialist department (level 3).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::auth::{Department, Role};
use crate::chat::ChatState;
use crate::{Category, Lang};

/// The seeds' promise: the first human reply within 30 seconds of the hand-off (the
/// default of `sla::ChatPolicy`, which admins may change). A chat waiting longer is
/// marked on every console (the staff on duty see it at once).
pub const FIRST_REPLY_SECS: i64 = 30;

fn first_reply_default() -> u32 {
    FIRST_REPLY_SECS as u32
}

/// A chat in the operators' console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatSummary {
    pub id: String,
    pub state: ChatState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Category>,
    /// The citizen's first words (up to 200 characters).
    pub first_message: String,
    /// Signed in: the contact, masked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen: Option<String>,
    pub lang: Lang,
    /// Since when it waits for an operator.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub waiting_since: Option<OffsetDateTime>,
    /// The login of the operator who has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    pub last_seq: u64,
    /// The colleague's note when the chat was handed over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The specialist department (level 3) it waits for or is with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Department>,
}

/// `GET /api/v1/staff/chats`: the waiting chats, longest waiting first, and the caller's.
/// Operators see the operators' waiting list, specialists their department's, supervisors
/// both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatConsole {
    pub waiting: Vec<ChatSummary>,
    pub mine: Vec<ChatSummary>,
    /// Staff signed in to the console now (the caller included).
    pub online: u32,
    /// The colleagues among them (not the caller), to hand a chat over to; the
    /// specialists among them say which departments can take a chat now.
    #[serde(default)]
    pub operators: Vec<OnlineOperator>,
    /// The first-reply target in force (`sla::ChatPolicy`): chats waiting longer are late.
    #[serde(default = "first_reply_default")]
    pub first_reply_seconds: u32,
}

/// An operator signed in to the chat console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineOperator {
    pub login: String,
    /// As the citizen would see it ("Ольга").
    pub name: String,
    pub role: Role,
    /// Specialists only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Department>,
}

/// "Передать коллеге": the chat goes to another operator online (`to`), or waits for the
/// specialists of a department (`department`, level 3), with a note for them (the
/// citizen sees only that a colleague or the department took over). One of the two.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct TransferRequest {
    /// The colleague's login (one of `ChatConsole::operators`).
    pub to: String,
    /// A department with a specialist online (instead of `to`).
    pub department: Option<Department>,
    /// Up to 1000 characters, for the colleague only.
    pub note: Option<String>,
}

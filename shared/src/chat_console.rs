//! The operators' chat console: the waiting chats and the caller's, who else is online,
//! and handing a chat over to a colleague.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::Category;
use crate::Lang;
use crate::chat::ChatState;

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
}

/// `GET /api/v1/staff/chats`: the waiting chats, longest waiting first, and the caller's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatConsole {
    pub waiting: Vec<ChatSummary>,
    pub mine: Vec<ChatSummary>,
    /// Operators signed in to the console now (the caller included).
    pub online: u32,
    /// The colleagues among them (not the caller), to hand a chat over to.
    #[serde(default)]
    pub operators: Vec<OnlineOperator>,
}

/// An operator signed in to the chat console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineOperator {
    pub login: String,
    /// As the citizen would see it ("Ольга").
    pub name: String,
}

/// "Передать коллеге": the chat goes to another operator online, with a note for them
/// (the citizen sees only that a colleague took over).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct TransferRequest {
    /// The colleague's login (one of `ChatConsole::operators`).
    pub to: String,
    /// Up to 1000 characters, for the colleague only.
    pub note: Option<String>,
}

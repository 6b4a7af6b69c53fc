//! Requests (обращения): submission, lookup by number and access code, information added
//! by the citizen. Every change is one transaction: the ticket, its timeline, the claimed
//! attachments and the domain events.

mod mine;
mod status;
mod submit;

use std::sync::Arc;

use helpdesk_shared::api::{TimelineEntry, TimelineEvent};
use helpdesk_shared::{Category, FieldError, Lang, Level, Status};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::attachments::Attachments;
use crate::clock::{Clock, sort_key};
use crate::events::{DomainEvent, EventBus, EventKind};
use crate::ids::{hex, new_id, random_u64, sha256_hex};
use crate::store::{Item, KvStore, StoreError};

pub use status::{Access, Looked, Lookup};
pub use submit::{Submitted, valid_idempotency_key};

/// A request as stored. Contains personal data: never logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketRecord {
    /// Storage-key form of the number (nine digits).
    pub number: String,
    pub category: Category,
    pub subject: String,
    pub description: String,
    pub full_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub snils: Option<String>,
    pub inn: Option<String>,
    pub application_number: Option<String>,
    pub language: Lang,
    pub status: Status,
    pub level: Level,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expected_by: OffsetDateTime,
    pub code_salt: String,
    pub code_hash: String,
}

impl TicketRecord {
    pub const SK: &'static str = "META";

    pub fn pk(number: &str) -> String {
        format!("T#{number}")
    }

    /// The ticket item; GSI1 is the work queue: open tickets by status, soonest due first.
    pub fn to_item(&self, version: u64) -> Item {
        let mut item = Item::new(
            Self::pk(&self.number),
            Self::SK,
            serde_json::to_value(self).unwrap_or_default(),
        );
        item.version = version;
        item.gsi1 = Some((
            format!("Q#{}", self.status.code()),
            format!("{}#{}", sort_key(self.expected_by), self.number),
        ));
        item
    }
}

pub fn hash_code(salt: &str, canonical_code: &str) -> String {
    sha256_hex(&[salt.as_bytes(), b":", canonical_code.as_bytes()])
}

pub fn new_salt() -> String {
    hex(&random_u64().to_le_bytes())
}

/// `seq` orders the entries of one change, which share a timestamp (the citizen's message
/// before the status change it caused); the random suffix keeps concurrent writers apart.
fn timeline_item(number: &str, seq: u8, entry: &TimelineEntry) -> Item {
    let sk = format!("TL#{}#{seq:02}#{}", sort_key(entry.at), &new_id()[..8]);
    Item::new(
        TicketRecord::pk(number),
        sk,
        serde_json::to_value(entry).unwrap_or_default(),
    )
}

fn event(ticket: &str, at: OffsetDateTime, kind: EventKind) -> DomainEvent {
    DomainEvent {
        id: new_id(),
        at,
        ticket: ticket.to_owned(),
        kind,
    }
}

fn entry(at: OffsetDateTime, event: TimelineEvent) -> TimelineEntry {
    TimelineEntry {
        at,
        event,
        attachments: Vec::new(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TicketError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// Unknown number and wrong access code alike.
    #[error("not found")]
    NotFound,
    #[error("the idempotency key was used with a different request")]
    IdempotencyMismatch,
    #[error("the request is closed")]
    Closed,
    #[error("too much contention, try again")]
    Busy,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub struct Tickets {
    store: Arc<dyn KvStore>,
    bus: Arc<dyn EventBus>,
    clock: Arc<dyn Clock>,
    attachments: Arc<Attachments>,
    /// For requests that do not name a language (HELPDESK_DEFAULT_LANGUAGE).
    default_language: Lang,
}

impl Tickets {
    pub fn new(
        store: Arc<dyn KvStore>,
        bus: Arc<dyn EventBus>,
        clock: Arc<dyn Clock>,
        attachments: Arc<Attachments>,
    ) -> Tickets {
        Tickets {
            store,
            bus,
            clock,
            attachments,
            default_language: Lang::Ru,
        }
    }

    pub fn with_default_language(mut self, lang: Lang) -> Tickets {
        self.default_language = lang;
        self
    }
}

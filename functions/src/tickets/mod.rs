//! Requests (обращения): submission, lookup by number and access code, information added
//! by the citizen. Every change is one transaction: the ticket, its timeline, the claimed
//! attachments and the domain events.

mod counts;
mod decide;
mod due;
mod measure;
mod mine;
mod notices;
mod queue;
mod repeat;
mod schedule;
mod shown;
mod staff;
mod status;
mod submit;
mod survey;

use std::sync::Arc;

use helpdesk_shared::api::{TimelineEntry, TimelineEvent};
use helpdesk_shared::{Category, FieldError, Lang, Level, Status};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::attachments::Attachments;
use crate::clock::{Clock, sort_key};
use crate::events;
use crate::events::{DomainEvent, EventBus, EventKind};
use crate::ids::{hex, new_id, random_u64, sha256_hex};
use crate::store::{Cond, Item, KvStore, StoreError, Write};

pub use counts::{OVERDUE_CAP, SHARDS, count_if_uncounted, recount};
pub use measure::{EscalatedBy, Measures, Took};
pub use schedule::{SWEEP_MAX, Swept, schedule_if_unscheduled};

pub(crate) use mine::{owner_pk, owner_pk_of};
pub use staff::{Actor, Refusal};
pub use status::{Access, Looked, Lookup};
pub use submit::{Submitted, valid_idempotency_key};
pub use survey::link_token;

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
    /// The specialist department, once escalated to level 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<helpdesk_shared::auth::Department>,
    /// The staff login working on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// When it is resolved by, as the citizen is shown (the resolution clock).
    #[serde(with = "time::serde::rfc3339")]
    pub expected_by: OffsetDateTime,
    /// When the first answer the citizen sees is due (gone once given).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub respond_by: Option<OffsetDateTime>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub responded_at: Option<OffsetDateTime>,
    /// Since when it waits for the citizen (the clocks stand still).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub paused_at: Option<OffsetDateTime>,
    /// The service level promised when it arrived (absent in older requests: their
    /// category's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<helpdesk_shared::sla::Policy>,
    /// The first-response date passed without an answer (the supervisors were told).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub first_late: bool,
    /// Overdue at its department: when the supervisors are told again.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub remind_at: Option<OffsetDateTime>,
    /// While it waits for the citizen: by when they were asked to answer.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub info_due: Option<OffsetDateTime>,
    /// The citizen was reminded, a day before `info_due`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub info_reminded: bool,
    /// The last change the citizen could see (absent: its creation).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub public_at: Option<OffsetDateTime>,
    /// The citizen's last repeat request.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub repeat_at: Option<OffsetDateTime>,
    /// A repeat request not yet answered: it is due at once in the queue.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeat_open: bool,
    /// The citizen's survey answer once the request is closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<helpdesk_shared::survey::SurveyAnswer>,
    /// The survey's one-time link was used.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub survey_link_used: bool,
    /// How it arrived (older requests: by the form).
    #[serde(default)]
    pub channel: helpdesk_shared::report::Channel,
    /// What the reports count of it.
    #[serde(default, skip_serializing_if = "Measures::is_empty")]
    pub measures: Measures,
    /// The owner key (`CIT#<hash>`) of the signed-in citizen who submitted it, when
    /// not one of its contacts: their notification centre hears of it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitter: Option<String>,
    pub code_salt: String,
    pub code_hash: String,
}

impl TicketRecord {
    pub const SK: &'static str = "META";

    pub fn pk(number: &str) -> String {
        format!("T#{number}")
    }

    /// The ticket item. GSI1 is the work queue: open tickets soonest due first
    /// (`Q#OPEN`), closed ones by closing time (`Q#CLOSED`). GSI2 holds open tickets by
    /// who works on them: a department's (`DEPT#<code>`, level 3), otherwise an
    /// assignee's (`ASG#<login>`), soonest due first. A request waiting for the citizen
    /// has no due time while its clocks stand still: it sorts after every due one
    /// (`P#…`), so it is neither overdue nor in the way; one whose citizen sent a repeat
    /// request not yet answered sorts first (`!…`), oldest repeat first.
    pub fn to_item(&self, version: u64) -> Item {
        let mut item = Item::new(Self::pk(&self.number), Self::SK, crate::store::body(self));
        item.version = version;
        let due = match self.repeat_at.filter(|_| self.repeat_open) {
            _ if self.paused() => format!("{PAUSED}{}", self.number),
            Some(at) => format!("{REPEATED}{}#{}", sort_key(at), self.number),
            None => format!("{}#{}", sort_key(self.expected_by), self.number),
        };
        if self.status.is_final() {
            item.gsi1 = Some((
                QUEUE_CLOSED.to_owned(),
                format!("{}#{}", sort_key(self.updated_at), self.number),
            ));
        } else {
            item.gsi1 = Some((QUEUE_OPEN.to_owned(), due.clone()));
            item.gsi2 = match (self.department, &self.assignee) {
                (Some(d), _) if self.level == Level::Specialist => {
                    Some((format!("DEPT#{}", d.code()), due))
                }
                (_, Some(login)) => Some((format!("ASG#{login}"), due)),
                _ => None,
            };
        }
        item
    }
}

pub const QUEUE_OPEN: &str = "Q#OPEN";
/// The queue's sort key prefix of a request whose clocks stand still (after any time).
const PAUSED: &str = "P#";
/// The prefix of one with an unanswered repeat request: before any time, so at the top
/// of the queue and within "overdue" (the range up to now).
const REPEATED: &str = "!";
pub const QUEUE_CLOSED: &str = "Q#CLOSED";

pub fn hash_code(salt: &str, canonical_code: &str) -> String {
    sha256_hex(&[salt.as_bytes(), b":", canonical_code.as_bytes()])
}

pub fn new_salt() -> String {
    hex(&random_u64().to_le_bytes())
}

/// The sort keys of a request's timeline begin so (after its record, `META`).
const TIMELINE: &str = "TL#";

/// `seq` orders the entries of one change, which share a timestamp (the citizen's message
/// before the status change it caused); the random suffix keeps concurrent writers apart.
fn timeline_item(number: &str, seq: u8, entry: &TimelineEntry) -> Item {
    let sk = format!(
        "{TIMELINE}{}#{seq:02}#{}",
        sort_key(entry.at),
        &new_id()[..8]
    );
    Item::new(TicketRecord::pk(number), sk, crate::store::body(entry))
}

/// The writes of a change to request `after` read at `version`: the request itself
/// first (conditioned on that version, so a lost race fails at index 0), then what is
/// derived from it — the queue counters, the service levels' schedule, the reports. Every change
/// of a request goes through here, so nothing derived is forgotten.
fn change_writes(before: &TicketRecord, version: u64, after: &TicketRecord) -> Vec<Write> {
    let mut writes = vec![Write::put(
        after.to_item(version + 1),
        Cond::Version(version),
    )];
    writes.extend(derived_writes(Some(before), after));
    writes
}

/// The items derived from a request: its queue counters, its schedule items and its
/// report rollups.
fn derived_writes(before: Option<&TicketRecord>, after: &TicketRecord) -> Vec<Write> {
    let mut writes = counts::counter_writes(before, after);
    writes.extend(schedule::schedule_writes(before, after));
    writes.extend(crate::reports::ticket_writes(before, after));
    writes
}

/// A change's timeline steps, in order, by `by` (a staff login or the system), and its
/// events, appended to `writes`; the events, to publish after the commit.
fn step_writes(
    writes: &mut Vec<Write>,
    number: &str,
    now: OffsetDateTime,
    by: Option<&str>,
    steps: Vec<TimelineEvent>,
    kinds: Vec<EventKind>,
) -> Vec<DomainEvent> {
    for (seq, step) in steps.into_iter().enumerate() {
        let e = TimelineEntry {
            by: by.map(str::to_owned),
            ..entry(now, step)
        };
        writes.push(Write::put(
            timeline_item(number, seq as u8, &e),
            Cond::Absent,
        ));
    }
    let events: Vec<_> = kinds.into_iter().map(|k| event(number, now, k)).collect();
    writes.extend(
        events
            .iter()
            .map(|e| Write::put(events::pending_item(e), Cond::Absent)),
    );
    events
}

fn event(ticket: &str, at: OffsetDateTime, kind: EventKind) -> DomainEvent {
    DomainEvent {
        id: crate::ids::event_id(at),
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
        by: None,
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
    /// Staff acted on a version of the request that is no longer current.
    #[error("the request changed meanwhile")]
    VersionConflict,
    /// The status machine or the caller's role does not allow this action here.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// "Отправить ещё раз" asked too soon after the last, or too often today.
    #[error("resend too soon")]
    ResendTooSoon { retry_after: u64 },
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
    overdue: counts::OverdueCache,
    /// The policies and the calendar in force.
    levels: Arc<crate::levels::Levels>,
}

impl Tickets {
    pub fn new(
        store: Arc<dyn KvStore>,
        bus: Arc<dyn EventBus>,
        clock: Arc<dyn Clock>,
        attachments: Arc<Attachments>,
    ) -> Tickets {
        Tickets {
            store: store.clone(),
            bus,
            clock,
            attachments,
            default_language: Lang::Ru,
            overdue: counts::OverdueCache::default(),
            levels: Arc::new(crate::levels::Levels::new(store)),
        }
    }

    /// The service levels in force (the admins' page edits them through this).
    pub fn levels(&self) -> &Arc<crate::levels::Levels> {
        &self.levels
    }

    pub fn with_default_language(mut self, lang: Lang) -> Tickets {
        self.default_language = lang;
        self
    }
}

/// A request as a test needs one: received, payments, level 2, nobody's, at the epoch.
#[cfg(test)]
pub(crate) fn sample_ticket() -> TicketRecord {
    let now = time::OffsetDateTime::UNIX_EPOCH;
    TicketRecord {
        number: "100000001".into(),
        category: helpdesk_shared::Category::Payments,
        subject: "s".into(),
        description: "d".into(),
        full_name: "n".into(),
        phone: None,
        email: None,
        snils: None,
        inn: None,
        application_number: None,
        language: helpdesk_shared::Lang::Ru,
        status: helpdesk_shared::Status::Received,
        level: helpdesk_shared::Level::Operator,
        department: None,
        assignee: None,
        created_at: now,
        updated_at: now,
        expected_by: now,
        respond_by: None,
        responded_at: None,
        paused_at: None,
        policy: None,
        first_late: false,
        remind_at: None,
        info_due: None,
        info_reminded: false,
        public_at: None,
        repeat_at: None,
        repeat_open: false,
        survey: None,
        survey_link_used: false,
        submitter: None,
        channel: helpdesk_shared::report::Channel::Form,
        measures: Measures::default(),
        code_salt: String::new(),
        code_hash: String::new(),
    }
}

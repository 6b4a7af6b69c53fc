//! Reading a request with its number and access code, and adding information to it.

use helpdesk_shared::api::{AddInfoRequest, TicketView, TimelineEntry, TimelineEvent};
use helpdesk_shared::auth::Contact;
use helpdesk_shared::ticket::NewInfo;
use helpdesk_shared::validate::Invalid;
use helpdesk_shared::{AccessCode, FieldError, TicketNumber};

use super::shown::Shown;
use super::{TIMELINE, TicketError, TicketRecord, Tickets, entry, event, hash_code, timeline_item};
use crate::events::{EventKind, pending_item, publish_all};
use crate::ids::same_secret;
use crate::store::{Cond, Index, Item, Query, SkRange, StoreError, Write};

/// A number and access code as typed by the citizen.
pub struct Lookup<'a> {
    pub number: &'a str,
    pub access_code: &'a str,
}

/// How the caller proves the request is theirs: its access code, or a signed-in
/// citizen's verified contact.
pub enum Access<'a> {
    Code(Lookup<'a>),
    Owner {
        contact: &'a Contact,
        number: &'a str,
    },
    /// The survey's one-time link from the closing e-mail (`survey::link_token`):
    /// good for one survey answer, nothing else.
    Link {
        number: &'a str,
        token: &'a str,
    },
}

/// A ticket opened with its code: the stored item (for a versioned update) and record.
pub struct Looked {
    pub item: Item,
    pub record: TicketRecord,
}

/// A salt for unknown numbers, so that a miss costs the same hash as a hit.
const DECOY_SALT: &str = "0000000000000000";

/// A sort key after every timeline entry's.
const TIMELINE_END: &str = "TL#\u{10FFFF}";

/// Whether `code` is the one whose salt and hash are `stored`; an unknown number (`None`)
/// costs the same hash as a wrong code.
fn right_code(stored: Option<(&str, &str)>, code: &AccessCode) -> bool {
    match stored {
        Some((salt, hash)) => same_secret(&hash_code(salt, code.canonical()), hash),
        None => {
            std::hint::black_box(hash_code(DECOY_SALT, code.canonical()));
            false
        }
    }
}

/// The record found for a number, if its code is the right one.
fn verify(item: Option<Item>, code: &AccessCode) -> Result<Looked, TicketError> {
    let Some(item) = item else {
        right_code(None, code);
        return Err(TicketError::NotFound);
    };
    let record: TicketRecord = item.decode()?;
    if !right_code(Some((&record.code_salt, &record.code_hash)), code) {
        return Err(TicketError::NotFound);
    }
    Ok(Looked { item, record })
}

impl Lookup<'_> {
    /// Parses both values; a malformed one is the citizen's typo, reported per field.
    pub fn parse(&self) -> Result<(TicketNumber, AccessCode), TicketError> {
        let number = TicketNumber::parse(self.number).map_err(|e: Invalid| e.at("number"));
        let code = AccessCode::parse(self.access_code).map_err(|e: Invalid| e.at("access_code"));
        match (number, code) {
            (Ok(n), Ok(c)) => Ok((n, c)),
            (n, c) => Err(TicketError::Validation(
                [n.err(), c.err()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<FieldError>>(),
            )),
        }
    }
}

impl Tickets {
    /// Opens a ticket. An unknown number and a wrong code give the same `NotFound`,
    /// after the same work.
    pub async fn open(&self, lookup: &Lookup<'_>) -> Result<Looked, TicketError> {
        let (number, code) = lookup.parse()?;
        let item = self
            .store
            .get(&TicketRecord::pk(&number.key()), TicketRecord::SK)
            .await?;
        verify(item, &code)
    }

    /// The request and its timeline in one read: a query from its record (`META`) to
    /// the end of its timeline (`TL#…`), the few items between them (its preferences,
    /// what was seen, resends) skipped. A lookup was a read of the record, then a query
    /// of the timeline: in DynamoDB one round trip and one read unit instead of two; on
    /// the embedded store it is within the benchmark's noise.
    pub async fn lookup(&self, lookup: &Lookup<'_>) -> Result<TicketView, TicketError> {
        let (number, code) = lookup.parse()?;
        let mut q = Query::new(
            Index::Table,
            TicketRecord::pk(&number.key()),
            SkRange::Between(TicketRecord::SK.into(), TIMELINE_END.into()),
        );
        q.limit = 200;
        let mut page = self.store.query(q.clone()).await?;
        let shown = match page.items.first() {
            Some(item) if item.sk == TicketRecord::SK => Some(item.decode::<Shown>()?),
            _ => None,
        };
        let stored = shown.as_ref().map(|s| (&*s.code_salt, &*s.code_hash));
        let right = right_code(stored, &code);
        let Some(shown) = shown.filter(|_| right) else {
            return Err(TicketError::NotFound);
        };
        let mut timeline = Vec::new();
        loop {
            for item in page.items.iter().filter(|i| i.sk.starts_with(TIMELINE)) {
                timeline.push(item.decode::<TimelineEntry>()?);
            }
            match page.cursor.take() {
                Some(c) => {
                    q.cursor = Some(c);
                    page = self.store.query(q.clone()).await?;
                }
                None => break,
            }
        }
        self.view_of(&shown, timeline).await
    }

    /// The request as the citizen sees it: public steps only, no staff logins.
    pub async fn view(&self, record: &TicketRecord) -> Result<TicketView, TicketError> {
        let timeline = self.timeline(&record.number).await?;
        self.view_of(&Shown::of(record), timeline).await
    }

    async fn view_of(
        &self,
        record: &Shown,
        timeline: Vec<TimelineEntry>,
    ) -> Result<TicketView, TicketError> {
        let timeline = timeline
            .into_iter()
            .filter(|e| e.event.is_public())
            .map(|e| TimelineEntry { by: None, ..e })
            .collect();
        let number = TicketNumber::parse(&record.number)
            .map_err(|_| StoreError::Corrupt("ticket number".into()))?;
        let repeat_from = record.repeat_from(&self.levels.in_force().await?.calendar);
        Ok(TicketView {
            number: number.display(),
            category: record.category,
            subject: record.subject.clone(),
            status: record.status,
            created_at: record.created_at,
            updated_at: record.updated_at,
            expected_by: record.expected_by,
            repeat_from,
            can_repeat: repeat_from.is_some_and(|from| from <= self.clock.now()),
            survey: record.survey.clone(),
            can_survey: record.status.is_final()
                && record
                    .survey
                    .as_ref()
                    .is_none_or(|s| self.clock.now() < s.editable_until()),
            timeline,
        })
    }

    /// Every step, oldest first.
    pub(super) async fn timeline(&self, number: &str) -> Result<Vec<TimelineEntry>, TicketError> {
        let mut q = Query::new(
            Index::Table,
            TicketRecord::pk(number),
            SkRange::Prefix(TIMELINE.into()),
        );
        q.limit = 200;
        let mut timeline = Vec::new();
        loop {
            let page = self.store.query(q.clone()).await?;
            for item in &page.items {
                timeline.push(item.decode::<TimelineEntry>()?);
            }
            match page.cursor {
                Some(c) => q.cursor = Some(c),
                None => return Ok(timeline),
            }
        }
    }

    pub(super) async fn open_with(&self, access: &Access<'_>) -> Result<Looked, TicketError> {
        match access {
            Access::Code(lookup) => self.open(lookup).await,
            Access::Owner { contact, number } => self.open_owned(contact, number).await,
            Access::Link { number, token } => self.open_link(number, token).await,
        }
    }

    /// Adds the citizen's message and files; a request that waited for them goes back
    /// to work. Retries when an operator changes the ticket at the same moment. The
    /// request's `access_code` is not read: `access` says how the caller proved it.
    pub async fn add_info(
        &self,
        access: &Access<'_>,
        req: &AddInfoRequest,
    ) -> Result<TicketView, TicketError> {
        let info = NewInfo::from_request(req).map_err(TicketError::Validation)?;
        for _ in 0..3 {
            let Looked { item, mut record } = self.open_with(access).await?;
            if record.status.is_final() {
                return Err(TicketError::Closed);
            }
            let (attachments, claims) = match self
                .attachments
                .claim(&info.attachments, &record.number, "attachments")
                .await?
            {
                Ok(claimed) => claimed,
                Err(field) => return Err(TicketError::Validation(vec![field])),
            };
            let now = self.clock.now();
            let before = record.clone();
            let from = record.status;
            let to = from.after_citizen_message();
            record.status = to;
            record.updated_at = now;
            let moved = record.on_status(from, to, now, &self.levels.in_force().await?.calendar);
            // The ticket goes first: a failure at index 0 is a lost race, retried.
            let mut writes = super::change_writes(&before, item.version, &record);
            let text = info
                .message
                .as_ref()
                .map(|m| m.as_str().to_owned())
                .unwrap_or_default();
            let mut message = entry(now, TimelineEvent::CitizenMessage { text });
            message.attachments = attachments;
            writes.push(Write::put(
                timeline_item(&record.number, 0, &message),
                Cond::Absent,
            ));
            let mut events = vec![event(&record.number, now, EventKind::CitizenMessage)];
            if to != from {
                let changed = entry(now, TimelineEvent::StatusChanged { from, to });
                writes.push(Write::put(
                    timeline_item(&record.number, 1, &changed),
                    Cond::Absent,
                ));
                events.push(event(
                    &record.number,
                    now,
                    EventKind::StatusChanged { from, to },
                ));
            }
            if let Some(step) = moved {
                writes.push(Write::put(
                    timeline_item(&record.number, 2, &entry(now, step)),
                    Cond::Absent,
                ));
            }
            writes.extend(
                events
                    .iter()
                    .map(|e| Write::put(pending_item(e), Cond::Absent)),
            );
            let claims_from = writes.len();
            writes.extend(claims);

            match self.store.transact(writes).await {
                Ok(()) => {
                    tracing::info!(ticket = %record.number, status = to.code(), "citizen added information");
                    publish_all(self.store.as_ref(), self.bus.as_ref(), &events).await;
                    return self.view(&record).await;
                }
                Err(StoreError::ConditionFailed { index: 0 }) => continue,
                Err(StoreError::ConditionFailed { index }) if index >= claims_from => {
                    let field = FieldError::new(
                        "attachments",
                        helpdesk_shared::FieldCode::AttachmentUnknown,
                    );
                    return Err(TicketError::Validation(vec![field]));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(TicketError::Busy)
    }
}

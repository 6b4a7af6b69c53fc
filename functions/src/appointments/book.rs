//! Booking, looking up, changing and cancelling.

use helpdesk_shared::appointment::{
    BookingStatus, BookingView, LEAD_MINUTES, NewBooking, SlotChoice, parse_hhmm,
};
use helpdesk_shared::auth::Contact;
use helpdesk_shared::{AccessCode, FieldCode, FieldError, Lang, TicketNumber};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::{
    AppointmentError, Appointments, BookingRecord, SK, booking_pk, count_of, day_pk, remind_pk,
    slot_pk, slot_sk, starts_at,
};
use crate::events::{DomainEvent, EventKind, pending_item, publish_all};
use crate::ids::{random_u32, random_u64, same_secret};
use crate::store::{Cond, Item, StoreError, Write};
use crate::tickets::{hash_code, new_salt};

/// Tries of one booking or change that meets concurrent ones for the same slot: each
/// lost race means another took a place, so a slot with places left is taken within a
/// few; past this the citizen is asked to try again.
const TRIES: usize = 12;

/// What a booking's news to its citizen is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum News {
    Booked,
    Moved,
    Cancelled,
    Reminder,
}

/// A slot as asked for: date and start, checked to be one of the office's.
struct Wanted {
    date: Date,
    start: u16,
}

fn field(name: &str, code: FieldCode) -> FieldError {
    FieldError::new(name, code)
}

pub(super) fn parse_date(s: &str) -> Option<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &fmt).ok()
}

impl BookingRecord {
    pub(super) fn to_item(&self, version: u64) -> Item {
        let mut item = Item::new(booking_pk(&self.number), SK, crate::store::body(self));
        item.version = version;
        item.gsi1 = Some((
            day_pk(&self.office, self.date),
            format!(
                "{}#{}",
                helpdesk_shared::appointment::hhmm(self.start),
                self.number
            ),
        ));
        if self.status == BookingStatus::Booked && !self.reminded {
            item.gsi2 = Some((remind_pk(self.date), self.number.clone()));
        }
        item
    }
}

fn owner_item(contact: &Contact, number: &str) -> Item {
    Item::new(
        crate::tickets::owner_pk(contact),
        format!("A#{number}"),
        serde_json::json!({}),
    )
}

impl Appointments {
    /// Checks the slot asked for: the office offers the service, the date and time are
    /// one of its slots, not past and within the days citizens can book.
    async fn wanted(
        &self,
        office: &helpdesk_shared::appointment::Office,
        date: &str,
        time: &str,
    ) -> Result<Wanted, AppointmentError> {
        let (date, start) = (parse_date(date), parse_hhmm(time));
        let (Some(date), Some(start)) = (date, start) else {
            let mut errors = Vec::new();
            if date.is_none() {
                errors.push(field("date", FieldCode::DateFormat));
            }
            if start.is_none() {
                errors.push(field("time", FieldCode::TimeFormat));
            }
            return Err(AppointmentError::Validation(errors));
        };
        let now = self.clock.now();
        let today = helpdesk_shared::moscow::date(now);
        let last = today + time::Duration::days(helpdesk_shared::appointment::DAYS_AHEAD.into());
        if date < today || date > last {
            return Err(AppointmentError::Validation(vec![field(
                "date",
                FieldCode::SlotUnavailable,
            )]));
        }
        let calendar = self.levels.in_force().await?.calendar.clone();
        let is_slot = office.slots_on(date, &calendar).contains(&start);
        if !is_slot || starts_at(date, start) < now + time::Duration::minutes(LEAD_MINUTES) {
            return Err(AppointmentError::Validation(vec![field(
                "time",
                FieldCode::SlotUnavailable,
            )]));
        }
        Ok(Wanted { date, start })
    }

    /// The slot's counter: its version (0: none yet) and count.
    async fn slot(&self, office: &str, date: Date, start: u16) -> Result<(u64, u32), StoreError> {
        Ok(self
            .store
            .get(&slot_pk(office), &slot_sk(date, start))
            .await?
            .map_or((0, 0), |item| (item.version, count_of(&item))))
    }

    /// Books a slot for a signed-in citizen; the access code is returned once.
    pub async fn book(
        &self,
        contact: &Contact,
        language: Lang,
        req: &NewBooking,
    ) -> Result<(BookingRecord, AccessCode), AppointmentError> {
        let mut errors = Vec::new();
        let catalog = self.catalog().await?;
        let service = catalog.services.iter().find(|s| s.id == req.service);
        if service.is_none() {
            errors.push(field("service", FieldCode::UnknownValue));
        }
        let office = catalog.offices.iter().find(|o| o.id == req.office);
        match &office {
            None => errors.push(field("office", FieldCode::UnknownValue)),
            Some(o) if service.is_some() && !o.offers(&req.service) => {
                errors.push(field("office", FieldCode::UnknownValue))
            }
            Some(_) => {}
        }
        if !req.terms {
            errors.push(field("terms", FieldCode::Required));
        }
        let Some(office) = office.filter(|_| errors.is_empty()) else {
            return Err(AppointmentError::Validation(errors));
        };
        let wanted = self.wanted(office, &req.date, &req.time).await?;
        for _ in 0..TRIES {
            let (version, count) = self.slot(&office.id, wanted.date, wanted.start).await?;
            if count >= u32::from(office.windows) {
                return Err(AppointmentError::Taken);
            }
            let now = self.clock.now();
            let number = TicketNumber::from_random(random_u32());
            let code = AccessCode::from_random(random_u64());
            let salt = new_salt();
            let record = BookingRecord {
                number: number.key(),
                service: req.service.clone(),
                office: office.id.clone(),
                date: wanted.date,
                start: wanted.start,
                minutes: office.slot_minutes,
                status: BookingStatus::Booked,
                contact: contact.as_str().to_owned(),
                language,
                created_at: now,
                updated_at: now,
                reminded: false,
                note: None,
                code_hash: hash_code(&salt, code.canonical()),
                code_salt: salt,
            };
            let event = news(&record, News::Booked, now);
            let writes = vec![
                counter_write(&office.id, wanted.date, wanted.start, version, count + 1),
                Write::put(record.to_item(1), Cond::Absent),
                Write::put(owner_item(contact, &record.number), Cond::Always),
                Write::put(pending_item(&event), Cond::Absent),
            ];
            match self.store.transact(writes).await {
                Ok(()) => {
                    publish_all(self.store.as_ref(), self.bus.as_ref(), &[event]).await;
                    tracing::info!(booking = %record.number, office = %office.id, "appointment booked");
                    return Ok((record, code));
                }
                // Another booking for the slot came first (index 0), or the number was
                // taken (1): read the count again, draw another number.
                Err(StoreError::ConditionFailed { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppointmentError::Busy)
    }

    /// The booking named by number and code.
    pub async fn find(
        &self,
        number: &str,
        code: &str,
    ) -> Result<(BookingRecord, u64), AppointmentError> {
        let (Ok(number), Ok(code)) = (TicketNumber::parse(number), AccessCode::parse(code)) else {
            return Err(AppointmentError::NotFound);
        };
        let found = self.load(&number.key()).await?;
        let Some((record, version)) = found else {
            std::hint::black_box(hash_code("decoy", code.canonical()));
            return Err(AppointmentError::NotFound);
        };
        if !same_secret(
            &hash_code(&record.code_salt, code.canonical()),
            &record.code_hash,
        ) {
            return Err(AppointmentError::NotFound);
        }
        Ok((record, version))
    }

    /// The booking of a signed-in citizen (theirs, or not found).
    pub async fn find_owned(
        &self,
        number: &str,
        contact: &Contact,
    ) -> Result<(BookingRecord, u64), AppointmentError> {
        let number = TicketNumber::parse(number).map_err(|_| AppointmentError::NotFound)?;
        match self.load(&number.key()).await? {
            Some((record, version)) if record.contact == contact.as_str() => Ok((record, version)),
            _ => Err(AppointmentError::NotFound),
        }
    }

    pub(super) async fn load(
        &self,
        number: &str,
    ) -> Result<Option<(BookingRecord, u64)>, StoreError> {
        match self.store.get(&booking_pk(number), SK).await? {
            Some(item) => Ok(Some((item.decode()?, item.version))),
            None => Ok(None),
        }
    }

    /// Cancels a booking still ahead: its place is free at once.
    pub async fn cancel(
        &self,
        mut record: BookingRecord,
        mut version: u64,
    ) -> Result<BookingRecord, AppointmentError> {
        for _ in 0..TRIES {
            if record.status != BookingStatus::Booked || record.starts_at() <= self.clock.now() {
                return Err(AppointmentError::Closed);
            }
            let (slot_version, count) =
                self.slot(&record.office, record.date, record.start).await?;
            let now = self.clock.now();
            let mut cancelled = record.clone();
            cancelled.status = BookingStatus::Cancelled;
            cancelled.updated_at = now;
            let event = news(&cancelled, News::Cancelled, now);
            let writes = vec![
                counter_write(
                    &record.office,
                    record.date,
                    record.start,
                    slot_version,
                    count.saturating_sub(1),
                ),
                Write::put(cancelled.to_item(version + 1), Cond::Version(version)),
                Write::put(pending_item(&event), Cond::Absent),
            ];
            match self.commit(&record.number, writes, event).await? {
                None => {
                    tracing::info!(booking = %record.number, "appointment cancelled");
                    return Ok(cancelled);
                }
                Some(again) => (record, version) = again,
            }
        }
        Err(AppointmentError::Busy)
    }

    /// Moves a booking to another slot of its office, in one transaction: the booking,
    /// the old slot's count down and the new one's up (never two slots, never none).
    pub async fn change(
        &self,
        mut record: BookingRecord,
        mut version: u64,
        to: &SlotChoice,
    ) -> Result<BookingRecord, AppointmentError> {
        let office = match self.office(&record.office).await {
            Err(AppointmentError::NotFound) => return Err(AppointmentError::Closed),
            office => office?,
        };
        let wanted = self.wanted(&office, &to.date, &to.time).await?;
        for _ in 0..TRIES {
            if record.status != BookingStatus::Booked || record.starts_at() <= self.clock.now() {
                return Err(AppointmentError::Closed);
            }
            if (record.date, record.start) == (wanted.date, wanted.start) {
                return Ok(record);
            }
            let (new_version, new_count) = self.slot(&office.id, wanted.date, wanted.start).await?;
            if new_count >= u32::from(office.windows) {
                return Err(AppointmentError::Taken);
            }
            let (old_version, old_count) = self.slot(&office.id, record.date, record.start).await?;
            let now = self.clock.now();
            let mut moved = record.clone();
            (moved.date, moved.start, moved.minutes) =
                (wanted.date, wanted.start, office.slot_minutes);
            moved.updated_at = now;
            moved.reminded = false;
            let event = news(&moved, News::Moved, now);
            let writes = vec![
                counter_write(
                    &office.id,
                    wanted.date,
                    wanted.start,
                    new_version,
                    new_count + 1,
                ),
                counter_write(
                    &office.id,
                    record.date,
                    record.start,
                    old_version,
                    old_count.saturating_sub(1),
                ),
                Write::put(moved.to_item(version + 1), Cond::Version(version)),
                Write::put(pending_item(&event), Cond::Absent),
            ];
            match self.commit(&record.number, writes, event).await? {
                None => {
                    tracing::info!(booking = %record.number, "appointment moved");
                    return Ok(moved);
                }
                Some(again) => (record, version) = again,
            }
        }
        Err(AppointmentError::Busy)
    }

    /// Commits a change of a booking (its writes, conditioned on what was read, and its
    /// event) and publishes the event: `None`. If another change came first, nothing is
    /// written and the booking as it is now comes back, to try again on.
    async fn commit(
        &self,
        number: &str,
        writes: Vec<Write>,
        event: DomainEvent,
    ) -> Result<Option<(BookingRecord, u64)>, AppointmentError> {
        match self.store.transact(writes).await {
            Ok(()) => {
                publish_all(self.store.as_ref(), self.bus.as_ref(), &[event]).await;
                Ok(None)
            }
            Err(StoreError::ConditionFailed { .. }) => match self.load(number).await? {
                Some(again) => Ok(Some(again)),
                None => Err(AppointmentError::NotFound),
            },
            Err(e) => Err(e.into()),
        }
    }

    /// A signed-in citizen's bookings, the latest first.
    pub async fn mine(&self, contact: &Contact) -> Result<Vec<BookingView>, AppointmentError> {
        let mut q = crate::store::Query::new(
            crate::store::Index::Table,
            crate::tickets::owner_pk(contact),
            crate::store::SkRange::Prefix("A#".into()),
        );
        q.limit = 200;
        let page = self.store.query(q).await?;
        let mut all = Vec::new();
        for item in page.items {
            let number = item.sk.trim_start_matches("A#");
            if let Some((record, _)) = self.load(number).await? {
                all.push(record);
            }
        }
        all.sort_by_key(|r| std::cmp::Reverse((r.date, r.start)));
        let catalog = self.catalog().await?;
        Ok(all.iter().map(|r| self.view_in(&catalog, r)).collect())
    }
}

/// The slot's counter set to `count`, on the condition that it is still what was read.
fn counter_write(office: &str, date: Date, start: u16, version: u64, count: u32) -> Write {
    let mut item = Item::new(
        slot_pk(office),
        slot_sk(date, start),
        serde_json::json!({ "count": count }),
    );
    item.version = version + 1;
    let cond = if version == 0 {
        Cond::Absent
    } else {
        Cond::Version(version)
    };
    Write::put(item, cond)
}

pub(super) fn news(record: &BookingRecord, news: News, now: OffsetDateTime) -> DomainEvent {
    DomainEvent {
        id: crate::ids::event_id(now),
        at: now,
        ticket: String::new(),
        kind: EventKind::Appointment {
            number: record.number.clone(),
            news,
        },
    }
}

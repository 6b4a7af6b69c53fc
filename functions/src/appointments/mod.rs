//! Appointments at an office (`helpdesk_shared::appointment`): what is free, booking,
//! changing and cancelling.
//!
//! Items:
//! - a booking: `APPT#<number>` / `META`; in GSI1 under its office's day
//!   (`APPTDAY#<office>#<date>` / `<HH:MM>#<number>`: the staff's day, in order), and
//!   while a reminder is due in GSI2 under its date (`APPTREMIND#<date>` / `<number>`:
//!   the reminder sweep reads tomorrow's and nothing else);
//! - a slot's count of bookings: `SLOT#<office>` / `<date>T<HH:MM>`, `{ "count": n }`.
//!   It is written with a condition on its version (or its absence) in the same
//!   transaction as the booking, so two citizens can never both take a slot's last
//!   place: the one whose write comes second fails its condition, reads the count again
//!   and finds the slot full. An office's month of counts is one query;
//! - the owner's: `CIT#<hash of contact>` / `A#<number>` (as requests' `T#`).
//!
//! A change moves the booking and both counts in one transaction: never two slots, never
//! none. Events (`EventKind::Appointment`) are written with each change and tell the
//! citizen by SMS or e-mail (`notify`).

mod book;
mod catalog;
mod message;
mod office;
mod remind;
mod shipped;

pub use book::News;

use book::parse_date;
pub use message::messages;

use std::sync::Arc;

use helpdesk_shared::Lang;
use helpdesk_shared::appointment::{
    BookingStatus, BookingView, Catalog, DAYS_AHEAD, FreeDay, FreeSlot, FreeSlots, LEAD_MINUTES,
    Office, Service, hhmm,
};
use helpdesk_shared::{FieldError, TicketNumber};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::clock::Clock;
use crate::events::EventBus;
use crate::levels::Levels;
use crate::store::{Index, KvStore, Query, SkRange, StoreError};

#[derive(Debug)]
pub enum AppointmentError {
    Validation(Vec<FieldError>),
    NotFound,
    /// No free place in the slot.
    Taken,
    /// Cancelled, attended or past.
    Closed,
    /// A visit marked before its day.
    NotYet,
    /// Lost too many races for one slot; try again.
    Busy,
    Store(StoreError),
}

impl From<StoreError> for AppointmentError {
    fn from(e: StoreError) -> Self {
        AppointmentError::Store(e)
    }
}

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// A booking as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BookingRecord {
    /// Storage-key form of the number (nine digits).
    pub number: String,
    pub service: String,
    pub office: String,
    #[serde(with = "iso_date")]
    pub date: Date,
    /// Minutes after midnight, Moscow time.
    pub start: u16,
    /// The slot's length when booked.
    pub minutes: u16,
    pub status: BookingStatus,
    /// The signed-in citizen's phone or e-mail: where news of it goes.
    pub contact: String,
    pub language: Lang,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(default)]
    pub reminded: bool,
    /// The office's note (staff only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub code_hash: String,
    pub code_salt: String,
}

pub(crate) const SK: &str = "META";

pub(crate) fn booking_pk(number: &str) -> String {
    format!("APPT#{number}")
}

fn slot_pk(office: &str) -> String {
    format!("SLOT#{office}")
}

fn slot_sk(date: Date, start: u16) -> String {
    format!("{date}T{}", hhmm(start))
}

pub(crate) fn day_pk(office: &str, date: Date) -> String {
    format!("APPTDAY#{office}#{date}")
}

pub(crate) fn remind_pk(date: Date) -> String {
    format!("APPTREMIND#{date}")
}

impl BookingRecord {
    /// When it starts.
    pub fn starts_at(&self) -> OffsetDateTime {
        starts_at(self.date, self.start)
    }

    pub fn display_number(&self) -> String {
        TicketNumber::parse(&self.number)
            .map(|n| n.display())
            .unwrap_or_else(|_| self.number.clone())
    }
}

fn starts_at(date: Date, start: u16) -> OffsetDateTime {
    let time = time::Time::from_hms((start / 60) as u8, (start % 60) as u8, 0)
        .unwrap_or(time::Time::MIDNIGHT);
    date.with_time(time)
        .assume_offset(helpdesk_shared::moscow::OFFSET)
}

/// The appointments service.
pub struct Appointments {
    store: Arc<dyn KvStore>,
    bus: Arc<dyn EventBus>,
    levels: Arc<Levels>,
    clock: Arc<dyn Clock>,
    catalog: catalog::CatalogCache,
}

impl Appointments {
    pub fn new(
        store: Arc<dyn KvStore>,
        bus: Arc<dyn EventBus>,
        levels: Arc<Levels>,
        clock: Arc<dyn Clock>,
    ) -> Appointments {
        Appointments {
            store,
            bus,
            levels,
            clock,
            catalog: catalog::CatalogCache::default(),
        }
    }

    /// An office in force.
    async fn office(&self, id: &str) -> Result<Office, AppointmentError> {
        let catalog = self.catalog().await?;
        let office = catalog.offices.iter().find(|o| o.id == id);
        office.cloned().ok_or(AppointmentError::NotFound)
    }

    /// Today (Moscow) and the next `DAYS_AHEAD` days of an office: open or not, and how
    /// many places are free (slots starting within the lead time excluded).
    pub async fn free_days(&self, office: &str) -> Result<Vec<FreeDay>, AppointmentError> {
        let office = &self.office(office).await?;
        let now = self.clock.now();
        let first = helpdesk_shared::moscow::date(now);
        let last = first + time::Duration::days(DAYS_AHEAD.into());
        let counts = self.counts(&office.id, first, last).await?;
        let calendar = self.levels.in_force().await?.calendar.clone();
        let days = (0..=i64::from(DAYS_AHEAD))
            .map(|offset| {
                let date = first + time::Duration::days(offset);
                let slots = free_slots(office, date, &calendar, &counts, now);
                FreeDay {
                    date,
                    open: office.hours_on(date, &calendar).is_some(),
                    free: slots.iter().map(|s| u32::from(s.free)).sum(),
                }
            })
            .collect();
        Ok(days)
    }

    /// An office's slots on a date with their free places.
    pub async fn free_slots(
        &self,
        office: &str,
        date: Date,
    ) -> Result<FreeSlots, AppointmentError> {
        let office = &self.office(office).await?;
        let counts = self.counts(&office.id, date, date).await?;
        let calendar = self.levels.in_force().await?.calendar.clone();
        let slots = free_slots(office, date, &calendar, &counts, self.clock.now());
        Ok(FreeSlots { date, slots })
    }

    /// The bookings counted per slot between two dates (inclusive): (sort key, count).
    async fn counts(
        &self,
        office: &str,
        first: Date,
        last: Date,
    ) -> Result<Vec<(String, u32)>, StoreError> {
        let mut q = Query::new(
            Index::Table,
            slot_pk(office),
            SkRange::Between(format!("{first}T"), format!("{last}T~")),
        );
        q.limit = 1000;
        let mut counts = Vec::new();
        loop {
            let page = self.store.query(q.clone()).await?;
            for item in &page.items {
                counts.push((item.sk.clone(), count_of(item)));
            }
            match page.cursor {
                Some(c) => q.cursor = Some(c),
                None => return Ok(counts),
            }
        }
    }

    /// The booking as its citizen sees it.
    pub async fn view(&self, record: &BookingRecord) -> Result<BookingView, AppointmentError> {
        Ok(self.view_in(&*self.catalog().await?, record))
    }

    /// The booking as its citizen sees it, named from this catalog.
    fn view_in(&self, catalog: &Catalog, record: &BookingRecord) -> BookingView {
        let service = catalog
            .services
            .iter()
            .find(|s| s.id == record.service)
            .cloned()
            .unwrap_or_else(|| Service {
                id: record.service.clone(),
                name: helpdesk_shared::appointment::Texts::new(&record.service, &record.service),
                bring: helpdesk_shared::appointment::Texts::new("", ""),
            });
        // One no longer offered: named by its id.
        let office = catalog
            .offices
            .iter()
            .find(|o| o.id == record.office)
            .cloned()
            .unwrap_or_else(|| Office {
                id: record.office.clone(),
                name: helpdesk_shared::appointment::Texts::new(&record.office, &record.office),
                address: helpdesk_shared::appointment::Texts::new("", ""),
                accessibility: helpdesk_shared::appointment::Texts::new("", ""),
                hours: [None; 7],
                exceptions: Vec::new(),
                slot_minutes: record.minutes,
                windows: 0,
                services: Vec::new(),
            });
        BookingView {
            number: record.display_number(),
            status: record.status,
            service,
            office,
            date: record.date,
            time: hhmm(record.start),
            minutes: record.minutes,
            can_change: record.status == BookingStatus::Booked
                && record.starts_at() > self.clock.now(),
        }
    }
}

/// A slot counter's count (0 if unreadable: the item is only ever written by this module).
fn count_of(item: &crate::store::Item) -> u32 {
    #[derive(Deserialize)]
    struct Count {
        count: u32,
    }
    item.decode::<Count>().map(|c| c.count).unwrap_or(0)
}

/// The slots of a date with their free places, without those starting within the lead
/// time from `now`.
fn free_slots(
    office: &Office,
    date: Date,
    calendar: &helpdesk_shared::calendar::Calendar,
    counts: &[(String, u32)],
    now: OffsetDateTime,
) -> Vec<FreeSlot> {
    let earliest = now + time::Duration::minutes(LEAD_MINUTES);
    office
        .slots_on(date, calendar)
        .into_iter()
        .filter(|start| starts_at(date, *start) >= earliest)
        .map(|start| {
            let sk = slot_sk(date, start);
            let taken = counts.iter().find(|(k, _)| *k == sk).map_or(0, |(_, n)| *n);
            FreeSlot {
                time: hhmm(start),
                free: office
                    .windows
                    .saturating_sub(taken.min(u16::MAX.into()) as u16),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_catalog;

//! The services and offices in force: as shipped (`shipped.rs`) until an admin first
//! saves one, then the whole catalog as one item (`APPT#CATALOG` / `CURRENT`). Every edit
//! is one transaction with its audit entry, conditioned on the item's version (two admins
//! saving at once: both land, one after the other). Readers take a per-process copy at
//! most `FRESH` old; the process that saved sees its change at once.
//!
//! An edit never touches bookings: those ahead that the office's new hours, services or
//! windows leave out are listed (`unplaced`) for the staff to contact, and marked on the
//! office's day, and they stay booked until the citizen or the staff cancel them.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use helpdesk_shared::appointment::{Catalog, DAYS_AHEAD, Office, Service};
use helpdesk_shared::appointment_edit::{OFFICES_MAX, OfficeSaved, SERVICES_MAX, Unfit, Unplaced};
use helpdesk_shared::workspace::{AuditAction, AuditEntry};
use helpdesk_shared::{FieldCode, FieldError};

use super::{AppointmentError, Appointments, BookingRecord, shipped};
use crate::store::{Cond, Item, KvStore, StoreError, Write};

const PK: &str = "APPT#CATALOG";
const SK: &str = "CURRENT";
/// How old a process's copy of the catalog may be.
const FRESH: Duration = Duration::from_secs(30);
/// Tries of an edit that meets a concurrent one.
const TRIES: usize = 5;

/// A process's copy of the catalog and when it was read.
#[derive(Default)]
pub(super) struct CatalogCache(Mutex<Option<(Instant, Arc<Catalog>)>>);

/// The catalog in the store (the shipped one if never edited) and its version.
pub(super) async fn read(store: &dyn KvStore) -> Result<(Catalog, Option<u64>), StoreError> {
    match store.get(PK, SK).await? {
        Some(item) => Ok((item.decode()?, Some(item.version))),
        None => Ok((shipped::catalog().clone(), None)),
    }
}

impl Appointments {
    /// The services and offices citizens choose from, read at most every `FRESH`.
    pub async fn catalog(&self) -> Result<Arc<Catalog>, StoreError> {
        let cached = self.catalog.0.lock().map(|c| c.clone()).unwrap_or_default();
        if let Some((at, c)) = cached
            && at.elapsed() < FRESH
        {
            return Ok(c);
        }
        let (catalog, _) = read(self.store.as_ref()).await?;
        Ok(self.keep(catalog))
    }

    fn keep(&self, catalog: Catalog) -> Arc<Catalog> {
        let c = Arc::new(catalog);
        if let Ok(mut cache) = self.catalog.0.lock() {
            *cache = Some((Instant::now(), c.clone()));
        }
        c
    }

    /// Adds or changes an office (admins), with its audit entry; answers the catalog now
    /// in force and the bookings ahead that no longer fit the office.
    pub async fn save_office(
        &self,
        office: &Office,
        audit: impl Fn(String) -> AuditEntry,
    ) -> Result<OfficeSaved, AppointmentError> {
        let (current, _) = read(self.store.as_ref()).await?;
        let office = office
            .parse(&current.services)
            .map_err(AppointmentError::Validation)?;
        let detail = format!(
            "office {}: {} windows, {}-minute visits, {} exceptions, services {}",
            office.id,
            office.windows,
            office.slot_minutes,
            office.exceptions.len(),
            office.services.join(","),
        );
        let id = office.id.clone();
        let catalog = self
            .edit(audit(detail), move |c| {
                if c.offices.len() >= OFFICES_MAX && !c.offices.iter().any(|o| o.id == office.id) {
                    return Err(too_many("office_id", OFFICES_MAX));
                }
                if office
                    .services
                    .iter()
                    .any(|s| !c.services.iter().any(|k| k.id == *s))
                {
                    return Err(AppointmentError::Validation(vec![FieldError::new(
                        "services",
                        FieldCode::UnknownValue,
                    )]));
                }
                c.put_office(office.clone());
                Ok(())
            })
            .await?;
        let unplaced = self.unplaced(&id).await?;
        if !unplaced.is_empty() {
            tracing::warn!(office = %id, bookings = unplaced.len(), "office changed: bookings ahead outside its hours");
        }
        Ok(OfficeSaved {
            catalog: (*catalog).clone(),
            unplaced,
        })
    }

    /// Adds or renames a service (admins), with its audit entry.
    pub async fn save_service(
        &self,
        service: &Service,
        audit: impl Fn(String) -> AuditEntry,
    ) -> Result<Arc<Catalog>, AppointmentError> {
        let service = service.parse().map_err(AppointmentError::Validation)?;
        let detail = format!("service {}", service.id);
        self.edit(audit(detail), move |c| {
            if c.services.len() >= SERVICES_MAX && !c.services.iter().any(|s| s.id == service.id) {
                return Err(too_many("service_id", SERVICES_MAX));
            }
            c.put_service(service.clone());
            Ok(())
        })
        .await
    }

    async fn edit(
        &self,
        audit: AuditEntry,
        change: impl Fn(&mut Catalog) -> Result<(), AppointmentError>,
    ) -> Result<Arc<Catalog>, AppointmentError> {
        let audit = AuditEntry {
            action: AuditAction::Appointment,
            ..audit
        };
        for _ in 0..TRIES {
            let (mut catalog, version) = read(self.store.as_ref()).await?;
            change(&mut catalog)?;
            let mut item = Item::of(PK, SK, &catalog);
            let cond = match version {
                Some(v) => {
                    item.version = v + 1;
                    Cond::Version(v)
                }
                None => Cond::Absent,
            };
            let writes = vec![Write::put(item, cond), crate::audit::append(&audit)];
            match self.store.transact(writes).await {
                Ok(()) => {
                    tracing::info!(detail = %audit.detail, "appointments catalog changed");
                    return Ok(self.keep(catalog));
                }
                Err(StoreError::ConditionFailed { index: 0 }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppointmentError::Busy)
    }

    /// The office's bookings from now to the end of the booking horizon that its hours,
    /// services or windows no longer hold, by date and time. Reads the month's slot
    /// counts, then only the days that have bookings.
    pub async fn unplaced(&self, office_id: &str) -> Result<Vec<Unplaced>, AppointmentError> {
        let catalog = self.catalog().await?;
        let office = catalog
            .offices
            .iter()
            .find(|o| o.id == office_id)
            .ok_or(AppointmentError::NotFound)?;
        let now = self.clock.now();
        let first = helpdesk_shared::moscow::date(now);
        // A booking made on the horizon's last day may be a day further by Moscow date.
        let last = first + time::Duration::days(i64::from(DAYS_AHEAD) + 1);
        let mut days: Vec<time::Date> = Vec::new();
        for (sk, count) in self.counts(office_id, first, last).await? {
            let date = sk.split_once('T').and_then(|(d, _)| super::parse_date(d));
            if let Some(date) = date.filter(|d| count > 0 && !days.contains(d)) {
                days.push(date);
            }
        }
        let calendar = self.levels.in_force().await?.calendar.clone();
        let mut unplaced = Vec::new();
        for date in days {
            let records = self.day_records(office_id, date).await?;
            let fits = unfit(office, &calendar, &records);
            for (r, why) in records.iter().zip(fits) {
                if let Some(why) = why.filter(|_| r.starts_at() > now) {
                    unplaced.push(Unplaced {
                        date,
                        booking: self.staff_view(&catalog, r, Some(why)),
                        why,
                    });
                }
            }
        }
        Ok(unplaced)
    }
}

fn too_many(field: &str, max: usize) -> AppointmentError {
    AppointmentError::Validation(vec![FieldError::with_limit(
        field,
        FieldCode::TooManyItems,
        max as u32,
    )])
}

/// Why each of a day's bookings (one office, one date) does not fit the office as it is
/// now; `None` for those that fit and for those no longer booked. Of a slot's bookings
/// beyond its windows, the latest booked are the ones out.
pub(super) fn unfit(
    office: &Office,
    calendar: &helpdesk_shared::calendar::Calendar,
    day: &[BookingRecord],
) -> Vec<Option<Unfit>> {
    let Some(date) = day.first().map(|r| r.date) else {
        return Vec::new();
    };
    let slots = office.slots_on(date, calendar);
    day.iter()
        .map(|r| {
            if r.status != helpdesk_shared::appointment::BookingStatus::Booked {
                return None;
            }
            if !slots.contains(&r.start) {
                return Some(Unfit::Closed);
            }
            if !office.offers(&r.service) {
                return Some(Unfit::NoService);
            }
            let before = day
                .iter()
                .filter(|o| {
                    o.start == r.start
                        && o.status == helpdesk_shared::appointment::BookingStatus::Booked
                        && slots.contains(&o.start)
                        && office.offers(&o.service)
                        && (o.created_at, &o.number) < (r.created_at, &r.number)
                })
                .count();
            (before >= usize::from(office.windows)).then_some(Unfit::OverCapacity)
        })
        .collect()
}

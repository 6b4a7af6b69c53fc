//! The office's side: a day's bookings in order of time, and marking who came.

use helpdesk_shared::appointment::{
    BookingMark, BookingStatus, Catalog, DayList, NOTE_MAX, StaffBooking, Texts, hhmm,
};
use helpdesk_shared::appointment_edit::Unfit;
use helpdesk_shared::workspace::{AuditAction, AuditEntry};
use helpdesk_shared::{FieldCode, FieldError, TicketNumber};
use time::Date;

use super::{AppointmentError, Appointments, BookingRecord, day_pk};
use crate::store::{Cond, Index, Query, SkRange, StoreError, Write};

/// Most bookings one office has in a day (windows × slots: 20 × 48 is far above any).
const DAY_MAX: usize = 1000;

impl Appointments {
    /// An office's bookings of a date, by time (cancelled ones included, marked so).
    /// Bookings no longer fitting the office's hours, services or windows are marked
    /// (`unfit`), for the staff to contact.
    pub async fn office_day(&self, office: &str, date: Date) -> Result<DayList, AppointmentError> {
        let catalog = self.catalog().await?;
        let office = catalog
            .offices
            .iter()
            .find(|o| o.id == office)
            .ok_or(AppointmentError::NotFound)?;
        let records = self.day_records(&office.id, date).await?;
        let calendar = self.levels.in_force().await?.calendar.clone();
        let fits = super::catalog::unfit(office, &calendar, &records);
        let bookings = records
            .iter()
            .zip(fits)
            .map(|(r, why)| self.staff_view(&catalog, r, why))
            .collect();
        Ok(DayList {
            office: office.id.clone(),
            date,
            bookings,
        })
    }

    /// An office's bookings of a date (cancelled ones too), by time.
    pub(super) async fn day_records(
        &self,
        office: &str,
        date: Date,
    ) -> Result<Vec<BookingRecord>, AppointmentError> {
        let mut q = Query::new(Index::Gsi1, day_pk(office, date), SkRange::All);
        q.limit = DAY_MAX;
        let page = self.store.query(q).await?;
        let mut records = Vec::with_capacity(page.items.len());
        for item in page.items {
            records.push(item.decode()?);
        }
        Ok(records)
    }

    /// A booking as the office sees it now (whether it still fits the office read from
    /// its day).
    pub async fn staff_view_now(
        &self,
        r: &BookingRecord,
    ) -> Result<StaffBooking, AppointmentError> {
        let catalog = self.catalog().await?;
        let mut unfit = None;
        let office = catalog.offices.iter().find(|o| o.id == r.office);
        if let Some(office) = office.filter(|_| r.status == BookingStatus::Booked) {
            let day = self.day_records(&r.office, r.date).await?;
            let calendar = self.levels.in_force().await?.calendar.clone();
            let fits = super::catalog::unfit(office, &calendar, &day);
            unfit = day
                .iter()
                .zip(fits)
                .find(|(d, _)| d.number == r.number)
                .and_then(|(_, why)| why);
        }
        Ok(self.staff_view(&catalog, r, unfit))
    }

    /// A booking as the office sees it (the service named from this catalog).
    pub fn staff_view(
        &self,
        catalog: &Catalog,
        r: &BookingRecord,
        unfit: Option<Unfit>,
    ) -> StaffBooking {
        StaffBooking {
            number: r.display_number(),
            time: hhmm(r.start),
            minutes: r.minutes,
            service: catalog
                .services
                .iter()
                .find(|s| s.id == r.service)
                .map_or_else(|| Texts::new(&r.service, &r.service), |s| s.name.clone()),
            status: r.status,
            contact: r.contact.clone(),
            note: r.note.clone().unwrap_or_default(),
            unfit,
        }
    }

    /// Marks a booking on its day or after: came, did not, or back to booked (a mistake);
    /// with the note. One transaction with its audit entry, on the booking's version.
    pub async fn mark(
        &self,
        number: &str,
        mark: &BookingMark,
        audit: impl Fn(String) -> AuditEntry,
    ) -> Result<BookingRecord, AppointmentError> {
        let note = mark.note.trim();
        if note.chars().count() > NOTE_MAX {
            return Err(AppointmentError::Validation(vec![FieldError::with_limit(
                "note",
                FieldCode::TooLong,
                NOTE_MAX as u32,
            )]));
        }
        if note.chars().any(|c| c.is_control() && c != '\n') {
            return Err(AppointmentError::Validation(vec![FieldError::new(
                "note",
                FieldCode::ForbiddenChars,
            )]));
        }
        if mark.status == BookingStatus::Cancelled {
            return Err(AppointmentError::Validation(vec![FieldError::new(
                "status",
                FieldCode::UnknownValue,
            )]));
        }
        let number = TicketNumber::parse(number).map_err(|_| AppointmentError::NotFound)?;
        for _ in 0..5 {
            let Some((record, version)) = self.load(&number.key()).await? else {
                return Err(AppointmentError::NotFound);
            };
            let today = helpdesk_shared::moscow::date(self.clock.now());
            if record.status == BookingStatus::Cancelled {
                return Err(AppointmentError::Closed);
            }
            if record.date > today && mark.status != BookingStatus::Booked {
                return Err(AppointmentError::NotYet);
            }
            let mut marked = record.clone();
            marked.status = mark.status;
            marked.note = Some(note.to_owned()).filter(|n| !n.is_empty());
            marked.updated_at = self.clock.now();
            let entry = audit(format!(
                "{} {}",
                marked.display_number(),
                mark.status.code()
            ));
            let writes = vec![
                Write::put(marked.to_item(version + 1), Cond::Version(version)),
                crate::audit::append(&AuditEntry {
                    action: AuditAction::Appointment,
                    ..entry
                }),
            ];
            match self.store.transact(writes).await {
                Ok(()) => {
                    tracing::info!(booking = %marked.number, status = mark.status.code(), "appointment marked");
                    return Ok(marked);
                }
                Err(StoreError::ConditionFailed { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppointmentError::Busy)
    }
}

//! The reminder the day before a visit, sent by the sweep.

use helpdesk_shared::appointment::BookingStatus;
use helpdesk_shared::auth::Contact;
use time::OffsetDateTime;

use super::book::{News, news};
use super::{AppointmentError, Appointments, BookingRecord, remind_pk};
use crate::events::{pending_item, publish_all};
use crate::store::{Cond, StoreError, Write};

/// The hour (Moscow) from which the day before's reminders go.
pub const REMIND_FROM_HOUR: u8 = 10;
/// Bookings reminded per run at most (the next run takes the rest).
const REMIND_MAX: usize = 500;

impl Appointments {
    /// Tomorrow's bookings not yet reminded, from 10:00 Moscow time today: each is told
    /// once (the reminder is marked in the same transaction as its event, conditioned on
    /// the booking's version, so two sweeps at once send it once). One made or moved
    /// after that hour is marked without a message: its confirmation was just sent. A
    /// text message waits while the citizen's quiet hours last (it goes on the first
    /// sweep after them, if that is still the day before). Reads the reminder index of
    /// tomorrow only. Returns how many were sent.
    pub async fn remind_due(&self) -> Result<usize, AppointmentError> {
        let now = self.clock.now();
        let local = now.to_offset(helpdesk_shared::moscow::OFFSET);
        if local.hour() < REMIND_FROM_HOUR {
            return Ok(0);
        }
        let from = local.replace_time(
            time::Time::from_hms(REMIND_FROM_HOUR, 0, 0).unwrap_or(time::Time::MIDNIGHT),
        );
        let tomorrow = local.date() + time::Duration::days(1);
        let mut q = crate::store::Query::new(
            crate::store::Index::Gsi2,
            remind_pk(tomorrow),
            crate::store::SkRange::All,
        );
        q.limit = REMIND_MAX;
        let page = self.store.query(q).await?;
        let mut sent = 0;
        for item in page.items {
            let version = item.version;
            let mut record: BookingRecord = item.decode()?;
            if record.status != BookingStatus::Booked || record.reminded {
                continue;
            }
            let quiet = record.updated_at >= from;
            // An SMS waits while the citizen's quiet hours last; a later sweep sends it.
            if !quiet && self.in_quiet_hours(&record, now).await? {
                continue;
            }
            record.reminded = true;
            let mut writes = vec![Write::put(
                record.to_item(version + 1),
                Cond::Version(version),
            )];
            let event = news(&record, News::Reminder, now);
            if !quiet {
                writes.push(Write::put(pending_item(&event), Cond::Absent));
            }
            match self.store.transact(writes).await {
                Ok(()) if quiet => {}
                Ok(()) => {
                    publish_all(self.store.as_ref(), self.bus.as_ref(), &[event]).await;
                    sent += 1;
                }
                // Changed or reminded by another run meanwhile.
                Err(StoreError::ConditionFailed { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        if sent > 0 {
            tracing::info!(sent, "appointment reminders sent");
        }
        Ok(sent)
    }

    /// Whether a text message to the booking's contact falls in the citizen's quiet
    /// hours now (their notification settings; an e-mail does not disturb).
    async fn in_quiet_hours(
        &self,
        r: &BookingRecord,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let Ok(contact) = Contact::parse(&r.contact) else {
            return Ok(false);
        };
        if r.contact.contains('@') {
            return Ok(false);
        }
        let prefs = crate::notify::citizen_prefs(self.store.as_ref(), &contact, r.language).await?;
        Ok(prefs.quiet_end(now).is_some())
    }
}

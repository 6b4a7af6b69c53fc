//! Appointments at an office: services, offices with their hours, and free slots.
//!
//! Slots are not stored ahead: an office's day is its hours (its weekday's, or the
//! business calendar's kind of day, or an exception for the date) cut into slots of its
//! length from opening (a last slot that would end after closing is not offered), each
//! with as many places as the office has windows. What is free is that minus the
//! bookings, which the server counts per slot. Times are Moscow time.

use serde::{Deserialize, Serialize};
use time::{Date, Weekday};

use crate::calendar::{Calendar, SpecialKind};
use crate::lang::Lang;

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// How far ahead citizens book: today and the next 30 days.
pub const DAYS_AHEAD: u16 = 30;
/// The earliest a slot can be booked: this many minutes from now.
pub const LEAD_MINUTES: i64 = 60;

/// A text in both interface languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Texts {
    pub ru: String,
    pub en: String,
}

impl Texts {
    pub fn new(ru: &str, en: &str) -> Texts {
        Texts {
            ru: ru.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }
}

/// What a citizen can come to an office for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    /// A short ASCII id (`account`).
    pub id: String,
    pub name: Texts,
    /// What to bring, one item per line.
    pub bring: Texts,
}

/// An office's opening hours on one day, minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayHours {
    pub opens: u16,
    pub closes: u16,
}

impl DayHours {
    pub const fn new(opens: u16, closes: u16) -> DayHours {
        DayHours { opens, closes }
    }
}

/// A date whose hours are not the usual ones (`hours: null`: closed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeDay {
    #[serde(with = "iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-31"))]
    pub date: Date,
    pub hours: Option<DayHours>,
}

/// An office citizens come to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Office {
    /// A short ASCII id (`tverskaya`).
    pub id: String,
    pub name: Texts,
    pub address: Texts,
    /// Step-free access, a hearing loop and the like.
    pub accessibility: Texts,
    /// Monday to Sunday (`null`: closed that weekday). Public holidays and days off by
    /// transfer keep Sunday's hours, a Saturday made a working day Monday's, and the
    /// day before a holiday closes an hour earlier (the business calendar).
    pub hours: [Option<DayHours>; 7],
    /// Dates with other hours, sorted.
    #[serde(default)]
    pub exceptions: Vec<OfficeDay>,
    /// One slot's length in minutes.
    pub slot_minutes: u16,
    /// Windows serving at once: the places in each slot.
    pub windows: u16,
    /// The services (ids) it offers.
    pub services: Vec<String>,
}

impl Office {
    /// The hours on a date, if open.
    pub fn hours_on(&self, date: Date, calendar: &Calendar) -> Option<DayHours> {
        if let Some(day) = self.exceptions.iter().find(|d| d.date == date) {
            return day.hours;
        }
        let of = |weekday: Weekday| self.hours[weekday.number_days_from_monday() as usize];
        match calendar.special(date) {
            Some(SpecialKind::Holiday | SpecialKind::DayOff) => of(Weekday::Sunday),
            Some(SpecialKind::Working) => of(Weekday::Monday),
            Some(SpecialKind::Short) => of(date.weekday()).map(|h| DayHours {
                closes: h.closes.saturating_sub(60).max(h.opens),
                ..h
            }),
            None => of(date.weekday()),
        }
    }

    /// The slots' starting times on a date (minutes after midnight), in order.
    pub fn slots_on(&self, date: Date, calendar: &Calendar) -> Vec<u16> {
        let Some(hours) = self.hours_on(date, calendar) else {
            return Vec::new();
        };
        let step = self.slot_minutes.max(1);
        (0..)
            .map(|i: u16| hours.opens.saturating_add(i.saturating_mul(step)))
            .take_while(|start| start.saturating_add(step) <= hours.closes)
            .take(24 * 60)
            .collect()
    }

    pub fn offers(&self, service: &str) -> bool {
        self.services.iter().any(|s| s == service)
    }
}

/// `HH:MM` of minutes after midnight.
pub fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Minutes after midnight of `HH:MM` (00:00–23:59).
pub fn parse_hhmm(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// What can be booked: the services and the offices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub services: Vec<Service>,
    pub offices: Vec<Office>,
}

/// One day of an office for a citizen choosing: how many places are free.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreeDay {
    #[serde(with = "iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-07"))]
    pub date: Date,
    /// Open that day at all (a closed day has no slots, a full one has no free place).
    pub open: bool,
    pub free: u32,
}

/// One slot of a day: its start (`HH:MM`, Moscow time) and its free places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreeSlot {
    pub time: String,
    pub free: u16,
}

/// A day's slots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreeSlots {
    #[serde(with = "iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-07"))]
    pub date: Date,
    pub slots: Vec<FreeSlot>,
}

/// A booking asked for (signed in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewBooking {
    pub service: String,
    pub office: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`, Moscow time.
    pub time: String,
    /// The terms of service accepted.
    pub terms: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Booked,
    Cancelled,
    /// The citizen came (the office's check-in).
    Attended,
    NoShow,
}

impl BookingStatus {
    /// Its name in the API (for logs and the audit trail).
    pub fn code(self) -> &'static str {
        match self {
            BookingStatus::Booked => "booked",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::Attended => "attended",
            BookingStatus::NoShow => "no_show",
        }
    }
}

/// A booking as its citizen sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingView {
    /// `123-456-789`.
    pub number: String,
    pub status: BookingStatus,
    pub service: Service,
    pub office: Office,
    #[serde(with = "iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-07"))]
    pub date: Date,
    /// `HH:MM`, Moscow time.
    pub time: String,
    pub minutes: u16,
    /// Still ahead and booked: can be changed or cancelled.
    pub can_change: bool,
}

/// A new booking: the access code is shown once, here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booked {
    pub booking: BookingView,
    pub access_code: String,
}

/// A booking named by its number and code (no session needed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingKey {
    pub number: String,
    pub access_code: String,
}

/// Another slot of the same office for a booking (`YYYY-MM-DD`, `HH:MM` Moscow time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotChoice {
    pub date: String,
    pub time: String,
}

/// Moving a booking named by number and code to another slot of its office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingMove {
    pub number: String,
    pub access_code: String,
    pub date: String,
    pub time: String,
}

/// The longest note staff keep on a booking.
pub const NOTE_MAX: usize = 500;

/// A booking as the office's staff see it on its day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffBooking {
    /// `123-456-789`.
    pub number: String,
    /// `HH:MM`, Moscow time.
    pub time: String,
    pub minutes: u16,
    pub service: Texts,
    pub status: BookingStatus,
    /// The citizen's phone or e-mail, to reach them.
    pub contact: String,
    #[serde(default)]
    pub note: String,
    /// Booked, but the office's hours, services or windows changed since and no longer
    /// hold it: the staff contact the citizen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unfit: Option<crate::appointment_edit::Unfit>,
}

/// An office's bookings of one day, by time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayList {
    pub office: String,
    #[serde(with = "iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-07"))]
    pub date: Date,
    pub bookings: Vec<StaffBooking>,
}

/// The office's mark on a booking: came (`attended`), did not (`no_show`), or back to
/// `booked` (a mark made by mistake); with a note for colleagues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingMark {
    pub status: BookingStatus,
    #[serde(default)]
    pub note: String,
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::calendar::SpecialDay;

    fn office(slot: u16) -> Office {
        let weekday = Some(DayHours::new(9 * 60, 18 * 60));
        Office {
            id: "o".into(),
            name: Texts::new("О", "O"),
            address: Texts::new("А", "A"),
            accessibility: Texts::new("", ""),
            hours: [
                weekday,
                weekday,
                weekday,
                weekday,
                weekday,
                Some(DayHours::new(10 * 60, 14 * 60)),
                None,
            ],
            exceptions: vec![OfficeDay {
                date: date!(2026 - 12 - 08),
                hours: Some(DayHours::new(12 * 60, 13 * 60)),
            }],
            slot_minutes: slot,
            windows: 2,
            services: vec!["account".into()],
        }
    }

    #[test]
    fn a_day_is_cut_into_whole_slots_from_opening() {
        let cal = Calendar::new(Vec::new());
        // Monday 2026-12-07, 09:00–18:00 in 20-minute slots: 27, the last at 17:40.
        let slots = office(20).slots_on(date!(2026 - 12 - 07), &cal);
        assert_eq!(slots.len(), 27);
        assert_eq!((slots[0], *slots.last().expect("slots")), (540, 1060));
        // 25 minutes do not divide nine hours: 21 slots, the last 17:45–18:10 is not offered.
        let slots = office(25).slots_on(date!(2026 - 12 - 07), &cal);
        assert_eq!(slots.len(), 21);
        assert_eq!(hhmm(*slots.last().expect("slots")), "17:20");
        // Saturday's own hours, Sunday closed, an exception for a Tuesday.
        assert_eq!(office(60).slots_on(date!(2026 - 12 - 12), &cal).len(), 4);
        assert!(office(60).slots_on(date!(2026 - 12 - 13), &cal).is_empty());
        assert_eq!(office(30).slots_on(date!(2026 - 12 - 08), &cal), [720, 750]);
        // A slot longer than the day: none.
        assert!(office(600).slots_on(date!(2026 - 12 - 07), &cal).is_empty());
    }

    #[test]
    fn the_business_calendar_moves_hours() {
        let cal = Calendar::new(vec![
            SpecialDay {
                date: date!(2026 - 12 - 31),
                kind: SpecialKind::Holiday,
            },
            SpecialDay {
                date: date!(2026 - 12 - 30),
                kind: SpecialKind::Short,
            },
            SpecialDay {
                date: date!(2026 - 12 - 27),
                kind: SpecialKind::Working,
            },
        ]);
        let o = office(60);
        // A holiday keeps Sunday's hours (closed here), a short day closes an hour
        // early, a Sunday made a working day has Monday's hours.
        assert_eq!(o.hours_on(date!(2026 - 12 - 31), &cal), None);
        assert_eq!(
            o.hours_on(date!(2026 - 12 - 30), &cal),
            Some(DayHours::new(540, 1020))
        );
        assert_eq!(o.slots_on(date!(2026 - 12 - 27), &cal).len(), 9);
    }

    #[test]
    fn a_status_code_is_its_name_in_the_api() {
        for s in [
            BookingStatus::Booked,
            BookingStatus::Cancelled,
            BookingStatus::Attended,
            BookingStatus::NoShow,
        ] {
            assert_eq!(serde_json::to_value(s).ok(), Some(s.code().into()));
        }
    }

    #[test]
    fn times_are_two_digit_hours_and_minutes() {
        assert_eq!(parse_hhmm("09:30"), Some(570));
        assert_eq!(hhmm(570), "09:30");
        for bad in ["9:30", "24:00", "12:60", "12-30", "", "ab:cd", "12:3"] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
    }
}

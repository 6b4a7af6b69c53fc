//! The business calendar in Moscow time: the operators' hours of the contacts page
//! (`contacts::OPERATOR_HOURS`), public holidays and the government's transfers of
//! working days, and time counted in working time (only the operators' hours count).
//!
//! Every day has hours (the seeds: "Воскресенье и официальные праздники: 10:00 - 16:00"):
//! a weekday 08:00–20:00, a pre-holiday short day an hour less, Saturday 09:00–17:00,
//! Sunday, a public holiday or a day off by transfer 10:00–16:00, and a Saturday made a
//! working day by transfer works a weekday's hours. The shipped years are data
//! (`shipped()`); the service keeps an edited copy (admins change it on their page).

use serde::{Deserialize, Serialize};
use time::macros::date;
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};

use crate::contacts::OPERATOR_HOURS;
use crate::moscow::OFFSET;

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// What a date is, where it is not what its weekday says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SpecialKind {
    /// A public holiday (Labour Code, art. 112): Sunday's hours.
    Holiday,
    /// A day off by the government's transfer or a holiday moved off a weekend:
    /// Sunday's hours.
    DayOff,
    /// A weekend day made a working day by transfer: a weekday's hours.
    Working,
    /// The working day before a holiday, an hour shorter.
    Short,
}

impl SpecialKind {
    pub const ALL: [SpecialKind; 4] = [
        SpecialKind::Holiday,
        SpecialKind::DayOff,
        SpecialKind::Working,
        SpecialKind::Short,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SpecialKind::Holiday => "holiday",
            SpecialKind::DayOff => "day_off",
            SpecialKind::Working => "working",
            SpecialKind::Short => "short",
        }
    }
}

/// A date that is not what its weekday says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpecialDay {
    /// `YYYY-MM-DD`.
    #[serde(with = "iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-01-09"))]
    pub date: Date,
    pub kind: SpecialKind,
}

/// The calendar: its special dates, sorted, one entry per date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Calendar {
    pub days: Vec<SpecialDay>,
}

/// Operators' hours on one date: `HH:MM` strings as the contacts page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub opens: &'static str,
    pub closes: &'static str,
}

impl Hours {
    /// Minutes after midnight: (opens, closes).
    pub fn minutes(self) -> (u32, u32) {
        (minutes(self.opens), minutes(self.closes))
    }
}

/// `"08:00"` as minutes since midnight.
pub fn minutes(hhmm: &str) -> u32 {
    let (h, m) = hhmm.split_once(':').unwrap_or(("0", "0"));
    h.parse::<u32>().unwrap_or(0) * 60 + m.parse::<u32>().unwrap_or(0)
}

/// The contacts page's hours of an ISO weekday (1 = Monday).
fn weekday_hours(weekday: u8) -> Hours {
    OPERATOR_HOURS
        .iter()
        .find(|(first, last, _, _)| (*first..=*last).contains(&weekday))
        .map(|(_, _, opens, closes)| Hours { opens, closes })
        .unwrap_or(Hours {
            opens: "00:00",
            closes: "00:00",
        })
}

/// A weekday's closing hour less one: the pre-holiday short day.
const SHORT_CLOSES: &str = "19:00";

/// The longest run of days without operators' hours the arithmetic walks (every day has
/// hours, so this only bounds a broken calendar).
const DAYS_MAX: u32 = 3660;

impl Calendar {
    /// A calendar of these special days (sorted; the last entry for a date wins).
    pub fn new(mut days: Vec<SpecialDay>) -> Calendar {
        days.reverse();
        days.sort_by_key(|d| d.date);
        days.dedup_by_key(|d| d.date);
        Calendar { days }
    }

    /// What the date is, if special.
    pub fn special(&self, date: Date) -> Option<SpecialKind> {
        self.days
            .binary_search_by_key(&date, |d| d.date)
            .ok()
            .map(|i| self.days[i].kind)
    }

    /// The operators' hours on a Moscow date.
    pub fn hours(&self, date: Date) -> Hours {
        let weekday = date.weekday().number_from_monday();
        match self.special(date) {
            Some(SpecialKind::Holiday | SpecialKind::DayOff) => weekday_hours(7),
            Some(SpecialKind::Working) => weekday_hours(1),
            Some(SpecialKind::Short) => Hours {
                closes: SHORT_CLOSES,
                ..weekday_hours(1)
            },
            None => weekday_hours(weekday),
        }
    }

    /// The operators' window on a date as instants.
    fn window(&self, date: Date) -> (OffsetDateTime, OffsetDateTime) {
        let (open, close) = self.hours(date).minutes();
        (at(date, open), at(date, close))
    }

    /// `start` plus `minutes` of working time: the instant when that many minutes of
    /// the operators' hours have passed since `start`. Zero is `start` itself.
    pub fn add_working(&self, start: OffsetDateTime, minutes: u32) -> OffsetDateTime {
        if minutes == 0 {
            return start;
        }
        let mut left = i64::from(minutes);
        let mut day = start.to_offset(OFFSET).date();
        for _ in 0..DAYS_MAX {
            let (open, close) = self.window(day);
            let from = open.max(start);
            if from < close {
                let here = (close - from).whole_minutes();
                if left <= here {
                    return from + Duration::minutes(left);
                }
                left -= here;
            }
            match day.next_day() {
                Some(d) => day = d,
                None => break,
            }
        }
        start + Duration::minutes(i64::from(minutes))
    }

    /// Working minutes between `from` and `to` (0 if `to` is not later).
    pub fn working_between(&self, from: OffsetDateTime, to: OffsetDateTime) -> u32 {
        if to <= from {
            return 0;
        }
        let mut total = 0i64;
        let mut day = from.to_offset(OFFSET).date();
        let last = to.to_offset(OFFSET).date();
        while day <= last {
            let (open, close) = self.window(day);
            let (a, b) = (open.max(from), close.min(to));
            if a < b {
                total += (b - a).whole_minutes();
            }
            match day.next_day() {
                Some(d) => day = d,
                None => break,
            }
        }
        u32::try_from(total).unwrap_or(u32::MAX)
    }

    /// Whether operators are at work at `now`, and if not when they start.
    pub fn operators_now(&self, now: OffsetDateTime) -> crate::contacts::OperatorsNow {
        use crate::contacts::OperatorsNow;
        let local = now.to_offset(OFFSET);
        let today = self.hours(local.date());
        let now_min = u32::from(local.hour()) * 60 + u32::from(local.minute());
        let (open, close) = today.minutes();
        if now_min < open {
            OperatorsNow::Closed {
                opens: today.opens,
                tomorrow: false,
            }
        } else if now_min < close {
            OperatorsNow::Open {
                closes: today.closes,
            }
        } else {
            let next = local.date().next_day().unwrap_or(local.date());
            OperatorsNow::Closed {
                opens: self.hours(next).opens,
                tomorrow: true,
            }
        }
    }
}

/// `date` at `minutes` after midnight, Moscow time.
fn at(date: Date, minutes: u32) -> OffsetDateTime {
    let midnight = PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_offset(OFFSET);
    midnight + Duration::minutes(i64::from(minutes))
}

use SpecialKind::{DayOff, Holiday, Short, Working};

/// 2026 by the Labour Code and the government's decree of 24.09.2025 No. 1466: Jan 3
/// → Jan 9 and Jan 4 → Dec 31; Mar 8 (Sunday) → Mar 9, May 9 (Saturday) → May 11.
const Y2026: [(Date, SpecialKind); 22] = [
    (date!(2026 - 01 - 01), Holiday),
    (date!(2026 - 01 - 02), Holiday),
    (date!(2026 - 01 - 03), Holiday),
    (date!(2026 - 01 - 04), Holiday),
    (date!(2026 - 01 - 05), Holiday),
    (date!(2026 - 01 - 06), Holiday),
    (date!(2026 - 01 - 07), Holiday),
    (date!(2026 - 01 - 08), Holiday),
    (date!(2026 - 01 - 09), DayOff),
    (date!(2026 - 02 - 23), Holiday),
    (date!(2026 - 03 - 08), Holiday),
    (date!(2026 - 03 - 09), DayOff),
    (date!(2026 - 04 - 30), Short),
    (date!(2026 - 05 - 01), Holiday),
    (date!(2026 - 05 - 08), Short),
    (date!(2026 - 05 - 09), Holiday),
    (date!(2026 - 05 - 11), DayOff),
    (date!(2026 - 06 - 11), Short),
    (date!(2026 - 06 - 12), Holiday),
    (date!(2026 - 11 - 03), Short),
    (date!(2026 - 11 - 04), Holiday),
    (date!(2026 - 12 - 31), DayOff),
];

/// 2027 by the Labour Code's rules (holidays on a weekend move to the next working day,
/// January's excepted) and the transfer announced in the draft (Nov 13, a Saturday,
/// worked for Nov 5). January's two transfers are the decree's to make: admins add
/// them, and check the year against the decree, when it is published.
const Y2027: [(Date, SpecialKind); 21] = [
    (date!(2027 - 01 - 01), Holiday),
    (date!(2027 - 01 - 02), Holiday),
    (date!(2027 - 01 - 03), Holiday),
    (date!(2027 - 01 - 04), Holiday),
    (date!(2027 - 01 - 05), Holiday),
    (date!(2027 - 01 - 06), Holiday),
    (date!(2027 - 01 - 07), Holiday),
    (date!(2027 - 01 - 08), Holiday),
    (date!(2027 - 02 - 22), Short),
    (date!(2027 - 02 - 23), Holiday),
    (date!(2027 - 03 - 05), Short),
    (date!(2027 - 03 - 08), Holiday),
    (date!(2027 - 04 - 30), Short),
    (date!(2027 - 05 - 01), Holiday),
    (date!(2027 - 05 - 03), DayOff),
    (date!(2027 - 05 - 09), Holiday),
    (date!(2027 - 05 - 10), DayOff),
    (date!(2027 - 06 - 11), Short),
    (date!(2027 - 06 - 12), Holiday),
    (date!(2027 - 06 - 14), DayOff),
    (date!(2027 - 11 - 03), Short),
];

/// Late 2027 (kept apart so each array's length stays readable).
const Y2027_AUTUMN: [(Date, SpecialKind); 4] = [
    (date!(2027 - 11 - 04), Holiday),
    (date!(2027 - 11 - 05), DayOff),
    (date!(2027 - 11 - 13), Working),
    (date!(2027 - 12 - 31), Short),
];

/// The calendar the service ships with: the current and the next year.
pub fn shipped() -> Calendar {
    Calendar::new(
        Y2026
            .iter()
            .chain(Y2027.iter())
            .chain(Y2027_AUTUMN.iter())
            .map(|&(date, kind)| SpecialDay { date, kind })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::contacts::OperatorsNow;

    /// Moscow wall-clock time as an instant.
    fn msk(at: PrimitiveDateTime) -> OffsetDateTime {
        at.assume_offset(OFFSET)
    }

    #[test]
    fn each_kind_of_day_has_its_hours() {
        let c = shipped();
        let h = |d: Date| c.hours(d).minutes();
        assert_eq!(h(date!(2026 - 12 - 07)), (8 * 60, 20 * 60), "a Monday");
        assert_eq!(h(date!(2026 - 12 - 12)), (9 * 60, 17 * 60), "a Saturday");
        assert_eq!(h(date!(2026 - 12 - 13)), (10 * 60, 16 * 60), "a Sunday");
        assert_eq!(h(date!(2026 - 11 - 04)), (10 * 60, 16 * 60), "a holiday");
        assert_eq!(h(date!(2026 - 01 - 09)), (10 * 60, 16 * 60), "a Friday off");
        assert_eq!(h(date!(2026 - 11 - 03)), (8 * 60, 19 * 60), "pre-holiday");
        assert_eq!(
            h(date!(2027 - 11 - 13)),
            (8 * 60, 20 * 60),
            "a working Saturday"
        );
        assert_eq!(c.special(date!(2026 - 12 - 30)), None);
    }

    #[test]
    fn working_time_skips_the_evenings_and_counts_short_days() {
        let c = shipped();
        // Monday 10:00 + 8 h = 18:00 the same day.
        let mon = msk(datetime!(2026-12-07 10:00));
        assert_eq!(c.add_working(mon, 8 * 60), msk(datetime!(2026-12-07 18:00)));
        // Monday 19:00 + 2 h: one hour Monday, one from 08:00 Tuesday.
        let late = msk(datetime!(2026-12-07 19:00));
        assert_eq!(c.add_working(late, 120), msk(datetime!(2026-12-08 09:00)));
        // At night: the count starts when operators do.
        let night = msk(datetime!(2026-12-08 02:30));
        assert_eq!(c.add_working(night, 30), msk(datetime!(2026-12-08 08:30)));
        // Ending exactly at closing time stays that day.
        assert_eq!(
            c.add_working(msk(datetime!(2026-12-07 19:00)), 60),
            msk(datetime!(2026-12-07 20:00))
        );
        // 18:50 on Tuesday 3 Nov 2026 (a short day, closing at 19:00) before the 4 Nov
        // holiday (10–16), 8 working hours: 10 min on the 3rd, 6 h on the 4th, 1 h 50
        // on Thursday from 08:00.
        let before_holiday = msk(datetime!(2026-11-03 18:50));
        assert_eq!(
            c.add_working(before_holiday, 8 * 60),
            msk(datetime!(2026-11-05 09:50))
        );
    }

    #[test]
    fn evenings_before_holidays() {
        let c = shipped();
        // Wednesday 30 Dec 2026 19:50: 10 min; Dec 31 (day off, 10–16) 6 h; Jan 1–8
        // holidays 6 h each: 24 working hours are done on Jan 3 at 15:50.
        let at = msk(datetime!(2026-12-30 19:50));
        assert_eq!(c.add_working(at, 24 * 60), msk(datetime!(2027-01-03 15:50)));
        // Friday 30 Apr 2027 19:50 (a short day, closed at 19:00) before the 1 May
        // holiday (a Saturday, 10–16): 6 h on the 1st, 2 h on Sunday from 10:00.
        let may = msk(datetime!(2027-04-30 19:50));
        assert_eq!(c.add_working(may, 8 * 60), msk(datetime!(2027-05-02 12:00)));
        // Friday 11 Dec 2026 19:50, 8 h: 10 min Friday, Saturday 09–17 (8 h) → ends
        // Saturday 16:50.
        let fri = msk(datetime!(2026-12-11 19:50));
        assert_eq!(c.add_working(fri, 8 * 60), msk(datetime!(2026-12-12 16:50)));
    }

    #[test]
    fn working_minutes_between_two_instants() {
        let c = shipped();
        let a = msk(datetime!(2026-12-07 19:00));
        let b = msk(datetime!(2026-12-08 09:00));
        assert_eq!(c.working_between(a, b), 120);
        assert_eq!(c.working_between(b, a), 0);
        // Round trip: what add_working adds, working_between counts.
        for minutes in [1, 59, 600, 2880, 10_000] {
            let start = msk(datetime!(2026-12-30 19:50));
            let end = c.add_working(start, minutes);
            assert_eq!(c.working_between(start, end), minutes, "{minutes}");
        }
    }

    #[test]
    fn operators_are_away_on_a_holiday_evening_and_back_the_next_morning() {
        let c = shipped();
        // 4 Nov 2026 (Wednesday, a holiday) 17:00: closed, Thursday opens at 08:00.
        assert_eq!(
            c.operators_now(msk(datetime!(2026-11-04 17:00))),
            OperatorsNow::Closed {
                opens: "08:00",
                tomorrow: true
            }
        );
        // 4 Nov 09:00: the holiday opens at 10:00.
        assert_eq!(
            c.operators_now(msk(datetime!(2026-11-04 09:00))),
            OperatorsNow::Closed {
                opens: "10:00",
                tomorrow: false
            }
        );
        assert_eq!(
            c.operators_now(msk(datetime!(2026-11-03 19:30))),
            OperatorsNow::Closed {
                opens: "10:00",
                tomorrow: true
            },
            "the short day closed at 19:00"
        );
    }

    #[test]
    fn the_calendar_reads_and_writes_dates_as_text() {
        let c = Calendar::new(vec![
            SpecialDay {
                date: date!(2026 - 01 - 09),
                kind: DayOff,
            },
            SpecialDay {
                date: date!(2026 - 01 - 09),
                kind: Working,
            },
        ]);
        assert_eq!(c.days.len(), 1, "one entry per date, the last wins");
        assert_eq!(c.special(date!(2026 - 01 - 09)), Some(Working));
        let json = serde_json::to_string(&c).expect("json");
        assert_eq!(json, r#"{"days":[{"date":"2026-01-09","kind":"working"}]}"#);
        assert_eq!(serde_json::from_str::<Calendar>(&json).expect("back"), c);
    }
}

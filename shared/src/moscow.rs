//! Moscow time, which citizens read. Europe/Moscow has been UTC+3 all year since 2014, so
//! a fixed offset is exact and keeps a time-zone database out of the wasm.

use time::macros::{format_description, offset};
use time::{Date, OffsetDateTime, UtcOffset};

pub const OFFSET: UtcOffset = offset!(+3);

/// `21.11.2026 14:05`
pub fn format(at: OffsetDateTime) -> String {
    let fmt = format_description!("[day].[month].[year] [hour]:[minute]");
    at.to_offset(OFFSET).format(&fmt).unwrap_or_default()
}

/// `14:05:09`, for lists within one day.
pub fn time_of_day(at: OffsetDateTime) -> String {
    let fmt = format_description!("[hour]:[minute]:[second]");
    at.to_offset(OFFSET).format(&fmt).unwrap_or_default()
}

/// The calendar day in Moscow (the audit trail's day).
pub fn date(at: OffsetDateTime) -> Date {
    at.to_offset(OFFSET).date()
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_is_shown_three_hours_later() {
        let at = time::macros::datetime!(2026-01-31 22:30 UTC);
        assert_eq!(super::format(at), "01.02.2026 01:30");
        assert_eq!(super::time_of_day(at), "01:30:00");
        assert_eq!(super::date(at), time::macros::date!(2026 - 02 - 01));
    }
}

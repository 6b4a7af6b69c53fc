//! Moscow time, which citizens read. Europe/Moscow has been UTC+3 all year since 2014, so
//! a fixed offset is exact and keeps a time-zone database out of the wasm.

use time::OffsetDateTime;
use time::macros::{format_description, offset};

/// `21.11.2026 14:05`
pub fn format(at: OffsetDateTime) -> String {
    let fmt = format_description!("[day].[month].[year] [hour]:[minute]");
    at.to_offset(offset!(+3)).format(&fmt).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_is_shown_three_hours_later() {
        let at = time::macros::datetime!(2026-01-31 22:30 UTC);
        assert_eq!(super::format(at), "01.02.2026 01:30");
    }
}

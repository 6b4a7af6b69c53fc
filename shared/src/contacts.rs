//! Contacts shown on the home and contacts pages, from the seeds, and whether operators
//! are at work now.

/// Hotline numbers: (number as dialled, number as shown).
pub const HOTLINES: [(&str, &str); 2] = [
    ("+78005553535", "8 800 555-35-35"),
    ("+78005555555", "8 800 555-55-55"),
];

/// Operator hours in Moscow time: (first ISO weekday, last ISO weekday, opens, closes).
/// Outside them the bot answers and requests wait for the next working day.
pub const OPERATOR_HOURS: [(u8, u8, &str, &str); 3] = [
    (1, 5, "08:00", "20:00"),
    (6, 6, "09:00", "17:00"),
    (7, 7, "10:00", "16:00"),
];

/// Whether operators are at work at a moment, by `OPERATOR_HOURS` in Moscow time and
/// the business calendar (`calendar`: holidays work Sunday's hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorsNow {
    /// At work until `closes` today.
    Open { closes: &'static str },
    /// Not at work; they start at `opens`, later today or (`tomorrow`) the next day.
    Closed { opens: &'static str, tomorrow: bool },
}

/// Whether operators are at work at `now`, by the shipped business calendar (its
/// holidays and transfers included).
pub fn operators_now(now: time::OffsetDateTime) -> OperatorsNow {
    static SHIPPED: std::sync::OnceLock<crate::calendar::Calendar> = std::sync::OnceLock::new();
    SHIPPED
        .get_or_init(crate::calendar::shipped)
        .operators_now(now)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn operators_are_at_work_by_the_moscow_clock() {
        // Monday 2026-12-07, 09:00 MSK = 06:00 UTC.
        assert_eq!(
            operators_now(datetime!(2026-12-07 06:00 UTC)),
            OperatorsNow::Open { closes: "20:00" }
        );
        // 07:59 MSK Monday: later today.
        assert_eq!(
            operators_now(datetime!(2026-12-07 04:59 UTC)),
            OperatorsNow::Closed {
                opens: "08:00",
                tomorrow: false
            }
        );
        // Friday 20:00 MSK sharp: closed, Saturday opens at 09:00.
        assert_eq!(
            operators_now(datetime!(2026-12-11 17:00 UTC)),
            OperatorsNow::Closed {
                opens: "09:00",
                tomorrow: true
            }
        );
        // Sunday 18:00 MSK: Monday at 08:00.
        assert_eq!(
            operators_now(datetime!(2026-12-06 15:00 UTC)),
            OperatorsNow::Closed {
                opens: "08:00",
                tomorrow: true
            }
        );
        // Saturday 23:30 MSK is still Saturday in Moscow though Saturday 20:30 in UTC.
        assert_eq!(
            operators_now(datetime!(2026-12-12 20:30 UTC)),
            OperatorsNow::Closed {
                opens: "10:00",
                tomorrow: true
            }
        );
        // Sunday 10:00 MSK opens.
        assert_eq!(
            operators_now(datetime!(2026-12-13 07:00 UTC)),
            OperatorsNow::Open { closes: "16:00" }
        );
    }
}

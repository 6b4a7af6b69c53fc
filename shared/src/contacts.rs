//! Contacts shown on the home page, from the seeds.

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

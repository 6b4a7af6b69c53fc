pub mod home;
pub mod outbox;
pub mod status;
pub mod submit;
pub mod submitted;

use time::OffsetDateTime;
use time::macros::{format_description, offset};

/// Moscow time (UTC+3 all year), as the citizen reads it: `21.11.2026 14:05`.
pub fn moscow(at: OffsetDateTime) -> String {
    let fmt = format_description!("[day].[month].[year] [hour]:[minute]");
    at.to_offset(offset!(+3)).format(&fmt).unwrap_or_default()
}

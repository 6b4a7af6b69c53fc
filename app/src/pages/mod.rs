#[cfg(feature = "staff")]
pub mod admin;
#[cfg(feature = "staff")]
pub mod admin_calendar;
#[cfg(feature = "staff")]
pub mod admin_faq;
#[cfg(feature = "staff")]
pub mod admin_levels;
#[cfg(feature = "staff")]
pub mod admin_offices;
#[cfg(feature = "staff")]
pub mod admin_services;
#[cfg(feature = "staff")]
pub mod charts;
pub mod chat;
#[cfg(feature = "staff")]
pub mod chats;
pub mod contacts;
pub mod deliveries;
pub mod elsewhere;
pub mod faq;
pub mod mine;
pub mod notices;
#[cfg(feature = "staff")]
pub mod office_day;
pub mod outbox;
mod push;
#[cfg(feature = "staff")]
pub mod queue;
pub mod repeat;
#[cfg(feature = "staff")]
pub mod reports;
pub mod signin;
#[cfg(feature = "staff")]
pub mod staff;
#[cfg(feature = "staff")]
pub mod staff_ticket;
pub mod status;
pub mod submitted;
pub mod survey;
pub mod ticket;
#[cfg(feature = "staff")]
pub mod two_factor;
mod visit_card;
pub mod visits;

pub use helpdesk_shared::moscow::format as moscow;

/// Now, by the browser's clock.
pub fn now() -> time::OffsetDateTime {
    let ms = js_sys::Date::now() as i64;
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

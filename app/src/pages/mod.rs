pub mod admin;
pub mod contacts;
pub mod faq;
pub mod home;
pub mod mine;
pub mod outbox;
pub mod queue;
pub mod signin;
pub mod staff;
pub mod staff_ticket;
pub mod status;
pub mod submit;
pub mod submit_fields;
pub mod submitted;
pub mod ticket;

pub use helpdesk_shared::moscow::format as moscow;

pub mod home;
pub mod outbox;
pub mod status;
pub mod submit;
pub mod submitted;

pub use helpdesk_shared::moscow::format as moscow;

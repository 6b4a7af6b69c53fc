pub mod home;
pub mod mine;
pub mod outbox;
pub mod signin;
pub mod staff;
pub mod status;
pub mod submit;
pub mod submitted;

pub use helpdesk_shared::moscow::format as moscow;

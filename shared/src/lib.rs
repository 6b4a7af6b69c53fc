//! The helpdesk domain, its validation and the API contract.
//!
//! No I/O and no async runtime: this crate compiles for wasm32 (the SPA validates as the
//! citizen types) and natively (the functions validate again, as the authority).

pub mod action;
pub mod api;
pub mod appointment;
pub mod appointment_edit;
pub mod attachment;
pub mod auth;
pub mod calendar;
pub mod category;
pub mod chat;
pub mod chat_console;
pub mod chat_words;
pub mod contacts;
pub mod faq;
pub mod faq_edit;
pub mod fields;
pub mod lang;
pub mod moscow;
pub mod notice;
pub mod number;
pub mod problem;
pub mod queue;
pub mod report;
pub mod report_sum;
pub mod report_view;
#[cfg(feature = "search")]
pub mod search;
pub mod sla;
pub mod status;
pub mod survey;
pub mod text;
pub mod ticket;
pub mod two_factor;
pub mod validate;
pub mod workspace;

pub use category::Category;
pub use lang::Lang;
pub use number::{AccessCode, TicketNumber};
pub use problem::{FieldCode, FieldError, Problem, ProblemCode};
pub use status::{Level, Status};

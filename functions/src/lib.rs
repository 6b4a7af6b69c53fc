//! The helpdesk back end: services over ports, their adapters, the HTTP routers and the
//! local server. See ARCHITECTURE.md for the map.

pub mod appointments;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod blobs;
pub mod canned;
pub mod chat;
pub mod clock;
#[cfg(feature = "aws")]
pub mod cloud;
pub mod demo;
pub mod events;
pub mod faq;
pub mod http;
pub mod ids;
pub mod levels;
pub mod local;
pub mod notify;
pub mod ratelimit;
pub mod reports;
pub mod store;
pub mod tickets;

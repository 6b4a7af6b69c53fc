//! The functions' integration tests, one binary: the black-box API tests over real HTTP
//! (each over the embedded store, and again over DynamoDB, SNS, SES and S3 with
//! HELPDESK_TEST_BACKEND=aws), the durability tests (kill -9 of the local server), the
//! Lambda events and the deployment template. One binary instead of one per file: each
//! linked every dependency again (≈ 100 MB of target/ and seconds of linking apiece).
//! A file's tests are its module's: `cargo test --test it -- queue::` runs one file.

mod common;

mod api;
mod api_edges;
mod appointments;
mod auth;
mod capacity;
mod chat;
mod chat_socket;
mod chat_wait;
mod deployment;
mod downloads;
mod durability;
mod faq;
#[cfg(feature = "aws")]
mod lambda_events;
mod notices;
mod push;
mod queue;
#[cfg(feature = "redrive")]
mod redrive;
mod reports;
mod roles;
mod sla;
mod survey;
mod two_factor;
mod workspace;

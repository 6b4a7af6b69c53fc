//! HTTP: one `axum::Router` per endpoint group. The same routers run in the local server
//! (merged, with the SPA) and, one group per function, on Lambda.

mod account;
mod appointments;
mod appointments_admin;
mod appointments_staff;
mod calls;
mod chat;
mod chat_files;
mod chat_socket;
mod chat_staff;
mod chat_transcript;
mod client;
mod dev;
pub mod endpoints;
pub mod error;
mod faq;
mod faq_admin;
mod levels_admin;
mod notices;
mod openapi;
mod push;
mod reports;
pub mod session;
mod spa;
mod status;
mod submission;
pub mod two_factor;
mod workspace;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::any;

pub use client::{Client, Proxy};
use endpoints::Routes;
pub use endpoints::{Endpoint, Group, Verb};
pub use error::ApiError;
pub use openapi::ApiDoc;
pub use spa::{CSP, with_site};

use helpdesk_shared::Lang;

use crate::attachments::Attachments;
use crate::auth::Auth;
use crate::blobs::BlobStore;
use crate::clock::{Clock, SystemClock};
use crate::events::EventBus;
use crate::ratelimit::{Limit, Limits, RateLimiter};
use crate::store::KvStore;
use crate::tickets::Tickets;

/// What every handler may use: the services behind one `Arc`, so handing the state to
/// each handler and middleware is one reference count, not one per service (their
/// clones and drops were 4 % of a status lookup under `perf`). Reads through `Deref`;
/// the set-up's changes (`state.dev_mode = true`) through `DerefMut` before serving.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl std::ops::Deref for AppState {
    type Target = Services;
    fn deref(&self) -> &Services {
        &self.0
    }
}

impl std::ops::DerefMut for AppState {
    fn deref_mut(&mut self) -> &mut Services {
        Arc::make_mut(&mut self.0)
    }
}

#[derive(Clone)]
pub struct Services {
    pub tickets: Arc<Tickets>,
    pub auth: Arc<Auth>,
    pub attachments: Arc<Attachments>,
    pub store: Arc<dyn KvStore>,
    /// Where domain events go (notifications).
    pub bus: Arc<dyn EventBus>,
    pub faq: Arc<crate::faq::Faq>,
    pub chats: Arc<crate::chat::Chats>,
    pub appointments: Arc<crate::appointments::Appointments>,
    /// The local server's socket channels (`None` in AWS: API Gateway's WebSocket API
    /// carries the frames there).
    pub local_push: Option<Arc<crate::chat::LocalPush>>,
    pub limiter: Arc<RateLimiter>,
    pub limits: Limits,
    /// Who tells the client's address, if not the connection (`client::Proxy`).
    pub proxy: Proxy,
    /// Local mode: development pages such as the outbox are served.
    pub dev_mode: bool,
    /// The services' time (the system's; a manual one in tests).
    pub clock: Arc<dyn Clock>,
}

impl AppState {
    /// The services over the given adapters, with the system clock and in-process rate
    /// limits; not behind a trusted proxy, no development pages.
    pub fn over(
        store: Arc<dyn KvStore>,
        bus: Arc<dyn EventBus>,
        blobs: Arc<dyn BlobStore>,
        limits: Limits,
        default_language: Lang,
    ) -> AppState {
        Self::over_with_clock(
            store,
            bus,
            blobs,
            limits,
            default_language,
            Arc::new(SystemClock),
        )
    }

    /// As `over`, on `clock` (tests move time forward).
    pub fn over_with_clock(
        store: Arc<dyn KvStore>,
        bus: Arc<dyn EventBus>,
        blobs: Arc<dyn BlobStore>,
        limits: Limits,
        default_language: Lang,
        clock: Arc<dyn Clock>,
    ) -> AppState {
        let attachments = Arc::new(Attachments::new(store.clone(), blobs, clock.clone()));
        let auth = Arc::new(Auth::new(store.clone(), bus.clone(), clock.clone()));
        let tickets = Arc::new(
            Tickets::new(
                store.clone(),
                bus.clone(),
                clock.clone(),
                attachments.clone(),
            )
            .with_default_language(default_language),
        );
        let faq = Arc::new(crate::faq::Faq::new(store.clone()));
        let chats = Arc::new(
            crate::chat::Chats::new(store.clone(), clock.clone(), faq.clone(), None)
                .with_levels(tickets.levels().clone())
                .with_bus(bus.clone()),
        );
        let appointments = Arc::new(crate::appointments::Appointments::new(
            store.clone(),
            bus.clone(),
            tickets.levels().clone(),
            clock.clone(),
        ));
        AppState(Arc::new(Services {
            appointments,
            tickets,
            auth,
            attachments,
            faq,
            chats,
            local_push: None,
            store,
            bus,
            limiter: Arc::new(RateLimiter::default()),
            limits,
            proxy: Proxy::None,
            dev_mode: false,
            clock,
        }))
    }

    /// Which staff must pass a second factor, and the key their authenticator keys are
    /// sealed with (`auth::second_factor_from_env`).
    pub fn with_second_factor(
        mut self,
        requirement: crate::auth::Requirement,
        sealer: crate::auth::totp::Sealer,
    ) -> AppState {
        let mut policy = self.auth.policy;
        policy.second_factor = requirement;
        self.auth = Arc::new(
            Auth::new(self.store.clone(), self.bus.clone(), self.clock.clone())
                .with_policy(policy)
                .with_sealer(sealer),
        );
        self
    }

    /// With the local server's socket: changes of chats are pushed to its watchers.
    /// `operators_at`: judge the operators' hours as at this moment (tests, demos).
    pub fn with_local_push(mut self, operators_at: Option<time::OffsetDateTime>) -> AppState {
        let push = Arc::new(crate::chat::LocalPush::default());
        self = self.with_push(push.clone(), operators_at);
        self.local_push = Some(push);
        self
    }

    /// The chats told through `push` (the cloud's WebSocket API, the local socket).
    pub fn with_push(
        mut self,
        push: Arc<dyn crate::chat::ChatPush>,
        operators_at: Option<time::OffsetDateTime>,
    ) -> AppState {
        self.chats = Arc::new(
            crate::chat::Chats::new(
                self.store.clone(),
                self.clock.clone(),
                self.faq.clone(),
                Some(push),
            )
            .with_hours_at(operators_at)
            .with_levels(self.tickets.levels().clone())
            .with_bus(self.bus.clone()),
        );
        self
    }

    /// The limit counted in the store, across every instance (`ratelimit::count_in_store`);
    /// after the in-memory one, which turns a burst away for free.
    pub async fn limit_everywhere(
        &self,
        scope: &str,
        client: &str,
        limit: Limit,
    ) -> Result<(), ApiError> {
        let now = time::OffsetDateTime::now_utc();
        crate::ratelimit::count_in_store(self.store.as_ref(), scope, client, limit, now)
            .await?
            .map_err(|retry_after| {
                log_refused(scope, Some(client));
                ApiError::RateLimited { retry_after }
            })
    }

    pub fn limit(&self, key: &str, limit: Limit) -> Result<(), ApiError> {
        self.limiter.check(key, limit).map_err(|retry_after| {
            log_limited(key);
            ApiError::RateLimited { retry_after }
        })
    }
}

/// Logs a refusal by the in-memory limiter, whose keys are `<address>:<kind>`.
fn log_limited(key: &str) {
    match key.rsplit_once(':') {
        Some((address, kind)) => log_refused(kind, Some(address)),
        None => log_refused(key, None),
    }
}

/// One log line per refusal: the kind and a short hash of the client address (enough to
/// see one client hammering; an address is personal data), never the address itself or a
/// request number.
fn log_refused(kind: &str, address: Option<&str>) {
    match address {
        Some(a) => {
            let client = &crate::ids::sha256_hex(&[a.as_bytes()])[..12];
            tracing::warn!(kind, client, "rate limited");
        }
        None => tracing::warn!(kind, "rate limited"),
    }
}

// Each function's router names its own tables, so its binary links only its own
// handlers (building every table and filtering at run time put all of them in every
// function). `group_router` maps a group to these; the deployment test checks that each
// serves exactly the routes its tables say are its group's.

/// Submission group: submit a request, upload attachments.
pub fn submission_router(state: AppState) -> Router {
    api(merged([submission::routes()]), state)
}

/// Status group: look up a request, add information; the knowledge base's public side
/// (articles, topic guesses, votes); and the OpenAPI document (this function is the
/// light, read-mostly one).
pub fn status_router(state: AppState) -> Router {
    api(
        merged([
            status::routes(),
            notices::request_routes(),
            faq::routes(),
            appointments::public_routes(),
            openapi::routes(),
        ]),
        state,
    )
}

/// Account group: sign-in and sign-out, a citizen's own requests.
pub fn account_router(state: AppState) -> Router {
    api(
        merged([
            account::routes(),
            notices::citizen_routes(),
            push::routes(),
            appointments::citizen_routes(),
        ]),
        state,
    )
}

/// Workspace group: the queue, requests as staff see it, actions, canned responses,
/// the audit trail, the knowledge base's and the service levels' editing.
pub fn workspace_router(state: AppState) -> Router {
    api(
        merged([
            workspace::routes(),
            notices::staff_routes(),
            faq_admin::routes(),
            levels_admin::routes(),
            reports::routes(),
            appointments_staff::routes(),
            appointments_admin::routes(),
        ]),
        state,
    )
}

/// Chat group: the citizen's chat with the bot and the operators, and the operators'
/// console.
pub fn chat_router(state: AppState) -> Router {
    api(merged([chat::routes(), chat_staff::routes()]), state)
}

/// Every group, the OpenAPI document and (in local mode) the development endpoints.
pub fn api_router(state: AppState) -> Router {
    let mut routes = Router::new();
    for table in tables() {
        if table.group() != Group::Dev || state.dev_mode {
            routes = routes.merge(table.into_router());
        }
    }
    api(routes, state)
}

/// One group as its Lambda function serves it (the development pages as the local
/// server does).
pub fn group_router(group: Group, state: AppState) -> Router {
    match group {
        Group::Submission => submission_router(state),
        Group::Status => status_router(state),
        Group::Account => account_router(state),
        Group::Workspace => workspace_router(state),
        Group::Chat => chat_router(state),
        Group::Dev => api(merged([dev::routes()]), state),
    }
}

fn merged<const N: usize>(tables: [Routes; N]) -> Router<AppState> {
    tables
        .into_iter()
        .fold(Router::new(), |r, t| r.merge(t.into_router()))
}

/// Every route table.
fn tables() -> Vec<Routes> {
    vec![
        submission::routes(),
        status::routes(),
        faq::routes(),
        appointments::public_routes(),
        openapi::routes(),
        account::routes(),
        appointments::citizen_routes(),
        appointments_staff::routes(),
        appointments_admin::routes(),
        notices::citizen_routes(),
        push::routes(),
        notices::request_routes(),
        notices::staff_routes(),
        workspace::routes(),
        faq_admin::routes(),
        levels_admin::routes(),
        reports::routes(),
        chat::routes(),
        chat_staff::routes(),
        dev::routes(),
    ]
}

/// Every endpoint the routers serve, by group.
pub fn endpoints() -> Vec<Endpoint> {
    tables()
        .iter()
        .flat_map(|t| t.endpoints().to_vec())
        .collect()
}

fn api(routes: Router<AppState>, state: AppState) -> Router {
    let no_route = || async { ApiError::NoRoute };
    routes
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        // JSON bodies; the upload route lifts it for itself.
        .layer(DefaultBodyLimit::max(submission::JSON_LIMIT))
        // Anything else under /api (another version, a typo) is a problem document, never
        // the SPA's page with 200.
        .route("/api", any(no_route))
        .route("/api/", any(no_route))
        .route("/api/{*rest}", any(no_route))
        .with_state(state)
        .layer(calls::ApiCalls)
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn refusals_are_logged_without_addresses_or_numbers() {
        let out = Captured::default();
        let writer = out.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            super::log_limited("203.0.113.7:lookup");
            super::log_limited("2001:db8::7:code");
            super::log_refused("wrong_code_per_number", None);
        });
        let log = String::from_utf8(out.0.lock().expect("log").clone()).expect("utf-8");
        assert_eq!(log.matches("rate limited").count(), 3, "{log}");
        assert!(
            log.contains("kind=\"lookup\"") || log.contains("kind=lookup"),
            "{log}"
        );
        assert!(log.contains("wrong_code_per_number"), "{log}");
        for secret in ["203.0.113", "2001:db8", "123456789"] {
            assert!(!log.contains(secret), "{secret} in {log}");
        }
    }
}

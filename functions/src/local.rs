//! The whole system on one machine: every router, the SPA, the embedded store, the local
//! event bus with its outbox, and the minute's sweep (events left pending, silent chats). With the `aws`
//! feature the same server can run over the cloud adapters instead (`Backend::Aws`:
//! DynamoDB, SNS, S3), which the black-box tests use against the moto server.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use helpdesk_shared::Lang;

use crate::blobs::FsBlobs;
use crate::events::{EventBus, redeliver_pending};
use crate::http::{AppState, api_router, with_site};
use crate::notify::LocalBus;
use crate::ratelimit::Limits;
use crate::store::{KvStore, RedbStore, StoreError};

#[derive(Debug, Clone)]
pub struct LocalConfig {
    pub data_dir: PathBuf,
    pub spa_dir: PathBuf,
    pub limits: Limits,
    pub trust_forwarded_for: bool,
    /// For requests that do not name a language.
    pub default_language: Lang,
    pub backend: Backend,
    /// Judge the operators' hours as at this moment rather than now (browser tests and
    /// demos of the chat's hand-off by day and by night).
    pub operators_at: Option<time::OffsetDateTime>,
    /// The services' time, if not the system's (tests move it forward).
    pub clock: Option<Arc<dyn crate::clock::Clock>>,
    /// Which staff must pass a second factor (`HELPDESK_STAFF_2FA`).
    pub second_factor: crate::auth::Requirement,
}

/// Where data and events go.
#[derive(Debug, Clone, Default)]
pub enum Backend {
    /// redb under the data directory, events delivered in-process to the outbox.
    #[default]
    Embedded,
    /// DynamoDB, SNS and S3 (HELPDESK_BACKEND=aws); notifications are sent by the
    /// fan-out function, not by this process.
    #[cfg(feature = "aws")]
    Aws(crate::cloud::CloudConfig),
}

impl Backend {
    /// Whether start-up creates the demo staff accounts (published passwords).
    pub fn seeds_demo_accounts(&self) -> bool {
        matches!(self, Backend::Embedded)
    }
}

/// HELPDESK_DEFAULT_LANGUAGE (`ru` or `en`, default `ru`): the language of notifications
/// for requests that do not name one.
pub fn default_language_from_env() -> Result<Lang, String> {
    match std::env::var("HELPDESK_DEFAULT_LANGUAGE") {
        Err(_) => Ok(Lang::Ru),
        Ok(v) if v.is_empty() => Ok(Lang::Ru),
        Ok(v) => Lang::from_code(&v)
            .ok_or_else(|| format!("HELPDESK_DEFAULT_LANGUAGE={v}: expected ru or en")),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("demo accounts: {0}")]
    Accounts(#[from] crate::auth::staff::AccountError),
    #[error("queue counters: {0}")]
    Counts(#[from] crate::tickets::TicketError),
}

pub struct LocalSystem {
    pub router: Router,
    pub store: Arc<dyn KvStore>,
    pub bus: Arc<dyn EventBus>,
    /// The chats the router serves (with its socket push), for the idle sweep.
    pub chats: Arc<crate::chat::Chats>,
    pub tickets: Arc<crate::tickets::Tickets>,
    pub appointments: Arc<crate::appointments::Appointments>,
}

pub async fn build(config: &LocalConfig) -> Result<LocalSystem, BuildError> {
    let (state, bus) = match &config.backend {
        Backend::Embedded => embedded_state(config)?,
        #[cfg(feature = "aws")]
        Backend::Aws(cloud) => {
            let cloud = crate::cloud::Cloud::connect(cloud.clone()).await;
            let clock = config
                .clock
                .clone()
                .unwrap_or_else(|| Arc::new(crate::clock::SystemClock));
            let mut state = cloud.app_state_on(config.limits, config.default_language, clock);
            let sealer = crate::auth::sealer_from_env(None).map_err(StoreError::Unavailable)?;
            state = state.with_second_factor(config.second_factor, sealer);
            if config.trust_forwarded_for {
                state.proxy = crate::http::Proxy::ForwardedFor;
            }
            (state, cloud.bus)
        }
    };
    // Chats are pushed to the watchers of this server's socket.
    let state = state.with_local_push(config.operators_at);
    let store = state.store.clone();
    let chats = state.chats.clone();
    let tickets = state.tickets.clone();
    let appointments = state.appointments.clone();
    // One account per role to try the operator side with, over the embedded store only:
    // their passwords are published, so they must never land in a real table.
    if config.backend.seeds_demo_accounts() {
        crate::auth::staff::seed_demo_accounts(store.as_ref(), time::OffsetDateTime::now_utc())
            .await?;
    }
    crate::canned::seed(store.as_ref()).await?;
    // Before serving: data from before the queue counters gets counted once.
    crate::tickets::count_if_uncounted(store.as_ref()).await?;
    crate::tickets::schedule_if_unscheduled(store.as_ref()).await?;
    crate::reports::roll_up_if_unrolled(store.as_ref(), state.clock.now()).await?;
    let router = with_site(api_router(state), &config.spa_dir);
    Ok(LocalSystem {
        router,
        store,
        bus,
        chats,
        tickets,
        appointments,
    })
}

/// The handlers' state over the embedded store and the local bus.
pub fn embedded_state(config: &LocalConfig) -> Result<(AppState, Arc<dyn EventBus>), StoreError> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| StoreError::Unavailable(e.to_string()))?;
    // HELPDESK_STORE_BATCH: most transactions per durable commit (group commit); 1
    // commits each on its own, the baseline scripts/bench-submit.sh compares with.
    let batch = match std::env::var("HELPDESK_STORE_BATCH") {
        Ok(v) => v.parse().map_err(|_| {
            StoreError::Unavailable(format!("HELPDESK_STORE_BATCH={v}: expected a number"))
        })?,
        Err(_) => crate::store::MAX_BATCH,
    };
    let store: Arc<dyn KvStore> = Arc::new(RedbStore::open_batched(
        &config.data_dir.join("helpdesk.redb"),
        batch,
    )?);
    let blobs = Arc::new(
        FsBlobs::new(config.data_dir.join("attachments"))
            .map_err(|e| StoreError::Unavailable(e.to_string()))?,
    );
    let clock = config
        .clock
        .clone()
        .unwrap_or_else(|| Arc::new(crate::clock::SystemClock));
    let bus: Arc<dyn EventBus> = Arc::new(LocalBus::with_clock(store.clone(), clock.clone()));
    let mut state = AppState::over_with_clock(
        store,
        bus.clone(),
        blobs,
        config.limits,
        config.default_language,
        clock,
    );
    let sealer =
        crate::auth::sealer_from_env(Some(&config.data_dir)).map_err(StoreError::Unavailable)?;
    state = state.with_second_factor(config.second_factor, sealer);
    if config.trust_forwarded_for {
        state.proxy = crate::http::Proxy::ForwardedFor;
    }
    state.dev_mode = true;
    Ok((state, bus))
}

/// The minute's work, as the scheduled `sweep` function does it in AWS: publishes events
/// that were recorded but not delivered (e.g. the process died between commit and
/// delivery), ends chats left silent and acts on requests whose service-level dates
/// passed (unless `service_levels` is off: benchmarks run that part themselves through
/// `POST /dev/sweep`); once at start, then every minute.
pub fn spawn_sweep(system: &LocalSystem, service_levels: bool) {
    let (store, bus, chats, tickets) = (
        system.store.clone(),
        system.bus.clone(),
        system.chats.clone(),
        system.tickets.clone(),
    );
    let appointments = system.appointments.clone();
    // Chats waiting past the 30-second target: looked at every 10 seconds (a minute in
    // AWS, the scheduler's finest step).
    let (waiting, waiting_bus) = (system.chats.clone(), system.bus.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(10));
        loop {
            tick.tick().await;
            if let Err(e) = waiting.alert_waiting(waiting_bus.as_ref()).await {
                tracing::warn!(error = %e, "waiting chats check failed");
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            let cutoff = time::OffsetDateTime::now_utc() - time::Duration::seconds(30);
            match redeliver_pending(store.as_ref(), bus.as_ref(), cutoff).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(events = n, "pending events redelivered"),
                Err(e) => tracing::warn!(error = %e, "redelivery failed"),
            }
            if let Err(e) = chats.sweep_idle().await {
                tracing::warn!(error = %e, "idle chat sweep failed");
            }
            // SMS held through quiet hours, to the outbox as every local message.
            let outbox = crate::notify::OutboxSender::new(store.clone());
            match tickets.release_held(&outbox).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(messages = n, "held notifications sent"),
                Err(e) => tracing::warn!(error = %e, "held notifications not sent"),
            }
            // Tomorrow's visits, from 10:00 Moscow time.
            if let Err(e) = appointments.remind_due().await {
                tracing::warn!(error = ?e, "appointment reminders not sent");
            }
            if !service_levels {
                continue;
            }
            match tickets.sweep_due(crate::tickets::SWEEP_MAX).await {
                Ok(s) if s.examined > 0 => tracing::info!(
                    flagged = s.flagged,
                    escalated = s.escalated,
                    reminded = s.reminded,
                    citizens_reminded = s.citizens_reminded,
                    raced = s.raced,
                    "service levels swept"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "service-level sweep failed"),
            }
        }
    });
}

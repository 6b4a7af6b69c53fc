//! `helpdesk-local`: the whole helpdesk on one machine.
//!
//! Environment: HELPDESK_ADDR (default 127.0.0.1:8080), HELPDESK_DATA_DIR (default
//! ./data), HELPDESK_SPA_DIR (default ./dist), HELPDESK_TRUST_FORWARDED_FOR (0/1),
//! HELPDESK_LIMIT_SCALE (multiplies every rate limit, default 1), RUST_LOG (default info),
//! HELPDESK_DEFAULT_LANGUAGE (ru/en: notifications of requests that name no language),
//! HELPDESK_STORE_BATCH (most transactions per durable commit, default 256; 1 for none),
//! HELPDESK_OPERATORS_AT (judge the chat's operator hours as at this RFC 3339 moment),
//! HELPDESK_VAPID_PRIVATE_KEY / HELPDESK_VAPID_SUBJECT (browser push; without them a key
//! pair made once in the data directory), HELPDESK_PUSH_ALLOW (origins accepted as push
//! services besides the real ones, for tests).
//! HELPDESK_STAFF_2FA (roles, all or off: which staff sign in with an authenticator app),
//! HELPDESK_TOTP_KEY (seals their keys; without it a key made once in the data directory).
//! HELPDESK_BACKEND=aws (built with the `aws` feature) runs over DynamoDB, SNS and S3 as
//! configured by HELPDESK_TABLE, HELPDESK_EVENTS_TOPIC, HELPDESK_ATTACHMENTS_BUCKET,
//! HELPDESK_EMAIL_FROM and the usual AWS_* variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use helpdesk_functions::local::{
    Backend, LocalConfig, build, default_language_from_env, spawn_sweep,
};
use helpdesk_functions::ratelimit::Limits;
use tracing_subscriber::EnvFilter;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn backend() -> Result<Backend, Box<dyn std::error::Error>> {
    match env_or("HELPDESK_BACKEND", "embedded").as_str() {
        "embedded" => Ok(Backend::Embedded),
        #[cfg(feature = "aws")]
        "aws" => Ok(Backend::Aws(
            helpdesk_functions::cloud::CloudConfig::from_env()?,
        )),
        other => Err(format!(
            "HELPDESK_BACKEND={other}: expected \"embedded\"{}",
            if cfg!(feature = "aws") {
                " or \"aws\""
            } else {
                " (\"aws\" needs a build with --features aws)"
            }
        )
        .into()),
    }
}

/// HELPDESK_OPERATORS_AT (RFC 3339): judge the operators' hours as at this moment, for
/// demos and browser tests of the chat by day and by night.
fn operators_at() -> Result<Option<time::OffsetDateTime>, String> {
    match std::env::var("HELPDESK_OPERATORS_AT") {
        Err(_) => Ok(None),
        Ok(v) if v.is_empty() => Ok(None),
        Ok(v) => time::OffsetDateTime::parse(&v, &time::format_description::well_known::Rfc3339)
            .map(Some)
            .map_err(|e| {
                format!("HELPDESK_OPERATORS_AT={v}: {e} (expected e.g. 2026-12-07T12:00:00+03:00)")
            }),
    }
}

/// See functions/Cargo.toml for why.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let addr: SocketAddr = env_or("HELPDESK_ADDR", "127.0.0.1:8080").parse()?;
    let data_dir = std::path::absolute(PathBuf::from(env_or("HELPDESK_DATA_DIR", "data")))?;
    let spa_dir = std::path::absolute(PathBuf::from(env_or("HELPDESK_SPA_DIR", "dist")))?;
    let config = LocalConfig {
        second_factor: helpdesk_functions::auth::Requirement::from_env()?,
        data_dir: data_dir.clone(),
        spa_dir: spa_dir.clone(),
        limits: Limits::default().scaled(env_or("HELPDESK_LIMIT_SCALE", "1").parse()?),
        trust_forwarded_for: env_or("HELPDESK_TRUST_FORWARDED_FOR", "0") == "1",
        default_language: default_language_from_env()?,
        backend: backend()?,
        operators_at: operators_at()?,
        // HELPDESK_DEV_CLOCK=1: a clock `POST /dev/clock` moves forward (browser tests of
        // what happens days later). Never on the AWS backend.
        clock: (env_or("HELPDESK_DEV_CLOCK", "0") == "1"
            && env_or("HELPDESK_BACKEND", "embedded") == "embedded")
            .then(|| std::sync::Arc::new(helpdesk_functions::clock::ShiftedClock::default()) as _),
    };
    if !spa_dir.join("index.html").exists() {
        tracing::warn!(dir = %spa_dir.display(), "no built SPA here: only the API is served (run scripts/build-spa.sh)");
    }
    // Browser push: HELPDESK_VAPID_PRIVATE_KEY, or this server's own key pair kept in
    // the data directory.
    helpdesk_functions::notify::push::configure(helpdesk_functions::notify::push::from_env(Some(
        &data_dir,
    ))?);
    let system = build(&config).await?;
    // HELPDESK_SLA_SWEEP=0: the minute's timer leaves the service levels alone
    // (scripts/bench-sweep.sh runs that sweep itself, to time it).
    spawn_sweep(&system, env_or("HELPDESK_SLA_SWEEP", "1") != "0");
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let url = format!("http://{}", listener.local_addr()?);
    // Links in e-mails (the survey's) open this site: HELPDESK_PUBLIC_URL, or this server.
    helpdesk_functions::notify::set_public_url(
        &std::env::var("HELPDESK_PUBLIC_URL").unwrap_or_else(|_| url.clone()),
    );
    println!("helpdesk is running at {url}/");
    match &config.backend {
        Backend::Embedded => {
            println!("  data directory: {}", data_dir.display());
            println!("  outbox (what citizens would receive): {url}/dev/outbox");
            if helpdesk_functions::notify::push::public_key().is_some() {
                println!(
                    "  browser push: on (its VAPID key pair: {}/vapid-private.key, unless HELPDESK_VAPID_PRIVATE_KEY is set)",
                    data_dir.display()
                );
            }
        }
        #[cfg(feature = "aws")]
        Backend::Aws(cloud) => println!("  backend: AWS, table {}", cloud.table),
    }
    println!("  API description: {url}/api/v1/openapi.json");
    if config.backend.seeds_demo_accounts() {
        println!("  demo staff accounts (local only; sign in at {url}/staff):");
        for (login, password, _, role, _) in helpdesk_functions::auth::staff::DEMO_ACCOUNTS {
            println!("    {:<11} {login:<11} password {password}", role.code());
        }
        match config.second_factor {
            helpdesk_functions::auth::Requirement::Roles => println!(
                "  supervisor and admin set up an authenticator app at their first sign-in (HELPDESK_STAFF_2FA=off: not required)"
            ),
            helpdesk_functions::auth::Requirement::All => println!(
                "  every staff member sets up an authenticator app at the first sign-in (HELPDESK_STAFF_2FA=all)"
            ),
            helpdesk_functions::auth::Requirement::Off => println!(
                "  staff second factor: off (HELPDESK_STAFF_2FA=off): a password alone signs in"
            ),
        }
    } else {
        println!("  staff accounts: create them with helpdesk-admin (no demo accounts in AWS)");
    }
    axum::serve(
        listener,
        system
            .router
            .into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

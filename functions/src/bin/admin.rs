//! `helpdesk-admin`: staff accounts from the command line.
//!
//! ```text
//! helpdesk-admin list
//! helpdesk-admin create <login> <role> "<name>" [department]
//! helpdesk-admin reset-password <login>
//! helpdesk-admin disable <login>
//! helpdesk-admin enable <login>
//! helpdesk-admin set-email <login> <address|->
//! helpdesk-admin recount
//! helpdesk-admin demo-year [days] [requests a day] [chats a day]
//! helpdesk-admin vapid-keys
//! helpdesk-admin totp-key
//! helpdesk-admin reset-2fa <login>
//! helpdesk-admin redrive [--dry-run] [limit]
//! ```
//! Roles: operator, specialist (needs a department: technical, payments, legal,
//! services), supervisor, admin. A new or reset password is read from standard input
//! when one is piped in (`echo … | helpdesk-admin create …`), otherwise generated and
//! printed once. Disabling an account or resetting its password ends its sessions.
//! `recount` counts the open requests again and corrects the queue counters, then counts
//! every request and chat again and corrects the reports' rollups (after a restore, or
//! on data from before them); run it when nobody is working. `demo-year` fills the
//! embedded store with a year of demonstration traffic (`helpdesk_functions::demo`).
//! `vapid-keys` prints a new key pair for browser push (the deployment's VapidPrivateKey
//! and VapidPublicKey parameters); it touches no store. `totp-key` prints a new key
//! that seals the staff's authenticator keys (the deployment's TotpKey parameter;
//! locally the server makes `totp.key` in its data directory). `reset-2fa` removes a
//! login's second factor (a lost phone and lost recovery codes), ends its sessions and
//! writes it into the audit trail; the next sign-in sets up a new authenticator. `redrive` (a build with the
//! `redrive` feature) puts the fan-out's dead-letter messages back on its queue, up to
//! `limit` (default 1000), after their cause is fixed (`--dry-run`: only how many wait);
//! it reads HELPDESK_DLQ_URL and HELPDESK_FANOUT_QUEUE_URL (the stack's outputs
//! DeadLetterQueueUrl and FanoutQueueUrl) and the usual AWS_* variables.
//!
//! The store is chosen like the server's: HELPDESK_DATA_DIR (embedded, default ./data;
//! stop the local server first, the file is locked while it runs) or, in a build with
//! the `aws` feature, HELPDESK_BACKEND=aws with HELPDESK_TABLE and the AWS_* variables.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;
use std::sync::Arc;

use helpdesk_functions::auth::Auth;
use helpdesk_functions::auth::staff::{self, NewAccount, PASSWORD_MIN};
use helpdesk_functions::clock::SystemClock;
use helpdesk_functions::store::{KvStore, RedbStore};
use helpdesk_shared::auth::{Department, Role};

type Failure = Box<dyn std::error::Error>;

const USAGE: &str = "usage:
  helpdesk-admin list
  helpdesk-admin create <login> <role> \"<name>\" [department]
  helpdesk-admin reset-password <login>
  helpdesk-admin disable <login>
  helpdesk-admin enable <login>
  helpdesk-admin set-email <login> <address|->   (where a lock notice goes; - removes it)
  helpdesk-admin recount
  helpdesk-admin demo-year [days] [requests a day] [chats a day]   (embedded store; defaults 365 30 20)
  helpdesk-admin bench-rollups <requests> <chats>   (a new embedded store: synthetic rollups for scripts/bench-reports.sh)
  helpdesk-admin vapid-keys   (a new key pair for browser push)
  helpdesk-admin totp-key   (a new key sealing the staff's authenticator keys: the TotpKey parameter)
  helpdesk-admin reset-2fa <login>   (removes the login's second factor; audited; its sessions end)
  helpdesk-admin redrive [--dry-run] [limit]   (the fan-out's dead letters back to its queue; --features redrive)
roles: operator, specialist (with a department: technical, payments, legal, services), supervisor, admin";

async fn open_store() -> Result<Arc<dyn KvStore>, Failure> {
    let backend = std::env::var("HELPDESK_BACKEND").unwrap_or_else(|_| "embedded".into());
    match backend.as_str() {
        "embedded" => {
            let dir = std::env::var("HELPDESK_DATA_DIR").unwrap_or_else(|_| "data".into());
            let path = std::path::Path::new(&dir).join("helpdesk.redb");
            if !path.exists() {
                return Err(format!(
                    "no store at {} (start the local server once, or set HELPDESK_DATA_DIR)",
                    path.display()
                )
                .into());
            }
            let store = RedbStore::open(&path).map_err(|e| {
                format!(
                    "cannot open {}: {e} (is the local server running? stop it first)",
                    path.display()
                )
            })?;
            Ok(Arc::new(store))
        }
        #[cfg(feature = "aws")]
        "aws" => {
            let config = helpdesk_functions::cloud::CloudConfig::from_env()?;
            Ok(helpdesk_functions::cloud::Cloud::connect(config)
                .await
                .store)
        }
        other => Err(format!(
            "HELPDESK_BACKEND={other}: expected embedded (or aws in an aws build)"
        )
        .into()),
    }
}

/// From standard input if something is piped in, otherwise 20 random characters shown
/// once.
fn new_password() -> Result<(String, bool), Failure> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut s = String::new();
        stdin.lock().read_to_string(&mut s)?;
        let p = s.trim_end_matches(['\r', '\n']).to_owned();
        if !p.is_empty() {
            if p.chars().count() < PASSWORD_MIN {
                return Err(
                    format!("the password must be at least {PASSWORD_MIN} characters").into(),
                );
            }
            return Ok((p, false));
        }
    }
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| format!("no random generator: {e}"))?;
    let p = bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    Ok((p, true))
}

/// `redrive [--dry-run] [limit]`: the fan-out's dead letters back to its queue.
#[cfg(feature = "redrive")]
async fn redrive(args: &[&str]) -> Result<(), Failure> {
    use helpdesk_functions::cloud::redrive;
    let dry_run = args.contains(&"--dry-run");
    let limit = match args.iter().find(|a| !a.starts_with("--")) {
        Some(n) => n.parse().map_err(|_| format!("limit: not a number: {n}"))?,
        None => 1000,
    };
    let var = |name: &str| {
        std::env::var(name).map_err(|_| format!("{name} is not set (the stack's outputs)"))
    };
    let dlq = var("HELPDESK_DLQ_URL")?;
    let sqs = aws_sdk_sqs::Client::new(&aws_config::load_from_env().await);
    let waiting = redrive::waiting(&sqs, &dlq).await?;
    println!("{waiting} message(s) wait in the dead-letter queue");
    if dry_run {
        return Ok(());
    }
    let queue = var("HELPDESK_FANOUT_QUEUE_URL")?;
    let done = redrive::redrive(&sqs, &dlq, &queue, limit).await?;
    for (kind, n) in &done.by_type {
        println!("  {kind}: {n}");
    }
    println!("{} message(s) back on the fan-out queue", done.moved);
    Ok(())
}

#[cfg(not(feature = "redrive"))]
async fn redrive(_: &[&str]) -> Result<(), Failure> {
    Err("this build has no redrive: cargo run -p helpdesk-functions --features redrive --bin helpdesk-admin -- redrive".into())
}

/// `demo-year [days] [requests a day] [chats a day]`: traffic through the real services
/// on a clock that runs from `days` ago to now, over the embedded store.
async fn demo_year(args: &[&str]) -> Result<(), Failure> {
    use helpdesk_functions::demo::{Demo, DemoPlan};
    use helpdesk_functions::local::{Backend, LocalConfig, build};
    let number = |i: usize, default: u32, max: u32| -> Result<u32, Failure> {
        match args.get(i) {
            None => Ok(default),
            Some(v) => match v.parse::<u32>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(format!("{v:?}: a number from 1 to {max}").into()),
            },
        }
    };
    let plan = DemoPlan {
        days: number(0, 365, 730)?,
        requests_per_day: number(1, 30, 2000)?,
        chats_per_day: number(2, 20, 2000)?,
        seed: 20_261_203,
    };
    if std::env::var("HELPDESK_BACKEND").is_ok_and(|b| b != "embedded") {
        return Err("demo-year writes demonstration data to the embedded store only".into());
    }
    let dir = std::env::var("HELPDESK_DATA_DIR").unwrap_or_else(|_| "data".into());
    // From midnight (Moscow) `days` ago, so that the traffic ends today.
    let first = helpdesk_shared::moscow::date(time::OffsetDateTime::now_utc())
        - time::Duration::days(plan.days.into());
    let clock = Arc::new(helpdesk_functions::clock::ManualClock::new(
        first
            .with_time(time::Time::MIDNIGHT)
            .assume_offset(helpdesk_shared::moscow::OFFSET),
    ));
    let system = build(&LocalConfig {
        second_factor: helpdesk_functions::auth::Requirement::Roles,
        data_dir: dir.clone().into(),
        spa_dir: "app/dist".into(),
        limits: helpdesk_functions::ratelimit::Limits::default(),
        trust_forwarded_for: false,
        default_language: helpdesk_shared::Lang::Ru,
        backend: Backend::Embedded,
        operators_at: None,
        clock: Some(clock.clone()),
    })
    .await
    .map_err(|e| {
        format!("cannot open the store in {dir}: {e} (is the local server running? stop it first)")
    })?;
    println!(
        "{} days, {} requests and {} chats a day, into {dir}:",
        plan.days, plan.requests_per_day, plan.chats_per_day
    );
    let demo = Demo {
        tickets: system.tickets.clone(),
        chats: system.chats.clone(),
        store: system.store.clone(),
        clock,
    };
    let started = std::time::Instant::now();
    let done = demo
        .run(plan, |month, d| {
            println!(
                "  {month} done: {} requests, {} chats so far ({} s)",
                d.requests,
                d.chats,
                started.elapsed().as_secs()
            )
        })
        .await?;
    println!(
        "made {} requests and {} chats in {} steps ({} refused by the services, as happens when the sweep got there first) in {} s",
        done.requests,
        done.chats,
        done.steps,
        done.refused,
        started.elapsed().as_secs()
    );
    for (why, n) in &done.refusals {
        println!("  refused {n}×: {why}");
    }
    Ok(())
}

/// `bench-rollups <requests> <chats>`: a year's rollups of that much synthetic traffic
/// into a new embedded store, for `scripts/bench-reports.sh`.
async fn bench_rollups(args: &[&str]) -> Result<(), Failure> {
    let [requests, chats] = args else {
        return Err(USAGE.into());
    };
    let (requests, chats): (u64, u64) = (requests.parse()?, chats.parse()?);
    let dir = std::env::var("HELPDESK_DATA_DIR").unwrap_or_else(|_| "data".into());
    let path = std::path::Path::new(&dir).join("helpdesk.redb");
    if path.exists() {
        return Err(format!(
            "{} exists: bench-rollups fills a new store only",
            path.display()
        )
        .into());
    }
    std::fs::create_dir_all(&dir)?;
    let store = RedbStore::open(&path)?;
    let today = helpdesk_shared::moscow::date(time::OffsetDateTime::now_utc());
    let started = std::time::Instant::now();
    let items =
        helpdesk_functions::reports::synthetic::write_year(&store, requests, chats, today, 365)
            .await?;
    println!(
        "rollups of {requests} requests and {chats} chats over 365 days: {items} items in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn run(args: &[String]) -> Result<(), Failure> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["demo-year", rest @ ..] => return demo_year(rest).await,
        ["bench-rollups", rest @ ..] => return bench_rollups(rest).await,
        ["redrive", rest @ ..] => return redrive(rest).await,
        ["vapid-keys"] => {
            let pair = helpdesk_functions::notify::push::Vapid::generate("");
            println!("VapidPrivateKey={}", pair.private_b64());
            println!("VapidPublicKey={}", pair.public_b64());
            return Ok(());
        }
        ["totp-key"] => {
            println!(
                "TotpKey={}",
                helpdesk_functions::auth::totp::Sealer::new_key()
            );
            return Ok(());
        }
        _ => {}
    }
    let store = open_store().await?;
    let s = store.as_ref();
    // Only to end sessions: no events are published by this tool.
    let auth = || {
        let bus = Arc::new(helpdesk_functions::notify::LocalBus::new(store.clone()));
        Auth::new(store.clone(), bus, Arc::new(SystemClock))
    };
    match args.as_slice() {
        ["list"] => {
            for a in staff::list(s).await? {
                let dept = a.department.map(|d| d.code()).unwrap_or("-");
                let state = if a.disabled { "disabled" } else { "active" };
                println!(
                    "{:<24} {:<11} {:<10} {:<8} {}",
                    a.login,
                    a.role.code(),
                    dept,
                    state,
                    a.name
                );
            }
        }
        ["create", login, role, name, rest @ ..] if rest.len() <= 1 => {
            let role =
                Role::from_code(role).ok_or_else(|| format!("unknown role {role}\n{USAGE}"))?;
            let department = match rest.first() {
                Some(d) => Some(
                    Department::from_code(d).ok_or_else(|| format!("unknown department {d}"))?,
                ),
                None => None,
            };
            let (password, generated) = new_password()?;
            let new = NewAccount {
                login,
                name,
                role,
                department,
                password: &password,
            };
            let a = staff::create(s, new, time::OffsetDateTime::now_utc()).await?;
            println!("created {} ({})", a.login, a.role.code());
            if generated {
                println!("password (shown once): {password}");
            }
        }
        ["reset-password", login] => {
            let (password, generated) = new_password()?;
            let a = staff::reset_password(s, login, &password).await?;
            let ended = auth().end_staff_sessions(&a.login).await?;
            println!("password of {} reset; {ended} session(s) ended", a.login);
            if generated {
                println!("password (shown once): {password}");
            }
        }
        ["reset-2fa", login] => {
            let login = staff::normalise_login(login)?;
            if staff::load(s, &login).await?.is_none() {
                return Err(format!("no account {login}").into());
            }
            let now = time::OffsetDateTime::now_utc();
            if helpdesk_functions::auth::reset_second_factor(s, &login, now).await? {
                let ended = auth().end_staff_sessions(&login).await?;
                println!(
                    "second factor of {login} removed (audited); {ended} session(s) ended; the next sign-in sets up a new one"
                );
            } else {
                println!("{login} has no second factor set up: nothing to reset");
            }
        }
        ["disable", login] => {
            let a = staff::set_disabled(s, login, true).await?;
            let ended = auth().end_staff_sessions(&a.login).await?;
            println!("{} disabled; {ended} session(s) ended", a.login);
        }
        ["enable", login] => {
            let a = staff::set_disabled(s, login, false).await?;
            println!("{} enabled", a.login);
        }
        ["set-email", login, address] => {
            let address = (*address != "-").then_some(*address);
            let a = staff::set_email(s, login, address).await?;
            match a.email {
                Some(_) => println!("{}: lock notices go to the new address", a.login),
                None => println!("{}: no address; lock notices are not sent", a.login),
            }
        }
        ["recount"] => {
            let (open, off) = helpdesk_functions::tickets::recount(s).await?;
            println!("{open} open request(s); {off} queue counter(s) corrected");
            let now = time::OffsetDateTime::now_utc();
            let r = helpdesk_functions::reports::recount(s, now).await?;
            println!(
                "{} request(s) and {} chat(s) counted again; {} report day-group(s) corrected",
                r.requests, r.chats, r.corrected
            );
        }
        _ => return Err(USAGE.into()),
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("helpdesk-admin: {e}");
            ExitCode::FAILURE
        }
    }
}

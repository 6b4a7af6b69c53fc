//! Fixed-window request counters per key (a client address, a request number).
//! `RateLimiter` counts in memory: on Lambda each warm instance limits on its own, which
//! bounds a burst per instance at no cost. `count_in_store` counts in the store, so every
//! instance sees one count: for what costs money per call (a sign-in code is an SMS).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use crate::ids::sha256_hex;
use crate::store::{Cond, Item, KvStore, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub per: Duration,
}

impl Limit {
    pub const fn per_minute(max: u32) -> Limit {
        Limit {
            max,
            per: Duration::from_secs(60),
        }
    }

    pub const fn per_hour(max: u32) -> Limit {
        Limit {
            max,
            per: Duration::from_secs(3600),
        }
    }
}

/// The limits of the public endpoints.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub lookup_per_client: Limit,
    /// Wrong access codes for one request number from one address: that address stops
    /// guessing; the owner elsewhere is not affected.
    pub wrong_code_per_client_and_number: Limit,
    /// Wrong access codes for one request number from everywhere: stops guessing from
    /// many addresses, so it is set far above what one person mistyping would reach.
    pub wrong_code_per_number: Limit,
    pub submit_per_client: Limit,
    pub upload_per_client: Limit,
    pub add_info_per_client: Limit,
    /// Sign-in codes asked for from one address (per contact is in the store).
    pub code_per_client: Limit,
    /// Code and password attempts from one address (per identity: the lockout).
    pub sign_in_per_client: Limit,
    /// Topic guesses as a request is typed (the form asks after a pause in typing).
    pub topic_per_client: Limit,
    /// "Was this helpful?" answers from one address.
    pub vote_per_client: Limit,
    /// Knowledge-base searches on the server from one address.
    pub search_per_client: Limit,
    /// New chats from one address.
    pub chat_per_client: Limit,
    /// Messages, marks and other chat calls of citizens from one address.
    pub chat_message_per_client: Limit,
    /// Transcripts (PDF or e-mail) from one address: each PDF is set on the server.
    pub transcript_per_client: Limit,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            lookup_per_client: Limit::per_minute(60),
            wrong_code_per_client_and_number: Limit::per_hour(20),
            wrong_code_per_number: Limit::per_hour(500),
            submit_per_client: Limit::per_hour(120),
            upload_per_client: Limit::per_hour(100),
            add_info_per_client: Limit::per_hour(60),
            code_per_client: Limit::per_hour(20),
            sign_in_per_client: Limit::per_hour(60),
            topic_per_client: Limit::per_minute(60),
            vote_per_client: Limit::per_hour(60),
            search_per_client: Limit::per_minute(120),
            chat_per_client: Limit::per_hour(30),
            chat_message_per_client: Limit::per_minute(60),
            transcript_per_client: Limit::per_hour(30),
        }
    }
}

impl Limits {
    /// Every limit multiplied by `factor` (load tests, busy shared addresses).
    pub fn scaled(self, factor: u32) -> Limits {
        let s = |l: Limit| Limit {
            max: l.max.saturating_mul(factor.max(1)),
            per: l.per,
        };
        Limits {
            lookup_per_client: s(self.lookup_per_client),
            wrong_code_per_client_and_number: s(self.wrong_code_per_client_and_number),
            wrong_code_per_number: s(self.wrong_code_per_number),
            submit_per_client: s(self.submit_per_client),
            upload_per_client: s(self.upload_per_client),
            add_info_per_client: s(self.add_info_per_client),
            code_per_client: s(self.code_per_client),
            sign_in_per_client: s(self.sign_in_per_client),
            topic_per_client: s(self.topic_per_client),
            vote_per_client: s(self.vote_per_client),
            search_per_client: s(self.search_per_client),
            chat_per_client: s(self.chat_per_client),
            chat_message_per_client: s(self.chat_message_per_client),
            transcript_per_client: s(self.transcript_per_client),
        }
    }
}

const PRUNE_ABOVE: usize = 100_000;

#[derive(Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

/// One window asked about in `RateLimiter::check_all`.
#[derive(Debug, Clone, Copy)]
pub enum Ask<'a> {
    /// Count this call (`RateLimiter::check`).
    Count(&'a str, Limit),
    /// Whether failures counted so far (`RateLimiter::count`) reached the limit, without
    /// counting this call.
    Peek(&'a str, Limit),
}

impl RateLimiter {
    /// Counts one request; `Err(seconds)` tells how long until the window reopens.
    pub fn check(&self, key: &str, limit: Limit) -> Result<(), u64> {
        self.check_all(&[Ask::Count(key, limit)])
            .map_err(|(_, left)| left)
    }

    /// Asks each window in turn under one lock, as `check` would one by one
    /// (a status lookup asks three: one lock and one clock reading instead of three);
    /// stops at the first that refuses, with its index and the seconds until it reopens.
    pub fn check_all(&self, asks: &[Ask<'_>]) -> Result<(), (usize, u64)> {
        let now = Instant::now();
        let mut windows = self.lock(now);
        for (i, ask) in asks.iter().enumerate() {
            let (key, limit, counted) = match *ask {
                Ask::Count(key, limit) => (key, limit, true),
                Ask::Peek(key, limit) => (key, limit, false),
            };
            in_window(&mut windows, key, now, limit, |start, count| {
                if *count >= limit.max {
                    let left = limit.per.saturating_sub(now.duration_since(*start));
                    return Err((i, left.as_secs().max(1)));
                }
                if counted {
                    *count += 1;
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Counts one failure of `key` (a wrong code), whatever the count already is.
    pub fn count(&self, key: &str, limit: Limit) {
        let now = Instant::now();
        let mut windows = self.lock(now);
        in_window(&mut windows, key, now, limit, |_, count| {
            *count = count.saturating_add(1);
        });
    }

    fn lock(&self, now: Instant) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, u32)>> {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() > PRUNE_ABOVE {
            windows.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(3600));
        }
        windows
    }
}

/// `f` on `key`'s window (its start and count), opened now if it has none or if the last
/// one has passed; the key is copied only when it has none (every call copied it, to
/// look it up).
fn in_window<R>(
    windows: &mut HashMap<String, (Instant, u32)>,
    key: &str,
    now: Instant,
    limit: Limit,
    f: impl FnOnce(&Instant, &mut u32) -> R,
) -> R {
    let reopened = |(start, count): &mut (Instant, u32)| {
        if now.duration_since(*start) >= limit.per {
            *start = now;
            *count = 0;
        }
    };
    match windows.get_mut(key) {
        Some(window) => {
            reopened(window);
            f(&window.0, &mut window.1)
        }
        None => {
            let window = windows.entry(key.to_owned()).or_insert((now, 0));
            f(&window.0, &mut window.1)
        }
    }
}

/// Counts one call of `key` in `scope` in the store's fixed window (aligned to the
/// epoch); `Ok(Err(seconds))` when the window is full, with how long until it reopens.
/// The key is hashed (client addresses are personal data); the item expires with its
/// window. Costs one read and one write per call.
pub async fn count_in_store(
    store: &dyn KvStore,
    scope: &str,
    key: &str,
    limit: Limit,
    now: OffsetDateTime,
) -> Result<Result<(), u64>, StoreError> {
    let per = limit.per.as_secs().max(1) as i64;
    let start = now.unix_timestamp().div_euclid(per) * per;
    let left = (start + per - now.unix_timestamp()).max(1) as u64;
    let pk = format!("RATE#{scope}#{}", sha256_hex(&[key.as_bytes()]));
    let sk = format!("W#{start}");
    // Concurrent calls race on the version; each retry re-reads the count.
    for _ in 0..5 {
        let current = store.get(&pk, &sk).await?;
        let (count, cond, version) = match &current {
            Some(item) => (
                item.body.value()["count"].as_u64().unwrap_or(0),
                Cond::Version(item.version),
                item.version + 1,
            ),
            None => (0, Cond::Absent, 1),
        };
        if count >= u64::from(limit.max) {
            return Ok(Err(left));
        }
        let mut item = Item::new(
            pk.clone(),
            sk.clone(),
            serde_json::json!({ "count": count + 1 }),
        );
        item.version = version;
        item.expires_at = Some(start + per + 60);
        match store.put(item, cond).await {
            Ok(()) => return Ok(Ok(())),
            Err(StoreError::ConditionFailed { .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    // Under that much contention from one key, refuse.
    Ok(Err(left))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_key_within_a_window() {
        let r = RateLimiter::default();
        let limit = Limit::per_minute(2);
        assert!(r.check("a", limit).is_ok());
        assert!(r.check("a", limit).is_ok());
        let retry = r.check("a", limit).expect_err("third in a minute");
        assert!((1..=60).contains(&retry));
        assert!(r.check("b", limit).is_ok(), "other keys are not affected");
    }

    #[test]
    fn the_window_reopens() {
        let r = RateLimiter::default();
        let limit = Limit {
            max: 1,
            per: Duration::from_millis(20),
        };
        assert!(r.check("a", limit).is_ok());
        assert!(r.check("a", limit).is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(r.check("a", limit).is_ok());
    }

    #[test]
    fn asked_together_windows_answer_as_asked_one_by_one() {
        let r = RateLimiter::default();
        let calls = Limit::per_minute(3);
        let failures = Limit::per_minute(2);
        let asks = [Ask::Count("c", calls), Ask::Peek("f", failures)];
        assert_eq!(r.check_all(&asks), Ok(()));
        r.count("f", failures);
        r.count("f", failures);
        // The failures' window is full: refused at the second, after counting the first.
        let (which, retry) = r.check_all(&asks).expect_err("two failures");
        assert_eq!(which, 1);
        assert!((1..=60).contains(&retry));
        assert_eq!(r.check("c", calls), Ok(()), "the third call in the window");
        assert_eq!(r.check_all(&asks).map_err(|(which, _)| which), Err(0));
        // Peeking counts nothing.
        for _ in 0..5 {
            assert_eq!(r.check_all(&[Ask::Peek("p", failures)]), Ok(()));
        }
    }

    #[tokio::test]
    async fn the_store_counts_for_every_instance() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = crate::store::RedbStore::open(&dir.path().join("r.redb")).expect("open");
        let limit = Limit::per_hour(2);
        // The store hides expired items by the real clock, so the test counts now.
        let at = OffsetDateTime::now_utc();
        let left = 3600 - at.unix_timestamp().rem_euclid(3600) as u64;
        let count = |key: &'static str, now| count_in_store(&store, "code", key, limit, now);
        // Two "instances" are just two callers of one store.
        assert_eq!(count("10.0.0.1", at).await.expect("store"), Ok(()));
        assert_eq!(count("10.0.0.1", at).await.expect("store"), Ok(()));
        assert_eq!(
            count("10.0.0.1", at).await.expect("store"),
            Err(left),
            "full until the hour ends"
        );
        assert_eq!(count("10.0.0.2", at).await.expect("store"), Ok(()));
        let next = at + time::Duration::seconds(left as i64);
        assert_eq!(count("10.0.0.1", next).await.expect("store"), Ok(()));
    }
}

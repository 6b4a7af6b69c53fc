//! Failed attempts per identity (a citizen's contact, a staff login): after
//! `max_failures` within the window the identity is locked until the window ends. Kept
//! in the store, so every server instance sees the same count; unknown logins are
//! counted the same way as real ones, so a lock tells nothing about who exists.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::ids::sha256_hex;
use crate::store::{Cond, Item, KvStore, StoreError};

#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub max_failures: u32,
    /// How long failures are remembered, and how long a lock lasts.
    pub window: Duration,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Failures {
    count: u32,
    #[serde(with = "time::serde::rfc3339::option", default)]
    locked_until: Option<OffsetDateTime>,
}

/// The answer to a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    TriesLeft(u32),
    /// This failure locked the identity.
    NowLocked(OffsetDateTime),
    /// It was locked already.
    LockedUntil(OffsetDateTime),
}

impl AfterFailure {
    /// Until when the identity is locked, if it is.
    pub fn locked_until(self) -> Option<OffsetDateTime> {
        match self {
            AfterFailure::TriesLeft(_) => None,
            AfterFailure::NowLocked(t) | AfterFailure::LockedUntil(t) => Some(t),
        }
    }
}

fn pk(scope: &str, id: &str) -> String {
    format!("FAIL#{scope}#{}", sha256_hex(&[id.as_bytes()]))
}

/// When the identity is locked, until when.
pub async fn locked_until(
    store: &dyn KvStore,
    scope: &str,
    id: &str,
    now: OffsetDateTime,
) -> Result<Option<OffsetDateTime>, StoreError> {
    let Some(item) = store.get(&pk(scope, id), "FAIL").await? else {
        return Ok(None);
    };
    let f: Failures = item.decode()?;
    Ok(f.locked_until.filter(|t| *t > now))
}

/// Counts one failure; the one that reaches the maximum locks.
pub async fn record_failure(
    store: &dyn KvStore,
    policy: Policy,
    scope: &str,
    id: &str,
    now: OffsetDateTime,
) -> Result<AfterFailure, StoreError> {
    let key = pk(scope, id);
    // Concurrent failures race on the version; each retry re-reads the count.
    for _ in 0..5 {
        let current = store.get(&key, "FAIL").await?;
        let (mut f, cond, version) = match &current {
            Some(item) => (
                item.decode::<Failures>()?,
                Cond::Version(item.version),
                item.version + 1,
            ),
            None => (
                Failures {
                    count: 0,
                    locked_until: None,
                },
                Cond::Absent,
                1,
            ),
        };
        if let Some(until) = f.locked_until.filter(|t| *t > now) {
            return Ok(AfterFailure::LockedUntil(until));
        }
        f.count += 1;
        let outcome = if f.count >= policy.max_failures {
            let until = now + policy.window;
            f.locked_until = Some(until);
            AfterFailure::NowLocked(until)
        } else {
            AfterFailure::TriesLeft(policy.max_failures - f.count)
        };
        let mut item = Item::new(key.clone(), "FAIL", crate::store::body(&f));
        item.version = version;
        // A fresh window per lock; earlier failures are forgotten after the window.
        item.expires_at = Some((now + policy.window).unix_timestamp());
        match store.put(item, cond).await {
            Ok(()) => return Ok(outcome),
            Err(StoreError::ConditionFailed { .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    // Under that much contention, assume the worst for the attacker.
    Ok(AfterFailure::LockedUntil(now + policy.window))
}

/// Forgets the failures after a success.
pub async fn clear(store: &dyn KvStore, scope: &str, id: &str) -> Result<(), StoreError> {
    store
        .transact(vec![crate::store::Write::Delete {
            pk: pk(scope, id),
            sk: "FAIL".into(),
            cond: Cond::Always,
        }])
        .await
}

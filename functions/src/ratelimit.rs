//! Fixed-window request counters per key (a client address, a request number), in
//! memory. One process holds its own counts: on Lambda each warm instance limits on its
//! own, which bounds a burst per instance; a store-backed limiter is the cloud follow-up.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
    pub lookup_per_number: Limit,
    pub submit_per_client: Limit,
    pub upload_per_client: Limit,
    pub add_info_per_client: Limit,
    /// Sign-in codes asked for from one address (per contact is in the store).
    pub code_per_client: Limit,
    /// Code and password attempts from one address (per identity: the lockout).
    pub sign_in_per_client: Limit,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            lookup_per_client: Limit::per_minute(60),
            lookup_per_number: Limit::per_minute(20),
            submit_per_client: Limit::per_hour(120),
            upload_per_client: Limit::per_hour(100),
            add_info_per_client: Limit::per_hour(60),
            code_per_client: Limit::per_hour(20),
            sign_in_per_client: Limit::per_hour(60),
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
            lookup_per_number: s(self.lookup_per_number),
            submit_per_client: s(self.submit_per_client),
            upload_per_client: s(self.upload_per_client),
            add_info_per_client: s(self.add_info_per_client),
            code_per_client: s(self.code_per_client),
            sign_in_per_client: s(self.sign_in_per_client),
        }
    }
}

const PRUNE_ABOVE: usize = 100_000;

#[derive(Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    /// Counts one request; `Err(seconds)` tells how long until the window reopens.
    pub fn check(&self, key: &str, limit: Limit) -> Result<(), u64> {
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() > PRUNE_ABOVE {
            windows.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(3600));
        }
        let (start, count) = windows.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(*start) >= limit.per {
            *start = now;
            *count = 0;
        }
        if *count >= limit.max {
            let left = limit.per.saturating_sub(now.duration_since(*start));
            return Err(left.as_secs().max(1));
        }
        *count += 1;
        Ok(())
    }
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
}

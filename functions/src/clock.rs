use time::OffsetDateTime;

/// The time source of the services, replaceable in tests.
pub trait Clock: Send + Sync + std::fmt::Debug + 'static {
    fn now(&self) -> OffsetDateTime;

    /// Moves the time forward, if this clock can (tests, the local dev clock): `false`
    /// for the system's.
    fn advance_by(&self, _by: time::Duration) -> bool {
        false
    }
}

/// The system's time plus an offset that only grows: the local server's development
/// clock (HELPDESK_DEV_CLOCK=1), so a browser test can let working days pass
/// (`POST /dev/clock`).
#[derive(Debug, Default)]
pub struct ShiftedClock(std::sync::atomic::AtomicI64);

impl Clock for ShiftedClock {
    fn now(&self) -> OffsetDateTime {
        let secs = self.0.load(std::sync::atomic::Ordering::Relaxed);
        OffsetDateTime::now_utc() + time::Duration::seconds(secs)
    }

    fn advance_by(&self, by: time::Duration) -> bool {
        let secs = by.whole_seconds().max(0);
        self.0.fetch_add(secs, std::sync::atomic::Ordering::Relaxed);
        true
    }
}

#[derive(Debug)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A sortable storage-key fragment for an instant: nanoseconds since 1970, zero-padded.
pub fn sort_key(at: OffsetDateTime) -> String {
    format!("{:020}", at.unix_timestamp_nanos())
}

/// A clock that stands still until moved: for tests of expiry and lockouts.
#[derive(Debug)]
pub struct ManualClock(std::sync::Mutex<OffsetDateTime>);

impl ManualClock {
    pub fn new(at: OffsetDateTime) -> ManualClock {
        ManualClock(std::sync::Mutex::new(at))
    }

    pub fn advance(&self, by: time::Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn advance_by(&self, by: time::Duration) -> bool {
        self.advance(by);
        true
    }
}

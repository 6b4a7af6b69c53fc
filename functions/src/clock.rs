use time::OffsetDateTime;

/// The time source of the services, replaceable in tests.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> OffsetDateTime;
}

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

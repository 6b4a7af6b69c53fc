//! Randomness and hashing: ids, numbers, secrets.

use sha2::{Digest, Sha256};

pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // The OS generator failing means the machine cannot make secrets at all.
    getrandom::fill(&mut buf).expect("the operating system's random generator is unavailable");
    buf
}

pub fn random_u32() -> u32 {
    u32::from_le_bytes(random_bytes())
}

pub fn random_u64() -> u64 {
    u64::from_le_bytes(random_bytes())
}

/// 128 random bits as 32 hex characters.
pub fn new_id() -> String {
    hex(&random_bytes::<16>())
}

/// An event's id: the time in milliseconds (12 hex digits) then 80 random bits (20), so
/// ids made together sort together. Events are stored under their id; ids made at random
/// scattered each new event and its mark of delivery over pages of the embedded store's
/// tree, one page written per event per commit; in time order a commit's events share
/// a page or two.
pub fn event_id(at: time::OffsetDateTime) -> String {
    let millis = (at.unix_timestamp_nanos() / 1_000_000).clamp(0, 0xffff_ffff_ffff) as u64;
    let mut id = hex(&millis.to_be_bytes()[2..]);
    id.push_str(&hex(&random_bytes::<10>()));
    id
}

/// Lower-case hex. By table: a `format!` per byte was 5 % of a status lookup under `perf`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

pub fn sha256_hex(parts: &[&[u8]]) -> String {
    hex(&sha256(parts))
}

/// Compares two secrets' hashes without an early exit.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A deterministic generator for generated traffic (the demo, benchmarks, tests that
/// print their seed): xorshift64, never for secrets.
#[derive(Debug, Clone)]
pub struct SeededRng(u64);

impl SeededRng {
    /// From `seed` (0 is made 1: xorshift stays at 0 forever).
    pub fn new(seed: u64) -> SeededRng {
        SeededRng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// 0 to `n` − 1 (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() % 1_000_000) as f64 / 1_000_000.0 < p
    }

    /// `lo` to `hi` − 1.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo).max(1) as u64) as i64
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn event_ids_sort_by_time_and_differ_within_a_millisecond() {
        let at = time::macros::datetime!(2026-12-03 23:00 UTC);
        let (a, b) = (super::event_id(at), super::event_id(at));
        let later = super::event_id(at + time::Duration::milliseconds(1));
        assert_eq!(a.len(), 32);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_eq!(a[..12], b[..12]);
        assert_ne!(a, b);
        assert!(a < later && b < later, "{a} {b} {later}");
        assert_eq!(
            &a[..12],
            "01a23e22d580",
            "1796338800000 ms: 2026-12-03 23:00 UTC"
        );
    }

    #[test]
    fn hex_is_lower_case_two_digits_a_byte() {
        let all: Vec<u8> = (0..=255).collect();
        let expected: String = all.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(super::hex(&all), expected);
        assert_eq!(super::hex(&[]), "");
        assert_eq!(super::hex(&[0x0a, 0xff]), "0aff");
    }
}

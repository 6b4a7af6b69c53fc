//! Randomness and hashing: ids, numbers, secrets.

use sha2::{Digest, Sha256};

fn random_bytes<const N: usize>() -> [u8; N] {
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

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

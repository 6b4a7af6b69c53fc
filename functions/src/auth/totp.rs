//! The second factor's parts: time-based one-time passwords (RFC 6238: HMAC-SHA1, six
//! digits, 30-second steps — what every authenticator app makes; computed by `totp-rs`),
//! the key sealed at rest (AES-256-GCM, bound to the login), recovery codes (80 random
//! bits each, kept as SHA-256 hashes), and the enrolment's QR code drawn as SVG.

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use helpdesk_shared::two_factor::{Enrolment, RECOVERY_ALPHABET, RECOVERY_CODES, RECOVERY_LEN};
use totp_rs::{Algorithm, TOTP};

/// Seconds of one code.
pub const STEP: u64 = 30;
/// Bytes of a key (160 bits, as RFC 4226 recommends).
const SECRET_LEN: usize = 20;
/// The name the authenticator app lists the account under.
pub const ISSUER: &str = "Helpdesk";

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random generator is unavailable");
    bytes
}

/// Seals and opens the authenticator keys with the deployment's key: locally a file the
/// server creates in its data directory (or `HELPDESK_TOTP_KEY`); in AWS the
/// `HELPDESK_TOTP_KEY` that Lambda keeps encrypted with the stack's KMS key.
pub struct Sealer {
    cipher: Aes256Gcm,
}

impl Sealer {
    pub fn from_key(key: &[u8; 32]) -> Sealer {
        Sealer {
            cipher: Aes256Gcm::new(key.into()),
        }
    }

    /// From 32 bytes in base64 (`helpdesk-admin totp-key` prints one).
    pub fn from_base64(text: &str) -> Result<Sealer, String> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| "HELPDESK_TOTP_KEY is not base64".to_owned())?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "HELPDESK_TOTP_KEY is not 32 bytes".to_owned())?;
        Ok(Sealer::from_key(&key))
    }

    /// A key for this process only (tests): what it sealed cannot be opened after a
    /// restart.
    pub fn ephemeral() -> Sealer {
        Sealer::from_key(&random())
    }

    /// A new key in base64.
    pub fn new_key() -> String {
        STANDARD.encode(random::<32>())
    }

    /// The key in `path`, made (readable by this user only) when there is none.
    pub fn load_or_create(path: &std::path::Path) -> std::io::Result<Sealer> {
        if let Ok(text) = std::fs::read_to_string(path) {
            return Sealer::from_base64(&text).map_err(std::io::Error::other);
        }
        let key = Sealer::new_key();
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        std::io::Write::write_all(&mut options.open(path)?, key.as_bytes())?;
        Sealer::from_base64(&key).map_err(std::io::Error::other)
    }

    /// `plain` sealed for `login`: base64 of the nonce and the ciphertext.
    pub fn seal(&self, login: &str, plain: &[u8]) -> String {
        let nonce: [u8; 12] = random();
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: login.as_bytes(),
                },
            )
            .expect("AES-GCM seals any short input");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        STANDARD.encode(out)
    }

    /// What `seal` sealed for this login; `None` for anything else (another key,
    /// another login, altered bytes).
    pub fn open(&self, login: &str, sealed: &str) -> Option<Vec<u8>> {
        let bytes = STANDARD.decode(sealed).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, body) = bytes.split_at(12);
        self.cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: login.as_bytes(),
                },
            )
            .ok()
    }
}

pub fn new_secret() -> Vec<u8> {
    random::<SECRET_LEN>().to_vec()
}

fn totp(secret: &[u8], digits: usize, login: &str) -> TOTP {
    TOTP::new_unchecked(
        Algorithm::SHA1,
        digits,
        0,
        STEP,
        secret.to_vec(),
        Some(ISSUER.to_owned()),
        login.to_owned(),
    )
}

/// The code of time step `step` (`unix time / 30`).
pub fn code_at(secret: &[u8], step: u64, digits: usize) -> String {
    totp(secret, digits, "").generate(step * STEP)
}

/// The time step whose code `code` is, among the current one and one on either side
/// (a phone's clock a little off, a code typed as it changed).
pub fn matching_step(secret: &[u8], code: &str, unix: u64) -> Option<u64> {
    let now = unix / STEP;
    [now, now.saturating_sub(1), now + 1]
        .into_iter()
        .find(|&step| crate::ids::same_secret(&code_at(secret, step, 6), code))
}

/// What the staff member's app needs: the key as text, its `otpauth://` address and
/// that address as a QR code.
pub fn enrolment(secret: &[u8], login: &str) -> Enrolment {
    let t = totp(secret, 6, login);
    let key = t
        .get_secret_base32()
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let uri = t.get_url();
    Enrolment {
        qr_svg: qr_svg(&uri),
        key,
        uri,
        issuer: ISSUER.to_owned(),
        account: login.to_owned(),
    }
}

/// `text` as a QR code (medium error correction), black on white with the quiet zone
/// of four modules, one path.
fn qr_svg(text: &str) -> String {
    use qrcodegen::{QrCode, QrCodeEcc};
    let Ok(qr) = QrCode::encode_text(text, QrCodeEcc::Medium) else {
        return String::new();
    };
    let size = qr.size();
    let full = size + 8;
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {full} {full}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{full}\" height=\"{full}\" \
         fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}

/// Ten new recovery codes, in their stored form (`two_factor::grouped` shows them).
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            random::<RECOVERY_LEN>()
                .iter()
                .map(|b| RECOVERY_ALPHABET[usize::from(b % 32)] as char)
                .collect()
        })
        .collect()
}

/// How a recovery code is kept: its hash with the login (the codes carry 80 random bits,
/// so a fast hash is enough).
pub fn recovery_hash(login: &str, code: &str) -> String {
    crate::ids::sha256_hex(&[b"recovery:", login.as_bytes(), b":", code.as_bytes()])
}

/// The key that seals the authenticator keys: `HELPDESK_TOTP_KEY` (32 bytes, base64),
/// else a key file in `data_dir` (made on first start), else (a function that never
/// seals: in AWS, every one but sign-in's) one of this process.
pub fn sealer_from_env(data_dir: Option<&std::path::Path>) -> Result<Sealer, String> {
    match (std::env::var("HELPDESK_TOTP_KEY"), data_dir) {
        (Ok(key), _) if !key.trim().is_empty() => Sealer::from_base64(&key),
        (_, Some(dir)) => {
            let path = dir.join("totp.key");
            Sealer::load_or_create(&path)
                .map_err(|e| format!("the second factor's key {}: {e}", path.display()))
        }
        (_, None) => Ok(Sealer::ephemeral()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 key and its eight-digit codes.
    #[test]
    fn codes_match_rfc_6238_test_vectors() {
        let key = b"12345678901234567890";
        for (time, code) in [
            (59u64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code_at(key, time / STEP, 8), code, "T = {time}");
        }
        // Six digits are the last six of the same number.
        assert_eq!(code_at(key, 59 / STEP, 6), "287082");
    }

    #[test]
    fn a_code_matches_its_step_and_one_either_side_only() {
        let key = new_secret();
        let now = 1_800_000_000u64;
        let step = now / STEP;
        for s in [step - 1, step, step + 1] {
            assert_eq!(matching_step(&key, &code_at(&key, s, 6), now), Some(s));
        }
        for s in [step - 2, step + 2] {
            let code = code_at(&key, s, 6);
            // (A code of another step may repeat one of these three: one in 10⁶.)
            if [step - 1, step, step + 1]
                .iter()
                .all(|&n| code_at(&key, n, 6) != code)
            {
                assert_eq!(matching_step(&key, &code, now), None);
            }
        }
    }

    #[test]
    fn sealed_keys_open_only_with_their_key_and_login() {
        let sealer = Sealer::ephemeral();
        let secret = new_secret();
        let sealed = sealer.seal("supervisor", &secret);
        assert!(!sealed.contains(&STANDARD.encode(&secret)));
        assert_eq!(sealer.open("supervisor", &sealed), Some(secret.clone()));
        assert_eq!(sealer.open("admin", &sealed), None, "bound to the login");
        assert_eq!(Sealer::ephemeral().open("supervisor", &sealed), None);
        assert_ne!(
            sealer.seal("supervisor", &secret),
            sealed,
            "a new nonce each time"
        );
        let key = Sealer::new_key();
        let a = Sealer::from_base64(&key).expect("key");
        let b = Sealer::from_base64(&format!("{key}\n")).expect("key with a newline");
        assert_eq!(b.open("x", &a.seal("x", b"k")), Some(b"k".to_vec()));
        assert!(Sealer::from_base64("c2hvcnQ=").is_err());
    }

    #[test]
    fn the_key_file_is_made_once_and_private() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("totp.key");
        let first = Sealer::load_or_create(&path).expect("made");
        let sealed = first.seal("admin", b"secret");
        let again = Sealer::load_or_create(&path).expect("read");
        assert_eq!(again.open("admin", &sealed), Some(b"secret".to_vec()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by its owner only");
        }
    }

    #[test]
    fn enrolment_gives_the_key_its_address_and_a_qr_code() {
        let secret = b"12345678901234567890".to_vec();
        let e = enrolment(&secret, "supervisor");
        assert_eq!(e.key, "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        assert!(
            e.uri.starts_with("otpauth://totp/Helpdesk:supervisor?"),
            "{}",
            e.uri
        );
        assert!(e.uri.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        assert!(e.uri.contains("issuer=Helpdesk"));
        assert!(e.qr_svg.starts_with("<svg") && e.qr_svg.contains("<path d=\"M"));
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_parse_back() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), 10);
        for c in &codes {
            let shown = helpdesk_shared::two_factor::grouped(c);
            assert_eq!(
                helpdesk_shared::two_factor::parse_recovery(&shown).as_ref(),
                Ok(c)
            );
        }
        assert_ne!(recovery_hash("a", &codes[0]), recovery_hash("b", &codes[0]));
    }
}

//! The deployment's browser-push identity (VAPID, RFC 8292): the key pair that signs
//! every push message, its token, and how this process is configured to push (from the
//! environment, or the local server's own pair kept in its data directory).

use std::path::Path;
use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::SigningKey;
use p256::ecdsa::signature::Signer;
use time::OffsetDateTime;

/// The server's VAPID key pair: push services accept only messages it signed, for the
/// subscriptions made with its public half.
pub struct Vapid {
    key: SigningKey,
    subject: String,
}

impl Vapid {
    /// A new key pair (`helpdesk-admin vapid-keys`, or a local server's first start).
    pub fn generate(subject: &str) -> Vapid {
        loop {
            if let Ok(key) = SigningKey::from_slice(&crate::ids::random_bytes::<32>()) {
                return Vapid {
                    key,
                    subject: subject.to_owned(),
                };
            }
        }
    }

    /// The private key as base64url (32 bytes), as configured.
    pub fn from_private(b64: &str, subject: &str) -> Result<Vapid, String> {
        let bytes = decode(b64).ok_or("not base64url")?;
        let key = SigningKey::from_slice(&bytes).map_err(|_| "not a P-256 private key")?;
        Ok(Vapid {
            key,
            subject: subject.to_owned(),
        })
    }

    pub fn private_b64(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.key.to_bytes())
    }

    /// The public key, uncompressed, base64url: the browser's `applicationServerKey`.
    pub fn public_b64(&self) -> String {
        let point = self.key.verifying_key().to_encoded_point(false);
        URL_SAFE_NO_PAD.encode(point.as_bytes())
    }

    /// `Authorization: vapid t=<JWT>, k=<public key>` for a message to `endpoint`.
    pub(super) fn authorization(&self, endpoint: &http::Uri, now: OffsetDateTime) -> String {
        let audience = format!(
            "{}://{}",
            endpoint.scheme_str().unwrap_or("https"),
            endpoint.authority().map(|a| a.as_str()).unwrap_or_default()
        );
        let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = serde_json::json!({
            "aud": audience,
            "exp": now.unix_timestamp() + 12 * 3600,
            "sub": self.subject,
        });
        let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
        let signed = format!("{header}.{claims}");
        let signature: p256::ecdsa::Signature = self.key.sign(signed.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(signature.to_bytes());
        format!("vapid t={signed}.{signature}, k={}", self.public_b64())
    }
}

pub(super) fn decode(b64: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(b64.trim().trim_end_matches('='))
        .ok()
}

/// How this deployment pushes.
pub struct PushConfig {
    /// To sign messages (the functions that send them).
    pub vapid: Option<Vapid>,
    /// To hand to browsers (all that have the private key, and the account function).
    pub public_key: Option<String>,
    /// Origins accepted besides the push services (`http://127.0.0.1:9000`).
    pub extra_origins: Vec<String>,
}

static CONFIG: OnceLock<PushConfig> = OnceLock::new();

/// Sets how this process pushes; the first call wins.
pub fn configure(config: PushConfig) {
    let _ = CONFIG.set(config);
}

pub(super) fn config() -> Option<&'static PushConfig> {
    CONFIG.get()
}

/// The VAPID public key browsers subscribe with; `None`: push is off here.
pub fn public_key() -> Option<&'static str> {
    config()?.public_key.as_deref()
}

/// From the environment: HELPDESK_VAPID_PRIVATE_KEY (base64url) and
/// HELPDESK_VAPID_SUBJECT (`mailto:` or `https:`, whom push services may contact), or
/// only HELPDESK_VAPID_PUBLIC_KEY (a function that never sends); with neither, the
/// local server's own pair kept in `data_dir` (made on its first start), else push is
/// off. HELPDESK_PUSH_ALLOW: more origins to accept, comma-separated.
pub fn from_env(data_dir: Option<&Path>) -> Result<PushConfig, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let subject =
        env("HELPDESK_VAPID_SUBJECT").unwrap_or_else(|| "mailto:support@localhost".into());
    let vapid = match (env("HELPDESK_VAPID_PRIVATE_KEY"), data_dir) {
        (Some(private), _) => Some(
            Vapid::from_private(&private, &subject)
                .map_err(|e| format!("HELPDESK_VAPID_PRIVATE_KEY: {e}"))?,
        ),
        (None, Some(dir)) if env("HELPDESK_VAPID_PUBLIC_KEY").is_none() => {
            Some(local_pair(dir, &subject)?)
        }
        _ => None,
    };
    let public_key = match &vapid {
        Some(v) => Some(v.public_b64()),
        None => env("HELPDESK_VAPID_PUBLIC_KEY"),
    };
    let extra_origins = env("HELPDESK_PUSH_ALLOW")
        .map(|v| {
            v.split(',')
                .map(|o| o.trim().trim_end_matches('/').to_owned())
                .filter(|o| !o.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Ok(PushConfig {
        vapid,
        public_key,
        extra_origins,
    })
}

/// The local server's key pair, `vapid-private.key` in its data directory (only the
/// owner may read it), made on first start: subscriptions outlive restarts.
fn local_pair(dir: &Path, subject: &str) -> Result<Vapid, String> {
    let path = dir.join("vapid-private.key");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            Vapid::from_private(&text, subject).map_err(|e| format!("{}: {e}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let vapid = Vapid::generate(subject);
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            write_private(&path, &vapid.private_b64())
                .map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(vapid)
        }
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

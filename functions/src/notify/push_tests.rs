//! Tests of `push`: the payload decrypts with the browser's key, the VAPID token
//! verifies with the server's public key, only push services' addresses are taken.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use helpdesk_shared::notice::{PushKeys, PushSubscription};
use p256::ecdsa::signature::Verifier;
use time::macros::datetime;

use super::*;

/// A browser's side of a subscription: its key pair and secret.
fn browser() -> (p256::SecretKey, [u8; 16]) {
    let secret = p256::SecretKey::from_slice(&crate::ids::random_bytes::<32>()).expect("a key");
    (secret, crate::ids::random_bytes::<16>())
}

fn record(endpoint: &str, secret: &p256::SecretKey, auth: &[u8; 16]) -> PushRecord {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    PushRecord {
        endpoint: endpoint.into(),
        p256dh: URL_SAFE_NO_PAD.encode(secret.public_key().to_encoded_point(false).as_bytes()),
        auth: URL_SAFE_NO_PAD.encode(auth),
        at: datetime!(2026-12-03 10:00 UTC),
    }
}

#[test]
fn the_browser_decrypts_the_payload_and_the_push_service_can_verify_the_sender() {
    let (secret, auth) = browser();
    let vapid = Vapid::generate("mailto:support@example.org");
    let r = record("https://fcm.googleapis.com/fcm/send/abc", &secret, &auth);
    let now = datetime!(2026-12-03 10:00 UTC);
    let payload = br#"{"title":"t","body":"b"}"#;
    let request = encrypted(&r, &vapid, payload, now).expect("built");
    assert_eq!(request.headers()["content-encoding"], "aes128gcm");
    assert_eq!(request.headers()["ttl"], "86400");
    let body = request.body().clone();
    assert_ne!(&body[..], payload, "encrypted");
    let auth_key = web_push_native::Auth::clone_from_slice(&auth);
    let plain = web_push_native::decrypt(body, &secret, &auth_key).expect("decrypts");
    assert_eq!(plain, payload);
    // A stranger's key does not open it.
    let (other, _) = browser();
    assert!(web_push_native::decrypt(request.body().clone(), &other, &auth_key).is_err());

    // `vapid t=<header.claims.signature>, k=<public key>`
    let header = request.headers()["authorization"].to_str().expect("ascii");
    let (t, k) = header
        .strip_prefix("vapid t=")
        .and_then(|rest| rest.split_once(", k="))
        .expect("vapid scheme");
    assert_eq!(k, vapid.public_b64());
    let (signed, signature) = t.rsplit_once('.').expect("three parts");
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&URL_SAFE_NO_PAD.decode(k).expect("b64"))
        .expect("a public key");
    let signature =
        p256::ecdsa::Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).expect("b64"))
            .expect("64 bytes");
    assert!(key.verify(signed.as_bytes(), &signature).is_ok());
    let claims: serde_json::Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(signed.split('.').nth(1).expect("claims"))
            .expect("b64"),
    )
    .expect("json");
    assert_eq!(claims["aud"], "https://fcm.googleapis.com");
    assert_eq!(claims["sub"], "mailto:support@example.org");
    assert_eq!(claims["exp"], now.unix_timestamp() + 12 * 3600);
}

#[test]
fn the_private_key_round_trips_and_nonsense_is_refused() {
    let vapid = Vapid::generate("mailto:a@b.c");
    let again = Vapid::from_private(&vapid.private_b64(), "mailto:a@b.c").expect("reads");
    assert_eq!(again.public_b64(), vapid.public_b64());
    assert_eq!(
        URL_SAFE_NO_PAD.decode(vapid.public_b64()).map(|k| k.len()),
        Ok(65)
    );
    assert!(Vapid::from_private("not a key", "").is_err());
    assert!(Vapid::from_private(&URL_SAFE_NO_PAD.encode([0u8; 32]), "").is_err());
}

#[test]
fn only_the_push_services_addresses_are_taken() {
    let extra = vec!["http://127.0.0.1".to_owned()];
    for ok in [
        "https://fcm.googleapis.com/fcm/send/x",
        "https://updates.push.services.mozilla.com/wpush/v2/x",
        "https://web.push.apple.com/QGx",
        "https://wns2-par02p.notify.windows.com/w/?token=x",
        "http://127.0.0.1:9100/push/1",
    ] {
        assert!(endpoint_allowed(ok, &extra), "{ok}");
    }
    for bad in [
        "http://fcm.googleapis.com/fcm/send/x",
        "https://fcm.googleapis.com.evil.example/x",
        "https://evilfcm.googleapis.com/x",
        "https://user@fcm.googleapis.com/x",
        "https://fcm.googleapis.com:8443/x",
        "https://169.254.169.254/latest/meta-data",
        "http://127.0.0.1.evil.example/x",
        "file:///etc/passwd",
        "",
    ] {
        assert!(!endpoint_allowed(bad, &extra), "{bad}");
    }
}

#[test]
fn a_subscription_names_what_is_wrong_with_it() {
    let (secret, auth) = browser();
    let good = record("https://fcm.googleapis.com/fcm/send/abc", &secret, &auth);
    let sub = |endpoint: &str, p256dh: &str, auth: &str| PushSubscription {
        endpoint: endpoint.into(),
        expiration_time: None,
        keys: PushKeys {
            p256dh: p256dh.into(),
            auth: auth.into(),
        },
    };
    let now = datetime!(2026-12-03 10:00 UTC);
    assert!(checked(&sub(&good.endpoint, &good.p256dh, &good.auth), now).is_ok());
    let fields = |r: Result<PushRecord, Vec<FieldError>>| -> Vec<(String, FieldCode)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    };
    assert_eq!(
        fields(checked(&sub("https://example.org/x", "AAAA", "short"), now)),
        [
            ("endpoint".into(), FieldCode::UnknownValue),
            ("p256dh".into(), FieldCode::UnknownValue),
            ("auth".into(), FieldCode::UnknownValue),
        ]
    );
    let long = format!("https://fcm.googleapis.com/{}", "x".repeat(1100));
    assert_eq!(
        fields(checked(&sub(&long, &good.p256dh, &good.auth), now)),
        [("endpoint".into(), FieldCode::TooLong)]
    );
    assert_eq!(
        fields(checked(&sub(" ", &good.p256dh, &good.auth), now)),
        [("endpoint".into(), FieldCode::Required)]
    );
}

//! Browser push (Web Push, RFC 8030) to the browsers a signed-in citizen turned it on
//! in: the subscriptions (`CIT#<hash>` / `PUSH#<hash of the endpoint>`, up to ten, the
//! oldest giving way), the server's VAPID keys (RFC 8292), the payload encrypted for
//! the browser (RFC 8291, aes128gcm, by `web-push-native`) and sent over HTTPS to the
//! push service, which only forwards it. A push service answering 404 or 410 means the
//! browser dropped the subscription: it is removed and the message marked failed, not
//! retried. The payload says only which request changed and how (the SMS's words) and
//! where to look.
//!
//! Only endpoints of the known push services (and the origins `HELPDESK_PUSH_ALLOW`
//! adds, for tests' local receivers) are accepted: the server never posts to an address
//! a caller made up.

use std::sync::OnceLock;

use helpdesk_shared::api::OutboxMessage;
use helpdesk_shared::auth::Contact;
use helpdesk_shared::notice::{Prefs, PushSubscription};
use helpdesk_shared::{FieldCode, FieldError, Lang};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::SendError;
pub use super::vapid::{PushConfig, Vapid, configure, from_env, public_key};
use super::vapid::{config, decode};
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError};

/// Browsers per citizen; a new one beyond this replaces the oldest.
pub const DEVICES_MAX: usize = 10;
const ENDPOINT_MAX: usize = 1024;
/// The push services browsers use (host, or a parent domain of it): Chrome and the
/// browsers built on it, Firefox, Safari, Edge.
const PUSH_SERVICES: [&str; 5] = [
    "fcm.googleapis.com",
    "android.googleapis.com",
    "push.services.mozilla.com",
    "push.apple.com",
    "notify.windows.com",
];
/// How long a push service keeps a message for a browser that is offline.
const TTL_SECS: u64 = 24 * 3600;

/// A subscription as kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PushRecord {
    endpoint: String,
    p256dh: String,
    auth: String,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
}

fn record_sk(endpoint: &str) -> String {
    format!(
        "PUSH#{}",
        &crate::ids::sha256_hex(&[endpoint.as_bytes()])[..16]
    )
}

/// Whether a push service's address is one this server posts to.
fn endpoint_allowed(endpoint: &str, extra: &[String]) -> bool {
    if extra.iter().any(|o| {
        endpoint
            .strip_prefix(o.as_str())
            .is_some_and(|rest| rest.starts_with(['/', ':']))
    }) {
        return true;
    }
    let Ok(uri) = endpoint.parse::<http::Uri>() else {
        return false;
    };
    let Some(authority) = uri.authority() else {
        return false;
    };
    if uri.scheme_str() != Some("https")
        || authority.as_str().contains('@')
        || authority.port().is_some()
    {
        return false;
    }
    let host = authority.host().to_ascii_lowercase();
    PUSH_SERVICES
        .iter()
        .any(|s| host == *s || host.ends_with(&format!(".{s}")))
}

/// The subscription checked: an endpoint of a push service, a P-256 key and a 16-byte
/// secret, or what is wrong (`endpoint`, `p256dh`, `auth`).
fn checked(sub: &PushSubscription, now: OffsetDateTime) -> Result<PushRecord, Vec<FieldError>> {
    let extra = config()
        .map(|c| c.extra_origins.as_slice())
        .unwrap_or_default();
    let mut errors = Vec::new();
    let endpoint = sub.endpoint.trim();
    if endpoint.is_empty() {
        errors.push(FieldError::new("endpoint", FieldCode::Required));
    } else if endpoint.len() > ENDPOINT_MAX {
        errors.push(FieldError::with_limit(
            "endpoint",
            FieldCode::TooLong,
            ENDPOINT_MAX as u32,
        ));
    } else if !endpoint_allowed(endpoint, extra) {
        errors.push(FieldError::new("endpoint", FieldCode::UnknownValue));
    }
    let key_ok = decode(&sub.keys.p256dh)
        .is_some_and(|k| k.len() == 65 && p256::PublicKey::from_sec1_bytes(&k).is_ok());
    if !key_ok {
        errors.push(FieldError::new("p256dh", FieldCode::UnknownValue));
    }
    if decode(&sub.keys.auth).is_none_or(|a| a.len() != 16) {
        errors.push(FieldError::new("auth", FieldCode::UnknownValue));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PushRecord {
        endpoint: endpoint.to_owned(),
        p256dh: sub.keys.p256dh.trim().to_owned(),
        auth: sub.keys.auth.trim().to_owned(),
        at: now,
    })
}

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("push is off: no VAPID key configured")]
    Off,
    #[error("invalid subscription")]
    Validation(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

async fn delete(store: &dyn KvStore, pk: &str, sk: &str) -> Result<(), StoreError> {
    let write = crate::store::Write::Delete {
        pk: pk.to_owned(),
        sk: sk.to_owned(),
        cond: Cond::Always,
    };
    store.transact(vec![write]).await
}

async fn records(store: &dyn KvStore, pk: &str) -> Result<Vec<Item>, StoreError> {
    let mut q = Query::new(Index::Table, pk, SkRange::Prefix("PUSH#".into()));
    q.limit = 100;
    Ok(store.query(q).await?.items)
}

/// Turns push on in one browser for a signed-in citizen: keeps its subscription (the
/// oldest of more than ten gives way) and adds push to every topic of their
/// preferences (they untick what they do not want). Returns how many browsers they
/// have.
pub async fn subscribe(
    store: &dyn KvStore,
    contact: &Contact,
    sub: &PushSubscription,
    lang: Lang,
    now: OffsetDateTime,
) -> Result<u32, PushError> {
    let record = checked(sub, now).map_err(PushError::Validation)?;
    if public_key().is_none() {
        return Err(PushError::Off);
    }
    let pk = crate::tickets::owner_pk(contact);
    let item = Item::new(
        pk.clone(),
        record_sk(&record.endpoint),
        crate::store::body(&record),
    );
    store.put(item, Cond::Always).await?;
    let mut all: Vec<(OffsetDateTime, Item)> = Vec::new();
    for item in records(store, &pk).await? {
        let r: PushRecord = item.decode()?;
        all.push((r.at, item));
    }
    all.sort_by_key(|(at, _)| *at);
    let extra = all.len().saturating_sub(DEVICES_MAX);
    for (_, old) in &all[..extra] {
        delete(store, &old.pk, &old.sk).await?;
    }
    let prefs = super::citizen_prefs(store, contact, lang).await?;
    super::save_citizen_prefs(store, contact, &Prefs::with_push(prefs)).await?;
    Ok((all.len() - extra) as u32)
}

/// Stops pushing to one browser (its endpoint); nothing when it was not there.
pub async fn unsubscribe(
    store: &dyn KvStore,
    contact: &Contact,
    endpoint: &str,
) -> Result<(), StoreError> {
    let pk = crate::tickets::owner_pk(contact);
    delete(store, &pk, &record_sk(endpoint.trim())).await
}

/// How many browsers the citizen turned push on in.
pub async fn devices(store: &dyn KvStore, contact: &Contact) -> Result<u32, StoreError> {
    Ok(records(store, &crate::tickets::owner_pk(contact))
        .await?
        .len() as u32)
}

/// Whether any of a request's owners has a browser receiving push.
pub(super) async fn any_subscribed(
    store: &dyn KvStore,
    owner_pks: &[String],
) -> Result<bool, StoreError> {
    for pk in owner_pks {
        let mut q = Query::new(Index::Table, pk.as_str(), SkRange::Prefix("PUSH#".into()));
        q.limit = 1;
        if !store.query(q).await?.items.is_empty() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The push messages for a request's owners: one per subscribed browser, addressed by
/// the subscription's key (`<owner pk>/<PUSH#…>`, never the endpoint), the payload a
/// JSON of title, text and the request's page.
pub(super) async fn messages(
    store: &dyn KvStore,
    owner_pks: &[String],
    template: &OutboxMessage,
    number: &str,
    lang: Lang,
) -> Result<Vec<(String, OutboxMessage)>, StoreError> {
    let title = match lang {
        Lang::Ru => format!("Обращение {number}"),
        Lang::En => format!("Request {number}"),
    };
    let payload = serde_json::json!({
        "title": title,
        "body": template.body,
        "url": format!("/my/{number}"),
        "tag": number,
    })
    .to_string();
    let mut out = Vec::new();
    for pk in owner_pks {
        out.extend(to_devices(store, pk, &title, &payload, template).await?);
    }
    Ok(out)
}

/// `template` to each browser of the citizen `pk` with push on, with the push
/// service's host (for the delivery log).
async fn to_devices(
    store: &dyn KvStore,
    pk: &str,
    title: &str,
    payload: &str,
    template: &OutboxMessage,
) -> Result<Vec<(String, OutboxMessage)>, StoreError> {
    let mut out = Vec::new();
    for item in records(store, pk).await? {
        let r: PushRecord = item.decode()?;
        let host = r
            .endpoint
            .parse::<http::Uri>()
            .ok()
            .and_then(|u| u.host().map(str::to_owned))
            .unwrap_or_default();
        let msg = OutboxMessage {
            channel: "push".into(),
            to: format!("{pk}/{}", item.sk),
            subject: title.to_owned(),
            body: payload.to_owned(),
            html: None,
            ..template.clone()
        };
        out.push((host, msg));
    }
    Ok(out)
}

/// Whether the signed-in citizen `contact` (as stored on a chat) has a browser with
/// push on: only then does an operator's reply record a `ChatReply` event.
pub(crate) async fn citizen_subscribed(
    store: &dyn KvStore,
    contact: &str,
) -> Result<bool, StoreError> {
    any_subscribed(store, &[crate::tickets::owner_pk_of(contact)]).await
}

/// The pushes of a `ChatReply` event: "the operator wrote" to each browser of the
/// chat's citizen with push on, the tap opening that chat (`/chat?id=…`). What was
/// written is not in it (a lock screen shows it to whoever holds the phone); who wrote
/// is, as the chat shows it. One notification per chat (its `tag`), replaced by the
/// next; the page that shows the chat already shows no notification (`app/sw.js`).
pub(super) async fn chat_messages(
    store: &dyn KvStore,
    event: &crate::events::DomainEvent,
    chat: &str,
) -> Result<Vec<OutboxMessage>, StoreError> {
    let Some(item) = store
        .get(&crate::chat::ChatRecord::pk(chat), "META")
        .await?
    else {
        return Ok(Vec::new());
    };
    let rec: crate::chat::ChatRecord = item.decode()?;
    let Some(contact) = rec.citizen.as_deref() else {
        return Ok(Vec::new());
    };
    let (title, body) = chat_texts(rec.lang, rec.operator_name.as_deref());
    let payload = serde_json::json!({
        "title": title,
        "body": body,
        "url": format!("/chat?id={chat}"),
        "tag": format!("chat-{chat}"),
        "chat": chat,
    })
    .to_string();
    let template = OutboxMessage {
        event_id: event.id.clone(),
        channel: "push".into(),
        to: String::new(),
        subject: title.clone(),
        body: payload.clone(),
        html: None,
        at: event.at,
    };
    Ok(to_devices(
        store,
        &crate::tickets::owner_pk_of(contact),
        &title,
        &payload,
        &template,
    )
    .await?
    .into_iter()
    .map(|(_, m)| m)
    .collect())
}

/// The title and text of a chat's "new message" push.
fn chat_texts(lang: Lang, operator: Option<&str>) -> (String, String) {
    match (lang, operator) {
        (Lang::Ru, Some(name)) => (
            "Новое сообщение в чате поддержки".into(),
            format!("{name} ответил(а) вам. Нажмите, чтобы открыть чат."),
        ),
        (Lang::Ru, None) => (
            "Новое сообщение в чате поддержки".into(),
            "Оператор ответил вам. Нажмите, чтобы открыть чат.".into(),
        ),
        (Lang::En, Some(name)) => (
            "New message in the support chat".into(),
            format!("{name} replied to you. Tap to open the chat."),
        ),
        (Lang::En, None) => (
            "New message in the support chat".into(),
            "An operator replied to you. Tap to open the chat.".into(),
        ),
    }
}

type HttpClient = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    http_body_util::Full<bytes::Bytes>,
>;

fn client() -> Result<&'static HttpClient, SendError> {
    static CLIENT: OnceLock<Result<HttpClient, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            let https = hyper_rustls::HttpsConnectorBuilder::new()
                .with_native_roots()
                .map_err(|e| format!("no trusted certificates: {e}"))?
                .https_or_http()
                .enable_http1()
                .build();
            Ok(
                hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                    .build(https),
            )
        })
        .as_ref()
        .map_err(|e| SendError::Failed(e.clone()))
}

/// Sends one push message (`messages`) at `now`. A subscription gone from the store or
/// refused by the push service (404, 410: removed here too) is `Refused`, as is a
/// message the service will never take (400, 403, 413); the rest is tried again.
pub(super) async fn send(
    store: &dyn KvStore,
    msg: &OutboxMessage,
    now: OffsetDateTime,
) -> Result<(), SendError> {
    let vapid = config()
        .and_then(|c| c.vapid.as_ref())
        .ok_or_else(|| SendError::Failed("push is off: no VAPID key configured".into()))?;
    let (pk, sk) = msg
        .to
        .split_once('/')
        .ok_or_else(|| SendError::Refused("not a push subscription".into()))?;
    let Some(item) = store.get(pk, sk).await? else {
        return Err(SendError::Refused("the browser turned push off".into()));
    };
    let r: PushRecord = item.decode()?;
    let request = encrypted(&r, vapid, msg.body.as_bytes(), now)?;
    let (parts, body) = request.into_parts();
    let request =
        http::Request::from_parts(parts, http_body_util::Full::new(bytes::Bytes::from(body)));
    let answer = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        client()?.request(request),
    )
    .await
    .map_err(|_| SendError::Failed("push service: no answer in 10 s".into()))?
    .map_err(|e| SendError::Failed(format!("push service: {e}")))?;
    let status = answer.status();
    match status.as_u16() {
        200..=299 => Ok(()),
        404 | 410 => {
            delete(store, pk, sk).await?;
            tracing::info!(
                status = status.as_u16(),
                "push subscription expired; removed"
            );
            Err(SendError::Refused(format!(
                "push service {status}: the subscription expired"
            )))
        }
        400 | 403 | 413 => Err(SendError::Refused(format!(
            "push service refused: {status}"
        ))),
        _ => Err(SendError::Failed(format!("push service: {status}"))),
    }
}

/// The HTTP request to the push service: the payload encrypted for the browser, signed
/// for the push service.
fn encrypted(
    r: &PushRecord,
    vapid: &Vapid,
    payload: &[u8],
    now: OffsetDateTime,
) -> Result<http::Request<Vec<u8>>, SendError> {
    let bad = |what: &str| SendError::Refused(format!("stored subscription: bad {what}"));
    let endpoint: http::Uri = r.endpoint.parse().map_err(|_| bad("endpoint"))?;
    let key = decode(&r.p256dh)
        .and_then(|k| p256::PublicKey::from_sec1_bytes(&k).ok())
        .ok_or_else(|| bad("key"))?;
    let auth = decode(&r.auth)
        .filter(|a| a.len() == 16)
        .ok_or_else(|| bad("secret"))?;
    let mut request = web_push_native::WebPushBuilder::new(
        endpoint.clone(),
        key,
        web_push_native::Auth::clone_from_slice(&auth),
    )
    .with_valid_duration(std::time::Duration::from_secs(TTL_SECS))
    .build(payload.to_vec())
    .map_err(|e| SendError::Failed(format!("push encryption: {e}")))?;
    let authorization = vapid.authorization(&endpoint, now);
    let headers = request.headers_mut();
    headers.insert(
        http::header::AUTHORIZATION,
        http::HeaderValue::from_str(&authorization).map_err(|_| bad("authorization"))?,
    );
    headers.insert("urgency", http::HeaderValue::from_static("normal"));
    Ok(request)
}

#[cfg(test)]
#[path = "push_tests.rs"]
mod tests;

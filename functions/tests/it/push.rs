//! Browser push end to end: a signed-in citizen's browser subscribes, a change to their
//! request reaches a stand-in push service (a local HTTP endpoint) encrypted for that
//! browser and signed with the server's VAPID key, and a subscription the push service
//! says is gone (410) is removed and its message marked failed, not retried.

use crate::common;

use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::chat::Chat;
use common::session::{act, citizen_sign_in, staff_sign_in};
use common::{problem, valid_ticket};
use helpdesk_functions::notify::push::{PushConfig, Vapid, configure};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use serde_json::{Value, json};
use time::macros::datetime;

/// One message as received: the path's last part, the headers, the body.
type Received = (String, HeaderMap, Vec<u8>);

/// What the stand-in push service received, and what it answers next.
#[derive(Clone, Default)]
struct PushService {
    received: Arc<Mutex<Vec<Received>>>,
    answer: Arc<Mutex<u16>>,
}

async fn receive(
    State(s): State<PushService>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    s.received
        .lock()
        .expect("lock")
        .push((id, headers, body.to_vec()));
    StatusCode::from_u16(*s.answer.lock().expect("lock")).expect("status")
}

async fn push_service() -> (String, PushService) {
    let service = PushService::default();
    *service.answer.lock().expect("lock") = 201;
    let router = axum::Router::new()
        .route("/push/{id}", axum::routing::post(receive))
        .with_state(service.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let origin = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    (origin, service)
}

#[tokio::test]
async fn a_change_reaches_the_subscribed_browser_encrypted_and_a_gone_one_is_removed() {
    let vapid = Vapid::generate("mailto:support@example.org");
    let public = vapid.public_b64();
    configure(PushConfig {
        vapid: Some(vapid),
        public_key: Some(public.clone()),
        extra_origins: vec!["http://127.0.0.1".into()],
    });
    let (origin, service) = push_service().await;
    // 10:00 in Moscow: no quiet hours in the way.
    let app = common::spawn_at(datetime!(2026-12-07 07:00 UTC)).await;
    let citizen = citizen_sign_in(&app, "+7 912 345-67-89").await;
    assert_eq!(
        citizen.get_json("/my/push").await,
        json!({ "public_key": public, "devices": 0 })
    );

    // The browser's half: its key pair and secret, as pushManager.subscribe makes them.
    let secret = p256::SecretKey::from_slice(&[7u8; 32]).expect("key");
    let auth = [3u8; 16];
    let keys = json!({
        "p256dh": URL_SAFE_NO_PAD.encode(secret.public_key().to_encoded_point(false).as_bytes()),
        "auth": URL_SAFE_NO_PAD.encode(auth),
    });
    let made_up = json!({ "endpoint": "https://attacker.example/collect", "keys": keys });
    let (status, _, body) = problem(citizen.post("/my/push", &made_up).await).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "endpoint");
    let sub =
        json!({ "endpoint": format!("{origin}/push/one"), "expirationTime": null, "keys": keys });
    let on = citizen.post("/my/push", &sub).await;
    assert_eq!(on.status(), 200);
    assert_eq!(on.json::<Value>().await.expect("json")["devices"], 1);
    let prefs = citizen.get_json("/my/notifications/prefs").await;
    assert_eq!(
        prefs["channels"]["status"],
        json!(["sms", "email", "app", "push"]),
        "turning push on adds it to every kind of news"
    );

    let (number, code) = app.submit(&valid_ticket()).await;
    let shown = helpdesk_shared::TicketNumber::parse(&number)
        .expect("number")
        .display();
    app.outbox().await;
    let received = service.received.lock().expect("lock").clone();
    assert_eq!(received.len(), 1, "one push for the receipt");
    let (id, headers, body) = &received[0];
    assert_eq!(id, "one");
    assert_eq!(headers["content-encoding"], "aes128gcm");
    let authorization = headers["authorization"].to_str().expect("ascii");
    assert!(authorization.starts_with("vapid t="), "{authorization}");
    assert!(authorization.ends_with(&format!(", k={public}")));
    let plain = web_push_native::decrypt(
        body.clone(),
        &secret,
        &web_push_native::Auth::clone_from_slice(&auth),
    )
    .expect("the browser's key opens it");
    let payload: Value = serde_json::from_slice(&plain).expect("json");
    assert_eq!(payload["title"], format!("Обращение {shown}"));
    assert_eq!(payload["url"], format!("/my/{shown}"));
    let text = payload["body"].as_str().expect("text");
    assert!(
        text.starts_with(&format!("Обращение {shown} принято")),
        "{text}"
    );
    // Nothing the citizen typed: the name, the phone (in any spelling), the e-mail, the
    // subject. (Not "912" alone: a request's number can hold it, as 912-918-340 once did.)
    for personal in ["Иванов", "345-67-89", "3456789", "ivanov", "СМС-код"] {
        assert!(!text.contains(personal), "no personal data: {text}");
    }

    let first = app.request_log(&number, &code).await;
    assert!(
        first["available"]
            .as_array()
            .expect("available")
            .contains(&json!("push"))
    );
    let pushes: Vec<&Value> = first["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .filter(|d| d["channel"] == "push")
        .collect();
    assert_eq!(pushes.len(), 1);
    assert_eq!(pushes[0]["state"], "sent");
    assert_eq!(pushes[0]["to"], "127.0.0.1");

    // The browser dropped it: the push service says 410.
    *service.answer.lock().expect("lock") = 410;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    app.clock
        .as_ref()
        .expect("clock")
        .advance(time::Duration::minutes(5));
    act(&op, &number, json!({ "action": "take" })).await;
    app.outbox().await;
    assert_eq!(service.received.lock().expect("lock").len(), 2);
    assert_eq!(citizen.get_json("/my/push").await["devices"], 0);
    let second = app.request_log(&number, &code).await;
    let gone = second["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .find(|d| d["channel"] == "push" && d["state"] != "sent")
        .cloned()
        .expect("the failed push");
    assert_eq!(gone["state"], "failed", "not retried: {gone}");
    assert!(
        gone["error"].as_str().unwrap_or_default().contains("410"),
        "{gone}"
    );
    assert_eq!(app.release_held().await, 0, "nothing held for a retry");
    assert_eq!(service.received.lock().expect("lock").len(), 2);

    // Turning it off: the next subscription can be removed by its endpoint.
    *service.answer.lock().expect("lock") = 201;
    citizen.post("/my/push", &sub).await;
    let off = citizen
        .post(
            "/my/push/remove",
            &json!({ "endpoint": format!("{origin}/push/one") }),
        )
        .await;
    assert_eq!(off.status(), 204);
    assert_eq!(citizen.get_json("/my/push").await["devices"], 0);

    // On again: an operator's reply in the citizen's chat is pushed.
    citizen.post("/my/push", &sub).await;
    let opened = |body: &[u8]| -> Value {
        let plain = web_push_native::decrypt(
            body.to_vec(),
            &secret,
            &web_push_native::Auth::clone_from_slice(&auth),
        )
        .expect("the browser's key opens it");
        serde_json::from_slice(&plain).expect("json")
    };
    chat_replies_are_pushed(&app, &citizen, &op, &service, opened).await;
}

/// A signed-in citizen (push on) asks for an operator: the bot's words and their own
/// are not pushed, the operator's reply is (who wrote, not what; the tap opens the
/// chat); an anonymous chat's replies push nothing.
async fn chat_replies_are_pushed(
    app: &common::TestApp,
    citizen: &common::session::Signed<'_>,
    op: &common::session::Signed<'_>,
    service: &PushService,
    opened: impl Fn(&[u8]) -> Value,
) {
    let count = || service.received.lock().expect("lock").len();
    let before = count();
    let started = citizen.post("/chat", &json!({})).await;
    assert_eq!(started.status(), 201);
    let started: Value = started.json().await.expect("json");
    let mine = Chat {
        app,
        id: started["chat"]["id"].as_str().expect("id").to_owned(),
        key: started["key"].as_str().expect("key").to_owned(),
    };
    let (anonymous, _) = Chat::start(app).await;
    op.get_json("/staff/chats").await;
    for chat in [&mine, &anonymous] {
        chat.say("нужна помощь с заявлением").await;
        assert_eq!(chat.ok("operator", &json!({})).await["state"], "waiting");
        let taken = op
            .post(&format!("/staff/chats/{}/take", chat.id), &json!({}))
            .await;
        assert_eq!(taken.status(), 200);
        let reply = op
            .post(
                &format!("/staff/chats/{}/messages", chat.id),
                &json!({ "text": "Паспорт серии 4510 проверен" }),
            )
            .await;
        assert_eq!(reply.status(), 200);
    }
    app.outbox().await;
    let received = service.received.lock().expect("lock").clone();
    assert_eq!(
        received.len(),
        before + 1,
        "one push: the reply in the citizen's chat"
    );
    let payload = opened(&received[before].2);
    assert_eq!(payload["url"], format!("/chat?id={}", mine.id));
    assert_eq!(payload["chat"], mine.id.as_str());
    assert_eq!(payload["tag"], format!("chat-{}", mine.id));
    assert_eq!(payload["title"], "Новое сообщение в чате поддержки");
    let text = payload["body"].as_str().expect("text");
    assert!(
        text.ends_with("ответил(а) вам. Нажмите, чтобы открыть чат."),
        "{text}"
    );
    assert!(
        !text.contains("4510"),
        "what was written stays in the chat: {text}"
    );
}

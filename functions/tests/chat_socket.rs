//! The chat's socket on the local server: a watcher hears new messages and typing at
//! once, and a key that is not the chat's is refused; a chat handed to a colleague
//! (over redb, and over DynamoDB in moto with HELPDESK_TEST_BACKEND=aws).

mod common;

use common::chat::Chat;
use common::session::{Signed, staff_sign_in};
use common::{TestApp, spawn_operators_at};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use time::macros::datetime;

/// Monday 2026-12-07, 12:00 in Moscow: operators at work.
const NOON: time::OffsetDateTime = datetime!(2026-12-07 09:00 UTC);

/// The socket: a watcher hears new messages and typing at once, and a key that is not
/// the chat's is refused.
#[tokio::test]
async fn the_socket_tells_a_watcher_of_new_messages_and_typing() {
    let app = spawn_operators_at(NOON).await;
    let operator = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    operator.get_json("/staff/chats").await;
    let (chat, _) = Chat::start(&app).await;
    chat.ok("operator", &json!({})).await;
    operator
        .post(&format!("/staff/chats/{}/take", chat.id), &json!({}))
        .await;
    let url = format!("{}/api/v1/chat/socket", app.url.replacen("http", "ws", 1));
    let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .expect("connect");
    let send = |v: Value| tokio_tungstenite::tungstenite::Message::Text(v.to_string().into());
    ws.send(send(
        json!({ "type": "watch", "chat": "0".repeat(32), "key": chat.key }),
    ))
    .await
    .expect("send");
    let refused = next_frame(&mut ws).await;
    assert_eq!(refused["type"], "refused");
    ws.send(send(
        json!({ "type": "watch", "chat": chat.id, "key": chat.key }),
    ))
    .await
    .expect("send");
    ws.send(send(json!({ "type": "ping" })))
        .await
        .expect("ping");
    assert_eq!(next_frame(&mut ws).await["type"], "pong", "watching");
    operator
        .post(
            &format!("/staff/chats/{}/messages", chat.id),
            &json!({ "text": "Добрый день!" }),
        )
        .await;
    let frame = next_frame(&mut ws).await;
    assert_eq!(frame["type"], "messages");
    assert_eq!(frame["messages"][0]["text"], "Добрый день!");
    typing_from_console(&app, &operator, &chat.id).await;
    let frame = next_frame(&mut ws).await;
    assert_eq!(frame["type"], "typing");
    assert_eq!(frame["from"], "operator");
}

/// An operator hands a chat to a colleague online: the citizen reads that a colleague
/// took over; the note is the colleague's; the first operator may no longer write.
#[tokio::test]
async fn a_chat_handed_to_a_colleague_goes_on_with_them() {
    let app = spawn_operators_at(NOON).await;
    let operator = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let console = operator.get_json("/staff/chats").await;
    assert!(
        console["operators"]
            .as_array()
            .expect("operators")
            .is_empty()
    );
    let (chat, _) = Chat::start(&app).await;
    chat.ok("operator", &json!({})).await;
    let path = format!("/staff/chats/{}", chat.id);
    operator.post(&format!("{path}/take"), &json!({})).await;
    let colleague = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    let offline = operator
        .post(&format!("{path}/transfer"), &json!({ "to": "nobody" }))
        .await;
    assert_eq!(offline.status(), 422, "not someone online");
    colleague.get_json("/staff/chats").await;
    let console = operator.get_json("/staff/chats").await;
    assert_eq!(console["operators"][0]["login"], "supervisor");
    let note = "Ждёт ответа по госпошлине, номер заявления в переписке.";
    let moved = operator
        .post(
            &format!("{path}/transfer"),
            &json!({ "to": "supervisor", "note": note }),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let moved: Value = moved.json().await.expect("json");
    assert_eq!(moved["messages"][0]["event"]["kind"], "handed_over");
    let seen = chat.read(0).await;
    assert_ne!(seen["operator"], "Ольга");
    assert!(!seen.to_string().contains(note), "the note is for staff");
    let mine = colleague.get_json("/staff/chats").await;
    assert_eq!(mine["mine"][0]["id"], chat.id.as_str());
    assert_eq!(mine["mine"][0]["note"], note);
    let late = operator
        .post(&format!("{path}/messages"), &json!({ "text": "Ещё я" }))
        .await;
    assert!(
        late.status() == 404 || late.status() == 409,
        "{}",
        late.status()
    );
    let reply = colleague
        .post(
            &format!("{path}/messages"),
            &json!({ "text": "Здравствуйте, продолжу я." }),
        )
        .await;
    assert_eq!(reply.status(), 200);
}

/// The operator's console types in the chat over its own socket (the session cookie).
async fn typing_from_console(app: &TestApp, operator: &Signed<'_>, chat: &str) {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let url = format!("{}/api/v1/chat/socket", app.url.replacen("http", "ws", 1));
    let mut req = url.into_client_request().expect("request");
    req.headers_mut()
        .insert("cookie", operator.cookie.parse().expect("cookie"));
    let (mut ws, _) = tokio_tungstenite::connect_async(req)
        .await
        .expect("connect");
    let send = |v: Value| tokio_tungstenite::tungstenite::Message::Text(v.to_string().into());
    ws.send(send(json!({ "type": "watch", "chat": chat })))
        .await
        .expect("watch");
    ws.send(send(json!({ "type": "ping" })))
        .await
        .expect("ping");
    assert_eq!(next_frame(&mut ws).await["type"], "pong");
    ws.send(send(json!({ "type": "typing", "chat": chat })))
        .await
        .expect("typing");
    // Its own typing comes back to it too (the console ignores its own side).
    assert_eq!(next_frame(&mut ws).await["type"], "typing");
}

async fn next_frame<S>(ws: &mut S) -> Value
where
    S: futures_util::Stream<
            Item = Result<
                tokio_tungstenite::tungstenite::Message,
                tokio_tungstenite::tungstenite::Error,
            >,
        > + Unpin,
{
    let msg = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next())
        .await
        .expect("a frame within 5 s")
        .expect("open")
        .expect("frame");
    serde_json::from_str(msg.to_text().expect("text")).expect("json")
}

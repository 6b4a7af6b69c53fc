//! The chat's socket on the local server: a watcher hears new messages and typing at
//! once, and a key that is not the chat's is refused; a chat handed to a colleague, and
//! one transferred to a specialist department (level 3) (over redb, and over DynamoDB
//! in moto with HELPDESK_TEST_BACKEND=aws).

use crate::common;

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

/// An operator transfers a chat to a department with a specialist online: it waits in
/// that department's list (not the operators'), only its specialists take it, the
/// citizen reads which department took over and keeps their place in its queue.
#[tokio::test]
async fn a_chat_transferred_to_a_department_waits_for_its_specialists() {
    use helpdesk_functions::auth::staff::{NewAccount, create};
    use helpdesk_shared::auth::{Department, Role};
    let app = spawn_operators_at(NOON).await;
    let lawyer = NewAccount {
        login: "lawyer",
        name: "Пётр Юрьевич",
        role: Role::Specialist,
        department: Some(Department::Legal),
        password: "lawyer password 1",
    };
    create(app.store.as_ref(), lawyer, time::OffsetDateTime::now_utc())
        .await
        .expect("create");
    let operator = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    operator.get_json("/staff/chats").await;
    let (chat, _) = Chat::start(&app).await;
    chat.say("Хочу обжаловать штраф, нужна консультация юриста")
        .await;
    chat.ok("operator", &json!({})).await;
    let path = format!("/staff/chats/{}", chat.id);
    operator.post(&format!("{path}/take"), &json!({})).await;
    let legal = json!({ "department": "legal", "note": "Обжалование штрафа." });
    let nobody = operator.post(&format!("{path}/transfer"), &legal).await;
    assert_eq!(nobody.status(), 422, "nobody of the department online");
    let nobody: Value = nobody.json().await.expect("json");
    assert_eq!(nobody["errors"][0]["field"], "department");
    let specialist = staff_sign_in(&app, "lawyer", "lawyer password 1").await;
    let technical = staff_sign_in(&app, "specialist", "specialist-demo-2026").await;
    specialist.get_json("/staff/chats").await;
    technical.get_json("/staff/chats").await;
    let both = json!({ "to": "lawyer", "department": "legal" });
    let both = operator.post(&format!("{path}/transfer"), &both).await;
    assert_eq!(both.status(), 422, "a colleague or a department, not both");
    let console = operator.get_json("/staff/chats").await;
    let listed = console["operators"].to_string();
    assert!(listed.contains(r#""department":"legal""#), "{listed}");
    let moved = operator.post(&format!("{path}/transfer"), &legal).await;
    assert_eq!(moved.status(), 200);
    let moved: Value = moved.json().await.expect("json");
    assert_eq!(moved["state"], "waiting");
    assert_eq!(moved["messages"][0]["event"]["kind"], "transferred");
    assert_eq!(moved["messages"][0]["event"]["department"], "legal");
    let seen = chat.read(0).await;
    assert_eq!(seen["state"], "waiting");
    assert_eq!(seen["queue"]["position"], 1);
    assert!(
        !seen.to_string().contains("Обжалование"),
        "the note is for staff"
    );
    // Not in the operators' list, nor another department's; not theirs to open.
    let console = operator.get_json("/staff/chats").await;
    assert_eq!(console["waiting"].as_array().map(Vec::len), Some(0));
    assert_eq!(operator.get(&path).await.status(), 404);
    let other = technical.get_json("/staff/chats").await;
    assert_eq!(other["waiting"].as_array().map(Vec::len), Some(0));
    let grab = technical.post(&format!("{path}/take"), &json!({})).await;
    assert_eq!(grab.status(), 404);
    let theirs = specialist.get_json("/staff/chats").await;
    assert_eq!(theirs["waiting"][0]["id"], chat.id.as_str());
    assert_eq!(theirs["waiting"][0]["department"], "legal");
    assert_eq!(theirs["waiting"][0]["note"], "Обжалование штрафа.");
    let took = specialist.post(&format!("{path}/take"), &json!({})).await;
    assert_eq!(took.status(), 200);
    let took: Value = took.json().await.expect("json");
    assert!(
        took["messages"].to_string().contains("штраф"),
        "the whole history"
    );
    let reply = json!({ "text": "Здравствуйте, я юрист, помогу." });
    let reply = specialist.post(&format!("{path}/messages"), &reply).await;
    assert_eq!(reply.status(), 200);
    let seen = chat.read(0).await;
    assert_eq!(seen["state"], "operator");
    assert_eq!(seen["operator"], "Пётр");
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

//! A chat waiting for a person past the chat's first-reply policy: the supervisors on
//! duty are told once per wait (over redb, and over DynamoDB in moto with
//! HELPDESK_TEST_BACKEND=aws).

use crate::common;

use common::session::staff_sign_in;
use common::spawn_at;
use serde_json::json;
use time::Duration;
use time::macros::datetime;

/// A chat waiting for a person past its first-reply target (30 s; here the admins' 45)
/// tells the supervisors on duty once (two sweeps at once), not before.
#[tokio::test]
async fn a_chat_waiting_past_its_target_tells_the_supervisors_once() {
    let app = spawn_at(datetime!(2026-12-07 07:00 UTC)).await;
    let clock = app.clock.clone().expect("a manual clock");
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let path = "/admin/service-levels/chat";
    let refused = admin
        .put(path, &json!({ "first_reply_seconds": 0 }), false)
        .await;
    assert_eq!(refused.status(), 422);
    let set = admin
        .put(path, &json!({ "first_reply_seconds": 45 }), false)
        .await;
    assert_eq!(set.status(), 200);
    let sup = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    // At the console: on duty, and the console says the target.
    assert_eq!(
        sup.get_json("/staff/chats").await["first_reply_seconds"],
        45
    );
    let (chat, _) = common::chat::Chat::start(&app).await;
    assert_eq!(chat.ok("operator", &json!({})).await["state"], "waiting");
    let alert = || async {
        let (a, b) = tokio::join!(
            app.chats.alert_waiting(app.bus.as_ref()),
            app.chats.alert_waiting(app.bus.as_ref())
        );
        a.expect("sweep") + b.expect("sweep")
    };
    clock.advance(Duration::seconds(44));
    assert_eq!(alert().await, 0, "not yet");
    clock.advance(Duration::seconds(2));
    assert_eq!(alert().await, 1);
    assert_eq!(alert().await, 0, "once per wait");
    let told: Vec<String> = app
        .outbox()
        .await
        .iter()
        .filter(|m| {
            m["subject"]
                .as_str()
                .is_some_and(|s| s.starts_with("Чат ждёт"))
        })
        .map(|m| format!("{} {}", m["to"], m["body"]))
        .collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0].contains("supervisor@helpdesk.local") && told[0].contains("46 с"),
        "{told:?}"
    );
}

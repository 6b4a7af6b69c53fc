//! Staff download the files of requests they may see: as attachments, under the name of
//! their detected type, audited; nobody else gets them. Files sent in a chat go to its
//! readers only.

use crate::common;

use common::chat::Chat;
use common::session::staff_sign_in;
use common::{problem, spawn_app, spawn_operators_at, valid_ticket};
use serde_json::{Value, json};

#[tokio::test]
async fn staff_download_the_files_of_requests_they_may_see() {
    let app = spawn_app().await;
    let pdf = common::pdf();
    let done: Value = app
        .upload("скан паспорта.pdf", pdf.clone())
        .await
        .json()
        .await
        .expect("uploaded");
    let id = done["id"].as_str().expect("id").to_owned();
    // A PDF's bytes named as a web page are kept as a PDF, under a PDF's name.
    let disguised: Value = app
        .upload("evil.html", pdf.clone())
        .await
        .json()
        .await
        .expect("uploaded");
    assert_eq!(disguised["name"], "evil.pdf", "{disguised}");
    assert_eq!(disguised["kind"], "pdf");
    let disguised_id = disguised["id"].as_str().expect("id").to_owned();
    let mut body = valid_ticket();
    body["attachments"] = json!([id, disguised_id]);
    let (number, _) = app.submit(&body).await;
    let path = format!("/staff/attachments/{id}");

    // Locally the bytes come back; in the cloud a redirect to S3, which the client follows.
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let resp = op.get(&path).await;
    assert_eq!(resp.status(), 200);
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("UTF-8''%D1%81%D0%BA%D0%B0%D0%BD"),
        "{disposition}"
    );
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert_eq!(resp.bytes().await.expect("bytes").to_vec(), pdf);
    let resp = op.get(&format!("/staff/attachments/{disguised_id}")).await;
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .expect("ascii");
    assert!(disposition.contains("evil.pdf"), "{disposition}");
    assert!(!disposition.contains("html"), "{disposition}");

    // Nobody else: not signed in, a citizen, a specialist of another department, an
    // unknown id.
    let anonymous = app.http.get(app.api(&path)).send().await.expect("get");
    assert_eq!(anonymous.status(), 401);
    let spec = staff_sign_in(&app, "specialist", "specialist-demo-2026").await;
    assert_eq!(problem(spec.get(&path).await).await.1, "file_not_found");
    assert_eq!(
        problem(op.get("/staff/attachments/0123").await).await.1,
        "file_not_found"
    );

    // Each download is in the audit trail.
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let day = helpdesk_shared::moscow::date(time::OffsetDateTime::now_utc());
    let page: Value = admin.get_json(&format!("/admin/audit?day={day}")).await;
    let downloads: Vec<&Value> = page["entries"]
        .as_array()
        .expect("e")
        .iter()
        .filter(|e| e["action"] == "download")
        .collect();
    assert_eq!(downloads.len(), 2);
    assert_eq!(downloads[0]["ticket"], number.replace('-', ""));
}

#[tokio::test]
async fn files_sent_in_a_chat_reach_its_readers_only() {
    let app = spawn_operators_at(time::macros::datetime!(2026-12-07 09:00 UTC)).await;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    op.get_json("/staff/chats").await;
    let (chat, _) = Chat::start(&app).await;
    let pdf = common::pdf();
    let upload = |name: &'static str| {
        let (app, pdf) = (&app, pdf.clone());
        async move {
            let done: Value = app.upload(name, pdf).await.json().await.expect("uploaded");
            done["id"].as_str().expect("id").to_owned()
        }
    };
    let id = upload("квитанция.pdf").await;

    // To the bot: kept, no answer; again with the same client id: once.
    let body = json!({ "attachments": [id], "client_id": "f-1" });
    let said = chat.ok("files", &body).await;
    let messages = said["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 1, "{said}");
    assert_eq!(messages[0]["files"][0]["name"], "квитанция.pdf");
    assert!(
        chat.ok("files", &body).await["messages"]
            .as_array()
            .expect("m")
            .is_empty()
    );
    let used = chat
        .post("files", &json!({ "attachments": [id], "client_id": "f-2" }))
        .await;
    assert_eq!(problem(used).await.0, 422, "a file goes to one message");
    let none = chat.post("files", &json!({ "attachments": [] })).await;
    assert_eq!(problem(none).await.0, 422);

    // The citizen fetches it with the chat's key; nobody without it.
    let resp = chat.get(&format!("files/{id}")).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.bytes().await.expect("bytes").to_vec(), pdf);
    let stranger = app
        .http
        .get(app.api(&format!("/chat/{}/files/{id}", chat.id)))
        .send()
        .await
        .expect("get");
    assert_eq!(problem(stranger).await.1, "chat_not_found");
    // Not as a request's file either.
    assert_eq!(
        problem(op.get(&format!("/staff/attachments/{id}")).await)
            .await
            .1,
        "file_not_found"
    );

    // The operator who takes the chat sees it and sends one back; another chat's reader
    // does not get it.
    chat.say("Позовите оператора").await;
    let staff_path = format!("/staff/chats/{}", chat.id);
    op.post(&format!("{staff_path}/take"), &json!({})).await;
    let resp = op.get(&format!("{staff_path}/files/{id}")).await;
    assert_eq!(resp.status(), 200);
    let reply = upload("ответ.pdf").await;
    let sent = op
        .post(
            &format!("{staff_path}/files"),
            &json!({ "attachments": [reply] }),
        )
        .await;
    assert_eq!(sent.status(), 200);
    let sent: Value = sent.json().await.expect("json");
    assert_eq!(sent["messages"][0]["from"], "operator");
    assert_eq!(sent["messages"][0]["name"], "Ольга");
    assert_eq!(chat.get(&format!("files/{reply}")).await.status(), 200);
    let (other, _) = Chat::start(&app).await;
    let foreign = other.get(&format!("files/{reply}")).await;
    assert_eq!(problem(foreign).await.1, "chat_not_found");

    // The chat becomes a request: its files go with it, and stay the chat's too.
    let form = json!({ "category": "technical", "full_name": "Иванов Иван", "email": "ivan@example.org", "consent": true });
    let made = chat.post("request", &form).await;
    assert_eq!(made.status(), 201);
    let made: Value = made.json().await.expect("json");
    let number = made["ticket"]["number"].as_str().expect("number");
    let seen: Value = op.get_json(&format!("/staff/tickets/{number}")).await;
    let names: Vec<String> = seen["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .flat_map(|e| e["attachments"].as_array().cloned().unwrap_or_default())
        .filter_map(|a| a["name"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(names, ["квитанция.pdf", "ответ.pdf"], "{seen}");
    assert_eq!(
        op.get(&format!("/staff/attachments/{id}")).await.status(),
        200
    );
    assert_eq!(chat.get(&format!("files/{id}")).await.status(), 200);
}

//! Black-box tests of the API over real HTTP.

use crate::common;

use common::{pdf, problem, spawn_app, spawn_configured, valid_ticket};
use helpdesk_functions::ratelimit::Limits;
use helpdesk_functions::store::Cond;
use helpdesk_functions::tickets::TicketRecord;
use serde_json::{Value, json};

#[tokio::test]
async fn submit_then_look_up_then_add_information() {
    let app = spawn_app().await;
    let resp = app.post("/tickets", &valid_ticket()).await;
    assert_eq!(resp.status(), 201);
    let created: Value = resp.json().await.expect("json");
    let number = created["number"].as_str().expect("number");
    let code = created["access_code"].as_str().expect("code");
    assert!(regex_like(number, "ddd-ddd-ddd"), "{number}");
    assert_eq!(code.len(), 9);
    assert_eq!(created["status"], "received");

    let view: Value = app.lookup(number, code).await.json().await.expect("json");
    assert_eq!(view["number"], number);
    assert_eq!(view["status"], "received");
    assert_eq!(view["category"], "technical");
    assert_eq!(view["timeline"][0]["type"], "created");
    // Technical requests are answered within 48 hours.
    let created_at = time::OffsetDateTime::parse(
        view["created_at"].as_str().expect("t"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("rfc3339");
    let due = time::OffsetDateTime::parse(
        view["expected_by"].as_str().expect("t"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("rfc3339");
    assert_eq!(due - created_at, time::Duration::hours(48));
    // Personal data is not part of the status view.
    assert!(!view.to_string().contains("Иванов"));

    // The number may be typed without hyphens and the code in lower case.
    let relaxed = app
        .lookup(&number.replace('-', ""), &code.to_lowercase())
        .await;
    assert_eq!(relaxed.status(), 200);

    let added = app
        .post(
            &format!("/tickets/{number}/messages"),
            &json!({ "access_code": code, "message": "Номер телефона подтверждён" }),
        )
        .await;
    assert_eq!(added.status(), 200);
    let view: Value = added.json().await.expect("json");
    let last = &view["timeline"][1];
    assert_eq!(last["type"], "citizen_message");
    assert_eq!(last["text"], "Номер телефона подтверждён");
    assert_eq!(
        view["status"], "received",
        "only a waiting request changes status"
    );

    // The confirmation was "sent" by SMS and e-mail.
    let outbox = app.outbox().await;
    let channels: Vec<&str> = outbox
        .iter()
        .map(|m| m["channel"].as_str().unwrap_or(""))
        .collect();
    assert!(
        channels.contains(&"sms") && channels.contains(&"email"),
        "{outbox:?}"
    );
    let sms = outbox.iter().find(|m| m["channel"] == "sms").expect("sms");
    assert_eq!(sms["to"], "+79123456789");
    assert!(sms["body"].as_str().unwrap_or("").contains(number));
    assert!(
        !sms["body"].as_str().unwrap_or("").contains(code),
        "the access code is never sent"
    );
}

fn regex_like(s: &str, pattern: &str) -> bool {
    s.len() == pattern.len()
        && s.chars()
            .zip(pattern.chars())
            .all(|(c, p)| if p == 'd' { c.is_ascii_digit() } else { c == p })
}

#[tokio::test]
async fn a_waiting_request_goes_back_to_work_when_the_citizen_answers() {
    let app = spawn_app().await;
    let (number, code) = app.submit(&ticket_with(&[("language", json!("en"))])).await;
    // An operator asked for information (the operator API comes later): set it directly.
    let pk = TicketRecord::pk(&number.replace('-', ""));
    let item = app
        .store
        .get(&pk, TicketRecord::SK)
        .await
        .expect("get")
        .expect("ticket");
    let mut record: TicketRecord = item.decode().expect("record");
    record.status = helpdesk_shared::Status::AwaitingCitizen;
    app.store
        .put(
            record.to_item(item.version + 1),
            Cond::Version(item.version),
        )
        .await
        .expect("put");

    let pdf_id = upload_ok(&app, "scan.pdf", pdf()).await;
    let resp = app
        .post(
            &format!("/tickets/{number}/messages"),
            &json!({ "access_code": code, "message": "", "attachments": [pdf_id] }),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let view: Value = resp.json().await.expect("json");
    assert_eq!(view["status"], "in_progress");
    let kinds: Vec<&str> = view["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| e["type"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["created", "citizen_message", "status_changed"]);
    assert_eq!(view["timeline"][1]["attachments"][0]["name"], "scan.pdf");

    let outbox = app.outbox().await;
    assert!(
        outbox.iter().any(|m| m["body"]
            .as_str()
            .unwrap_or("")
            .contains("is now \"In progress\"")),
        "status change notified in English: {outbox:?}"
    );
}

fn valid_ticket_map() -> serde_json::Map<String, Value> {
    valid_ticket().as_object().expect("object").clone()
}

fn ticket_with(pairs: &[(&str, Value)]) -> Value {
    let mut m = valid_ticket_map();
    for (k, v) in pairs {
        m.insert((*k).to_owned(), v.clone());
    }
    Value::Object(m)
}

async fn upload_ok(app: &common::TestApp, name: &str, bytes: Vec<u8>) -> String {
    let resp = app.upload(name, bytes).await;
    assert_eq!(resp.status(), 200);
    let v: Value = resp.json().await.expect("json");
    v["id"].as_str().expect("id").to_owned()
}

#[tokio::test]
async fn every_invalid_field_is_a_422_naming_it() {
    let app = spawn_app().await;
    let cases = [
        ("category", json!("weather"), "unknown_category"),
        ("category", json!(""), "required"),
        ("subject", json!("Ой"), "too_short"),
        ("subject", json!("a".repeat(151)), "too_long"),
        ("subject", json!("Скрытый\u{200b}символ"), "forbidden_chars"),
        ("description", json!("Коротко"), "too_short"),
        ("description", json!("ж".repeat(5001)), "too_long"),
        ("full_name", json!("Иванов 123"), "forbidden_chars"),
        ("full_name", json!(""), "required"),
        ("phone", json!("12345"), "phone_format"),
        ("phone", json!("+1 202 555 0143"), "phone_not_russian"),
        ("email", json!("ivanov@"), "email_format"),
        ("snils", json!("112-233-445 96"), "snils_checksum"),
        ("snils", json!("112-233"), "snils_format"),
        ("inn", json!("500100732258"), "inn_checksum"),
        ("inn", json!("12345"), "inn_format"),
        (
            "application_number",
            json!("12"),
            "application_number_format",
        ),
        ("consent", json!(false), "consent_required"),
        (
            "attachments",
            json!(["a", "b", "c", "d", "e", "f"]),
            "too_many_attachments",
        ),
        (
            "attachments",
            json!(["deadbeefdeadbeefdeadbeefdeadbeef"]),
            "attachment_unknown",
        ),
    ];
    for (field, value, code) in cases {
        let mut body = valid_ticket_map();
        body.insert(field.to_owned(), value);
        let (status, problem_code, p) =
            problem(app.post("/tickets", &Value::Object(body)).await).await;
        assert_eq!(
            (status, problem_code.as_str()),
            (422, "validation"),
            "{field}"
        );
        let errors = p["errors"].as_array().expect("errors");
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == field && e["code"] == code),
            "{field}: want {code}, got {errors:?}"
        );
    }
    // No contact at all.
    let mut body = valid_ticket_map();
    body.insert("phone".into(), json!(""));
    body.insert("email".into(), json!(" "));
    let (_, _, p) = problem(app.post("/tickets", &Value::Object(body)).await).await;
    assert_eq!(p["errors"][0]["field"], "phone");
    assert_eq!(p["errors"][0]["code"], "contact_required");
    // Length errors carry the bound.
    let mut body = valid_ticket_map();
    body.insert("subject".into(), json!("a"));
    let (_, _, p) = problem(app.post("/tickets", &Value::Object(body)).await).await;
    assert_eq!(p["errors"][0]["limit"], 5);
}

#[tokio::test]
async fn attachments_are_judged_by_content_and_claimed_once() {
    let app = spawn_app().await;
    let (status, _, p) = problem(app.upload("virus.pdf", b"MZ\x90\x00\x03".to_vec()).await).await;
    assert_eq!(status, 422);
    assert_eq!(
        p["errors"][0],
        json!({ "field": "file", "code": "attachment_type" })
    );
    let (status, _, p) = problem(app.upload("empty.png", Vec::new()).await).await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (422, Some("attachment_empty"))
    );

    let png = upload_ok(&app, "фото.png", b"\x89PNG\r\n\x1a\n rest".to_vec()).await;
    let (number, code) = app
        .submit(&ticket_with(&[("attachments", json!([png.clone()]))]))
        .await;
    let view: Value = app.lookup(&number, &code).await.json().await.expect("json");
    assert_eq!(view["timeline"][0]["attachments"][0]["name"], "фото.png");
    assert_eq!(view["timeline"][0]["attachments"][0]["kind"], "png");

    // The same upload cannot join a second request.
    let mut again = valid_ticket_map();
    again.insert("attachments".into(), json!([png]));
    let (status, _, p) = problem(app.post("/tickets", &Value::Object(again)).await).await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"][0]["code"], "attachment_unknown");
}

#[tokio::test]
async fn uploads_must_be_announced_sent_and_completed() {
    let app = spawn_app().await;
    let begin = |name: &str, size: usize, mime: &str| json!({ "name": name, "size": size, "content_type": mime });
    let (status, _, p) = problem(
        app.post("/attachments", &begin("a.gif", 10, "image/gif"))
            .await,
    )
    .await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (422, Some("attachment_type"))
    );

    // Announced but never sent: completing says the file did not arrive.
    let target: Value = app
        .post("/attachments", &begin("scan.pdf", 50, "application/pdf"))
        .await
        .json()
        .await
        .expect("target");
    let id = target["id"].as_str().expect("id");
    let (status, _, p) = problem(app.complete_upload(id).await).await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (422, Some("attachment_unknown"))
    );
    // An announced PNG that is a PDF is kept as what it is.
    let target: Value = app
        .post("/attachments", &begin("scan.png", pdf().len(), "image/png"))
        .await
        .json()
        .await
        .expect("target");
    assert!(app.put_upload(&target, pdf()).await.status().is_success());
    let id = target["id"].as_str().expect("id");
    let info: Value = app.complete_upload(id).await.json().await.expect("info");
    assert_eq!(
        (info["kind"].as_str(), info["size"].as_u64()),
        (Some("pdf"), Some(pdf().len() as u64))
    );
    // Completing twice is harmless; ids that were never issued are 404.
    assert_eq!(app.complete_upload(id).await.status(), 200);
    let (status, code, _) = problem(app.complete_upload(&"0".repeat(32)).await).await;
    assert_eq!((status, code.as_str()), (404, "upload_not_found"));
    let (status, code, _) = problem(app.complete_upload("NOT-AN-ID").await).await;
    assert_eq!((status, code.as_str()), (404, "upload_not_found"));
}

#[tokio::test]
async fn retries_with_the_same_idempotency_key_return_the_same_request() {
    let app = spawn_app().await;
    let key = "3b241101-e2bb-4255-8caf-4136c566a962";
    let send = |body: Value, key: &'static str| {
        let http = app.http.clone();
        let url = app.api("/tickets");
        async move {
            http.post(url)
                .header("idempotency-key", key)
                .json(&body)
                .send()
                .await
                .expect("send")
        }
    };
    let first = send(valid_ticket(), key).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.expect("json");
    let retry = send(valid_ticket(), key).await;
    assert_eq!(retry.status(), 201);
    assert_eq!(
        retry
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    let retry: Value = retry.json().await.expect("json");
    assert_eq!(first, retry, "same number, same code, same dates");
    assert_eq!(
        app.lookup(
            retry["number"].as_str().expect("n"),
            retry["access_code"].as_str().expect("c")
        )
        .await
        .status(),
        200
    );

    let mut other = valid_ticket_map();
    other.insert("subject".into(), json!("Совсем другой вопрос"));
    let (status, code, _) = problem(send(Value::Object(other), key).await).await;
    assert_eq!((status, code.as_str()), (422, "idempotency_key_reused"));

    let (status, code, _) = problem(send(valid_ticket(), "short").await).await;
    assert_eq!((status, code.as_str()), (400, "bad_idempotency_key"));

    // Concurrent retries of one submission create exactly one request.
    let key2 = "8c6f1b8e-54d4-4b0e-9a39-4a1f7f0c1111";
    let results = futures_join(vec![
        send(valid_ticket(), key2),
        send(valid_ticket(), key2),
        send(valid_ticket(), key2),
    ])
    .await;
    let numbers: std::collections::HashSet<String> = results
        .into_iter()
        .map(|v| v["number"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(numbers.len(), 1, "{numbers:?}");
}

async fn futures_join<F: std::future::Future<Output = reqwest::Response> + Send + 'static>(
    fs: Vec<F>,
) -> Vec<Value> {
    let handles: Vec<_> = fs.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        let resp = h.await.expect("join");
        assert_eq!(resp.status(), 201);
        out.push(resp.json().await.expect("json"));
    }
    out
}

#[tokio::test]
async fn a_wrong_code_and_an_unknown_number_look_the_same() {
    let app = spawn_app().await;
    let (number, code) = app.submit(&valid_ticket()).await;
    let wrong_code = if code.starts_with('A') {
        "BBBB-BBBB"
    } else {
        "AAAA-AAAA"
    };
    let a = app.lookup(&number, wrong_code).await;
    let (sa, ca, ba) = problem(a).await;
    // Another valid number (the check digit is right) that nobody has.
    let other = helpdesk_shared::TicketNumber::from_random(12_345_678).display();
    assert_ne!(other, number);
    let (sb, cb, bb) = problem(app.lookup(&other, &code).await).await;
    assert_eq!((sa, ca.as_str()), (404, "not_found"));
    assert_eq!((sa, ca, ba), (sb, cb, bb));
    // Adding information with a wrong code is refused the same way.
    let resp = app
        .post(
            &format!("/tickets/{number}/messages"),
            &json!({ "access_code": wrong_code, "message": "Привет" }),
        )
        .await;
    assert_eq!(problem(resp).await.0, 404);
    // A mistyped number is a field error, which says nothing about existence.
    let (status, _, p) = problem(app.lookup("123-456-780", &code).await).await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"][0]["field"], "number");
}

#[tokio::test]
async fn requests_that_name_no_language_get_the_deployments_default() {
    let app = spawn_configured(Limits::default(), helpdesk_shared::Lang::En).await;
    let (number, _) = app.submit(&valid_ticket()).await;
    let (_, _) = app.submit(&ticket_with(&[("language", json!("ru"))])).await;
    let outbox = app.outbox().await;
    let english = outbox
        .iter()
        .filter(|m| m["subject"].as_str().unwrap_or("").starts_with("Request "))
        .count();
    let russian = outbox
        .iter()
        .filter(|m| m["subject"].as_str().unwrap_or("").starts_with("Обращение"))
        .count();
    // Two channels (SMS, e-mail) each.
    assert_eq!((english, russian), (2, 2), "{outbox:?}");
    assert!(
        outbox
            .iter()
            .any(|m| m["body"].as_str().unwrap_or("").contains(&number))
    );
}

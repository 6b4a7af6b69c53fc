//! The satisfaction survey of a closed request: by access code and by the closing
//! e-mail's one-time link, changeable for a day, in the staff's history.

use crate::common;

use common::session::staff_sign_in;
use common::{problem, valid_ticket};
use serde_json::{Value, json};

/// The survey opens when a request is closed: CSAT required (1–5), NPS 0–10, a comment;
/// the closing e-mail's link answers it once; the answer is on the citizen's page and in
/// the staff's history; it can be changed for a day, not after.
#[tokio::test]
async fn a_closed_request_is_rated_once_and_changed_within_a_day() {
    helpdesk_functions::notify::set_public_url("https://helpdesk.example");
    let app = common::spawn_at(time::macros::datetime!(2026-12-07 07:00 UTC)).await;
    let clock = app.clock.clone().expect("a manual clock");
    let (number, code) = app.submit(&valid_ticket()).await;
    let path = format!("/tickets/{number}/survey");
    let rate = |csat: u8, nps: Value| json!({ "access_code": code, "csat": csat, "nps": nps, "comment": "Быстро и понятно." });
    let early = app.post(&path, &rate(5, json!(10))).await;
    assert_eq!(early.status(), 409, "not before it is closed");
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    common::session::act(&op, &number, json!({ "action": "take" })).await;
    common::session::act(
        &op,
        &number,
        json!({ "action": "resolve", "answer": "Доступ восстановлен." }),
    )
    .await;
    let seen: Value = app.lookup(&number, &code).await.json().await.expect("json");
    assert_eq!(
        (seen["can_survey"].as_bool(), seen.get("survey")),
        (Some(true), None)
    );

    let bad = json!({ "access_code": code, "nps": 11, "comment": "я".repeat(1001) });
    let (status, _, refused) = problem(app.post(&path, &bad).await).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = refused["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["csat", "nps", "comment"]);

    // The closing e-mail's one-time link answers without sign-in or code, once.
    let mail = app
        .outbox()
        .await
        .into_iter()
        .find(|m| {
            m["channel"] == "email"
                && m["subject"]
                    .as_str()
                    .is_some_and(|s| s.contains("Завершено"))
        })
        .expect("the closing e-mail");
    let body = mail["body"].as_str().unwrap_or_default();
    let link = body.split("/survey?").nth(1).expect("a survey link");
    // The link ends at the first space (the e-mail's footer follows it).
    let token = link
        .split("&t=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a token");
    assert!(!body.contains(&code), "no access code in the e-mail");
    let by_link = format!("/survey/{number}");
    let wrong = json!({ "token": "0".repeat(32), "csat": 4 });
    assert_eq!(app.post(&by_link, &wrong).await.status(), 404);
    let once = json!({ "token": token, "csat": 4, "nps": 9 });
    let answer: Value = app.post(&by_link, &once).await.json().await.expect("json");
    assert_eq!(
        (answer["csat"].as_u64(), answer.get("subject")),
        (Some(4), None),
        "the answer only"
    );
    assert_eq!(app.post(&by_link, &once).await.status(), 404, "used");

    let rated: Value = app
        .post(&path, &rate(4, json!(9)))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        (
            rated["survey"]["csat"].as_u64(),
            rated["survey"]["nps"].as_u64()
        ),
        (Some(4), Some(9))
    );
    assert_eq!(rated["survey"]["comment"], "Быстро и понятно.");
    assert_eq!(rated["can_survey"], true, "changeable for a day");
    let staff = op
        .get_json(&format!("/staff/tickets/{number}"))
        .await
        .to_string();
    assert!(
        staff.contains(r#""csat":4,"nps":9,"type":"survey_answered""#),
        "{staff}"
    );

    // Changed the next morning; not the day after.
    clock.advance(time::Duration::hours(20));
    let changed: Value = app
        .post(&path, &rate(5, Value::Null))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        (
            changed["survey"]["csat"].as_u64(),
            changed["survey"].get("nps")
        ),
        (Some(5), None)
    );
    clock.advance(time::Duration::hours(5));
    let late = app.post(&path, &rate(1, Value::Null)).await;
    assert_eq!(late.status(), 409, "a day after the answer");
    let seen: Value = app.lookup(&number, &code).await.json().await.expect("json");
    assert_eq!(
        (
            seen["can_survey"].as_bool(),
            seen["survey"]["csat"].as_u64()
        ),
        (Some(false), Some(5))
    );
    let wrong = json!({ "access_code": "ABCD-1234", "csat": 1 });
    assert_eq!(app.post(&path, &wrong).await.status(), 404);
}

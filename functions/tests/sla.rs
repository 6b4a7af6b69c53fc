//! Service levels over HTTP, on a clock the test moves: due dates in working or calendar
//! time by the request's category, and the clocks stopped while a request waits for the
//! citizen (over redb, and over DynamoDB in moto with HELPDESK_TEST_BACKEND=aws).

mod common;

use common::session::{Signed, staff_sign_in};
use common::{spawn_at, valid_ticket};
use serde_json::{Value, json};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

async fn act(s: &Signed<'_>, number: &str, action: Value) {
    let v: Value = s.get_json(&format!("/staff/tickets/{number}")).await;
    let mut body = action;
    body["version"] = v["version"].clone();
    let resp = s
        .post(&format!("/staff/tickets/{number}/actions"), &body)
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
}

fn at(v: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(
        v.as_str().expect("a date"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("rfc3339")
}

/// A status enquiry on a Friday evening is due after 24 working hours: 10 min on
/// Friday, Saturday 09–17, Sunday 10–16, and Monday until 17:50.
#[tokio::test]
async fn a_status_enquiry_is_due_in_working_time() {
    // Friday 11 Dec 2026, 19:50 in Moscow.
    let app = spawn_at(datetime!(2026-12-11 16:50 UTC)).await;
    let mut t = valid_ticket();
    t["category"] = json!("application_status");
    let sent: Value = app.post("/tickets", &t).await.json().await.expect("json");
    assert_eq!(at(&sent["expected_by"]), datetime!(2026-12-14 14:50 UTC));
    // A form about payments: 48 calendar hours.
    t["category"] = json!("payments");
    let sent: Value = app.post("/tickets", &t).await.json().await.expect("json");
    assert_eq!(at(&sent["expected_by"]), datetime!(2026-12-13 16:50 UTC));
}

/// Waiting for the citizen stops the clock: the request is not overdue meanwhile, and
/// when they answer, the date moves by the wait and the timeline says why.
#[tokio::test]
async fn waiting_for_the_citizen_stops_the_clock() {
    // Monday 7 Dec 2026, 10:00 in Moscow; due in 48 hours, Wednesday 10:00.
    let app = spawn_at(datetime!(2026-12-07 07:00 UTC)).await;
    let clock = app.clock.clone().expect("a manual clock");
    let (number, code) = app.submit(&valid_ticket()).await;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    act(&op, &number, json!({ "action": "take" })).await;
    clock.advance(Duration::hours(2));
    act(
        &op,
        &number,
        json!({ "action": "ask_info", "text": "Пришлите номер платёжного поручения.", "days": 5 }),
    )
    .await;
    // Three days later, past the first due date: not overdue, it waits for the citizen.
    clock.advance(Duration::days(3));
    // (A staff session lasts hours, not days.)
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let counts = op.get_json("/staff/queue/counts").await;
    assert_eq!(counts["overdue"], 0, "{counts}");
    let late = op.get_json("/staff/queue?overdue=true").await;
    assert_eq!(late["items"].as_array().map(Vec::len), Some(0), "{late}");
    let queue = op.get_json("/staff/queue").await;
    assert_eq!(queue["items"][0]["overdue"], false);
    assert_eq!(queue["items"][0].get("due_in_minutes"), None, "on hold");

    let added = app
        .post(
            &format!("/tickets/{number}/messages"),
            &json!({ "access_code": code, "message": "Номер поручения 4417." }),
        )
        .await;
    assert_eq!(added.status(), 200);
    let view: Value = added.json().await.expect("json");
    assert_eq!(view["status"], "in_progress");
    // Wednesday 10:00 + the 72 hours it waited = Saturday 10:00 in Moscow.
    assert_eq!(at(&view["expected_by"]), datetime!(2026-12-12 07:00 UTC));
    let last = view["timeline"]
        .as_array()
        .and_then(|t| t.last())
        .cloned()
        .expect("timeline");
    assert_eq!(last["type"], "due_moved", "{view}");
    assert_eq!(at(&last["due"]), datetime!(2026-12-12 07:00 UTC));
    // Not overdue now; the staff's queue has its date again.
    let queue = op.get_json("/staff/queue").await;
    assert_eq!(queue["items"][0]["overdue"], false);
    assert_eq!(
        at(&queue["items"][0]["expected_by"]),
        datetime!(2026-12-12 07:00 UTC)
    );
    // Thursday 12:00 → Saturday 10:00 in working hours: Thursday 8 h, Friday 12 h,
    // Saturday 1 h.
    assert_eq!(queue["items"][0]["due_in_minutes"], 21 * 60);
    // Past it by Saturday 10:35: 35 working minutes late.
    clock.advance(Duration::hours(46) + Duration::minutes(35));
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let queue = op.get_json("/staff/queue").await;
    assert_eq!(queue["items"][0]["overdue"], true);
    assert_eq!(queue["items"][0]["due_in_minutes"], -35);
}

//! Service levels over HTTP, on a clock the test moves: due dates in working or calendar
//! time by the request's category, and the clocks stopped while a request waits for the
//! citizen (over redb, and over DynamoDB in moto with HELPDESK_TEST_BACKEND=aws).

use crate::common;

use common::session::{act, staff_sign_in};
use common::{spawn_at, valid_ticket};
use serde_json::{Value, json};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

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

/// Both of two sweeps running at once: what one did, the other did not.
async fn sweep_twice(app: &common::TestApp) -> helpdesk_functions::tickets::Swept {
    let (a, b) = tokio::join!(app.tickets.sweep_due(100), app.tickets.sweep_due(100));
    let (a, b) = (a.expect("sweep"), b.expect("sweep"));
    helpdesk_functions::tickets::Swept {
        examined: a.examined + b.examined,
        flagged: a.flagged + b.flagged,
        escalated: a.escalated + b.escalated,
        reminded: a.reminded + b.reminded,
        citizens_reminded: a.citizens_reminded + b.citizens_reminded,
        raced: a.raced + b.raced,
        read: a.read + b.read,
    }
}

fn alerts(outbox: &[Value], to: &str) -> usize {
    outbox
        .iter()
        .filter(|m| {
            m["to"] == to
                && m["subject"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("Просрочено"))
        })
        .count()
}

/// The sweep acts on what is due, once, even with two sweeps at once: a first response
/// late tells the supervisors; a resolution date passed at level 2 escalates to the
/// category's department (its specialists and the citizen told); overdue there, the
/// supervisors are told once per period; nothing that is not due is touched.
#[tokio::test]
async fn passed_dates_are_acted_on_once() {
    use helpdesk_functions::auth::staff::{NewAccount, create, set_email};
    use helpdesk_shared::auth::{Department, Role};
    // Monday 7 Dec 2026, 10:00 in Moscow. A payments request: first response by 18:00
    // (8 working hours), resolved by Wednesday 10:00 (48 hours).
    let app = spawn_at(datetime!(2026-12-07 07:00 UTC)).await;
    let clock = app.clock.clone().expect("a manual clock");
    let cashier = NewAccount {
        login: "cashier",
        name: "Анна Платёжная",
        role: Role::Specialist,
        department: Some(Department::Payments),
        password: "cashier password 1",
    };
    create(app.store.as_ref(), cashier, clock_now(&clock))
        .await
        .expect("create");
    set_email(
        app.store.as_ref(),
        "cashier",
        Some("cashier@helpdesk.local"),
    )
    .await
    .expect("email");
    let mut payment = valid_ticket();
    payment["category"] = json!("payments");
    let (number, _) = app.submit(&payment).await;
    // Another, answered at once: its first response is never late.
    let (answered, _) = app.submit(&payment).await;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    act(
        &op,
        &answered,
        json!({ "action": "reply", "text": "Проверяем платёж." }),
    )
    .await;

    // 17:59: nothing is due.
    clock.advance(Duration::hours(7) + Duration::minutes(59));
    assert_eq!(sweep_twice(&app).await.examined, 0, "nothing due");
    // 18:01: the first one's first response is late, once.
    clock.advance(Duration::minutes(2));
    let s = sweep_twice(&app).await;
    assert_eq!((s.flagged, s.escalated), (1, 0), "{s:?}");
    assert_eq!(sweep_twice(&app).await.examined, 0, "done is not due again");
    assert_eq!(alerts(&app.outbox().await, "supervisor@helpdesk.local"), 1);

    // Wednesday 10:01: both are past their resolution date at level 2: escalated to
    // payments, once each.
    clock.advance(Duration::hours(40));
    let s = sweep_twice(&app).await;
    assert_eq!(s.escalated, 2, "{s:?}");
    assert_eq!(sweep_twice(&app).await.examined, 0);
    let sup = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    let v = sup.get_json(&format!("/staff/tickets/{number}")).await;
    assert_eq!(
        (v["level"].as_str(), v["department"].as_str()),
        (Some("specialist"), Some("payments"))
    );
    let timeline = v["timeline"].to_string();
    assert!(timeline.contains(r#""stage":"resolution""#), "{timeline}");
    assert!(timeline.contains(r#""by":"system""#), "{timeline}");
    // The department's own clock: 48 hours from the escalation.
    assert_eq!(at(&v["expected_by"]), datetime!(2026-12-11 07:01 UTC));
    let outbox = app.outbox().await;
    assert_eq!(
        alerts(&outbox, "cashier@helpdesk.local"),
        2,
        "the department's specialists"
    );
    // Overdue at the department: the supervisors are told, then not again for a day.
    clock.advance(Duration::hours(48));
    assert_eq!(sweep_twice(&app).await.reminded, 2);
    clock.advance(Duration::hours(23));
    assert_eq!(sweep_twice(&app).await.examined, 0, "not every minute");
    clock.advance(Duration::hours(1));
    assert_eq!(sweep_twice(&app).await.reminded, 2, "again after a day");
    // Resolved: nothing more is due for it.
    let spec = staff_sign_in(&app, "cashier", "cashier password 1").await;
    act(
        &spec,
        &number,
        json!({ "action": "resolve", "answer": "Платёж зачислен." }),
    )
    .await;
    clock.advance(Duration::hours(25));
    let s = sweep_twice(&app).await;
    assert_eq!(s.reminded, 1, "only the other one: {s:?}");
    // The audit trail names the system.
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let day = helpdesk_shared::moscow::date(datetime!(2026-12-09 07:01 UTC));
    let audit = admin
        .get_json(&format!("/admin/audit?day={day}"))
        .await
        .to_string();
    assert!(
        audit.contains(r#""actor":"system""#) && audit.contains("overdue → payments"),
        "{audit}"
    );
}

fn clock_now(c: &helpdesk_functions::clock::ManualClock) -> OffsetDateTime {
    use helpdesk_functions::clock::Clock;
    c.now()
}

/// "Повторный запрос": possible 48 working hours after the last change the citizen saw;
/// it puts the request at the top of the queue, tells the assignee and the supervisors
/// and goes into the history; the next one 48 working hours later; answering it
/// publicly puts the request back in its place.
#[tokio::test]
async fn a_repeat_request_after_48_working_hours() {
    // Monday 7 Dec 2026, 10:00 in Moscow.
    let app = spawn_at(datetime!(2026-12-07 07:00 UTC)).await;
    let clock = app.clock.clone().expect("a manual clock");
    let (first, _) = app.submit(&valid_ticket()).await;
    clock.advance(Duration::minutes(1));
    let (number, code) = app.submit(&valid_ticket()).await;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    act(&op, &number, json!({ "action": "take" })).await;
    let path = format!("/tickets/{number}/repeat");
    let view: Value = app.lookup(&number, &code).await.json().await.expect("json");
    // Taken (and so "В работе") at 10:01: Mon 10 h, Tue–Thu 12 h each, Fri 2 h.
    assert_eq!(at(&view["repeat_from"]), datetime!(2026-12-11 07:01 UTC));
    assert_eq!(view["can_repeat"], false);
    let early = app.post(&path, &json!({ "access_code": code })).await;
    assert_eq!(early.status(), 409, "too soon");

    clock.advance(Duration::days(4));
    let seen: Value = app.lookup(&number, &code).await.json().await.expect("json");
    assert_eq!(seen["can_repeat"], true);
    let body = json!({ "access_code": code, "message": "Прошу ускорить.", "escalate": true });
    let sent = app.post(&path, &body).await;
    assert_eq!(sent.status(), 200);
    let view: Value = sent.json().await.expect("json");
    let last = view["timeline"]
        .as_array()
        .and_then(|t| t.last())
        .cloned()
        .expect("step");
    assert_eq!(
        (
            last["type"].as_str(),
            last["text"].as_str(),
            last["escalate"].as_bool()
        ),
        (
            Some("repeat_requested"),
            Some("Прошу ускорить."),
            Some(true)
        )
    );
    // The next one: 48 working hours after this one: Friday 10:01–20:00, Saturday 8 h,
    // Sunday 6 h, Monday and Tuesday 12 h each, Wednesday from 08:00 → 08:01.
    assert_eq!(at(&view["repeat_from"]), datetime!(2026-12-16 05:01 UTC));
    assert_eq!(app.post(&path, &body).await.status(), 409, "not twice");
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let queue = op.get_json("/staff/queue").await;
    assert_eq!(queue["items"][0]["number"], number.as_str(), "at the top");
    assert_eq!(queue["items"][0]["repeat"], true);
    let outbox = app.outbox().await;
    let told: Vec<&str> = outbox
        .iter()
        .filter(|m| {
            m["subject"]
                .as_str()
                .is_some_and(|s| s.starts_with("Повторный запрос"))
        })
        .filter_map(|m| m["to"].as_str())
        .collect();
    assert!(
        told.contains(&"supervisor@helpdesk.local") && told.contains(&"operator@helpdesk.local"),
        "{told:?}"
    );
    // The operator answers: back in its place (after the older request).
    act(
        &op,
        &number,
        json!({ "action": "reply", "text": "Передали в платёжную систему." }),
    )
    .await;
    let queue = op.get_json("/staff/queue").await;
    assert_eq!(queue["items"][0]["number"], first.as_str());
    assert_eq!(queue["items"][1].get("repeat"), None);
    // A long message is refused at its field.
    clock.advance(Duration::days(7));
    let long = json!({ "access_code": code, "message": "я".repeat(1001) });
    let refused: Value = app.post(&path, &long).await.json().await.expect("json");
    assert_eq!(refused["errors"][0]["field"], "message", "{refused}");
}

/// Admins change a category's policy and the calendar: new requests take them, requests
/// already in work keep theirs; a policy that does not escalate has the supervisors told
/// instead, as often as it says; every change is audited; bad values are refused at
/// their fields.
#[tokio::test]
async fn admins_change_the_policies_and_the_calendar() {
    // Monday 7 Dec 2026, 10:00 in Moscow.
    let app = spawn_at(datetime!(2026-12-07 07:00 UTC)).await;
    let clock = app.clock.clone().expect("a manual clock");
    let mut payment = valid_ticket();
    payment["category"] = json!("payments");
    let (before, _) = app.submit(&payment).await;
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let shown = admin.get_json("/admin/service-levels").await;
    assert_eq!(shown["policies"].as_array().map(Vec::len), Some(10));
    assert!(
        shown["days"]
            .to_string()
            .contains(r#"{"date":"2026-11-04","kind":"holiday"}"#)
    );

    // Payments: first response in 2 working hours, resolution in 15, never escalated
    // automatically, reminders every 2 hours. Tuesday 8 Dec made a holiday (10–16).
    let policy = json!({
        "first_response": { "minutes": 120, "clock": "working" },
        "resolution": { "minutes": 900, "clock": "working" },
        "on_late": { "alert": true, "escalate": false, "remind_hours": 2 },
    });
    let path = "/admin/service-levels/policies/payments";
    let saved: Value = admin
        .put(path, &policy, false)
        .await
        .json()
        .await
        .expect("json");
    let payments = &saved["policies"][3];
    assert_eq!(
        (&payments["category"], &payments["default"]),
        (&json!("payments"), &json!(false))
    );
    let day = admin
        .put(
            "/admin/service-levels/days/2026-12-08",
            &json!({ "kind": "holiday" }),
            false,
        )
        .await;
    assert_eq!(day.status(), 200);

    // Refused at their fields.
    let bad = json!({
        "first_response": { "minutes": 0, "clock": "working" },
        "resolution": { "minutes": 900, "clock": "calendar" },
        "on_late": { "alert": true, "escalate": true, "remind_hours": 1000 },
    });
    let refused: Value = admin
        .put(path, &bad, false)
        .await
        .json()
        .await
        .expect("json");
    let fields: Vec<&str> = refused["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["first_response", "remind_hours"], "{refused}");
    let unknown: Value = admin
        .put("/admin/service-levels/policies/pets", &policy, false)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(unknown["errors"][0]["field"], "category");
    let bad_day = admin
        .put(
            "/admin/service-levels/days/08.12.2026",
            &json!({ "kind": "holiday" }),
            false,
        )
        .await;
    assert_eq!(bad_day.status(), 422);

    // A new request: Monday 10–20 (600 min), then the holiday from 10:00 (300 min) →
    // Tuesday 15:00 in Moscow. The one from before keeps its 48 hours.
    let sent: Value = app
        .post("/tickets", &payment)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(at(&sent["expected_by"]), datetime!(2026-12-08 12:00 UTC));
    let number = sent["number"].as_str().expect("number").replace('-', "");
    let sup = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    let old = sup.get_json(&format!("/staff/tickets/{before}")).await;
    assert_eq!(at(&old["expected_by"]), datetime!(2026-12-09 07:00 UTC));

    // Tuesday 15:01: both first responses are late; the new one's resolution too, and
    // its policy tells the supervisors rather than escalating.
    clock.advance(Duration::hours(29) + Duration::minutes(1));
    let s = app.tickets.sweep_due(100).await.expect("sweep");
    assert_eq!((s.flagged, s.escalated, s.reminded), (2, 0, 1), "{s:?}");
    let sup = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    let v = sup.get_json(&format!("/staff/tickets/{number}")).await;
    assert_eq!(v["level"], "operator");
    assert!(
        v["timeline"]
            .to_string()
            .contains(r#""stage":"unresolved""#),
        "{v}"
    );
    clock.advance(Duration::minutes(119));
    assert_eq!(app.tickets.sweep_due(100).await.expect("sweep").examined, 0);
    clock.advance(Duration::minutes(1));
    assert_eq!(
        app.tickets.sweep_due(100).await.expect("sweep").reminded,
        1,
        "every 2 hours"
    );

    // The changes are in the audit trail of Monday.
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let audit = admin
        .get_json("/admin/audit?day=2026-12-07")
        .await
        .to_string();
    assert!(
        audit.contains("payments: first response 120 min working, resolution 900 min working, alert, no escalate, remind every 2 h")
            && audit.contains("2026-12-08: holiday"),
        "{audit}"
    );
}

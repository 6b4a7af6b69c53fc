//! Notifications as the citizen chose them: preferences (the citizen's, a request's
//! own), the notification centre, SMS held through quiet hours, the delivery log.

use crate::common;

use common::session::{act, citizen_sign_in, staff_sign_in};
use common::{problem, valid_ticket};
use serde_json::{Value, json};
use time::macros::datetime;

fn prefs(status: &[&str], info: &[&str], answer: &[&str], quiet: Value) -> Value {
    let mut p = json!({
        "channels": { "status": status, "info_asked": info, "answer": answer, "reminder": ["app"] },
        "language": "ru",
    });
    if !quiet.is_null() {
        p["quiet"] = quiet;
    }
    p
}

/// What the outbox holds for one request, as (channel, subject).
async fn sent_for(app: &common::TestApp, number: &str) -> Vec<(String, String)> {
    let shown = number.to_owned();
    app.outbox()
        .await
        .iter()
        .filter(|m| m["subject"].as_str().is_some_and(|s| s.contains(&shown)))
        .map(|m| {
            (
                m["channel"].as_str().unwrap_or_default().to_owned(),
                m["subject"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// A signed-in citizen who turned SMS off gets none, finds every change in the
/// notification centre (unread until seen), and the request's log says what went where.
#[tokio::test]
async fn a_citizen_without_sms_gets_none_and_finds_every_change_in_the_app() {
    // 10:00 in Moscow.
    let app = common::spawn_at(datetime!(2026-12-07 07:00 UTC)).await;
    let citizen = citizen_sign_in(&app, "+7 912 345-67-89").await;
    let defaults = citizen.get_json("/my/notifications/prefs").await;
    assert_eq!(
        defaults["channels"]["status"],
        json!(["sms", "email", "app"])
    );
    assert_eq!(defaults["language"], "ru");

    let mine = prefs(&["email", "app"], &["app"], &["email", "app"], Value::Null);
    let saved = citizen.post("/my/notifications/prefs", &mine).await;
    assert_eq!(saved.status(), 200);
    let bad = prefs(&["app"], &[], &[], json!({ "from": "7", "to": "22:00" }));
    let (status, code, body) = problem(citizen.post("/my/notifications/prefs", &bad).await).await;
    assert_eq!((status, code.as_str()), (422, "validation"));
    assert_eq!(body["errors"][0]["field"], "quiet_from");
    let unknown = json!({ "channels": { "status": ["fax"], "info_asked": [], "answer": [], "reminder": [] }, "language": "ru" });
    assert_eq!(
        citizen
            .post("/my/notifications/prefs", &unknown)
            .await
            .status(),
        422,
        "an unknown channel is refused"
    );

    // Submitted anonymously with the same phone: the citizen's choice applies.
    let (number, code) = app.submit(&valid_ticket()).await;
    let shown = helpdesk_shared::TicketNumber::parse(&number)
        .expect("number")
        .display();
    assert_eq!(
        sent_for(&app, &shown).await,
        [("email".to_owned(), format!("Обращение № {shown} принято"))],
        "the receipt by e-mail only"
    );
    let clock = app.clock.clone().expect("a manual clock");
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    clock.advance(time::Duration::minutes(5));
    act(&op, &number, json!({ "action": "take" })).await;
    clock.advance(time::Duration::minutes(5));
    act(
        &op,
        &number,
        json!({ "action": "ask_info", "text": "Пришлите скриншот ошибки.", "days": 3 }),
    )
    .await;
    let channels: Vec<String> = sent_for(&app, &shown)
        .await
        .into_iter()
        .map(|m| m.0)
        .collect();
    assert!(!channels.contains(&"sms".to_owned()), "{channels:?}");
    assert_eq!(
        channels.len(),
        2,
        "receipt and in-work by e-mail: {channels:?}"
    );

    let centre = citizen.get_json("/my/notifications").await;
    let kinds: Vec<&str> = centre["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|n| n["kind"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        kinds,
        ["info_asked", "status_changed", "received"],
        "newest first"
    );
    assert_eq!(centre["unread"], 3);
    let bell = citizen.get_json("/my/notifications/unread").await;
    assert_eq!(bell, json!({ "unread": 3 }));
    assert_eq!(centre["items"][0]["number"], shown.as_str());
    let newest = centre["items"][0]["at"].clone();
    let seen = citizen
        .post("/my/notifications/seen", &json!({ "up_to": newest }))
        .await;
    assert_eq!(seen.status(), 204);
    let centre = citizen.get_json("/my/notifications").await;
    assert_eq!(centre["unread"], 0);
    assert_eq!(
        citizen.get_json("/my/notifications/unread").await,
        json!({ "unread": 0 })
    );
    assert_eq!(centre["items"][0]["unread"], false);

    // The request's log, by number and code: e-mails masked, the app's lines, no SMS.
    let log: Value = app.request_log(&number, &code).await;
    assert_eq!(
        log["own"], false,
        "the citizen's preferences, not the request's"
    );
    assert_eq!(log["available"], json!(["sms", "email", "app"]));
    let lines = log["deliveries"].as_array().expect("deliveries");
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert!(
        lines
            .iter()
            .all(|d| d["channel"] != "sms" && d["state"] == "sent")
    );
    assert!(
        lines
            .iter()
            .any(|d| d["channel"] == "email" && d["to"] == "iv…@mail.ru")
    );
    let wrong = app
        .post(
            &format!("/tickets/{number}/notifications"),
            &json!({ "access_code": "ABCD-2345" }),
        )
        .await;
    assert_eq!(wrong.status(), 404);
    // Someone else signed in sees none of it.
    let other = citizen_sign_in(&app, "petrov@mail.ru").await;
    assert_eq!(
        other.get_json("/my/notifications").await["items"],
        json!([])
    );
    assert_eq!(
        other
            .get(&format!("/my/tickets/{number}/notifications"))
            .await
            .status(),
        404
    );
}

/// A request's own preferences win; an SMS in quiet hours waits for their end (Moscow
/// time) and goes once, unless the citizen turned SMS off meanwhile.
#[tokio::test]
async fn quiet_hours_hold_an_sms_until_morning() {
    // 23:30 in Moscow.
    let app = common::spawn_at(datetime!(2026-12-07 20:30 UTC)).await;
    let clock = app.clock.clone().expect("a manual clock");
    let (number, code) = app.submit(&valid_ticket()).await;
    let shown = helpdesk_shared::TicketNumber::parse(&number)
        .expect("number")
        .display();
    // The receipt goes at once (in AWS: the fan-out runs now), before any quiet hours.
    assert_eq!(sent_for(&app, &shown).await.len(), 2);
    let path = format!("/tickets/{number}/notifications/prefs");
    let night = json!({ "from": "22:00", "to": "08:00" });
    let own = json!({ "access_code": code, "prefs": prefs(&["sms"], &["sms"], &["sms"], night) });
    let set: Value = app.post(&path, &own).await.json().await.expect("json");
    assert_eq!(set["own"], true);
    assert_eq!(set["prefs"]["quiet"]["from"], "22:00");
    let same = json!({ "access_code": code, "prefs": prefs(&["sms"], &[], &[], json!({ "from": "22:00", "to": "22:00" })) });
    let (status, _, body) = problem(app.post(&path, &same).await).await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (422, Some("quiet_to"))
    );

    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    act(&op, &number, json!({ "action": "take" })).await;
    let before = sent_for(&app, &shown).await.len();
    act(
        &op,
        &number,
        json!({ "action": "resolve", "answer": "Доступ восстановлен." }),
    )
    .await;
    assert_eq!(
        sent_for(&app, &shown).await.len(),
        before,
        "nothing at night"
    );
    let log: Value = app.request_log(&number, &code).await;
    // Take (in work) and resolve: both held until 08:00 Moscow = 05:00 UTC.
    let held: Vec<&Value> = log["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .filter(|d| d["state"] == "held")
        .collect();
    assert_eq!(held.len(), 2, "{log}");
    assert!(
        held.iter()
            .all(|d| d["hold_until"] == "2026-12-08T05:00:00Z")
    );
    assert_eq!(app.release_held().await, 0, "not before the morning");

    // In the morning both go, once.
    clock.advance(time::Duration::minutes(8 * 60 + 31));
    assert_eq!(app.release_held().await, 2);
    assert_eq!(app.release_held().await, 0);
    // The receipt went at once, before the request had quiet hours.
    let sms: Vec<(String, String)> = sent_for(&app, &shown)
        .await
        .into_iter()
        .filter(|m| m.0 == "sms" && !m.1.ends_with("принято"))
        .collect();
    assert_eq!(sms.len(), 2, "{sms:?}");
    let log: Value = app.request_log(&number, &code).await;
    assert!(
        log["deliveries"]
            .as_array()
            .expect("deliveries")
            .iter()
            .filter(|d| d["channel"] == "sms")
            .all(|d| d["state"] == "sent" && d["to"] == "+7 *** ***-**-89"),
        "{log}"
    );
}

/// A request waiting for the citizen reminds them a day before the date they were asked
/// to answer by, once even with two sweeps at once; a question giving a single day has
/// no reminder.
#[tokio::test]
async fn the_citizen_is_reminded_a_day_before_the_date_once() {
    let app = common::spawn_at(datetime!(2026-12-07 07:00 UTC)).await;
    let clock = app.clock.clone().expect("a manual clock");
    let (number, _) = app.submit(&valid_ticket()).await;
    let (short, _) = app.submit(&valid_ticket()).await;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    for (n, days) in [(&number, 3), (&short, 1)] {
        act(&op, n, json!({ "action": "take" })).await;
        act(
            &op,
            n,
            json!({ "action": "ask_info", "text": "Пришлите скриншот ошибки.", "days": days }),
        )
        .await;
    }
    // Due 10.12 10:00 Moscow: the reminder at 09.12 10:00, not a minute before.
    clock.advance(time::Duration::hours(48) - time::Duration::minutes(1));
    let early = app.tickets.sweep_due(100).await.expect("sweep");
    assert_eq!(early.citizens_reminded, 0);
    assert!(reminders(&app).await.is_empty());
    clock.advance(time::Duration::minutes(2));
    let (a, b) = tokio::join!(app.tickets.sweep_due(100), app.tickets.sweep_due(100));
    let reminded = a.expect("sweep").citizens_reminded + b.expect("sweep").citizens_reminded;
    assert_eq!(reminded, 1, "once, and not for the one-day question");
    let mut sent = reminders(&app).await;
    sent.sort();
    assert_eq!(sent, ["email", "sms"]);
    let shown = helpdesk_shared::TicketNumber::parse(&number)
        .expect("number")
        .display();
    let body = app
        .outbox()
        .await
        .into_iter()
        .find(|m| {
            m["channel"] == "sms"
                && m["subject"]
                    .as_str()
                    .is_some_and(|s| s.ends_with("напоминание"))
        })
        .expect("the reminder");
    assert!(
        body["body"]
            .as_str()
            .is_some_and(|b| b.contains(&shown) && b.contains("до 10.12 10:00 МСК")),
        "{body}"
    );
    // Later sweeps remind no more.
    clock.advance(time::Duration::hours(12));
    assert_eq!(
        app.tickets
            .sweep_due(100)
            .await
            .expect("sweep")
            .citizens_reminded,
        0
    );
}

/// The channels reminders went by.
async fn reminders(app: &common::TestApp) -> Vec<String> {
    app.outbox()
        .await
        .iter()
        .filter(|m| {
            m["subject"]
                .as_str()
                .is_some_and(|s| s.ends_with("напоминание"))
        })
        .map(|m| m["channel"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// "Отправить ещё раз": the last news by SMS and e-mail again, marked as resent in the
/// log; once in ten minutes, three times a day.
#[tokio::test]
async fn the_last_news_is_sent_again_within_limits() {
    let app = common::spawn_at(datetime!(2026-12-07 09:00 UTC)).await;
    let clock = app.clock.clone().expect("a manual clock");
    let (number, code) = app.submit(&valid_ticket()).await;
    let shown = helpdesk_shared::TicketNumber::parse(&number)
        .expect("number")
        .display();
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    clock.advance(time::Duration::minutes(1));
    act(&op, &number, json!({ "action": "take" })).await;
    let before = sent_for(&app, &shown).await;
    assert_eq!(before.len(), 4, "{before:?}");
    let path = format!("/tickets/{number}/notifications/resend");
    let ask = json!({ "access_code": code });
    let again: Value = app.post(&path, &ask).await.json().await.expect("json");
    let after = sent_for(&app, &shown).await;
    assert_eq!(after.len(), 6, "{after:?}");
    // The newest two are the "in work" news again, by SMS and e-mail.
    assert!(
        after[..2].iter().all(|m| m.1.ends_with("В работе")),
        "{after:?}"
    );
    let log: Value = app.request_log(&number, &code).await;
    let resent = log["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .filter(|d| d["resent"] == true)
        .count();
    assert_eq!(resent, 2, "{again}");

    let too_soon = app.post(&path, &ask).await;
    assert_eq!(too_soon.status(), 429);
    let wait: u64 = too_soon.headers()["retry-after"]
        .to_str()
        .expect("header")
        .parse()
        .expect("seconds");
    assert_eq!(wait, 600);
    for _ in 0..2 {
        clock.advance(time::Duration::minutes(10));
        assert_eq!(app.post(&path, &ask).await.status(), 200);
    }
    clock.advance(time::Duration::minutes(10));
    let fourth = app.post(&path, &ask).await;
    assert_eq!(fourth.status(), 429, "three a day");
    let wait: u64 = fourth.headers()["retry-after"]
        .to_str()
        .expect("header")
        .parse()
        .expect("seconds");
    assert_eq!(wait, 86_400 - 30 * 60);
    assert_eq!(sent_for(&app, &shown).await.len(), 10);
}

/// The providers' delivery reports reach the log: an e-mail that bounced for good is
/// marked failed and no more mail goes to that address; a delivered SMS says so (the
/// message ids are SES's and SNS's over DynamoDB, the outbox's locally).
#[tokio::test]
async fn delivery_reports_mark_the_log_and_a_bounced_address_gets_no_more_mail() {
    use helpdesk_functions::notify::feedback::{apply, from_ses, from_sms_log};
    let app = common::spawn_at(datetime!(2026-12-07 07:00 UTC)).await;
    let (number, code) = app.submit(&valid_ticket()).await;
    app.outbox().await;
    let line = |log: &Value, channel: &str| -> Value {
        log["deliveries"]
            .as_array()
            .expect("deliveries")
            .iter()
            .find(|d| d["channel"] == channel)
            .cloned()
            .expect("a line")
    };
    let log = app.request_log(&number, &code).await;
    let email_id = line(&log, "email")["provider_id"]
        .as_str()
        .expect("e-mail id")
        .to_owned();
    let sms_id = line(&log, "sms")["provider_id"]
        .as_str()
        .expect("sms id")
        .to_owned();
    let to = valid_ticket()["email"].as_str().expect("email").to_owned();
    let bounce = json!({
        "eventType": "Bounce",
        "bounce": { "bounceType": "Permanent", "bouncedRecipients": [{ "emailAddress": to, "diagnosticCode": "smtp; 550 5.1.1 user unknown" }] },
        "mail": { "messageId": email_id, "destination": [to] },
    });
    let report = from_ses(&bounce.to_string())
        .expect("parsed")
        .expect("a report");
    assert!(
        apply(app.store.as_ref(), &report, app.now())
            .await
            .expect("applied")
    );
    let sms =
        json!({ "notification": { "messageId": sms_id }, "status": "SUCCESS", "delivery": {} });
    let report = from_sms_log(&sms.to_string()).expect("parsed");
    assert!(
        apply(app.store.as_ref(), &report, app.now())
            .await
            .expect("applied")
    );
    let log = app.request_log(&number, &code).await;
    assert_eq!(line(&log, "email")["state"], "failed");
    assert!(
        line(&log, "email")["error"]
            .as_str()
            .unwrap_or_default()
            .contains("550")
    );
    assert_eq!(line(&log, "sms")["state"], "delivered");

    // The operator takes it: the news goes by SMS; the bounced address gets nothing.
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    act(&op, &number, json!({ "action": "take" })).await;
    app.outbox().await;
    let log = app.request_log(&number, &code).await;
    let refused: Vec<&Value> = log["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .filter(|d| d["error"] == helpdesk_shared::notice::ERROR_BOUNCED)
        .collect();
    assert_eq!(refused.len(), 1, "{log}");
    assert_eq!(refused[0]["channel"], "email");
    assert_eq!(refused[0]["state"], "failed");

    // A sign-in code sent there and entered proves the address takes mail again.
    citizen_sign_in(&app, &to).await;
    act(
        &op,
        &number,
        json!({ "action": "ask_info", "text": "Пришлите скриншот.", "days": 3 }),
    )
    .await;
    app.outbox().await;
    let log = app.request_log(&number, &code).await;
    let asked = log["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .find(|d| d["channel"] == "email" && d["kind"] == "info_asked")
        .cloned()
        .expect("the question's e-mail");
    assert_eq!(asked["state"], "sent", "{asked}");
}

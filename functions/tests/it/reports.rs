//! Reports over HTTP on a clock the test moves: every figure on hand-made histories
//! (answered after a pause, escalated by a person and by the sweep, rejected, surveyed,
//! chats handed off or not), the filters, the CSV, who may read them, and the rollups
//! equal to a recount after a random sequence of actions (over redb, and over DynamoDB
//! in moto with HELPDESK_TEST_BACKEND=aws).

use crate::common;

use common::chat::Chat;
use common::session::{act, staff_sign_in};
use common::{TestApp, spawn_at, valid_ticket};
use helpdesk_functions::clock::Clock;
use helpdesk_shared::report::{bucket, bucket_value};
use serde_json::{Value, json};
use time::Duration;
use time::macros::datetime;

/// Monday 7 Dec 2026, 10:00 in Moscow.
const MONDAY_10: time::OffsetDateTime = datetime!(2026-12-07 07:00 UTC);

fn n(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("a number: {v}"))
}

fn secs(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("seconds: {v}"))
}

async fn survey(app: &TestApp, number: &str, code: &str, csat: u8, nps: u8) {
    let r = app
        .post(
            &format!("/tickets/{number}/survey"),
            &json!({ "access_code": code, "csat": csat, "nps": nps }),
        )
        .await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
}

async fn sweep_all(app: &TestApp) {
    for _ in 0..5 {
        if app.tickets.sweep_due(100).await.expect("sweep").examined == 0 {
            return;
        }
    }
}

#[tokio::test]
async fn every_figure_follows_its_definition() {
    let app = spawn_at(MONDAY_10).await;
    let clock = app.clock.clone().expect("a manual clock");
    let (a, a_code) = app.submit(&valid_ticket()).await;
    let (b, b_code) = app.submit(&valid_ticket()).await;
    let (c, _) = app.submit(&valid_ticket()).await;
    let (d, _) = app.submit(&valid_ticket()).await;
    let (e, _) = app.submit(&valid_ticket()).await;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    act(&op, &a, json!({ "action": "take" })).await;

    clock.advance(Duration::hours(1));
    act(&op, &a, json!({ "action": "reply", "text": "Проверяем." })).await;
    act(
        &op,
        &c,
        json!({ "action": "escalate", "department": "technical", "reason": "Ошибка интеграции." }),
    )
    .await;
    act(
        &op,
        &d,
        json!({ "action": "reject", "reason": "Не наш вопрос.", "alternatives": "Обратитесь в МФЦ." }),
    )
    .await;
    clock.advance(Duration::hours(1));
    act(
        &op,
        &b,
        json!({ "action": "ask_info", "text": "Пришлите снимок экрана.", "days": 5 }),
    )
    .await;
    clock.advance(Duration::hours(1));
    act(
        &op,
        &a,
        json!({ "action": "resolve", "answer": "Код приходит." }),
    )
    .await;
    clock.advance(Duration::hours(1));
    let spec = staff_sign_in(&app, "specialist", "specialist-demo-2026").await;
    act(&spec, &c, json!({ "action": "take" })).await;
    act(
        &spec,
        &c,
        json!({ "action": "resolve", "answer": "Исправлено." }),
    )
    .await;

    // Tuesday 11:00: the citizen answers 23 hours after the question; resolved an hour
    // on.
    clock.advance(Duration::hours(21));
    let added = app
        .post(
            &format!("/tickets/{b}/messages"),
            &json!({ "access_code": b_code, "message": "Снимок приложил." }),
        )
        .await;
    assert_eq!(added.status(), 200);
    clock.advance(Duration::hours(1));
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    act(&op, &b, json!({ "action": "resolve", "answer": "Готово." })).await;
    survey(&app, &a, &a_code, 5, 10).await;
    survey(&app, &b, &b_code, 2, 5).await;

    // Wednesday 11:00: E's 48 hours have passed; the sweep escalates it; a supervisor
    // closes it.
    clock.advance(Duration::hours(23));
    sweep_all(&app).await;
    let sup = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    act(
        &sup,
        &e,
        json!({ "action": "resolve", "answer": "Решено." }),
    )
    .await;

    let r = sup
        .get_json("/staff/reports?from=2026-12-07&to=2026-12-09")
        .await;
    let days = r["days"].as_array().expect("days");
    assert_eq!(days.len(), 3);
    assert_eq!(
        (
            n(&days[0]["received"]),
            n(&days[0]["resolved"]),
            n(&days[0]["rejected"])
        ),
        (5, 2, 1),
        "{r}"
    );
    assert_eq!(n(&days[1]["resolved"]), 1);
    assert_eq!(n(&days[2]["resolved"]), 1);
    // First responses: A 1 h, D 1 h, B 2 h, C 4 h (its escalation is not an answer),
    // all in time on Monday; E's only at closing, 49 h late.
    let fr = &r["first_response"];
    assert_eq!(
        (n(&fr["count"]), n(&fr["with_target"]), n(&fr["within"])),
        (5, 5, 4)
    );
    assert_eq!(secs(&fr["wall_median"]), bucket_value(bucket(2 * 3600)));
    assert_eq!(secs(&fr["wall_p90"]), bucket_value(bucket(49 * 3600)));
    // Resolution, less the waits: D 1 h, A 3 h, B 3 h (26 h less its 23 h wait), C 4 h,
    // E 49 h.
    let res = &r["resolution"];
    // E was late: the sweep escalated it.
    assert_eq!((n(&res["count"]), n(&res["within"])), (5, 4));
    assert_eq!(secs(&res["wall_median"]), bucket_value(bucket(3 * 3600)));
    assert_eq!(secs(&res["wall_p90"]), bucket_value(bucket(49 * 3600)));
    assert!(secs(&res["work_median"]) <= secs(&res["wall_median"]));
    // First contact: only A (B was asked for more, C and E escalated).
    assert_eq!((n(&r["resolved"]), n(&r["first_contact"])), (4, 1));
    assert_eq!(
        (
            n(&r["closed"]),
            n(&r["escalated_manual"]),
            n(&r["escalated_auto"])
        ),
        (5, 1, 1)
    );
    assert_eq!(r["csat"], json!([0, 1, 0, 0, 1]));
    assert_eq!(n(&r["nps"][10]) + n(&r["nps"][5]), 2);

    // Filters: the department's requests are C and E, counted where they ended up.
    let t = sup
        .get_json("/staff/reports?from=2026-12-07&to=2026-12-09&department=technical")
        .await;
    assert_eq!(n(&t["closed"]), 2, "{t}");
    assert_eq!(n(&t["days"][0]["received"]), 2);
    let chat_only = sup
        .get_json("/staff/reports?from=2026-12-07&to=2026-12-09&channel=chat")
        .await;
    assert_eq!(n(&chat_only["closed"]), 0);
    let cats = r["categories"].as_array().expect("categories");
    assert_eq!(cats.len(), 1);
    assert_eq!(cats[0]["key"], "technical");
    assert_eq!(n(&cats[0]["received"]), 5);

    // The CSV: a BOM, Russian headers, a row a day and the total.
    let resp = sup
        .get("/staff/reports/csv?from=2026-12-07&to=2026-12-09")
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()["content-type"].to_str().ok(),
        Some("text/csv; charset=utf-8")
    );
    assert!(
        resp.headers()["content-disposition"]
            .to_str()
            .unwrap_or_default()
            .contains("report-2026-12-07-2026-12-09.csv")
    );
    let body = resp.text().await.expect("text");
    assert!(
        body.starts_with("\u{feff}Дата;Получено;Решено;Отказано"),
        "{body}"
    );
    assert!(body.contains("\r\n2026-12-07;5;2;1;0;0\r\n"), "{body}");
    assert!(body.contains("Итого;5;4;1;0;0"), "{body}");

    // Nothing to fix: the rollups equal a recount.
    let now = clock.now();
    let recounted = helpdesk_functions::reports::recount(app.store.as_ref(), now)
        .await
        .expect("recount");
    assert_eq!(recounted.requests, 5);
    assert_eq!(recounted.corrected, 0);
}

#[tokio::test]
async fn chats_count_their_hand_off_wait_first_reply_and_rating() {
    // Monday 7 Dec 2026, 12:00 in Moscow: operators at work.
    let app = spawn_at(datetime!(2026-12-07 09:00 UTC)).await;
    let clock = app.clock.clone().expect("a manual clock");
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    op.get_json("/staff/chats").await;
    let (bot_only, _) = Chat::start(&app).await;
    bot_only.say("как оплатить госпошлину со скидкой").await;
    bot_only.ok("end", &json!({})).await;

    let (chat, _) = Chat::start(&app).await;
    let said = chat.ok("operator", &json!({})).await;
    assert_eq!(said["state"], "waiting", "{said}");
    clock.advance(Duration::seconds(20));
    let taken = op
        .post(&format!("/staff/chats/{}/take", chat.id), &json!({}))
        .await;
    assert_eq!(taken.status(), 200);
    clock.advance(Duration::seconds(10));
    let reply = op
        .post(
            &format!("/staff/chats/{}/messages", chat.id),
            &json!({ "text": "Здравствуйте!" }),
        )
        .await;
    assert_eq!(reply.status(), 200);
    chat.ok("end", &json!({})).await;
    let rated = chat.post("rating", &json!({ "stars": 4 })).await;
    assert_eq!(rated.status(), 204);

    let sup = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    let r = sup.get_json("/staff/reports?to=2026-12-07").await;
    let c = &r["chats"];
    assert_eq!(
        (
            n(&c["started"]),
            n(&c["handed_off"]),
            n(&c["bot_only"]),
            n(&c["taken"])
        ),
        (2, 1, 1, 1),
        "{r}"
    );
    assert_eq!(secs(&c["wait_median"]), bucket_value(bucket(20)));
    assert_eq!(secs(&c["reply_median"]), bucket_value(bucket(30)));
    assert_eq!((n(&c["replied"]), n(&c["replied_within"])), (1, 1));
    // The rating is the chat's CSAT.
    assert_eq!(r["csat"], json!([0, 0, 0, 1, 0]));
    assert_eq!(n(&r["days"][29]["chats"]), 2);
    let by_channel = r["channels"].as_array().expect("channels");
    assert_eq!(by_channel[0]["key"], "chat");
    assert_eq!(n(&by_channel[0]["chats"]), 2);

    let recounted = helpdesk_functions::reports::recount(app.store.as_ref(), clock.now())
        .await
        .expect("recount");
    assert_eq!((recounted.chats, recounted.corrected), (2, 0));
}

#[tokio::test]
async fn only_supervisors_and_admins_read_reports_and_bad_ranges_are_named() {
    let app = spawn_at(MONDAY_10).await;
    for (login, password) in [
        ("operator", "operator-demo-2026"),
        ("specialist", "specialist-demo-2026"),
    ] {
        let s = staff_sign_in(&app, login, password).await;
        assert_eq!(s.get("/staff/reports").await.status(), 403, "{login}");
        assert_eq!(s.get("/staff/reports/csv").await.status(), 403, "{login}");
    }
    assert_eq!(
        app.http
            .get(app.api("/staff/reports"))
            .send()
            .await
            .expect("send")
            .status(),
        401
    );
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let r = admin.get_json("/staff/reports").await;
    assert_eq!(r["days"].as_array().map(Vec::len), Some(30));
    assert_eq!(r["to"], "2026-12-07");
    let bad = admin
        .get("/staff/reports?from=2026-13-01&to=2025-01-01&level=boss")
        .await;
    let (status, code, body) = common::problem(bad).await;
    assert_eq!((status, code.as_str()), (422, "validation"));
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["from", "level"]);
    let long = admin
        .get("/staff/reports?from=2025-01-01&to=2026-12-07")
        .await;
    assert_eq!(long.status(), 422);
    let lang = admin.get("/staff/reports/csv?lang=de").await;
    assert_eq!(lang.status(), 422);
}

/// After a random sequence of every kind of change, the rollups equal a recount.
#[tokio::test]
async fn rollups_equal_a_recount_after_random_actions() {
    let seed = std::env::var("REPORTS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| u64::from(time::OffsetDateTime::now_utc().nanosecond()) | 1);
    println!("REPORTS_SEED={seed}");
    // Deterministic for the seed printed, to replay a failure.
    let mut rng = helpdesk_functions::ids::SeededRng::new(seed);
    let app = spawn_at(MONDAY_10).await;
    let clock = app.clock.clone().expect("a manual clock");
    let mut tickets: Vec<(String, String)> = Vec::new();
    for _ in 0..60 {
        clock.advance(Duration::minutes(rng.below(600) as i64 + 1));
        let sup = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
        let pick = |rng: &mut helpdesk_functions::ids::SeededRng, t: &Vec<(String, String)>| {
            t.get(rng.below(t.len().max(1) as u64) as usize).cloned()
        };
        match rng.below(10) {
            0 | 1 => {
                let mut body = valid_ticket();
                body["category"] = json!(["technical", "payments", "legal"][rng.below(3) as usize]);
                tickets.push(app.submit(&body).await);
            }
            k => {
                let Some((number, code)) = pick(&mut rng, &tickets) else {
                    continue;
                };
                let action = match k {
                    2 => json!({ "action": "reply", "text": "Работаем." }),
                    3 => json!({ "action": "ask_info", "text": "Уточните.", "days": 3 }),
                    4 => {
                        json!({ "action": "escalate", "department": "legal", "reason": "Юристам." })
                    }
                    5 => json!({ "action": "resolve", "answer": "Готово." }),
                    6 => json!({ "action": "reject", "reason": "Нет.", "alternatives": "МФЦ." }),
                    7 => {
                        app.post(
                            &format!("/tickets/{number}/messages"),
                            &json!({ "access_code": code, "message": "Вот сведения." }),
                        )
                        .await;
                        continue;
                    }
                    8 => {
                        app.post(
                            &format!("/tickets/{number}/survey"),
                            &json!({ "access_code": code, "csat": rng.below(5) + 1, "nps": rng.below(11) }),
                        )
                        .await;
                        continue;
                    }
                    _ => {
                        clock.advance(Duration::hours(rng.below(72) as i64));
                        sweep_all(&app).await;
                        continue;
                    }
                };
                // Refusals (a closed request, a transition not allowed) change nothing.
                let view = sup.get_json(&format!("/staff/tickets/{number}")).await;
                let mut body = action;
                body["version"] = view["version"].clone();
                let _ = sup
                    .post(&format!("/staff/tickets/{number}/actions"), &body)
                    .await;
            }
        }
    }
    let recounted = helpdesk_functions::reports::recount(app.store.as_ref(), clock.now())
        .await
        .expect("recount");
    assert_eq!(recounted.requests, tickets.len() as u64, "seed {seed}");
    assert_eq!(recounted.corrected, 0, "seed {seed}");
}

//! The request lifecycle in staff hands: every action from every status, conflicts
//! between two operators, what the citizen sees afterwards, and the audit trail.

use crate::common;

use common::session::{Signed, staff_sign_in};
use common::{TestApp, problem, spawn_app, valid_ticket};
use serde_json::{Value, json};

async fn view(s: &Signed<'_>, number: &str) -> Value {
    let resp = s.get(&format!("/staff/tickets/{number}")).await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    resp.json().await.expect("json")
}

/// Acts on the current version; returns the answer.
async fn act(s: &Signed<'_>, number: &str, action: Value) -> reqwest::Response {
    let version = view(s, number).await["version"].clone();
    let mut body = action;
    body["version"] = version;
    s.post(&format!("/staff/tickets/{number}/actions"), &body)
        .await
}

async fn act_ok(s: &Signed<'_>, number: &str, action: Value) -> Value {
    let resp = act(s, number, action.clone()).await;
    assert_eq!(
        resp.status(),
        200,
        "{action}: {}",
        resp.text().await.unwrap_or_default()
    );
    resp.json().await.expect("json")
}

/// The logins `s` may assign the request to, in the order offered.
async fn assignees(s: &Signed<'_>, number: &str) -> Vec<String> {
    let list: Value = s
        .get_json(&format!("/staff/tickets/{number}/assignees"))
        .await;
    list.as_array()
        .expect("list")
        .iter()
        .map(|a| a["login"].as_str().expect("login").to_owned())
        .collect()
}

fn actions() -> Vec<(&'static str, Value)> {
    vec![
        ("take", json!({ "action": "take" })),
        (
            "reply",
            json!({ "action": "reply", "text": "Проверяем ваш платёж." }),
        ),
        (
            "ask_info",
            json!({ "action": "ask_info", "text": "Пришлите номер платёжного поручения.", "days": 5 }),
        ),
        (
            "resolve",
            json!({ "action": "resolve", "answer": "Платёж зачислен, пошлина оплачена." }),
        ),
        (
            "reject",
            json!({ "action": "reject", "reason": "Вопрос не относится к порталу.", "alternatives": "Обратитесь в банк, выпустивший карту." }),
        ),
        (
            "escalate",
            json!({ "action": "escalate", "department": "payments", "reason": "Нужна сверка с казначейством." }),
        ),
        (
            "note",
            json!({ "action": "note", "text": "Гражданин звонил на горячую линию." }),
        ),
    ]
}

/// A fresh request brought to `status` by the supervisor.
async fn request_in(app: &TestApp, s: &Signed<'_>, status: &str) -> String {
    let (number, _) = app.submit(&valid_ticket()).await;
    let steps: &[&str] = match status {
        "received" => &[],
        "in_progress" => &["take"],
        "awaiting_citizen" => &["take", "ask_info"],
        "resolved" => &["resolve"],
        "rejected" => &["reject"],
        other => panic!("{other}"),
    };
    let all = actions();
    for step in steps {
        let (_, a) = all.iter().find(|(n, _)| n == step).expect("action");
        act_ok(s, &number, a.clone()).await;
    }
    assert_eq!(view(s, &number).await["status"], status);
    number
}

#[tokio::test]
async fn every_action_from_every_status_is_allowed_or_refused_as_the_machine_says() {
    let app = spawn_app().await;
    let sup = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    for from in [
        "received",
        "in_progress",
        "awaiting_citizen",
        "resolved",
        "rejected",
    ] {
        for (name, action) in actions() {
            let number = request_in(&app, &sup, from).await;
            let resp = act(&sup, &number, action).await;
            let expected_status = match (from, name) {
                ("resolved" | "rejected", _) => None,
                ("awaiting_citizen", "ask_info") => None,
                (_, "ask_info") => Some("awaiting_citizen"),
                (_, "resolve") => Some("resolved"),
                (_, "reject") => Some("rejected"),
                ("received", "take" | "reply") => Some("in_progress"),
                (s, _) => Some(s),
            };
            match expected_status {
                Some(status) => {
                    assert_eq!(resp.status(), 200, "{name} from {from}");
                    let v: Value = resp.json().await.expect("json");
                    assert_eq!(v["status"], status, "{name} from {from}");
                }
                None => {
                    let (code, kind, doc) = problem(resp).await;
                    let want = if from == "awaiting_citizen" {
                        "invalid_transition"
                    } else {
                        "ticket_closed"
                    };
                    assert_eq!(
                        (code, kind.as_str()),
                        (409, want),
                        "{name} from {from}: {doc}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn the_citizen_sees_public_steps_replies_and_the_answer_only() {
    let app = spawn_app().await;
    let (number, code) = app.submit(&valid_ticket()).await;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    act_ok(&op, &number, json!({ "action": "take" })).await;
    act_ok(
        &op,
        &number,
        json!({ "action": "note", "text": "Похоже на сбой у оператора связи." }),
    )
    .await;
    act_ok(
        &op,
        &number,
        json!({ "action": "ask_info", "text": "Укажите модель телефона.", "days": 3 }),
    )
    .await;
    let staff_view = act_ok(
        &op,
        &number,
        json!({ "action": "resolve", "answer": "Сбой устранён, код приходит." }),
    )
    .await;
    assert_eq!(
        staff_view["full_name"], "Иванов Иван Иванович",
        "staff see personal data"
    );
    let kinds: Vec<&str> = staff_view["timeline"]
        .as_array()
        .expect("t")
        .iter()
        .map(|e| e["type"].as_str().expect("type"))
        .collect();
    assert!(
        kinds.contains(&"internal_note") && kinds.contains(&"assigned_to"),
        "{kinds:?}"
    );

    let citizen: Value = app.lookup(&number, &code).await.json().await.expect("json");
    assert_eq!(citizen["status"], "resolved");
    let text = citizen["timeline"].to_string();
    assert!(
        text.contains("Сбой устранён") && text.contains("Укажите модель телефона"),
        "{text}"
    );
    assert!(
        !text.contains("оператора связи")
            && !text.contains("\"by\"")
            && !text.contains("assigned_to"),
        "{text}"
    );
    assert!(citizen.get("full_name").is_none());

    // Notified of the request for information and of the resolution.
    let subjects: Vec<String> = app
        .outbox()
        .await
        .iter()
        .map(|m| m["subject"].as_str().unwrap_or("").to_owned())
        .collect();
    assert!(
        subjects.iter().any(|s| s.contains("нужна информация")),
        "{subjects:?}"
    );
    assert!(
        subjects.iter().any(|s| s.contains("Завершено")),
        "{subjects:?}"
    );
}

#[tokio::test]
async fn two_operators_at_once_one_wins_the_other_is_asked_to_reload() {
    let app = spawn_app().await;
    let (number, _) = app.submit(&valid_ticket()).await;
    let a = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let b = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    let version = view(&a, &number).await["version"].clone();
    let path = format!("/staff/tickets/{number}/actions");
    let resolve =
        json!({ "version": version, "action": "resolve", "answer": "Решено оператором А." });
    let reject = json!({ "version": version, "action": "reject", "reason": "Отказ руководителя Б.", "alternatives": "Подайте новое обращение." });
    let (ra, rb) = tokio::join!(a.post(&path, &resolve), b.post(&path, &reject));
    let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    let loser = if ra.status() == 409 { ra } else { rb };
    assert_eq!(problem(loser).await.1, "version_conflict");
    // Exactly one outcome in the history.
    let final_view = view(&a, &number).await;
    let closes = final_view["timeline"]
        .as_array()
        .expect("t")
        .iter()
        .filter(|e| e["type"] == "status_changed")
        .count();
    assert_eq!(closes, 1);
    // A stale version is refused even without a race.
    let stale = b
        .post(
            &path,
            &json!({ "version": version, "action": "note", "text": "Поздняя заметка." }),
        )
        .await;
    assert_eq!(problem(stale).await.1, "version_conflict");
}

#[tokio::test]
async fn a_request_is_assigned_only_to_someone_who_fits_it() {
    let app = spawn_app().await;
    let (number, _) = app.submit(&valid_ticket()).await;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    for (login, code) in [
        ("", "required"),
        ("nobody", "staff_unknown"),
        ("admin", "staff_unknown"),
        // Level 2 is not a specialist's.
        ("specialist", "staff_unknown"),
    ] {
        let resp = act(&op, &number, json!({ "action": "assign", "login": login })).await;
        let (status, _, doc) = problem(resp).await;
        assert_eq!(
            (
                status,
                doc["errors"][0]["field"].as_str(),
                doc["errors"][0]["code"].as_str()
            ),
            (422, Some("login"), Some(code)),
            "{login}"
        );
    }
    let v = act_ok(
        &op,
        &number,
        json!({ "action": "assign", "login": " Supervisor " }),
    )
    .await;
    assert_eq!(v["assignee"], "supervisor");
    assert_eq!(v["status"], "received", "the assignee starts the work");
    let last = &v["timeline"]
        .as_array()
        .expect("timeline")
        .last()
        .cloned()
        .expect("entry");
    assert_eq!(
        (last["type"].as_str(), last["by"].as_str()),
        (Some("assigned_to"), Some("operator"))
    );
}

#[tokio::test]
async fn escalation_moves_the_request_to_the_department_and_a_new_date() {
    let app = spawn_app().await;
    let (number, code) = app.submit(&valid_ticket()).await;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    // Level 2: operators and supervisors may be assigned it.
    assert_eq!(
        assignees(&op, &number).await,
        ["supervisor", "operator"],
        "by name"
    );
    act_ok(&op, &number, json!({ "action": "take" })).await;
    let v = act_ok(&op, &number, json!({ "action": "escalate", "department": "technical", "reason": "Ошибка на стороне интеграции." })).await;
    assert_eq!(
        (v["level"].as_str(), v["department"].as_str()),
        (Some("specialist"), Some("technical"))
    );
    assert!(v.get("assignee").is_none(), "the department assigns anew");
    // The operator can follow it but not change it; the specialist of the department can.
    let (status, kind, _) = problem(
        act(
            &op,
            &number,
            json!({ "action": "note", "text": "Ещё заметка." }),
        )
        .await,
    )
    .await;
    assert_eq!((status, kind.as_str()), (403, "forbidden"));
    let spec = staff_sign_in(&app, "specialist", "specialist-demo-2026").await;
    let queue: Value = spec.get_json("/staff/queue").await;
    assert_eq!(queue["items"][0]["number"], number);
    // Level 3: the department's specialists and supervisors; another department's not.
    assert_eq!(
        assignees(&spec, &number).await,
        ["supervisor", "specialist"]
    );
    act_ok(&spec, &number, json!({ "action": "take" })).await;
    let same = act(&spec, &number, json!({ "action": "escalate", "department": "technical", "reason": "Повторно в тот же отдел." })).await;
    assert_eq!(problem(same).await.1, "invalid_transition");
    let citizen: Value = app.lookup(&number, &code).await.json().await.expect("json");
    assert!(citizen["timeline"].to_string().contains("\"escalated\""));
    assert!(
        !citizen["timeline"].to_string().contains("интеграции"),
        "the reason is internal"
    );
}

#[tokio::test]
async fn every_action_is_in_the_audit_trail_for_admins_only() {
    let app = spawn_app().await;
    let (number, _) = app.submit(&valid_ticket()).await;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    act_ok(&op, &number, json!({ "action": "take" })).await;
    act_ok(
        &op,
        &number,
        json!({ "action": "reply", "text": "Уточняем у оператора связи." }),
    )
    .await;
    let day = helpdesk_shared::moscow::date(time::OffsetDateTime::now_utc()).to_string();
    assert_eq!(
        problem(op.get(&format!("/admin/audit?day={day}")).await)
            .await
            .1,
        "forbidden"
    );
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let page: Value = admin.get_json(&format!("/admin/audit?day={day}")).await;
    let entries = page["entries"].as_array().expect("entries");
    let mine: Vec<&Value> = entries
        .iter()
        .filter(|e| e["actor"] == "operator")
        .collect();
    assert_eq!(mine.len(), 3, "{entries:?}");
    assert_eq!(mine[0]["action"], "sign_in");
    let mine = &mine[1..];
    assert_eq!(mine[0]["action"], "take");
    assert_eq!(mine[0]["detail"], "received → in_progress");
    assert_eq!(mine[0]["from"], "127.0.0.1");
    assert_eq!(mine[0]["ticket"], number.replace('-', ""));
    let (status, code, _) = problem(
        admin
            .get(&format!("/admin/audit?day={day}&cursor=a%C3%A9a"))
            .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (400, "bad_cursor"));
    let bad = admin.get("/admin/audit?day=22.11.2026").await;
    assert_eq!(problem(bad).await.0, 422);
}

#[tokio::test]
async fn admins_edit_canned_responses_and_staff_read_them() {
    let app = spawn_app().await;
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let c = json!({ "title_ru": "Спасибо", "title_en": "Thanks", "text_ru": "Спасибо за обращение!", "text_en": "Thank you for writing!" });
    let resp = admin.put("/admin/canned/thanks", &c, false).await;
    assert_eq!(resp.status(), 200);
    let bad =
        json!({ "title_ru": "", "title_en": "Thanks", "text_ru": "Спасибо!", "text_en": "x" });
    let resp = admin.put("/admin/canned/thanks", &bad, false).await;
    let (status, _, doc) = problem(resp).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = doc["errors"]
        .as_array()
        .expect("e")
        .iter()
        .map(|e| e["field"].as_str().expect("f"))
        .collect();
    assert_eq!(fields, ["title_ru", "text_en"]);
    // Creating (If-None-Match: *) never replaces one with the same id.
    let resp = admin.put("/admin/canned/thanks", &json!({ "title_ru": "Другое", "title_en": "Other", "text_ru": "Другой текст.", "text_en": "Other text." }), true).await;
    let (status, _, doc) = problem(resp).await;
    assert_eq!(
        (status, &doc["errors"][0]["code"]),
        (422, &json!("id_taken"))
    );
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let list: Value = op.get_json("/staff/canned").await;
    assert!(
        list.as_array()
            .expect("a")
            .iter()
            .any(|c| c["id"] == "thanks" && c["title_ru"] == "Спасибо"),
        "{list}"
    );
}

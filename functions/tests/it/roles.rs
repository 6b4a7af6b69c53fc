//! The role × endpoint matrix: every endpoint that needs a session (a test below holds
//! the list against the routers), called by nobody, by citizens (the request's owner
//! and someone else), and by each staff role (specialists of the request's department
//! and of another), each answer checked.

use crate::common;

use common::session::{Signed, citizen_sign_in, staff_sign_in};
use common::{TestApp, spawn_app, valid_ticket};
use helpdesk_functions::auth::staff::{NewAccount, create};
use helpdesk_shared::auth::{Department, Role};
use serde_json::{Value, json};

const A: u16 = 401; // not signed in
const F: u16 = 403; // signed in, not allowed
const N: u16 = 404; // not visible to this caller
const OK: u16 = 200;
const NC: u16 = 204; // done, nothing to return

/// A caller: a name and a cookie (empty for nobody).
struct Caller<'a> {
    name: &'static str,
    s: Signed<'a>,
}

async fn call(
    c: &Caller<'_>,
    supervisor: &Signed<'_>,
    method: &str,
    path: &str,
    number: &str,
) -> u16 {
    let resp = match method {
        "GET" => c.s.get(path).await,
        "POST-action" => {
            // On the current version, so only the role decides.
            let v: Value = supervisor
                .get_json(&format!("/staff/tickets/{number}"))
                .await;
            let body = json!({ "version": v["version"], "action": "note", "text": "Проверка прав доступа." });
            c.s.post(path, &body).await
        }
        "POST-message" => {
            c.s.post(path, &json!({ "message": "Дополнение к обращению." }))
                .await
        }
        "PUT" => {
            let body = json!({ "title_ru": "Проверка", "title_en": "Check", "text_ru": "Текст ответа.", "text_en": "Answer text." });
            c.s.put(path, &body, false).await
        }
        "PUT-article" => {
            let text = json!({ "title": "Проверка прав", "answer": "Проверочный ответ." });
            let body = json!({ "topic": "technical", "ru": text, "en": text, "published": false });
            c.s.put(path, &body, false).await
        }
        "PUT-order" => c.s.put(path, &json!({ "slugs": ["pay-fee"] }), false).await,
        "PUT-policy" => {
            let policy =
                helpdesk_shared::sla::Policy::default_for(helpdesk_shared::Category::Payments);
            c.s.put(path, &json!(policy), false).await
        }
        "PUT-day" => c.s.put(path, &json!({ "kind": "day_off" }), false).await,
        "PUT-office" => {
            let hours = json!({ "opens": 540, "closes": 1080 });
            let office = json!({ "id": "roles-check",
                "name": { "ru": "Центр услуг", "en": "Service centre" },
                "address": { "ru": "Москва, ул. Тестовая, 1", "en": "1 Test St, Moscow" },
                "accessibility": { "ru": "", "en": "" },
                "hours": [hours, hours, hours, hours, hours, null, null],
                "slot_minutes": 30, "windows": 1, "services": ["account"] });
            c.s.put(path, &office, false).await
        }
        "PUT-service" => {
            let service = json!({ "id": "roles-check", "name": { "ru": "Услуга", "en": "Service" },
                "bring": { "ru": "Паспорт", "en": "Passport" } });
            c.s.put(path, &service, false).await
        }
        "PUT-chat" => {
            c.s.put(path, &json!({ "first_reply_seconds": 30 }), false)
                .await
        }
        "POST-survey" => c.s.post(path, &json!({ "csat": 5 })).await,
        "POST-mark" => c.s.post(path, &json!({ "status": "attended" })).await,
        // No date or time: refused as such once past the role and ownership checks.
        "POST-move" => c.s.post(path, &json!({ "date": "", "time": "" })).await,
        "POST-seen" => {
            c.s.post(path, &json!({ "up_to": "2026-12-01T00:00:00Z" }))
                .await
        }
        "POST-prefs" | "POST-request-prefs" => {
            let prefs = helpdesk_shared::notice::Prefs::defaults(helpdesk_shared::Lang::Ru);
            let body = match method {
                "POST-prefs" => json!(prefs),
                _ => json!({ "prefs": prefs }),
            };
            c.s.post(path, &body).await
        }
        // Not a push service's address: refused as such once past the role check.
        "POST-push" => {
            let keys = json!({ "p256dh": "x", "auth": "y" });
            c.s.post(
                path,
                &json!({ "endpoint": "https://example.org/p", "keys": keys }),
            )
            .await
        }
        "POST-push-remove" => {
            c.s.post(path, &json!({ "endpoint": "https://fcm.googleapis.com/x" }))
                .await
        }
        "POST-chat" => c.s.post(path, &json!({ "text": "Проверка прав." })).await,
        "POST-transfer" => {
            c.s.post(path, &json!({ "to": "supervisor", "note": "Проверка." }))
                .await
        }
        "POST-files" => {
            let body = json!({ "attachments": ["0123456789abcdef0123456789abcdef"] });
            c.s.post(path, &body).await
        }
        "DELETE" => c.s.delete(path).await,
        "POST" => c.s.post(path, &json!({})).await,
        other => panic!("{other}"),
    };
    resp.status().as_u16()
}

fn nobody(app: &TestApp) -> Signed<'_> {
    Signed {
        app,
        cookie: String::new(),
    }
}

#[tokio::test]
async fn every_endpoint_answers_every_role_as_designed() {
    let app = spawn_app().await;
    // A request of +7 912 345-67-89 with a file, escalated to the technical department.
    let file: Value = app
        .upload("scan.pdf", common::pdf())
        .await
        .json()
        .await
        .expect("uploaded");
    let file = file["id"].as_str().expect("id").to_owned();
    let mut ticket = valid_ticket();
    ticket["attachments"] = json!([file]);
    let (number, _) = app.submit(&ticket).await;
    let supervisor = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    let v: Value = supervisor
        .get_json(&format!("/staff/tickets/{number}"))
        .await;
    let esc = json!({ "version": v["version"], "action": "escalate", "department": "technical", "reason": "Нужен специалист." });
    assert_eq!(
        supervisor
            .post(&format!("/staff/tickets/{number}/actions"), &esc)
            .await
            .status(),
        200
    );

    let legal = NewAccount {
        login: "lawyer",
        name: "Юрист",
        role: Role::Specialist,
        department: Some(Department::Legal),
        password: "lawyer password 1",
    };
    create(app.store.as_ref(), legal, time::OffsetDateTime::now_utc())
        .await
        .expect("create");

    let callers = [
        Caller {
            name: "anonymous",
            s: nobody(&app),
        },
        Caller {
            name: "owner",
            s: citizen_sign_in(&app, "+79123456789").await,
        },
        Caller {
            name: "other citizen",
            s: citizen_sign_in(&app, "other@example.ru").await,
        },
        Caller {
            name: "operator",
            s: staff_sign_in(&app, "operator", "operator-demo-2026").await,
        },
        Caller {
            name: "specialist (its department)",
            s: staff_sign_in(&app, "specialist", "specialist-demo-2026").await,
        },
        Caller {
            name: "specialist (another)",
            s: staff_sign_in(&app, "lawyer", "lawyer password 1").await,
        },
        Caller {
            name: "supervisor",
            s: staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await,
        },
        Caller {
            name: "admin",
            s: staff_sign_in(&app, "admin", "admin-demo-2026").await,
        },
    ];
    // A chat in the bot's hands: only supervisors see it; nobody may reply before
    // taking it, and a chat with the bot cannot be taken.
    let chat: Value = app
        .post("/chat", &json!({}))
        .await
        .json()
        .await
        .expect("chat");
    let chat = chat["chat"]["id"].as_str().expect("id").to_owned();
    let c = &chat;
    const T: u16 = 409; // another's (here: the bot's)
    const V: u16 = 422; // not a colleague online (here: oneself)
    const I: u16 = 409; // not possible in the request's status
    let day = helpdesk_shared::moscow::date(time::OffsetDateTime::now_utc());
    // The owner's booking: 12:00 two days ahead (a slot at Tverskaya every day).
    let visit = json!({ "service": "account", "office": "tverskaya",
        "date": (day + time::Duration::days(2)).to_string(), "time": "12:00", "terms": true });
    let booked = callers[1].s.post("/my/appointments", &visit).await;
    assert_eq!(
        booked.status(),
        201,
        "{}",
        booked.text().await.unwrap_or_default()
    );
    let booked: Value = booked.json().await.expect("json");
    let booking = booked["booking"]["number"]
        .as_str()
        .expect("number")
        .to_owned();
    let b = &booking;
    let n = &number;
    #[rustfmt::skip]
    let matrix: Vec<(&str, String, [u16; 8])> = vec![
        //                                                    anon owner other  op  spec  spec2 sup  admin
        ("GET", "/auth/me".into(),                            [A,  OK,  OK,   OK, OK,   OK,   OK,  OK]),
        ("GET", "/auth/session".into(),                       [OK, OK,  OK,   OK, OK,   OK,   OK,  OK]),
        ("GET", "/my/tickets".into(),                         [A,  OK,  OK,   F,  F,    F,    F,   F]),
        // Second factor (off here, as in development): staff may set one up; an empty
        // code is a field to fix; no session is 401, a citizen's 403.
        ("POST", "/auth/staff/enrol".into(),                  [A,  F,   F,    OK, OK,   OK,   OK,  OK]),
        ("POST", "/auth/staff/enrol/confirm".into(),          [A,  F,   F,    V,  V,    V,    V,   V]),
        ("POST", "/auth/staff/code".into(),                   [A,  F,   F,    A,  A,    A,    A,   A]),
        ("GET", "/my/chats".into(),                           [A,  OK,  OK,   F,  F,    F,    F,   F]),
        ("GET", format!("/my/tickets/{n}"),                   [A,  OK,  N,    F,  F,    F,    F,   F]),
        ("POST-message", format!("/my/tickets/{n}/messages"), [A, OK,  N,    F,  F,    F,    F,   F]),
        // Escalated (at the department): not in work, so no repeat request yet.
        ("POST", format!("/my/tickets/{n}/repeat"),           [A,  I,   N,    F,  F,    F,    F,   F]),
        // Not closed: no survey yet.
        ("POST-survey", format!("/my/tickets/{n}/survey"),    [A,  I,   N,    F,  F,    F,    F,   F]),
        ("GET", "/my/notifications".into(),                   [A,  OK,  OK,   F,  F,    F,    F,   F]),
        ("GET", "/my/notifications/unread".into(),            [A,  OK,  OK,   F,  F,    F,    F,   F]),
        ("POST-seen", "/my/notifications/seen".into(),        [A,  NC,  NC,   F,  F,    F,    F,   F]),
        ("GET", "/my/notifications/prefs".into(),             [A,  OK,  OK,   F,  F,    F,    F,   F]),
        ("POST-prefs", "/my/notifications/prefs".into(),      [A,  OK,  OK,   F,  F,    F,    F,   F]),
        ("GET", format!("/my/tickets/{n}/notifications"),     [A,  OK,  N,    F,  F,    F,    F,   F]),
        ("GET", "/my/push".into(),                            [A,  OK,  OK,   F,  F,    F,    F,   F]),
        ("GET", "/my/appointments".into(),                    [A,  OK,  OK,   F,  F,    F,    F,   F]),
        // Terms not accepted: refused once past the role check.
        ("POST", "/my/appointments".into(),                   [A,  V,   V,    F,  F,    F,    F,   F]),
        ("GET", format!("/my/appointments/{b}/calendar"),     [A,  OK,  N,    F,  F,    F,    F,   F]),
        ("POST-move", format!("/my/appointments/{b}/move"),   [A,  V,   N,    F,  F,    F,    F,   F]),
        ("GET", "/staff/appointments/tverskaya/2027-01-11".into(), [A, F, F,  OK, F,    F,    OK,  F]),
        // Two days ahead: not marked before its day.
        ("POST-mark", format!("/staff/appointments/{b}/mark"), [A,  F,   F,    I,  F,    F,    I,   F]),
        ("POST", format!("/my/appointments/{b}/cancel"),      [A,  OK,  N,    F,  F,    F,    F,   F]),
        ("POST-push", "/my/push".into(),                      [A,  V,   V,    F,  F,    F,    F,   F]),
        ("POST-push-remove", "/my/push/remove".into(),        [A,  NC,  NC,   F,  F,    F,    F,   F]),
        ("POST-request-prefs", format!("/my/tickets/{n}/notifications/prefs"), [A, OK, N, F, F, F,   F,   F]),
        ("POST", format!("/my/tickets/{n}/notifications/resend"), [A, OK, N,  F,  F,    F,    F,   F]),
        ("GET", "/staff/queue".into(),                        [A,  F,   F,    OK, OK,   OK,   OK,  F]),
        ("GET", "/staff/queue/counts".into(),                 [A,  F,   F,    OK, OK,   OK,   OK,  F]),
        ("GET", format!("/staff/tickets/{n}"),                [A,  F,   F,    OK, OK,   N,    OK,  F]),
        ("POST-action", format!("/staff/tickets/{n}/actions"), [A, F,   F,    F,  OK,   N,    OK,  F]),
        ("GET", format!("/staff/tickets/{n}/assignees"),      [A,  F,   F,    F,  OK,   N,    OK,  F]),
        ("GET", format!("/staff/tickets/{n}/notifications"),  [A,  F,   F,    OK, OK,   N,    OK,  F]),
        ("GET", format!("/staff/attachments/{file}"),         [A,  F,   F,    OK, OK,   N,    OK,  F]),
        ("GET", "/staff/canned".into(),                       [A,  F,   F,    OK, OK,   OK,   OK,  OK]),
        ("PUT", "/admin/canned/check".into(),                 [A,  F,   F,    F,  F,    F,    F,   OK]),
        ("DELETE", "/admin/canned/check".into(),              [A,  F,   F,    F,  F,    F,    F,   NC]),
        ("GET", format!("/admin/audit?day={day}"),            [A,  F,   F,    F,  F,    F,    F,   OK]),
        ("GET", "/admin/faq/feedback".into(),                 [A,  F,   F,    F,  F,    F,    F,   OK]),
        ("GET", "/admin/faq/articles".into(),                 [A,  F,   F,    F,  F,    F,    F,   OK]),
        ("PUT-article", "/admin/faq/articles/roles-check".into(), [A, F, F,    F,  F,    F,    F,   OK]),
        ("PUT-order", "/admin/faq/order".into(),              [A,  F,   F,    F,  F,    F,    F,   NC]),
        ("GET", "/admin/service-levels".into(),               [A,  F,   F,    F,  F,    F,    OK,  OK]),
        ("PUT-policy", "/admin/service-levels/policies/payments".into(), [A, F, F, F, F,  F,    F,   OK]),
        ("PUT-chat", "/admin/service-levels/chat".into(),     [A,  F,   F,    F,  F,    F,    F,   OK]),
        ("PUT-day", "/admin/service-levels/days/2027-01-11".into(), [A, F, F,  F,  F,    F,    F,   OK]),
        ("DELETE", "/admin/service-levels/days/2027-01-11".into(), [A, F, F,   F,  F,    F,    F,   OK]),
        ("PUT-office", "/admin/appointments/offices/office-check".into(), [A, F, F, F, F, F,  F,   OK]),
        ("PUT-service", "/admin/appointments/services/service-check".into(), [A, F, F, F, F, F, F,  OK]),
        ("GET", "/staff/appointments/tverskaya/unplaced".into(), [A, F, F,    OK, F,    F,    OK,  OK]),
        ("GET", "/staff/reports".into(),                      [A,  F,   F,    F,  F,    F,    OK,  OK]),
        ("GET", "/staff/reports/csv".into(),                  [A,  F,   F,    F,  F,    F,    OK,  OK]),
        ("GET", "/staff/chats".into(),                        [A,  F,   F,    OK, OK,   OK,   OK,  F]),
        ("GET", format!("/staff/chats/{c}"),                  [A,  F,   F,    N,  N,    N,    OK,  F]),
        ("POST", format!("/staff/chats/{c}/take"),            [A,  F,   F,    T,  T,    T,    T,   F]),
        ("POST-chat", format!("/staff/chats/{c}/messages"),   [A,  F,   F,    N,  N,    N,    T,   F]),
        ("POST-files", format!("/staff/chats/{c}/files"),     [A,  F,   F,    N,  N,    N,    T,   F]),
        ("GET", format!("/staff/chats/{c}/files/no-file"),    [A,  F,   F,    N,  N,    N,    N,   F]),
        ("POST", format!("/staff/chats/{c}/offer"),           [A,  F,   F,    N,  N,    N,    T,   F]),
        ("POST-transfer", format!("/staff/chats/{c}/transfer"), [A, F,  F,    N,  N,    N,    V,   F]),
        ("POST", format!("/staff/chats/{c}/end"),             [A,  F,   F,    N,  N,    N,    OK,  F]),
        // Last: these end the sessions the rows above use.
        ("POST", "/auth/sign-out-everywhere".into(),          [A,  NC,  NC,   NC, NC,   NC,   NC,  NC]),
        ("GET", "/auth/me".into(),                            [A,  A,   A,    A,  A,    A,    A,   A]),
        ("GET", "/auth/session".into(),                       [OK, OK,  OK,   OK, OK,   OK,   OK,  OK]),
        ("POST", "/auth/sign-out".into(),                     [NC, NC,  NC,   NC, NC,   NC,   NC,  NC]),
    ];
    // The matrix covers every endpoint that takes a session (and sign-out).
    let covered: std::collections::BTreeSet<String> = matrix
        .iter()
        .map(|(method, path, _)| {
            let verb = method.split('-').next().unwrap_or(method);
            let pattern = path
                .split('?')
                .next()
                .unwrap_or(path)
                .replace(n.as_str(), "{number}")
                .replace(b.as_str(), "{number}")
                .replace(file.as_str(), "{id}")
                .replace(chat.as_str(), "{id}")
                .replace("/check", "/{id}")
                .replace("/no-file", "/{file}")
                .replace("/roles-check", "/{slug}")
                .replace("/office-check", "/{office}")
                .replace("/service-check", "/{service}")
                .replace("/payments", "/{category}")
                .replace("/2027-01-11", "/{date}")
                .replace("/tverskaya/", "/{office}/");
            format!("{verb} {pattern}")
        })
        .collect();
    let sessions: std::collections::BTreeSet<String> = helpdesk_functions::http::endpoints()
        .iter()
        .filter(|e| e.needs_session() || ["/auth/sign-out", "/auth/session"].contains(&e.path))
        .map(|e| format!("{} {}", e.verb.as_str(), e.path))
        .collect();
    assert_eq!(
        covered, sessions,
        "the matrix and the routers list different endpoints"
    );

    let mut wrong = Vec::new();
    for (method, path, expected) in &matrix {
        for (caller, want) in callers.iter().zip(expected) {
            let got = call(caller, &supervisor, method, path, n).await;
            if got != *want {
                wrong.push(format!(
                    "{method} {path} as {}: {got}, expected {want}",
                    caller.name
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

//! Sign-in over HTTP: cookies and their attributes, CSRF, lockouts and rate limits,
//! sign-out, and a citizen's own requests.

use crate::common;

use common::session::{Signed, citizen_sign_in, code_in_outbox, staff_sign_in};
use common::{problem, spawn_app, spawn_with, valid_ticket};
use helpdesk_functions::ratelimit::{Limit, Limits};
use serde_json::{Value, json};

#[tokio::test]
async fn staff_sign_in_sets_a_strict_cookie_and_sign_out_ends_it() {
    let app = spawn_app().await;
    let operator = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let me: Value = operator.get_json("/auth/me").await;
    assert_eq!(me["kind"], "staff");
    assert_eq!(me["role"], "operator");

    // What the SPA asks on every page load: 200 either way.
    let state: Value = operator.get_json("/auth/session").await;
    assert_eq!(state["me"]["login"], "operator");

    let resp = operator.post("/auth/sign-out", &json!({})).await;
    assert_eq!(resp.status(), 204);
    let state: Value = operator.get_json("/auth/session").await;
    assert_eq!(
        state,
        json!({ "me": null }),
        "nobody, without an error status"
    );
    let cleared = resp.headers()["set-cookie"].to_str().expect("ascii");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let (status, code, _) = problem(operator.get("/auth/me").await).await;
    assert_eq!((status, code.as_str()), (401, "unauthorized"));
}

#[tokio::test]
async fn a_signed_in_write_without_the_request_header_is_refused() {
    let app = spawn_app().await;
    let operator = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    // What a form on another site could send: the cookie, no custom header.
    let forged = app
        .http
        .post(app.api("/auth/sign-out-everywhere"))
        .header("cookie", &operator.cookie)
        .send()
        .await
        .expect("post");
    let (status, code, _) = problem(forged).await;
    assert_eq!((status, code.as_str()), (403, "csrf"));
    assert_eq!(
        operator.get("/auth/me").await.status(),
        200,
        "still signed in"
    );
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_of_the_person() {
    let app = spawn_app().await;
    let phone = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    let desk = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    let other = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    assert_eq!(
        phone
            .post("/auth/sign-out-everywhere", &json!({}))
            .await
            .status(),
        204
    );
    assert_eq!(desk.get("/auth/me").await.status(), 401);
    assert_eq!(phone.get("/auth/me").await.status(), 401);
    assert_eq!(other.get("/auth/me").await.status(), 200, "others stay");
}

#[tokio::test]
async fn three_wrong_passwords_lock_the_login() {
    let app = spawn_app().await;
    let wrong = json!({ "login": "operator", "password": "not the password" });
    for left in [2, 1] {
        let (status, code, doc) = problem(app.post("/auth/staff", &wrong).await).await;
        assert_eq!((status, code.as_str()), (401, "wrong_credentials"));
        assert_eq!(doc["tries_left"], left);
    }
    let resp = app.post("/auth/staff", &wrong).await;
    let retry: u64 = resp.headers()["retry-after"]
        .to_str()
        .expect("a")
        .parse()
        .expect("secs");
    assert!((800..=900).contains(&retry), "{retry}");
    assert_eq!(problem(resp).await.1, "locked");
    let right = json!({ "login": "operator", "password": "operator-demo-2026" });
    assert_eq!(
        problem(app.post("/auth/staff", &right).await).await.1,
        "locked"
    );
    // Another login is not affected.
    staff_sign_in(&app, "admin", "admin-demo-2026").await;

    // The owner is told once, by e-mail, whoever caused it; unknown logins lock the same
    // way and send nothing.
    let ghost = json!({ "login": "nobody.here", "password": "not the password" });
    for _ in 0..4 {
        app.post("/auth/staff", &ghost).await;
    }
    let notices: Vec<Value> = app
        .outbox()
        .await
        .into_iter()
        .filter(|m| {
            m["subject"]
                .as_str()
                .is_some_and(|s| s.contains("Вход заблокирован"))
        })
        .collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0]["channel"], "email");
    assert_eq!(notices[0]["to"], "operator@helpdesk.local");
    let body = notices[0]["body"].as_str().expect("body");
    assert!(body.contains("operator") && body.contains("МСК"), "{body}");

    // The admin's audit trail has the wrong passwords and the refusals while locked of
    // the account that exists; a login naming nobody is not written there.
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let day = helpdesk_shared::moscow::date(time::OffsetDateTime::now_utc());
    let page: Value = admin.get_json(&format!("/admin/audit?day={day}")).await;
    let entries = page["entries"].as_array().expect("entries");
    let of = |action: &str| -> Vec<&Value> {
        entries.iter().filter(|e| e["action"] == action).collect()
    };
    let failed = of("sign_in_failed");
    assert_eq!(failed.len(), 2, "{entries:?}");
    assert!(failed.iter().all(|e| e["actor"] == "operator"));
    assert_eq!(failed[1]["detail"], "tries left: 1");
    let locked = of("sign_in_locked");
    assert_eq!(
        locked.len(),
        2,
        "the locking attempt and the one after: {entries:?}"
    );
    assert!(entries.iter().all(|e| e["actor"] != "nobody.here"));
}

#[tokio::test]
async fn sign_in_attempts_and_codes_are_rate_limited_per_client() {
    let limits = Limits {
        code_per_client: Limit::per_minute(2),
        sign_in_per_client: Limit::per_minute(2),
        ..Limits::default()
    };
    let app = spawn_with(limits).await;
    for contact in ["+79120000001", "+79120000002"] {
        assert_eq!(
            app.post("/auth/code", &json!({ "contact": contact }))
                .await
                .status(),
            202
        );
    }
    let third = app
        .post("/auth/code", &json!({ "contact": "+79120000003" }))
        .await;
    assert_eq!(problem(third).await.1, "rate_limited");

    let attempt = json!({ "login": "nobody", "password": "whatever it is" });
    for _ in 0..2 {
        assert_eq!(app.post("/auth/staff", &attempt).await.status(), 401);
    }
    assert_eq!(
        problem(app.post("/auth/staff", &attempt).await).await.1,
        "rate_limited"
    );
}

#[tokio::test]
async fn codes_are_throttled_and_locked_per_contact() {
    let app = spawn_app().await;
    let contact = json!({ "contact": "ivanov@mail.ru", "language": "en" });
    assert_eq!(app.post("/auth/code", &contact).await.status(), 202);
    let again = app.post("/auth/code", &contact).await;
    assert!(again.headers().contains_key("retry-after"));
    assert_eq!(problem(again).await.1, "code_too_soon");

    let code = app.outbox().await[0]["body"]
        .as_str()
        .expect("body")
        .to_owned();
    assert!(code.starts_with("Your helpdesk sign-in code"), "{code}");
    let wrong = json!({ "contact": "ivanov@mail.ru", "code": "12345" });
    let (status, code, doc) = problem(app.post("/auth/verify", &wrong).await).await;
    assert_eq!((status, code.as_str()), (422, "validation"));
    assert_eq!(doc["errors"][0]["code"], "sign_in_code_format");
    let real = code_in_outbox(&app).await;
    let wrong = json!({ "contact": "ivanov@mail.ru", "code": if real == "000000" { "000001" } else { "000000" } });
    for left in [2, 1] {
        let (_, code, doc) = problem(app.post("/auth/verify", &wrong).await).await;
        assert_eq!(code, "wrong_code");
        assert_eq!(doc["tries_left"], left);
    }
    assert_eq!(
        problem(app.post("/auth/verify", &wrong).await).await.1,
        "locked"
    );
    let right = json!({ "contact": "ivanov@mail.ru", "code": real });
    assert_eq!(
        problem(app.post("/auth/verify", &right).await).await.1,
        "locked"
    );
}

#[tokio::test]
async fn a_citizen_sees_the_requests_of_their_contact_and_only_those() {
    let app = spawn_app().await;
    // Submitted before signing in, naming the phone.
    let (number, _) = app.submit(&valid_ticket()).await;
    let mut other = valid_ticket();
    other["phone"] = json!("+79990001122");
    other["email"] = json!("");
    let (others_number, _) = app.submit(&other).await;

    let citizen = citizen_sign_in(&app, "+7 912 345-67-89").await;
    let me: Value = citizen.get_json("/auth/me").await;
    assert_eq!(
        me,
        json!({ "kind": "citizen", "contact": "+7 *** ***-**-89" })
    );

    // Submitted while signed in, with only an e-mail: theirs too, newest first.
    let mut signed = valid_ticket();
    signed["phone"] = json!("");
    signed["email"] = json!("petrov@example.ru");
    let resp = citizen.post("/tickets", &signed).await;
    assert_eq!(resp.status(), 201);
    let newer: Value = resp.json().await.expect("json");

    let mine: Value = citizen.get_json("/my/tickets").await;
    let numbers: Vec<&str> = mine["tickets"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["number"].as_str().expect("number"))
        .collect();
    assert_eq!(
        numbers,
        [newer["number"].as_str().expect("n"), number.as_str()]
    );

    // Their request without the code; someone else's is not found.
    let view = citizen.get(&format!("/my/tickets/{number}")).await;
    assert_eq!(view.status(), 200);
    let (status, _, _) = problem(citizen.get(&format!("/my/tickets/{others_number}")).await).await;
    assert_eq!(status, 404);

    let msg = json!({ "message": "Прикладываю скриншот ошибки позже." });
    let added = citizen
        .post(&format!("/my/tickets/{number}/messages"), &msg)
        .await;
    assert_eq!(added.status(), 200);
    let refused = citizen
        .post(&format!("/my/tickets/{others_number}/messages"), &msg)
        .await;
    assert_eq!(problem(refused).await.0, 404);
}

#[tokio::test]
async fn own_requests_need_a_citizen_session() {
    let app = spawn_app().await;
    let anonymous = app
        .http
        .get(app.api("/my/tickets"))
        .send()
        .await
        .expect("get");
    assert_eq!(problem(anonymous).await.1, "unauthorized");
    let operator = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    assert_eq!(
        problem(operator.get("/my/tickets").await).await.1,
        "forbidden"
    );
    // A forged cookie is nobody.
    let forged = Signed {
        app: &app,
        cookie: format!("hd_session={}", "ab".repeat(32)),
    };
    assert_eq!(problem(forged.get("/auth/me").await).await.0, 401);
}

//! Staff's second factor over HTTP (over redb, and DynamoDB in moto): a supervisor's
//! password alone opens nothing; setting up an authenticator (the QR code's key, a code
//! to confirm, ten recovery codes shown once); the code after the password, taken once;
//! a recovery code taken once; three wrong codes lock the login; sensitive actions ask
//! for the code again on a session that never passed it; an admin's reset, audited.

use crate::common;

use common::session::{Signed, session_cookie};
use common::{TestApp, problem, spawn_second_factor};
use helpdesk_functions::auth::Requirement;
use helpdesk_functions::auth::totp::{STEP, code_at};
use serde_json::{Value, json};
use time::macros::datetime;

/// Monday 2026-12-07, 12:00 in Moscow.
const NOON: time::OffsetDateTime = datetime!(2026-12-07 09:00 UTC);

fn advance(app: &TestApp, by: time::Duration) {
    app.clock.as_ref().expect("clock").advance(by);
}

/// The code the app shows now (or `steps` periods later) for the key as shown.
fn code(app: &TestApp, key: &str, steps: i64) -> String {
    let secret = totp_rs::Secret::Encoded(key.replace(' ', ""))
        .to_bytes()
        .expect("base32");
    let step = (app.now().unix_timestamp() as u64) / STEP;
    code_at(&secret, step.saturating_add_signed(steps), 6)
}

/// The password step: its status, and the cookie it set (a second step, or a session).
async fn password<'a>(app: &'a TestApp, login: &str, password: &str) -> (u16, Value, Signed<'a>) {
    let resp = app
        .post(
            "/auth/staff",
            &json!({ "login": login, "password": password }),
        )
        .await;
    let status = resp.status().as_u16();
    let cookie = if resp.headers().get("set-cookie").is_some() {
        session_cookie(&resp)
    } else {
        String::new()
    };
    let body = resp.json().await.unwrap_or(Value::Null);
    (status, body, Signed { app, cookie })
}

/// A call that signs in (a new session cookie), as a browser keeps it.
async fn signed<'a>(app: &'a TestApp, resp: reqwest::Response) -> (Value, Signed<'a>) {
    assert_eq!(resp.status(), 200);
    let cookie = session_cookie(&resp);
    (resp.json().await.expect("json"), Signed { app, cookie })
}

async fn audit_actions(app: &TestApp, login: &str) -> Vec<(String, String)> {
    let day = helpdesk_shared::moscow::date(app.now());
    let page = helpdesk_functions::audit::read_day(app.store.as_ref(), day, None, 500)
        .await
        .expect("audit");
    page.entries
        .iter()
        .filter(|e| e.actor == login)
        .map(|e| {
            let action = serde_json::to_value(e.action).expect("action");
            (
                action.as_str().unwrap_or_default().to_owned(),
                e.detail.clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_supervisors_password_alone_opens_nothing_until_an_authenticator_is_set_up() {
    let app = spawn_second_factor(NOON, Requirement::Roles).await;
    // An operator need not have one (roles: supervisors and admins).
    assert_eq!(
        password(&app, "operator", "operator-demo-2026").await.0,
        200
    );

    let (status, body, step) = password(&app, "supervisor", "supervisor-demo-2026").await;
    assert_eq!(status, 202);
    assert_eq!(body["second_factor"], "enrol");
    assert_eq!(body["expires_in"], 600);
    for path in ["/auth/me", "/staff/queue", "/staff/reports"] {
        assert_eq!(step.get(path).await.status(), 401, "{path}");
    }
    assert_eq!(step.get_json("/auth/session").await["me"], Value::Null);
    // No code is asked of an account with nothing set up.
    let (status, code_, _) = problem(
        step.post("/auth/staff/code", &json!({ "code": "123456" }))
            .await,
    )
    .await;
    assert_eq!((status, code_.as_str()), (401, "second_step_expired"));

    let enrolment = step.post("/auth/staff/enrol", &json!({})).await;
    assert_eq!(enrolment.status(), 200);
    assert_eq!(enrolment.headers()["cache-control"], "no-store");
    let e: Value = enrolment.json().await.expect("json");
    let key = e["key"].as_str().expect("key").to_owned();
    assert_eq!(key.replace(' ', "").len(), 32, "160 bits in base32: {key}");
    let uri = e["uri"].as_str().expect("uri");
    assert!(
        uri.starts_with("otpauth://totp/Helpdesk:supervisor?"),
        "{uri}"
    );
    assert!(uri.contains(&format!("secret={}", key.replace(' ', ""))));
    assert!(e["qr_svg"].as_str().expect("svg").starts_with("<svg"));
    // Kept sealed: the key is nowhere in the stored item.
    let stored = app
        .store
        .get("STAFF#supervisor", "TOTP")
        .await
        .expect("read")
        .expect("item");
    assert!(
        !serde_json::to_string(&stored.body)
            .expect("json")
            .contains(&key.replace(' ', ""))
    );

    // A mistyped code, then a wrong one; then the right one.
    let (status, c, body) = problem(
        step.post("/auth/staff/enrol/confirm", &json!({ "code": "12345" }))
            .await,
    )
    .await;
    assert_eq!((status, c.as_str()), (422, "validation"));
    assert_eq!(body["errors"][0]["code"], "authenticator_code_format");
    let wrong = if code(&app, &key, 0) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let (status, c, body) = problem(
        step.post("/auth/staff/enrol/confirm", &json!({ "code": wrong }))
            .await,
    )
    .await;
    assert_eq!((status, c.as_str()), (422, "wrong_code"));
    assert_eq!(body["tries_left"], 2);
    let confirmed = step
        .post(
            "/auth/staff/enrol/confirm",
            &json!({ "code": code(&app, &key, 0) }),
        )
        .await;
    let (enrolled, supervisor) = signed(&app, confirmed).await;
    let recovery: Vec<String> = enrolled["recovery_codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("code").to_owned())
        .collect();
    assert_eq!(recovery.len(), 10);
    assert!(recovery.iter().all(|c| c.len() == 19), "{recovery:?}");
    assert_eq!(enrolled["me"]["role"], "supervisor");
    assert_eq!(supervisor.get_json("/auth/me").await["login"], "supervisor");
    assert_eq!(
        supervisor.get("/staff/reports/csv").await.status(),
        200,
        "fresh: exports"
    );
    // The step's cookie is spent; a second set-up is refused.
    assert_eq!(step.get("/auth/me").await.status(), 401);
    let (status, c, _) = problem(supervisor.post("/auth/staff/enrol", &json!({})).await).await;
    assert_eq!((status, c.as_str()), (409, "already_enrolled"));

    // The next sign-in asks for the code; the code just used is refused (taken once).
    let (status, body, step) = password(&app, "supervisor", "supervisor-demo-2026").await;
    assert_eq!(
        (status, body["second_factor"].as_str()),
        (202, Some("code"))
    );
    let (status, c, body) = problem(
        step.post("/auth/staff/code", &json!({ "code": code(&app, &key, 0) }))
            .await,
    )
    .await;
    assert_eq!((status, c.as_str()), (422, "wrong_code"), "replayed");
    assert_eq!(body["tries_left"], 2, "counted as a wrong code");
    advance(&app, time::Duration::seconds(30));
    let (me, _) = signed(
        &app,
        step.post("/auth/staff/code", &json!({ "code": code(&app, &key, 0) }))
            .await,
    )
    .await;
    assert_eq!(me["login"], "supervisor");

    // A recovery code: once, in any case, hyphens or not.
    let (_, _, step) = password(&app, "supervisor", "supervisor-demo-2026").await;
    let typed = recovery[3].to_lowercase().replace('-', " ");
    signed(
        &app,
        step.post("/auth/staff/code", &json!({ "recovery_code": typed }))
            .await,
    )
    .await;
    let (_, _, step) = password(&app, "supervisor", "supervisor-demo-2026").await;
    let (status, c, _) = problem(
        step.post("/auth/staff/code", &json!({ "recovery_code": recovery[3] }))
            .await,
    )
    .await;
    assert_eq!(
        (status, c.as_str()),
        (422, "wrong_code"),
        "a recovery code is used once"
    );
    let actions = audit_actions(&app, "supervisor").await;
    for (action, detail) in [
        ("second_factor_failed", "tries left: 2"),
        ("second_factor_set", ""),
        ("recovery_code_used", "recovery codes left: 9"),
    ] {
        assert!(
            actions.contains(&(action.to_owned(), detail.to_owned())),
            "{action}: {actions:?}"
        );
    }

    // Three wrong codes lock the login for 15 minutes, the password step too.
    for _ in 0..2 {
        step.post("/auth/staff/code", &json!({ "code": wrong }))
            .await;
    }
    let (status, c, _) = problem(
        step.post("/auth/staff/code", &json!({ "code": code(&app, &key, 1) }))
            .await,
    )
    .await;
    assert_eq!((status, c.as_str()), (429, "locked"));
    assert_eq!(
        password(&app, "supervisor", "supervisor-demo-2026").await.0,
        429
    );
    advance(&app, time::Duration::minutes(16));
    let (_, _, step) = password(&app, "supervisor", "supervisor-demo-2026").await;
    signed(
        &app,
        step.post("/auth/staff/code", &json!({ "code": code(&app, &key, 0) }))
            .await,
    )
    .await;

    // An admin resets it (lost phone and codes): audited; the next sign-in sets one up.
    assert!(
        helpdesk_functions::auth::reset_second_factor(app.store.as_ref(), "supervisor", app.now())
            .await
            .expect("reset")
    );
    assert!(
        audit_actions(&app, "supervisor")
            .await
            .iter()
            .any(|(a, _)| a == "second_factor_reset")
    );
    let (status, body, _) = password(&app, "supervisor", "supervisor-demo-2026").await;
    assert_eq!(
        (status, body["second_factor"].as_str()),
        (202, Some("enrol"))
    );
}

#[tokio::test]
async fn a_session_that_never_passed_the_second_factor_confirms_a_sensitive_action() {
    // Off (development): a password signs in; whoever sets one up passes it after.
    let app = spawn_second_factor(NOON, Requirement::Off).await;
    let (_, _, first) = password(&app, "admin", "admin-demo-2026").await;
    let canned = json!({ "title_ru": "Проверка", "title_en": "Check", "text_ru": "Текст ответа.", "text_en": "Answer text." });
    assert_eq!(
        first
            .put("/admin/canned/check-2fa", &canned, false)
            .await
            .status(),
        200
    );

    // In another browser the admin sets up an authenticator.
    let (_, _, second) = password(&app, "admin", "admin-demo-2026").await;
    let e: Value = second
        .post("/auth/staff/enrol", &json!({}))
        .await
        .json()
        .await
        .expect("json");
    let key = e["key"].as_str().expect("key").to_owned();
    signed(
        &app,
        second
            .post(
                "/auth/staff/enrol/confirm",
                &json!({ "code": code(&app, &key, 0) }),
            )
            .await,
    )
    .await;

    // The first browser's session never passed it: reading works, editing asks.
    assert_eq!(first.get("/staff/canned").await.status(), 200);
    let (status, c, _) = problem(first.put("/admin/canned/check-2fa", &canned, false).await).await;
    assert_eq!((status, c.as_str()), (403, "second_factor_required"));
    let (status, c, _) = problem(first.get("/staff/reports/csv").await).await;
    assert_eq!((status, c.as_str()), (403, "second_factor_required"));
    advance(&app, time::Duration::seconds(30));
    let (_, confirmed) = signed(
        &app,
        first
            .post("/auth/staff/code", &json!({ "code": code(&app, &key, 0) }))
            .await,
    )
    .await;
    assert_eq!(
        confirmed
            .put("/admin/canned/check-2fa", &canned, false)
            .await
            .status(),
        200
    );
    assert_eq!(
        first.get("/auth/me").await.status(),
        401,
        "the old session ended"
    );
}

#[tokio::test]
async fn with_all_every_role_sets_one_up() {
    let app = spawn_second_factor(NOON, Requirement::All).await;
    for (login, pw) in [
        ("operator", "operator-demo-2026"),
        ("specialist", "specialist-demo-2026"),
    ] {
        let (status, body, _) = password(&app, login, pw).await;
        assert_eq!(
            (status, body["second_factor"].as_str()),
            (202, Some("enrol")),
            "{login}"
        );
    }
    // A wrong password is still a wrong password.
    assert_eq!(password(&app, "operator", "not the password").await.0, 401);
}

/// `helpdesk-admin reset-2fa`: a supervisor who lost their phone and recovery codes.
#[tokio::test]
async fn the_admin_tool_resets_a_second_factor_and_ends_the_sessions() {
    use helpdesk_functions::auth::Auth;
    use helpdesk_functions::store::{KvStore, RedbStore};
    use std::sync::Arc;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("helpdesk.redb");
    {
        let store: Arc<dyn KvStore> = Arc::new(RedbStore::open(&path).expect("store"));
        let now = time::OffsetDateTime::now_utc();
        helpdesk_functions::auth::staff::seed_demo_accounts(store.as_ref(), now)
            .await
            .expect("accounts");
        let bus = Arc::new(helpdesk_functions::notify::LocalBus::new(store.clone()));
        let auth = Auth::new(
            store.clone(),
            bus,
            Arc::new(helpdesk_functions::clock::SystemClock),
        );
        let step = auth
            .sign_in_staff("supervisor", "supervisor-demo-2026")
            .await
            .expect("password");
        assert!(step.second.is_some());
        let e = auth.enrol(&step.token).await.expect("enrol");
        let secret = totp_rs::Secret::Encoded(e.key.replace(' ', ""))
            .to_bytes()
            .expect("base32");
        let code = code_at(&secret, now.unix_timestamp() as u64 / STEP, 6);
        let (session, _) = auth
            .confirm_enrolment(&step.token, &code, "test")
            .await
            .expect("confirmed");
        assert!(auth.caller(&session.token).await.expect("read").is_some());
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk-admin"))
        .args(["reset-2fa", "supervisor"])
        .env("HELPDESK_DATA_DIR", dir.path())
        .output()
        .expect("run");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("second factor of supervisor removed (audited); 1 session(s) ended"),
        "{said}"
    );
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk-admin"))
        .args(["reset-2fa", "supervisor"])
        .env("HELPDESK_DATA_DIR", dir.path())
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing to reset"));
    let store = RedbStore::open(&path).expect("store");
    let day = helpdesk_shared::moscow::date(time::OffsetDateTime::now_utc());
    let audit = helpdesk_functions::audit::read_day(&store, day, None, 50)
        .await
        .expect("audit");
    assert!(audit.entries.iter().any(|e| e.actor == "supervisor"
        && e.action == helpdesk_shared::workspace::AuditAction::SecondFactorReset
        && e.from == "helpdesk-admin"));
}

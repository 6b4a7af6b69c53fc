//! Signed-in callers for the black-box tests: the session cookie sent back as the SPA
//! does, with the CSRF header on writes.

use serde_json::{Value, json};

use super::TestApp;

/// A signed-in browser: the session cookie, sent back as the SPA would.
pub struct Signed<'a> {
    pub app: &'a TestApp,
    pub cookie: String,
}

impl Signed<'_> {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.app
            .http
            .get(self.app.api(path))
            .header("cookie", &self.cookie)
            .send()
            .await
            .expect("get")
    }

    /// A GET that must answer with JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        let resp = self.get(path).await;
        assert!(resp.status().is_success(), "GET {path}: {}", resp.status());
        resp.json().await.expect("json")
    }

    /// A PUT of JSON; `create_only` sends `If-None-Match: *`.
    pub async fn put(&self, path: &str, body: &Value, create_only: bool) -> reqwest::Response {
        let mut req = self
            .app
            .http
            .put(self.app.api(path))
            .header("cookie", &self.cookie)
            .header(helpdesk_shared::api::CSRF_HEADER, "1");
        if create_only {
            req = req.header("if-none-match", "*");
        }
        req.json(body).send().await.expect("put")
    }

    pub async fn delete(&self, path: &str) -> reqwest::Response {
        self.app
            .http
            .delete(self.app.api(path))
            .header("cookie", &self.cookie)
            .header(helpdesk_shared::api::CSRF_HEADER, "1")
            .send()
            .await
            .expect("delete")
    }

    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.app
            .http
            .post(self.app.api(path))
            .header("cookie", &self.cookie)
            .header(helpdesk_shared::api::CSRF_HEADER, "1")
            .json(body)
            .send()
            .await
            .expect("post")
    }
}

/// The `name=value` of the session cookie set by a sign-in answer, after checking its
/// attributes.
pub fn session_cookie(resp: &reqwest::Response) -> String {
    let set = resp
        .headers()
        .get("set-cookie")
        .expect("set-cookie")
        .to_str()
        .expect("ascii");
    for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api"] {
        assert!(set.contains(attr), "{attr} missing in {set}");
    }
    set.split(';').next().expect("name=value").to_owned()
}

pub async fn staff_sign_in<'a>(app: &'a TestApp, login: &str, password: &str) -> Signed<'a> {
    let resp = app
        .post(
            "/auth/staff",
            &json!({ "login": login, "password": password }),
        )
        .await;
    assert_eq!(resp.status(), 200);
    Signed {
        cookie: session_cookie(&resp),
        app,
    }
}

/// Asks for a code, reads it from what the citizen was sent, signs in with it.
pub async fn citizen_sign_in<'a>(app: &'a TestApp, contact: &str) -> Signed<'a> {
    let resp = app.post("/auth/code", &json!({ "contact": contact })).await;
    assert_eq!(
        resp.status(),
        202,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let sent: Value = resp.json().await.expect("json");
    assert!(sent["to"].as_str().expect("to").contains("***"), "masked");
    let code = code_in_outbox(app).await;
    let resp = app
        .post("/auth/verify", &json!({ "contact": contact, "code": code }))
        .await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    Signed {
        cookie: session_cookie(&resp),
        app,
    }
}

/// The newest sign-in code sent (in either language).
pub async fn code_in_outbox(app: &TestApp) -> String {
    let msgs = app.outbox().await;
    let msg = msgs
        .iter()
        .find(|m| m["subject"] == "Код для входа" || m["subject"] == "Your sign-in code")
        .expect("a sign-in code was sent");
    msg["body"]
        .as_str()
        .expect("body")
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("six digits")
        .to_owned()
}

/// A staff action on the request's current version, which must succeed; the request
/// after it.
pub async fn act(s: &Signed<'_>, number: &str, action: Value) -> Value {
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
    resp.json().await.expect("json")
}

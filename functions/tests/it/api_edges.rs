//! Black-box tests of the API's edges over real HTTP: malformed and oversize bodies,
//! rate limits, the OpenAPI document, headers and static assets.

use crate::common;

use common::{pdf, problem, spawn_app, spawn_forwarded, spawn_with, valid_ticket};
use helpdesk_functions::ratelimit::{Limit, Limits};
use serde_json::{Value, json};

fn valid_ticket_map() -> serde_json::Map<String, Value> {
    valid_ticket().as_object().expect("object").clone()
}

#[tokio::test]
async fn malformed_bodies_are_problems_too() {
    let app = spawn_app().await;
    let mut body = valid_ticket_map();
    body.insert("is_admin".into(), json!(true));
    let (status, code, p) = problem(app.post("/tickets", &Value::Object(body)).await).await;
    assert_eq!((status, code.as_str()), (422, "bad_json"));
    assert!(p["detail"].as_str().unwrap_or("").contains("is_admin"));

    let resp = app
        .http
        .post(app.api("/tickets"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .expect("send");
    assert_eq!(problem(resp).await.0, 400);
    let resp = app
        .http
        .post(app.api("/tickets"))
        .body("{}")
        .send()
        .await
        .expect("send");
    assert_eq!(problem(resp).await.0, 415);
    // Other spellings of JSON are JSON too (decoded by axum's extractor, not the short way).
    for (content_type, body, status) in [
        ("Application/JSON", "{", 400),
        ("application/json; charset=utf-8", "{", 400),
        (
            "application/problem+json",
            r#"{"number":"1","access_code":"2"}"#,
            422,
        ),
        ("application/json; charset=utf-8", r#"{"number":1}"#, 422),
    ] {
        let resp = app
            .http
            .post(app.api("/tickets/lookup"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("send");
        assert_eq!(problem(resp).await.0, status, "{content_type} {body}");
    }
    let resp = app
        .http
        .get(app.api("/nothing-here"))
        .send()
        .await
        .expect("send");
    assert_eq!(problem(resp).await.1, "no_route");
}

#[tokio::test]
async fn oversize_bodies_are_413() {
    let app = spawn_app().await;
    let mut body = valid_ticket_map();
    body.insert("description".into(), json!("ж".repeat(40_000)));
    let (status, code, _) = problem(app.post("/tickets", &Value::Object(body)).await).await;
    assert_eq!((status, code.as_str()), (413, "payload_too_large"));

    let mut big = pdf();
    big.resize(5 * 1024 * 1024 + 1, b' ');
    let (status, _, p) = problem(app.upload("big.pdf", big).await).await;
    assert_eq!(status, 413);
    assert_eq!(p["errors"][0]["code"], "attachment_too_large");

    let mut exactly = pdf();
    exactly.resize(5 * 1024 * 1024, b' ');
    assert_eq!(app.upload("max.pdf", exactly).await.status(), 200);

    // Locally this server takes the PUT: more bytes than announced are refused. (In the
    // cloud S3 refuses them: the content length is part of the presigned signature.)
    if !common::aws_backend() {
        let announce = json!({ "name": "a.pdf", "size": 10, "content_type": "application/pdf" });
        let target: Value = app
            .post("/attachments", &announce)
            .await
            .json()
            .await
            .expect("target");
        let (status, _, p) = problem(app.put_upload(&target, pdf()).await).await;
        assert_eq!(
            (status, p["errors"][0]["code"].as_str()),
            (413, Some("attachment_too_large"))
        );
    }
}

#[tokio::test]
async fn lookups_are_rate_limited_per_client_and_wrong_codes_per_number() {
    let limits = Limits {
        lookup_per_client: Limit::per_minute(9),
        wrong_code_per_client_and_number: Limit::per_hour(3),
        wrong_code_per_number: Limit::per_hour(5),
        ..Limits::default()
    };
    let app = spawn_with(limits).await;
    let (number, code) = app.submit(&valid_ticket()).await;
    let wrong = if code.starts_with('A') {
        "BBBB-BBBB"
    } else {
        "AAAA-AAAA"
    };
    // The right code is never counted against the number: the owner looks as often as
    // the per-client limit allows.
    for _ in 0..4 {
        assert_eq!(app.lookup(&number, &code).await.status(), 200);
    }
    // Three wrong codes from one address stop that address for this number...
    for _ in 0..3 {
        assert_eq!(app.lookup(&number, wrong).await.status(), 404);
    }
    let resp = app.lookup(&number, &code).await;
    assert!(resp.headers().get("retry-after").is_some());
    assert_eq!(
        problem(resp).await.1,
        "rate_limited",
        "per client and number"
    );
    // ...while another number from the same address still answers.
    let other = helpdesk_shared::TicketNumber::from_random(7).display();
    assert_eq!(app.lookup(&other, &code).await.status(), 404);
    // The per-client limit still holds over everything.
    assert_eq!(
        problem(app.lookup(&other, &code).await).await.0,
        429,
        "per client"
    );
}

#[tokio::test]
async fn someone_elses_wrong_codes_do_not_lock_the_owner_out() {
    let limits = Limits {
        wrong_code_per_client_and_number: Limit::per_hour(3),
        wrong_code_per_number: Limit::per_hour(6),
        ..Limits::default()
    };
    let app = spawn_forwarded(limits).await;
    let (number, code) = app.submit(&valid_ticket()).await;
    let wrong = if code.starts_with('A') {
        "BBBB-BBBB"
    } else {
        "AAAA-AAAA"
    };
    let lookup = |ip: &'static str, code: String| {
        let req = app
            .http
            .post(app.api("/tickets/lookup"))
            .header("x-forwarded-for", ip)
            .json(&json!({ "number": number, "access_code": code }));
        async move { req.send().await.expect("send") }
    };
    // An attacker guesses until their address is stopped.
    for _ in 0..3 {
        assert_eq!(lookup("203.0.113.66", wrong.into()).await.status(), 404);
    }
    assert_eq!(lookup("203.0.113.66", wrong.into()).await.status(), 429);
    assert_eq!(
        lookup("203.0.113.66", code.clone()).await.status(),
        429,
        "even with the right code"
    );
    // The owner, elsewhere, gets in with the right code.
    assert_eq!(lookup("198.51.100.10", code.clone()).await.status(), 200);
    // Guessing from many addresses reaches the number-wide count; then the number is
    // locked for everyone until the window passes.
    for _ in 0..3 {
        assert_eq!(lookup("203.0.113.77", wrong.into()).await.status(), 404);
    }
    let (status, code_name, _) = problem(lookup("198.51.100.10", code.clone()).await).await;
    assert_eq!((status, code_name.as_str()), (429, "rate_limited"));
}

#[tokio::test]
async fn openapi_and_headers() {
    let app = spawn_app().await;
    let resp = app
        .http
        .get(app.api("/openapi.json"))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 200);
    let doc: Value = resp.json().await.expect("json");
    for path in [
        "/api/v1/tickets",
        "/api/v1/attachments",
        "/api/v1/tickets/lookup",
        "/api/v1/tickets/{number}/messages",
        "/api/v1/auth/code",
        "/api/v1/auth/staff",
        "/api/v1/my/tickets",
        "/api/v1/staff/queue",
        "/api/v1/staff/tickets/{number}/actions",
        "/api/v1/staff/tickets/{number}/assignees",
        "/api/v1/staff/attachments/{id}",
        "/api/v1/admin/canned/{id}",
        "/api/v1/admin/audit",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
    assert!(
        doc["components"]["schemas"]
            .get("SubmitTicketRequest")
            .is_some()
    );

    let page = app
        .http
        .get(format!("{}/status", app.url))
        .send()
        .await
        .expect("send");
    assert_eq!(page.status(), 200, "client-side routes get app.html");
    // The home page and the form are their own pages; the staff's routes get the
    // staff's bundle; the citizens' the citizens' app.
    for (path, title) in [
        ("/", "helpdesk home"),
        ("/index.html", "helpdesk home"),
        ("/submit", "helpdesk form"),
        ("/submit?category=payments&subject=x", "helpdesk form"),
        ("/submitted", "helpdesk app"),
        ("/staff", "helpdesk staff"),
        ("/staff/t/123-456-789", "helpdesk staff"),
        ("/faq/payments", "helpdesk app"),
        ("/staffing", "helpdesk app"),
    ] {
        let body = app
            .http
            .get(format!("{}{path}", app.url))
            .send()
            .await
            .expect("send")
            .text()
            .await
            .expect("body");
        assert!(body.contains(title), "{path}: {body}");
    }
    let csp = page
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        csp.contains("'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(
        page.headers()
            .get("x-content-type-options")
            .map(|v| v.as_bytes()),
        Some(&b"nosniff"[..])
    );
    let api = app.lookup("123", "x").await;
    assert_eq!(
        api.headers().get("cache-control").map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );
}

#[tokio::test]
async fn hashed_assets_are_precompressed_and_cached_for_a_year() {
    let app = spawn_app().await;
    let url = format!("{}/assets/app-0123abcd.js", app.url);
    let br = app
        .http
        .get(&url)
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("send");
    assert_eq!(br.status(), 200, "{:?}", br.headers());
    assert_eq!(
        br.headers().get("content-encoding").map(|v| v.as_bytes()),
        Some(&b"br"[..])
    );
    assert_eq!(
        br.headers().get("cache-control").map(|v| v.as_bytes()),
        Some(&b"public, max-age=31536000, immutable"[..])
    );
    assert_eq!(br.text().await.expect("body"), "brotli bytes");
    let plain = app.http.get(&url).send().await.expect("send");
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.expect("body"), "console.log('plain')");
    let index = app
        .http
        .get(format!("{}/", app.url))
        .send()
        .await
        .expect("send");
    assert_eq!(
        index.headers().get("cache-control").map(|v| v.as_bytes()),
        Some(&b"no-cache"[..])
    );
}

#[tokio::test]
async fn anything_under_api_is_a_problem_never_the_spa() {
    let app = spawn_app().await;
    for path in [
        "/api",
        "/api/",
        "/api/v1",
        "/api/v1/",
        "/api/v2/tickets",
        "/api/v1/nothing/here",
        "/api/anything",
    ] {
        let resp = app
            .http
            .get(format!("{}{path}", app.url))
            .send()
            .await
            .expect("send");
        let (status, code, _) = problem(resp).await;
        assert_eq!((status, code.as_str()), (404, "no_route"), "{path}");
    }
    // Client-side routes that merely start with the letters still get the SPA.
    let page = app
        .http
        .get(format!("{}/apis", app.url))
        .send()
        .await
        .expect("send");
    assert_eq!(page.status(), 200);
}

#[tokio::test]
async fn the_outbox_answers_only_under_a_loopback_host_name() {
    if common::aws_backend() {
        return; // no outbox endpoint over the cloud adapters: the fan-out sends for real
    }
    let app = spawn_app().await;
    let url = app.api("/dev/outbox");
    let ok = app.http.get(&url).send().await.expect("send");
    assert_eq!(ok.status(), 200, "127.0.0.1 is the loopback");
    for host in ["localhost:8080", "[::1]:8080"] {
        let resp = app
            .http
            .get(&url)
            .header("host", host)
            .send()
            .await
            .expect("send");
        assert_eq!(resp.status(), 200, "{host}");
    }
    // DNS rebinding: another site's name pointed at 127.0.0.1.
    for host in [
        "rebind.evil.example",
        "rebind.evil.example:8080",
        "192.168.1.5:8080",
    ] {
        let resp = app
            .http
            .get(&url)
            .header("host", host)
            .send()
            .await
            .expect("send");
        let (status, code, _) = problem(resp).await;
        assert_eq!((status, code.as_str()), (403, "loopback_only"), "{host}");
    }
}

//! API Gateway HTTP API (payload v2) events through the Lambda entry points, without
//! AWS: the sample event above is what API Gateway sends for a stage named `prod`.

use base64::Engine;
use helpdesk_functions::cloud::lambda::gateway_service;
use helpdesk_functions::http::{AppState, chat_router, status_router, submission_router};
use helpdesk_functions::local::{Backend, LocalConfig, embedded_state};
use helpdesk_functions::ratelimit::{Limit, Limits};
use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Context, LambdaEvent, Service};
use serde_json::{Value, json};

use crate::common;

const SAMPLE: &str = include_str!("events/apigw-v2-request.json");

struct Gateway {
    state: AppState,
    _dir: tempfile::TempDir,
}

impl Gateway {
    fn new(limits: Limits) -> Gateway {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = LocalConfig {
            second_factor: helpdesk_functions::auth::Requirement::Off,
            data_dir: dir.path().join("data"),
            spa_dir: dir.path().join("dist"),
            limits,
            trust_forwarded_for: false,
            default_language: helpdesk_shared::Lang::Ru,
            backend: Backend::Embedded,
            operators_at: None,
            clock: None,
        };
        let (state, _bus) = embedded_state(&config).expect("state");
        Gateway { state, _dir: dir }
    }

    /// Sends one event as API Gateway would; returns (status, headers, body as JSON).
    async fn call(
        &self,
        group: &str,
        stage: &str,
        method: &str,
        path: &str,
        source_ip: &str,
        body: Body,
    ) -> (u16, Value, Value) {
        let response = self
            .raw(group, stage, method, path, source_ip, body, None)
            .await;
        let status = response["statusCode"].as_u64().expect("status") as u16;
        let body = response["body"].as_str().unwrap_or("");
        let body = serde_json::from_str(body).unwrap_or(Value::Null);
        (status, response["headers"].clone(), body)
    }

    /// As `call`, with one more header; the response as API Gateway gets it.
    #[allow(clippy::too_many_arguments)]
    async fn raw(
        &self,
        group: &str,
        stage: &str,
        method: &str,
        path: &str,
        source_ip: &str,
        body: Body,
        header: Option<(&str, &str)>,
    ) -> Value {
        let mut event: Value = serde_json::from_str(SAMPLE).expect("sample");
        let raw_path = if stage == "$default" {
            path.to_owned()
        } else {
            format!("/{stage}{path}")
        };
        event["rawPath"] = json!(raw_path);
        event["requestContext"]["http"]["path"] = json!(raw_path);
        event["requestContext"]["http"]["method"] = json!(method);
        event["requestContext"]["http"]["sourceIp"] = json!(source_ip);
        event["requestContext"]["stage"] = json!(stage);
        match body {
            Body::Json(v) => event["body"] = json!(v.to_string()),
            Body::Binary(bytes) => {
                event["headers"]["content-type"] = json!("application/pdf");
                event["body"] = json!(base64::engine::general_purpose::STANDARD.encode(bytes));
                event["isBase64Encoded"] = json!(true);
            }
        }
        if let Some((name, value)) = header {
            event["headers"][name] = json!(value);
        }
        let request: LambdaRequest = serde_json::from_value(event).expect("payload v2 event");
        let router = match group {
            "submission" => submission_router(self.state.clone()),
            "chat" => chat_router(self.state.clone()),
            _ => status_router(self.state.clone()),
        };
        let mut adapter = Adapter::from(gateway_service(router));
        let response = adapter
            .call(LambdaEvent::new(request, Context::default()))
            .await
            .expect("response");
        serde_json::to_value(response).expect("response json")
    }
}

enum Body {
    Json(Value),
    Binary(Vec<u8>),
}

#[tokio::test]
async fn submission_and_status_run_behind_a_named_stage_and_the_default_one() {
    let gw = Gateway::new(Limits::default());
    let (status, headers, created) = gw
        .call(
            "submission",
            "prod",
            "POST",
            "/api/v1/tickets",
            "203.0.113.7",
            Body::Json(common::valid_ticket()),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(headers["cache-control"], "no-store");
    let number = created["number"].as_str().expect("number");
    let code = created["access_code"].as_str().expect("code");

    for stage in ["prod", "$default"] {
        let (status, _, view) = gw
            .call(
                "status",
                stage,
                "POST",
                "/api/v1/tickets/lookup",
                "203.0.113.7",
                Body::Json(json!({ "number": number, "access_code": code })),
            )
            .await;
        assert_eq!(status, 200, "stage {stage}: {view}");
        assert_eq!(view["status"], "received");
    }

    // The status function also serves the API description.
    let (status, _, doc) = gw
        .call(
            "status",
            "prod",
            "GET",
            "/api/v1/openapi.json",
            "203.0.113.7",
            Body::Json(Value::Null),
        )
        .await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].is_string(), "{doc}");
    assert!(doc["paths"]["/api/v1/staff/queue"].is_object(), "{doc}");

    // A route of another group is not served by this function: a problem, not a page.
    let (status, headers, problem) = gw
        .call(
            "status",
            "prod",
            "POST",
            "/api/v1/tickets",
            "203.0.113.7",
            Body::Json(common::valid_ticket()),
        )
        .await;
    assert!(status == 404 || status == 405, "{status}");
    assert_eq!(headers["content-type"], "application/problem+json");
    assert!(problem["code"].is_string());
}

#[tokio::test]
async fn binary_uploads_arrive_base64_encoded() {
    let gw = Gateway::new(Limits::default());
    let ip = "203.0.113.7";
    let announce = json!({ "name": "scan.pdf", "size": common::pdf().len(), "content_type": "application/pdf" });
    let (status, _, target) = gw
        .call(
            "submission",
            "prod",
            "POST",
            "/api/v1/attachments",
            ip,
            Body::Json(announce),
        )
        .await;
    assert_eq!(status, 201, "{target}");
    // Locally (and in this test) the upload target is the function itself.
    let url = target["url"].as_str().expect("url");
    let (status, _, _) = gw
        .call(
            "submission",
            "prod",
            "PUT",
            url,
            ip,
            Body::Binary(common::pdf()),
        )
        .await;
    assert_eq!(status, 204);
    let id = target["id"].as_str().expect("id");
    let complete = format!("/api/v1/attachments/{id}/complete");
    let (status, _, info) = gw
        .call(
            "submission",
            "prod",
            "POST",
            &complete,
            ip,
            Body::Json(json!({})),
        )
        .await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(
        (info["name"].as_str(), info["kind"].as_str()),
        (Some("scan.pdf"), Some("pdf"))
    );
    assert_eq!(info["size"], common::pdf().len());
}

#[tokio::test]
async fn rate_limits_count_the_caller_from_the_request_context() {
    let limits = Limits {
        lookup_per_client: Limit::per_minute(1),
        ..Limits::default()
    };
    let gw = Gateway::new(limits);
    let lookup = || Body::Json(json!({ "number": "123-456-789", "access_code": "ABCD-EFGH" }));
    let path = "/api/v1/tickets/lookup";
    let (first, _, _) = gw
        .call("status", "prod", "POST", path, "198.51.100.1", lookup())
        .await;
    let (again, _, _) = gw
        .call("status", "prod", "POST", path, "198.51.100.1", lookup())
        .await;
    let (other, _, _) = gw
        .call("status", "prod", "POST", path, "198.51.100.2", lookup())
        .await;
    // The number fails its check digit (422) until the caller is over its limit (429).
    assert_eq!((first, again, other), (422, 429, 422));
}

#[tokio::test]
async fn a_chats_pdf_transcript_leaves_base64_encoded() {
    let gw = Gateway::new(Limits::default());
    let ip = "203.0.113.7";
    let (status, _, started) = gw
        .call(
            "chat",
            "prod",
            "POST",
            "/api/v1/chat",
            ip,
            Body::Json(json!({})),
        )
        .await;
    assert_eq!(status, 201, "{started}");
    let id = started["chat"]["id"].as_str().expect("id");
    let key = started["key"].as_str().expect("key");
    let path = format!("/api/v1/chat/{id}/transcript");
    let response = gw
        .raw(
            "chat",
            "prod",
            "GET",
            &path,
            ip,
            Body::Json(Value::Null),
            Some(("x-chat-key", key)),
        )
        .await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(response["headers"]["content-type"], "application/pdf");
    assert_eq!(response["isBase64Encoded"], true);
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(response["body"].as_str().expect("body"))
        .expect("base64");
    assert!(pdf.starts_with(b"%PDF-"));
}

//! Starts the local system on a free loopback port, over real HTTP.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use helpdesk_functions::local::{LocalConfig, build};
use helpdesk_functions::ratelimit::Limits;
use helpdesk_functions::store::KvStore;
use serde_json::{Value, json};

pub struct TestApp {
    pub url: String,
    pub http: reqwest::Client,
    pub store: Arc<dyn KvStore>,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_with(Limits::default()).await
}

pub async fn spawn_with(limits: Limits) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let spa = dir.path().join("dist");
    std::fs::create_dir_all(spa.join("assets")).expect("spa dir");
    std::fs::write(
        spa.join("index.html"),
        "<!doctype html><title>helpdesk</title>",
    )
    .expect("index");
    std::fs::write(spa.join("assets/app-0123abcd.js"), "console.log('plain')").expect("asset");
    std::fs::write(spa.join("assets/app-0123abcd.js.br"), "brotli bytes").expect("asset.br");
    let config = LocalConfig {
        data_dir: dir.path().join("data"),
        spa_dir: spa,
        limits,
        trust_forwarded_for: false,
    };
    let system = build(&config).expect("build");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = system.router;
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    TestApp {
        url: format!("http://{addr}"),
        http: reqwest::Client::new(),
        store: system.store,
        _dir: dir,
    }
}

pub fn valid_ticket() -> Value {
    json!({
        "category": "technical",
        "subject": "Не приходит СМС-код",
        "description": "При входе на портал код подтверждения не приходит уже второй день подряд.",
        "full_name": "Иванов Иван Иванович",
        "phone": "8 (912) 345-67-89",
        "email": "ivanov@mail.ru",
        "snils": "112-233-445 95",
        "inn": "500100732259",
        "consent": true
    })
}

impl TestApp {
    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.url)
    }

    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(self.api(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// Submits a valid ticket; returns (number, access code).
    pub async fn submit(&self, body: &Value) -> (String, String) {
        let resp = self.post("/tickets", body).await;
        assert_eq!(
            resp.status(),
            201,
            "{}",
            resp.text().await.unwrap_or_default()
        );
        let v: Value = resp.json().await.expect("json");
        (
            v["number"].as_str().expect("number").to_owned(),
            v["access_code"].as_str().expect("code").to_owned(),
        )
    }

    pub async fn lookup(&self, number: &str, code: &str) -> reqwest::Response {
        self.post(
            "/tickets/lookup",
            &json!({ "number": number, "access_code": code }),
        )
        .await
    }

    pub async fn upload(&self, name: &str, bytes: Vec<u8>) -> reqwest::Response {
        self.http
            .post(self.api("/attachments"))
            .header("x-file-name", name)
            .body(bytes)
            .send()
            .await
            .expect("upload")
    }
}

pub fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec()
}

/// Checks the problem+json shape; returns (status, code, document).
pub async fn problem(resp: reqwest::Response) -> (u16, String, Value) {
    let status = resp.status().as_u16();
    let ctype = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or("").to_owned());
    assert_eq!(
        ctype.as_deref(),
        Some("application/problem+json"),
        "status {status}"
    );
    let body: Value = resp.json().await.expect("problem json");
    assert_eq!(body["status"], status);
    (
        status,
        body["code"].as_str().unwrap_or_default().to_owned(),
        body,
    )
}

impl TestApp {
    /// What the local outbox "sent", newest first.
    pub async fn outbox(&self) -> Vec<Value> {
        self.http
            .get(self.api("/dev/outbox"))
            .send()
            .await
            .expect("outbox")
            .json()
            .await
            .expect("json")
    }
}

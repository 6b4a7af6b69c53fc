//! Starts the local system on a free loopback port, over real HTTP. With
//! HELPDESK_TEST_BACKEND=aws the same tests run over the cloud adapters (DynamoDB, SNS,
//! S3) against the moto server that scripts/test.sh starts, and notifications go
//! through the fan-out function's code to SNS SMS and SES.
#![allow(dead_code)]

#[cfg(feature = "aws")]
pub mod aws;
pub mod chat;
pub mod session;
pub mod template;

use std::net::SocketAddr;
use std::sync::Arc;

use helpdesk_functions::local::{Backend, LocalConfig, build};
use helpdesk_functions::ratelimit::Limits;
use helpdesk_functions::store::KvStore;
use serde_json::{Value, json};

pub struct TestApp {
    pub url: String,
    pub http: reqwest::Client,
    pub store: Arc<dyn KvStore>,
    /// The requests' service (to run the service levels' sweep as the timer does).
    pub tickets: Arc<helpdesk_functions::tickets::Tickets>,
    /// The clock the test moves (`spawn_at`), if any.
    pub clock: Option<Arc<helpdesk_functions::clock::ManualClock>>,
    /// The chats' service and the event bus (to run the sweep's chat checks).
    pub chats: Arc<helpdesk_functions::chat::Chats>,
    pub bus: Arc<dyn helpdesk_functions::events::EventBus>,
    #[cfg(feature = "aws")]
    pub aws: Option<aws::AwsEnv>,
    _dir: tempfile::TempDir,
}

/// The backend the tests run over, chosen by HELPDESK_TEST_BACKEND (embedded | aws).
pub fn aws_backend() -> bool {
    match std::env::var("HELPDESK_TEST_BACKEND").as_deref() {
        Err(_) | Ok("") | Ok("embedded") => false,
        Ok("aws") if cfg!(feature = "aws") => true,
        Ok(other) => {
            panic!("HELPDESK_TEST_BACKEND={other}: expected embedded or aws (with --features aws)")
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(Limits::default()).await
}

pub async fn spawn_with(limits: Limits) -> TestApp {
    spawn_configured(limits, helpdesk_shared::Lang::Ru).await
}

/// Behind a trusted proxy: the client's address is the last `X-Forwarded-For` entry.
pub async fn spawn_forwarded(limits: Limits) -> TestApp {
    spawn_full(limits, helpdesk_shared::Lang::Ru, true).await
}

pub async fn spawn_configured(limits: Limits, default_language: helpdesk_shared::Lang) -> TestApp {
    spawn_full(limits, default_language, false).await
}

async fn spawn_full(
    limits: Limits,
    default_language: helpdesk_shared::Lang,
    trust_forwarded_for: bool,
) -> TestApp {
    spawn_with_hours(limits, default_language, trust_forwarded_for, None).await
}

/// With the chat's operator hours judged as at `at` (a weekday noon: operators at
/// work; 3 a.m.: away).
pub async fn spawn_operators_at(at: time::OffsetDateTime) -> TestApp {
    spawn_with_hours(
        Limits::default(),
        helpdesk_shared::Lang::Ru,
        false,
        Some(at),
    )
    .await
}

async fn spawn_with_hours(
    limits: Limits,
    default_language: helpdesk_shared::Lang,
    trust_forwarded_for: bool,
    operators_at: Option<time::OffsetDateTime>,
) -> TestApp {
    spawn_on(
        limits,
        default_language,
        trust_forwarded_for,
        operators_at,
        None,
    )
    .await
}

/// On a clock the test moves (`TestApp::clock`), from `at`.
pub async fn spawn_at(at: time::OffsetDateTime) -> TestApp {
    let clock = Arc::new(helpdesk_functions::clock::ManualClock::new(at));
    spawn_on(
        Limits::default(),
        helpdesk_shared::Lang::Ru,
        false,
        None,
        Some(clock),
    )
    .await
}

/// On a clock the test moves, from `at`, with staff's second factor required as the
/// deployment says (`roles`, `all`); other tests run with it off, as development does.
pub async fn spawn_second_factor(
    at: time::OffsetDateTime,
    required: helpdesk_functions::auth::Requirement,
) -> TestApp {
    let clock = Arc::new(helpdesk_functions::clock::ManualClock::new(at));
    spawn_serving(
        Limits::default(),
        helpdesk_shared::Lang::Ru,
        false,
        None,
        Some(clock),
        required,
    )
    .await
}

async fn spawn_on(
    limits: Limits,
    default_language: helpdesk_shared::Lang,
    trust_forwarded_for: bool,
    operators_at: Option<time::OffsetDateTime>,
    clock: Option<Arc<helpdesk_functions::clock::ManualClock>>,
) -> TestApp {
    spawn_serving(
        limits,
        default_language,
        trust_forwarded_for,
        operators_at,
        clock,
        helpdesk_functions::auth::Requirement::Off,
    )
    .await
}

async fn spawn_serving(
    limits: Limits,
    default_language: helpdesk_shared::Lang,
    trust_forwarded_for: bool,
    operators_at: Option<time::OffsetDateTime>,
    clock: Option<Arc<helpdesk_functions::clock::ManualClock>>,
    second_factor: helpdesk_functions::auth::Requirement,
) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let spa = dir.path().join("dist");
    std::fs::create_dir_all(spa.join("assets")).expect("spa dir");
    std::fs::write(
        spa.join("index.html"),
        "<!doctype html><title>helpdesk home</title>",
    )
    .expect("index");
    std::fs::write(
        spa.join("app.html"),
        "<!doctype html><title>helpdesk app</title>",
    )
    .expect("app page");
    std::fs::write(
        spa.join("submit.html"),
        "<!doctype html><title>helpdesk form</title>",
    )
    .expect("form page");
    std::fs::write(
        spa.join("staff.html"),
        "<!doctype html><title>helpdesk staff</title>",
    )
    .expect("staff page");
    std::fs::write(spa.join("assets/app-0123abcd.js"), "console.log('plain')").expect("asset");
    std::fs::write(spa.join("assets/app-0123abcd.js.br"), "brotli bytes").expect("asset.br");
    #[cfg(feature = "aws")]
    let aws = if aws_backend() {
        Some(aws::AwsEnv::provision().await)
    } else {
        None
    };
    #[cfg(feature = "aws")]
    let backend = match &aws {
        Some(env) => Backend::Aws(env.config.clone()),
        None => Backend::Embedded,
    };
    #[cfg(not(feature = "aws"))]
    let backend = Backend::Embedded;
    let config = LocalConfig {
        second_factor,
        data_dir: dir.path().join("data"),
        spa_dir: spa,
        limits,
        trust_forwarded_for,
        default_language,
        backend,
        operators_at,
        clock: clock
            .clone()
            .map(|c| c as Arc<dyn helpdesk_functions::clock::Clock>),
    };
    let system = build(&config).await.expect("build");
    #[cfg(feature = "aws")]
    if aws.is_some() {
        // The server makes no demo accounts (published passwords) in a cloud table; the
        // tests make the same ones themselves.
        let staff = helpdesk_functions::auth::staff::list(system.store.as_ref())
            .await
            .expect("list staff");
        assert!(
            staff.is_empty(),
            "demo accounts in a cloud table: {staff:?}"
        );
        helpdesk_functions::auth::staff::seed_demo_accounts(
            system.store.as_ref(),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .expect("test accounts");
    }
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
        tickets: system.tickets,
        chats: system.chats,
        bus: system.bus,
        clock,
        #[cfg(feature = "aws")]
        aws,
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

    /// Uploads as the SPA does: announce, PUT the bytes where told (this server, or a
    /// presigned S3 URL), complete. Returns the first response that is not a success,
    /// or the completion's.
    pub async fn upload(&self, name: &str, bytes: Vec<u8>) -> reqwest::Response {
        let mime = match name.rsplit('.').next() {
            Some("png") => "image/png",
            Some("jpg" | "jpeg") => "image/jpeg",
            _ => "application/pdf",
        };
        let announce = json!({ "name": name, "size": bytes.len(), "content_type": mime });
        let begun = self.post("/attachments", &announce).await;
        if begun.status() != 201 {
            return begun;
        }
        let target: Value = begun.json().await.expect("target");
        let put = self.put_upload(&target, bytes).await;
        if !put.status().is_success() {
            return put;
        }
        self.complete_upload(target["id"].as_str().expect("id"))
            .await
    }

    /// Step 2 of an upload: the PUT to the target's URL with its headers.
    pub async fn put_upload(&self, target: &Value, bytes: Vec<u8>) -> reqwest::Response {
        let url = target["url"].as_str().expect("url");
        let url = if url.starts_with('/') {
            format!("{}{url}", self.url)
        } else {
            url.to_owned()
        };
        let mut req = self.http.put(url).body(bytes);
        for (k, v) in target["headers"].as_object().expect("headers") {
            req = req.header(k, v.as_str().expect("header value"));
        }
        req.send().await.expect("put")
    }

    pub async fn complete_upload(&self, id: &str) -> reqwest::Response {
        self.http
            .post(self.api(&format!("/attachments/{id}/complete")))
            .send()
            .await
            .expect("complete")
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
    /// What the citizen was sent, newest first: the local outbox, or (aws) what the
    /// fan-out function sent through SNS and SES for this app's events.
    pub async fn outbox(&self) -> Vec<Value> {
        #[cfg(feature = "aws")]
        if let Some(env) = &self.aws {
            return env
                .fan_out_and_collect(self.store.as_ref(), self.now())
                .await;
        }
        self.http
            .get(self.api("/dev/outbox"))
            .send()
            .await
            .expect("outbox")
            .json()
            .await
            .expect("json")
    }

    /// A request's notifications (preferences in force, delivery log) by its code.
    #[allow(dead_code)]
    pub async fn request_log(&self, number: &str, code: &str) -> Value {
        self.post(
            &format!("/tickets/{number}/notifications"),
            &serde_json::json!({ "access_code": code }),
        )
        .await
        .json()
        .await
        .expect("json")
    }

    /// The test's clock, or the system's.
    pub fn now(&self) -> time::OffsetDateTime {
        use helpdesk_functions::clock::Clock;
        match &self.clock {
            Some(c) => c.now(),
            None => time::OffsetDateTime::now_utc(),
        }
    }

    /// The sweep's step for SMS held through quiet hours (through the real SNS in aws).
    #[allow(dead_code)]
    pub async fn release_held(&self) -> usize {
        #[cfg(feature = "aws")]
        if let Some(env) = &self.aws {
            // Events still queued are delivered first, as the fan-out would have.
            self.outbox().await;
            return self
                .tickets
                .release_held(&env.sender())
                .await
                .expect("release");
        }
        let outbox = helpdesk_functions::notify::OutboxSender::new(self.store.clone());
        self.tickets.release_held(&outbox).await.expect("release")
    }
}

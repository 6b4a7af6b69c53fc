//! A request is durable once the API said 201: submit N, kill -9 the server, restart it
//! on the same data directory, and every request is still there. Again under load: 32
//! writers at once (so their writes share group commits) and the kill in the middle of
//! it, with requests in flight.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

const N: usize = 40;

fn start(data: &std::path::Path) -> (Child, String) {
    start_scaled(data, "100")
}

fn start_scaled(data: &std::path::Path, limit_scale: &str) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_helpdesk-local"))
        .env("HELPDESK_ADDR", "127.0.0.1:0")
        .env("HELPDESK_DATA_DIR", data)
        .env("HELPDESK_SPA_DIR", data.join("no-spa"))
        .env("RUST_LOG", "warn")
        .env("HELPDESK_LIMIT_SCALE", limit_scale)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start helpdesk-local");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("server printed its URL").expect("read");
        if let Some(rest) = line.strip_prefix("helpdesk is running at ") {
            break rest.trim_end_matches('/').to_owned();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}

/// The request by its number and code, which must be there (it was answered 201).
async fn looked_up(http: &reqwest::Client, url: &str, number: &str, code: &str) -> Value {
    let resp = http
        .post(format!("{url}/api/v1/tickets/lookup"))
        .json(&json!({ "number": number, "access_code": code }))
        .send()
        .await
        .expect("lookup");
    assert_eq!(resp.status(), 200, "ticket {number} answered 201 and lost");
    resp.json().await.expect("json")
}

#[tokio::test]
async fn submitted_requests_survive_kill_9() {
    let dir = tempfile::tempdir().expect("tempdir");
    let http = reqwest::Client::new();
    let (mut server, url) = start(dir.path());
    let mut tickets = Vec::new();
    for i in 0..N {
        let body = json!({
            "category": "payments",
            "subject": format!("Платёж номер {i} не прошёл"),
            "description": "Деньги списаны с карты, но заявление не оплачено на портале.",
            "full_name": "Петрова Анна Сергеевна",
            "email": "petrova@example.ru",
            "consent": true
        });
        let resp = http
            .post(format!("{url}/api/v1/tickets"))
            .json(&body)
            .send()
            .await
            .expect("submit");
        assert_eq!(resp.status(), 201);
        let v: Value = resp.json().await.expect("json");
        tickets.push((
            v["number"].as_str().expect("n").to_owned(),
            v["access_code"].as_str().expect("c").to_owned(),
            i,
        ));
    }
    server.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix: no shutdown code runs.
    server.wait().expect("reaped");

    let (mut server, url) = start(dir.path());
    for (number, code, i) in &tickets {
        let v = looked_up(&http, &url, number, code).await;
        assert_eq!(v["subject"], format!("Платёж номер {i} не прошёл"));
    }
    server.kill().expect("kill");
    let _ = server.wait();
}

fn request(writer: usize, i: usize) -> Value {
    json!({
        "category": "payments",
        "subject": format!("Платёж {writer}-{i} не прошёл"),
        "description": "Деньги списаны с карты, но заявление не оплачено на портале.",
        "full_name": "Петрова Анна Сергеевна",
        "phone": "+79123456789",
        "consent": true
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answered_requests_survive_kill_9_under_concurrent_load() {
    const WRITERS: usize = 32;
    let dir = tempfile::tempdir().expect("tempdir");
    let http = reqwest::Client::new();
    let (mut server, url) = start_scaled(dir.path(), "10000000");
    let answered = Arc::new(Mutex::new(Vec::new()));
    let mut writers = tokio::task::JoinSet::new();
    for writer in 0..WRITERS {
        let (http, url, answered) = (http.clone(), url.clone(), answered.clone());
        writers.spawn(async move {
            for i in 0.. {
                let sent = http
                    .post(format!("{url}/api/v1/tickets"))
                    .json(&request(writer, i))
                    .send()
                    .await;
                // Once the server is killed, requests fail: this writer is done.
                let Ok(resp) = sent else { return };
                if resp.status() != 201 {
                    return;
                }
                let Ok(v) = resp.json::<Value>().await else {
                    return;
                };
                let number = v["number"].as_str().expect("number").to_owned();
                let code = v["access_code"].as_str().expect("code").to_owned();
                answered
                    .lock()
                    .expect("lock")
                    .push((number, code, writer, i));
            }
        });
    }
    // Kill while every writer has a request in flight.
    while answered.lock().expect("lock").len() < 300 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    while writers.join_next().await.is_some() {}
    let answered = answered.lock().expect("lock").clone();
    assert!(answered.len() >= 300);

    let (mut server, url) = start_scaled(dir.path(), "10000000");
    for (number, code, writer, i) in &answered {
        let v = looked_up(&http, &url, number, code).await;
        assert_eq!(v["subject"], format!("Платёж {writer}-{i} не прошёл"));
        // The request and its history were written together: never one without the other.
        let history = v["timeline"].as_array().expect("timeline");
        assert!(!history.is_empty(), "ticket {number} half-written: {v}");
    }
    server.kill().expect("kill");
    let _ = server.wait();
}

//! The chat under load, against a running local server (`scripts/bench-chat.sh` starts
//! one): N chats handed to an operator, each citizen with a socket of their own, the
//! operator watching them all over sockets of 20 chats each; then every citizen sends M
//! messages at once (a short random pause between their own), and each message's
//! delivery is timed from the moment its POST starts to the moment the operator's socket
//! shows it (the durable write, the push, the frame). Also: the POST alone, and the
//! bot's reply time (a question's POST, answered in the same call).
//!
//! usage: cargo run --release --example bench_chat -p helpdesk-functions -- URL [N] [M]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Sent = Arc<Mutex<HashMap<String, Instant>>>;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn summary(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{name}: n {}  p50 {:.1} ms  p95 {:.1} ms  p99 {:.1} ms  max {:.1} ms",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.95),
        percentile(&ms, 0.99),
        ms.last().copied().unwrap_or(f64::NAN)
    );
}

async fn post(http: &reqwest::Client, url: &str, headers: &[(&str, &str)], body: Value) -> Value {
    let mut req = http.post(url).json(&body);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status();
    let v: Value = resp.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{url}: {status} {v}");
    v
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:18081".into());
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(200);
    let m: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(10);
    let api = format!("{base}/api/v1");
    let ws_url = format!("{}/api/v1/chat/socket", base.replacen("http", "ws", 1));
    let http = reqwest::Client::new();

    // The operator: signed in, online, takes every chat.
    let resp = http
        .post(format!("{api}/auth/staff"))
        .json(&json!({ "login": "operator", "password": "operator-demo-2026" }))
        .send()
        .await
        .expect("sign in");
    let cookie = resp
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_owned();
    let staff = [("cookie", cookie.as_str()), ("x-helpdesk-request", "1")];
    http.get(format!("{api}/staff/chats"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("console");
    let mut chats = Vec::new();
    for _ in 0..n {
        let started = post(&http, &format!("{api}/chat"), &[], json!({})).await;
        let id = started["chat"]["id"].as_str().expect("id").to_owned();
        let key = started["key"].as_str().expect("key").to_owned();
        let k = [("x-chat-key", key.as_str())];
        let handed = post(&http, &format!("{api}/chat/{id}/operator"), &k, json!({})).await;
        assert_eq!(
            handed["state"], "waiting",
            "operators' hours: set HELPDESK_OPERATORS_AT"
        );
        post(
            &http,
            &format!("{api}/staff/chats/{id}/take"),
            &staff,
            json!({}),
        )
        .await;
        chats.push((id, key));
    }

    // Sockets: the operator's (20 chats each) and one per citizen.
    let sent: Sent = Arc::new(Mutex::new(HashMap::new()));
    let delivered = Arc::new(Mutex::new(Vec::<f64>::new()));
    let mut sockets = 0;
    for group in chats.chunks(20) {
        let mut req = ws_url.as_str().into_client_request().expect("ws request");
        req.headers_mut()
            .insert("cookie", cookie.parse().expect("cookie header"));
        let (mut ws, _) = tokio_tungstenite::connect_async(req)
            .await
            .expect("operator socket");
        for (id, _) in group {
            let watch = json!({ "type": "watch", "chat": id }).to_string();
            ws.send(Message::Text(watch.into())).await.expect("watch");
        }
        sockets += 1;
        let (sent, delivered) = (sent.clone(), delivered.clone());
        tokio::spawn(async move {
            while let Some(Ok(msg)) = ws.next().await {
                let Ok(text) = msg.to_text() else { continue };
                let Ok(frame) = serde_json::from_str::<Value>(text) else {
                    continue;
                };
                for m in frame["messages"].as_array().into_iter().flatten() {
                    let Some(t) = m["text"].as_str() else {
                        continue;
                    };
                    let at = sent.lock().expect("lock").remove(t);
                    if let Some(at) = at {
                        delivered
                            .lock()
                            .expect("lock")
                            .push(at.elapsed().as_secs_f64() * 1e3);
                    }
                }
            }
        });
    }
    let mut citizen_sockets = Vec::new();
    for (id, key) in &chats {
        let (mut ws, _) = tokio_tungstenite::connect_async(ws_url.as_str())
            .await
            .expect("citizen socket");
        let watch = json!({ "type": "watch", "chat": id, "key": key }).to_string();
        ws.send(Message::Text(watch.into())).await.expect("watch");
        citizen_sockets.push(ws);
        sockets += 1;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Every citizen at once, M messages each.
    let posts = Arc::new(Mutex::new(Vec::<f64>::new()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (c, (id, key)) in chats.iter().enumerate() {
        let (http, api, id, key) = (http.clone(), api.clone(), id.clone(), key.clone());
        let (sent, posts) = (sent.clone(), posts.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..m {
                let text = format!("Сообщение {i} из чата {c}");
                let at = Instant::now();
                sent.lock().expect("lock").insert(text.clone(), at);
                post(
                    &http,
                    &format!("{api}/chat/{id}/messages"),
                    &[("x-chat-key", &key)],
                    json!({ "text": text }),
                )
                .await;
                posts
                    .lock()
                    .expect("lock")
                    .push(at.elapsed().as_secs_f64() * 1e3);
                tokio::time::sleep(Duration::from_millis(50 + (c * 7 + i * 13) as u64 % 100)).await;
            }
        }));
    }
    for t in tasks {
        t.await.expect("citizen");
    }
    let elapsed = started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let lost = sent.lock().expect("lock").len();
    println!(
        "{n} chats, {m} messages each: {} messages in {elapsed:.1} s ({:.0}/s); {sockets} sockets open (the operator's {}, the citizens' {}); not delivered within 2 s: {lost}",
        n * m,
        (n * m) as f64 / elapsed,
        n.div_ceil(20),
        citizen_sockets.len()
    );
    summary(
        "delivery citizen -> operator (POST start to the operator's frame)",
        delivered.lock().expect("lock").clone(),
    );
    summary(
        "the citizen's POST (durable write and push)",
        posts.lock().expect("lock").clone(),
    );

    // The bot: questions answered in the same call.
    let started = post(&http, &format!("{api}/chat"), &[], json!({})).await;
    let id = started["chat"]["id"].as_str().expect("id").to_owned();
    let key = started["key"].as_str().expect("key").to_owned();
    let questions = [
        "Как восстановить пароль?",
        "Не приходит СМС-код",
        "Как оплатить госпошлину со скидкой",
        "как записаться на приём в МФЦ",
        "how do I recover my password",
    ];
    let mut bot = Vec::new();
    for i in 0..100 {
        let at = Instant::now();
        post(
            &http,
            &format!("{api}/chat/{id}/messages"),
            &[("x-chat-key", &key)],
            json!({ "text": questions[i % questions.len()] }),
        )
        .await;
        bot.push(at.elapsed().as_secs_f64() * 1e3);
    }
    summary("the bot's reply (a question's POST, answered in it)", bot);
}

//! Items read and written per API call, counted at the `KvStore` port with the sizes
//! DynamoDB bills by, and the on-demand cost per million calls. The assertions guard
//! against a change that quietly adds reads or writes; `scripts/capacity.sh` prints the
//! table.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use axum::body::Body;
use axum::http::Request;
use helpdesk_functions::blobs::FsBlobs;
use helpdesk_functions::events::{BusError, DomainEvent, EventBus};
use helpdesk_functions::http::{
    AppState, account_router, chat_router, status_router, submission_router, workspace_router,
};
use helpdesk_functions::notify::{SendError, Sender, deliver};
use helpdesk_functions::ratelimit::Limits;
use helpdesk_functions::store::{Item, KvStore, Page, Query, RedbStore, StoreError, Write};
use helpdesk_shared::api::OutboxMessage;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::common;

/// Read and write request units as DynamoDB on-demand bills them: a consistent read is
/// 1 RRU per 4 KB, a query 1 RRU per 4 KB of items read, a write 1 WRU per 1 KB and a
/// transactional write 2 WRU per 1 KB; every write of an item that has a GSI key is one
/// more write per index.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Units {
    reads: u32,
    writes: u32,
    rru: f64,
    wru: f64,
}

fn kb(item: &Item, per: f64) -> f64 {
    // Attribute names and values; the body dominates.
    let size = item.pk.len() + item.sk.len() + item.body.text().len() + 64;
    (size as f64 / per).ceil().max(1.0)
}

struct Counting {
    inner: RedbStore,
    units: Mutex<Units>,
}

impl Counting {
    fn take(&self) -> Units {
        std::mem::take(&mut *self.units.lock().expect("lock"))
    }
}

#[async_trait]
impl KvStore for Counting {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let got = self.inner.get(pk, sk).await?;
        let mut u = self.units.lock().expect("lock");
        u.reads += 1;
        u.rru += got.as_ref().map_or(1.0, |i| kb(i, 4096.0));
        Ok(got)
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        let factor = if writes.len() > 1 { 2.0 } else { 1.0 };
        let mut wru = 0.0;
        let mut count = 0;
        for w in &writes {
            if let Write::Put { item, .. } = w {
                count += 1;
                let size = kb(item, 1024.0);
                let indexes = [item.gsi1.is_some(), item.gsi2.is_some()]
                    .iter()
                    .filter(|x| **x)
                    .count() as f64;
                wru += factor * size + indexes * size;
            } else if let Write::Add { .. } = w {
                // A counter item: a few short numbers, under 1 KB.
                count += 1;
                wru += factor;
            } else if let Write::Delete { .. } = w {
                count += 1;
                wru += factor;
            } else {
                wru += factor; // a condition check costs like a write of its item
            }
        }
        self.inner.transact(writes).await?;
        let mut u = self.units.lock().expect("lock");
        u.writes += count;
        u.wru += wru;
        Ok(())
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        let page = self.inner.query(query).await?;
        let bytes: f64 = page.items.iter().map(|i| kb(i, 1.0)).sum();
        let mut u = self.units.lock().expect("lock");
        u.reads += page.items.len() as u32;
        u.rru += (bytes / 4096.0).ceil().max(1.0);
        Ok(page)
    }
}

/// Takes events as SNS would; the test then delivers them as the fan-out function does.
#[derive(Default)]
struct Topic(Mutex<Vec<DomainEvent>>);

#[async_trait]
impl EventBus for Topic {
    async fn publish(&self, event: &DomainEvent) -> Result<(), BusError> {
        self.0.lock().expect("lock").push(event.clone());
        Ok(())
    }
}

/// SMS and e-mail cost no store items.
struct Provider;

#[async_trait]
impl Sender for Provider {
    async fn send(&self, _: &OutboxMessage) -> Result<(), SendError> {
        Ok(())
    }
}

async fn call(router: &axum::Router, method: &str, path: &str, body: Value) -> (u16, Value) {
    call_as(router, "", method, path, body).await.0
}

/// As `call`, with a session cookie (`""`: none); also gives the cookie set, if any.
async fn call_as(
    router: &axum::Router,
    cookie: &str,
    method: &str,
    path: &str,
    body: Value,
) -> ((u16, Value), String) {
    call_with(router, ("cookie", cookie), method, path, body).await
}

/// As `call`, with one more header (left out when its value is empty).
async fn call_with(
    router: &axum::Router,
    (name, value): (&str, &str),
    method: &str,
    path: &str,
    body: Value,
) -> ((u16, Value), String) {
    let mut req = Request::builder()
        .method(method)
        .uri(format!("/api/v1{path}"))
        .header("content-type", "application/json")
        .header(helpdesk_shared::api::CSRF_HEADER, "1")
        .header("idempotency-key", helpdesk_functions::ids::new_id());
    if !value.is_empty() {
        req = req.header(name, value);
    }
    let req = req.body(Body::from(body.to_string())).expect("request");
    let resp = router.clone().oneshot(req).await.expect("response");
    let status = resp.status().as_u16();
    let set_cookie = resp
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or_default()
        .to_owned();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .expect("body");
    (
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        ),
        set_cookie,
    )
}

/// US East (N. Virginia) on-demand list prices, USD per million request units.
const PER_MILLION_WRU: f64 = 0.625;
const PER_MILLION_RRU: f64 = 0.125;

fn table(rows: &[(&str, Units)]) {
    println!(
        "\n{:<34} {:>5} {:>6} {:>6} {:>6}  {:>10}",
        "call", "reads", "writes", "RRU", "WRU", "$/million"
    );
    for (name, u) in rows {
        let cost = u.rru * PER_MILLION_RRU + u.wru * PER_MILLION_WRU;
        println!(
            "{name:<34} {:>5} {:>6} {:>6.0} {:>6.0}  {:>10.2}",
            u.reads, u.writes, u.rru, u.wru, cost
        );
    }
}

/// The demo operator's session cookie.
async fn operator_cookie(account: &axum::Router) -> String {
    let login = json!({ "login": "operator", "password": "operator-demo-2026" });
    let ((code, _), cookie) = call_as(account, "", "POST", "/auth/staff", login).await;
    assert_eq!(code, 200);
    cookie
}

/// A counting store in `dir`, the handlers' state over it (events caught in the topic).
fn counted(dir: &tempfile::TempDir, topic: Arc<Topic>) -> (Arc<Counting>, AppState) {
    let store = Arc::new(Counting {
        inner: RedbStore::open(&dir.path().join("t.redb")).expect("open"),
        units: Mutex::default(),
    });
    let kv: Arc<dyn KvStore> = store.clone();
    let blobs = Arc::new(FsBlobs::new(dir.path().join("blobs")).expect("blobs"));
    let state = AppState::over(
        kv,
        topic,
        blobs,
        Limits::default(),
        helpdesk_shared::Lang::Ru,
    );
    (store, state)
}

#[tokio::test]
async fn items_read_and_written_per_call() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topic = Arc::new(Topic::default());
    let (store, state) = counted(&dir, topic.clone());
    helpdesk_functions::auth::staff::seed_demo_accounts(
        store.as_ref(),
        time::OffsetDateTime::now_utc(),
    )
    .await
    .expect("demo accounts");
    // The service levels in force are read once per process every 30 s, not per call:
    // a warm process is measured.
    state.tickets.levels().in_force().await.expect("levels");
    store.take();
    let submission = submission_router(state.clone());
    let status = status_router(state.clone());
    let account = account_router(state.clone());
    let workspace = workspace_router(state);

    // What the fan-out function reads and writes for the events a call published.
    let fan_out = || async {
        let events: Vec<DomainEvent> = std::mem::take(&mut *topic.0.lock().expect("lock"));
        for e in &events {
            deliver(store.as_ref(), &Provider, e)
                .await
                .expect("deliver");
        }
        store.take()
    };

    let (code, created) = call(&submission, "POST", "/tickets", common::valid_ticket()).await;
    assert_eq!(code, 201);
    let submit = store.take();
    let submit_sent = fan_out().await;
    let number = created["number"].as_str().expect("number");
    let access = created["access_code"].as_str().expect("code");

    let (code, _) = call(
        &status,
        "POST",
        "/tickets/lookup",
        json!({ "number": number, "access_code": access }),
    )
    .await;
    assert_eq!(code, 200);
    let lookup = store.take();

    let (code, _) = call(
        &status,
        "POST",
        &format!("/tickets/{number}/messages"),
        json!({ "access_code": access, "message": "Номер телефона подтверждён" }),
    )
    .await;
    assert_eq!(code, 200);
    let add_info = store.take();
    let add_info_sent = fan_out().await;

    // An operator takes the request (after signing in and opening it, not counted).
    let cookie = operator_cookie(&account).await;
    let ((code, seen), _) = call_as(
        &workspace,
        &cookie,
        "GET",
        &format!("/staff/tickets/{number}"),
        Value::Null,
    )
    .await;
    assert_eq!(code, 200);
    fan_out().await;
    let ((code, _), _) = call_as(
        &workspace,
        &cookie,
        "POST",
        &format!("/staff/tickets/{number}/actions"),
        json!({ "version": seen["version"], "action": "take" }),
    )
    .await;
    assert_eq!(code, 200);
    let take = store.take();
    let take_sent = fan_out().await;

    table(&[
        ("submit", submit),
        ("  its notifications (fan-out)", submit_sent),
        ("status lookup", lookup),
        ("add information", add_info),
        ("  its notifications (fan-out)", add_info_sent),
        ("operator takes it", take),
        ("  its notifications (fan-out)", take_sent),
    ]);
    // Guards. A lookup: the ticket and its timeline. Submitting: one transaction
    // (ticket, timeline entry, event, idempotency record, an owner item per contact
    // for "My requests", one queue-counter shard, the service levels' two schedule
    // items: first response and resolution, the day's and the month's report rollups), then the event
    // marked delivered; its
    // notifications: the ticket, the preferences (the request's, then each owner's:
    // none saved here), then a check and a log line per channel (an e-mail's address
    // also checked against the bounced ones), and the app's
    // notification (a transaction: its log line, an item per owner). A message that
    // leaves the status as it was moves no queue counter.
    assert!(lookup.writes == 0 && lookup.reads <= 3, "{lookup:?}");
    assert!(submit.reads <= 2 && submit.writes <= 12, "{submit:?}");
    assert!(
        submit_sent.reads <= 7 && submit_sent.writes <= 5,
        "{submit_sent:?}"
    );
    assert!(add_info.reads <= 5 && add_info.writes <= 4, "{add_info:?}");
    // Taking: the session, the account and the ticket, then the timeline items of the
    // answer; one transaction: ticket, counter shard, two timeline entries (assigned,
    // status), the event, the audit record.
    assert!(take.reads <= 8 && take.writes <= 7, "{take:?}");
}

#[tokio::test]
async fn items_read_and_written_per_chat_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, state) = counted(&dir, Arc::new(Topic::default()));
    // Operators at work (a weekday noon in Moscow); the socket's push costs no store call.
    let noon = time::macros::datetime!(2026-12-07 09:00 UTC);
    let state = state.with_local_push(Some(noon));
    helpdesk_functions::auth::staff::seed_demo_accounts(
        store.as_ref(),
        time::OffsetDateTime::now_utc(),
    )
    .await
    .expect("demo accounts");
    let chat = chat_router(state.clone());
    let account = account_router(state);
    let cookie = operator_cookie(&account).await;
    call_as(&chat, &cookie, "GET", "/staff/chats", Value::Null).await;
    // The knowledge base is seeded into the store on its first use: not per message.
    call(&chat, "GET", "/faq", Value::Null).await;
    let (_, warm) = call(&chat, "POST", "/chat", json!({})).await;
    let warm_id = warm["chat"]["id"].as_str().expect("id");
    let warm_key = warm["key"].as_str().expect("key");
    let question = json!({ "text": "как оплатить госпошлину" });
    let path = format!("/chat/{warm_id}/messages");
    call_with(&chat, ("x-chat-key", warm_key), "POST", &path, question).await;
    store.take();

    let (code, started) = call(&chat, "POST", "/chat", json!({})).await;
    assert_eq!(code, 201);
    let start = store.take();
    let id = started["chat"]["id"].as_str().expect("id").to_owned();
    let key = started["key"].as_str().expect("key").to_owned();
    let citizen = |method: &'static str, path: String, body: Value| {
        let (chat, key) = (&chat, key.clone());
        async move {
            call_with(chat, ("x-chat-key", &key), method, &path, body)
                .await
                .0
        }
    };
    let say = |text: &str| json!({ "text": text });
    let (code, _) = citizen(
        "POST",
        format!("/chat/{id}/messages"),
        say("как оплатить госпошлину со скидкой"),
    )
    .await;
    assert_eq!(code, 200);
    let to_bot = store.take();
    citizen(
        "POST",
        format!("/chat/{id}/messages"),
        say("Позовите оператора"),
    )
    .await;
    store.take();
    let ((code, _), _) = call_as(
        &chat,
        &cookie,
        "POST",
        &format!("/staff/chats/{id}/take"),
        json!({}),
    )
    .await;
    assert_eq!(code, 200);
    let take = store.take();
    let ((code, _), _) = call_as(
        &chat,
        &cookie,
        "POST",
        &format!("/staff/chats/{id}/messages"),
        say("Здравствуйте! Помогу."),
    )
    .await;
    assert_eq!(code, 200);
    let reply = store.take();
    let (code, _) = citizen("POST", format!("/chat/{id}/messages"), say("Спасибо, жду")).await;
    assert_eq!(code, 200);
    let to_operator = store.take();
    let (code, _) = citizen("GET", format!("/chat/{id}?after=5"), Value::Null).await;
    assert_eq!(code, 200);
    let read = store.take();

    table(&[
        ("chat: start (the bot's greeting)", start),
        ("chat: a question to the bot", to_bot),
        ("chat: an operator takes it", take),
        ("chat: the operator's message", reply),
        ("chat: the citizen's to an operator", to_operator),
        ("chat: read what is new", read),
    ]);
    // Guards. A message: the chat's record read, one transaction of the record and the
    // message (the bot's answer in the same one; a question whose topic the bot
    // recognises moves the chat's report count to that topic: a day's and a month's rollup
    // items out, two in); the
    // operator's also reads their
    // session and account. Reading: the record and one query of the new messages (each
    // item counted as read, 4 here; one 4 KB read unit for them all).
    assert!(
        to_operator.reads <= 2 && to_operator.writes <= 2,
        "{to_operator:?}"
    );
    assert!(to_bot.reads <= 2 && to_bot.writes <= 7, "{to_bot:?}");
    // The operator's first reply also counts in the day's and the month's rollups.
    assert!(reply.reads <= 6 && reply.writes <= 4, "{reply:?}");
    assert!(
        read.reads <= 5 && read.rru <= 2.0 && read.writes == 0,
        "{read:?}"
    );
}

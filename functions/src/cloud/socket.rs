//! The chat's socket in AWS: API Gateway's WebSocket API calls the chat function with
//! `$connect`, `$disconnect` and `$default` (every frame), and the function pushes
//! frames back with `post_to_connection` (`aws-sdk-apigatewaymanagement`).
//!
//! Nothing lives in the function between calls, so the store keeps who listens:
//! - a connection item `WSC#<connection>` / `META`, written at `$connect`, with who the
//!   caller is (the session cookie, which CloudFront forwards on the upgrade, resolved
//!   there: a staff login or a citizen's contact) and what it watches;
//! - a watch item `WSW#<chat id>` (or `WSW#QUEUE` for the operators' waiting list) /
//!   `<connection>` per watch.
//!
//! Both expire after API Gateway's two hours per connection; `$disconnect` deletes them
//! when it comes (best effort), and a push that gets 410 Gone deletes the watch it used.
//! Frames are never posted from `$connect` (the connection is not open yet). Like the
//! local socket, it only notifies: the store is the truth and clients read what they
//! missed over HTTP.

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_apigatewaymanagement::primitives::Blob;
use helpdesk_shared::auth::Contact;
use helpdesk_shared::chat::{ClientFrame, FRAME_MAX, ServerFrame, Speaker};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::chat::{CHAT_ROLES, ChatPush, fit, may_watch};
use crate::http::AppState;
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError, Write};

/// API Gateway closes a connection after two hours; its items go a little later.
const CONNECTION_FOR: i64 = 2 * 3600 + 300;
/// Chats one connection may watch.
const WATCH_MAX: usize = 20;
const QUEUE: &str = "QUEUE";

fn connection_pk(connection: &str) -> String {
    format!("WSC#{connection}")
}

fn watch_pk(what: &str) -> String {
    format!("WSW#{what}")
}

/// Who is at the other end, as resolved when it connected.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Connection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    staff: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    citizen: Option<String>,
    /// What it watches: chat ids, and `QUEUE`.
    #[serde(default)]
    watches: Vec<String>,
    expires_at: i64,
}

/// What became of a frame posted to a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posted {
    Sent,
    /// 410: the connection is closed; its items can go.
    Gone,
    /// Throttled or failing: nothing to do, the client reads the store.
    Failed,
}

/// The cloud adapter of the push port: the connections that watch, from the store.
pub struct CloudPush {
    client: aws_sdk_apigatewaymanagement::Client,
    store: Arc<dyn KvStore>,
}

impl CloudPush {
    /// Posting to the WebSocket API's management endpoint,
    /// `https://<api>.execute-api.<region>.amazonaws.com/<stage>` (or, in tests, the
    /// endpoint of the SDK configuration).
    pub fn new(
        sdk: &aws_config::SdkConfig,
        endpoint: Option<&str>,
        store: Arc<dyn KvStore>,
    ) -> CloudPush {
        let mut conf = aws_sdk_apigatewaymanagement::config::Builder::from(sdk);
        if let Some(url) = endpoint {
            conf = conf.endpoint_url(url);
        }
        CloudPush {
            client: aws_sdk_apigatewaymanagement::Client::from_conf(conf.build()),
            store,
        }
    }

    /// One frame to one connection.
    pub async fn post(&self, connection: &str, frame: &ServerFrame) -> Posted {
        let data = serde_json::to_vec(frame).unwrap_or_default();
        match self
            .client
            .post_to_connection()
            .connection_id(connection)
            .data(Blob::new(data))
            .send()
            .await
        {
            Ok(_) => Posted::Sent,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_gone_exception()) => Posted::Gone,
            Err(e) => {
                // Throttled or failing: the client catches up from the store anyway.
                tracing::warn!(error = %aws_sdk_apigatewaymanagement::error::DisplayErrorContext(&e), "frame not pushed");
                Posted::Failed
            }
        }
    }

    async fn to_watchers(&self, what: &str, frame: &ServerFrame) {
        let frame = fit(frame.clone());
        let watchers = match self
            .store
            .query(Query::new(Index::Table, watch_pk(what), SkRange::All))
            .await
        {
            Ok(page) => page.items,
            Err(e) => {
                tracing::warn!(error = %e, "watchers not read");
                return;
            }
        };
        for w in watchers {
            if self.post(&w.sk, &frame).await == Posted::Gone {
                let gone = Write::Delete {
                    pk: w.pk.clone(),
                    sk: w.sk.clone(),
                    cond: Cond::Always,
                };
                if let Err(e) = self.store.transact(vec![gone]).await {
                    tracing::warn!(error = %e, "gone connection not removed");
                }
            }
        }
    }
}

#[async_trait]
impl ChatPush for CloudPush {
    async fn to_chat(&self, chat: &str, frame: &ServerFrame) {
        self.to_watchers(chat, frame).await;
    }

    async fn to_consoles(&self, frame: &ServerFrame) {
        self.to_watchers(QUEUE, frame).await;
    }
}

/// Whether a Lambda event is the WebSocket API's (it names a connection).
pub fn is_socket_event(event: &Value) -> bool {
    event["requestContext"]["connectionId"].is_string()
}

/// Handles one WebSocket API event; what the function answers API Gateway.
pub async fn on_event(state: &AppState, push: &CloudPush, event: &Value) -> Value {
    let ctx = &event["requestContext"];
    let connection = ctx["connectionId"].as_str().unwrap_or_default();
    let result = match ctx["routeKey"].as_str().unwrap_or_default() {
        "$connect" => connect(state, connection, event).await,
        "$disconnect" => disconnect(state, connection).await,
        _ => {
            let body = event["body"].as_str().unwrap_or_default();
            frame(state, push, connection, body).await
        }
    };
    match result {
        Ok(()) => json!({ "statusCode": 200 }),
        Err(e) => {
            tracing::warn!(error = %e, "socket event failed");
            json!({ "statusCode": 500 })
        }
    }
}

/// `$connect`: who it is (the session cookie), kept for the frames to come.
async fn connect(state: &AppState, connection: &str, event: &Value) -> Result<(), StoreError> {
    let mut headers = axum::http::HeaderMap::new();
    if let Some(obj) = event["headers"].as_object() {
        for (name, value) in obj {
            if let (Ok(n), Some(Ok(v))) = (
                axum::http::HeaderName::try_from(name.as_str()),
                value.as_str().map(axum::http::HeaderValue::from_str),
            ) {
                headers.append(n, v);
            }
        }
    }
    let caller = match crate::http::session::token(&headers) {
        Some(t) => state.auth.caller(&t).await?,
        None => None,
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let conn = Connection {
        staff: match &caller {
            Some(Caller::Staff(a)) => Some(a.login.clone()),
            _ => None,
        },
        citizen: match &caller {
            Some(Caller::Citizen(c)) => Some(c.as_str().to_owned()),
            _ => None,
        },
        watches: Vec::new(),
        expires_at: now + CONNECTION_FOR,
    };
    let mut item = Item::new(connection_pk(connection), "META", crate::store::body(&conn));
    item.expires_at = Some(conn.expires_at);
    state.store.put(item, Cond::Always).await?;
    tracing::info!(signed_in = caller.is_some(), "chat socket connected");
    Ok(())
}

/// `$disconnect`: its items go (they would expire anyway).
async fn disconnect(state: &AppState, connection: &str) -> Result<(), StoreError> {
    let Some(item) = state.store.get(&connection_pk(connection), "META").await? else {
        return Ok(());
    };
    let conn: Connection = item.decode()?;
    let mut writes: Vec<Write> = conn
        .watches
        .iter()
        .map(|w| Write::Delete {
            pk: watch_pk(w),
            sk: connection.to_owned(),
            cond: Cond::Always,
        })
        .collect();
    writes.push(Write::Delete {
        pk: connection_pk(connection),
        sk: "META".into(),
        cond: Cond::Always,
    });
    for chunk in writes.chunks(25) {
        state.store.transact(chunk.to_vec()).await?;
    }
    Ok(())
}

/// The caller as it was at `$connect` (a staff account as it is now).
async fn caller(state: &AppState, conn: &Connection) -> Result<Option<Caller>, StoreError> {
    if let Some(login) = &conn.staff {
        return Ok(crate::auth::staff::load(state.store.as_ref(), login)
            .await?
            .map(|(_, a)| Caller::Staff(a)));
    }
    Ok(conn
        .citizen
        .as_deref()
        .and_then(|c| Contact::parse(c).ok())
        .map(Caller::Citizen))
}

/// A frame from the client: the same four as on the local socket.
async fn frame(
    state: &AppState,
    push: &CloudPush,
    connection: &str,
    body: &str,
) -> Result<(), StoreError> {
    if body.len() > FRAME_MAX {
        return Ok(());
    }
    let Ok(frame) = serde_json::from_str::<ClientFrame>(body) else {
        return Ok(()); // not ours: ignored
    };
    let Some(item) = state.store.get(&connection_pk(connection), "META").await? else {
        return Ok(()); // unknown (expired): the client reconnects when it is closed
    };
    let version = item.version;
    let mut conn: Connection = item.decode()?;
    let who = caller(state, &conn).await?;
    let watch = match frame {
        ClientFrame::Ping => {
            if let Some(Caller::Staff(a)) = &who
                && CHAT_ROLES.contains(&a.role)
                && let Err(e) = state.chats.keep_online(a).await
            {
                tracing::warn!(error = %e, "presence not kept");
            }
            push.post(connection, &ServerFrame::Pong).await;
            return Ok(());
        }
        ClientFrame::Typing { chat } => {
            if conn.watches.contains(&chat) {
                let from = match who {
                    Some(Caller::Staff(_)) => Speaker::Operator,
                    _ => Speaker::Citizen,
                };
                let typing = ServerFrame::Typing {
                    chat: chat.clone(),
                    from,
                };
                push.to_chat(&chat, &typing).await;
            }
            return Ok(());
        }
        ClientFrame::WatchQueue => {
            let staff = matches!(&who, Some(Caller::Staff(a)) if CHAT_ROLES.contains(&a.role));
            if !staff {
                return Ok(());
            }
            QUEUE.to_owned()
        }
        ClientFrame::Watch { chat, key } => {
            if conn.watches.len() >= WATCH_MAX
                || !may_watch(&state.chats, who.as_ref(), &chat, key.as_deref()).await
            {
                push.post(connection, &ServerFrame::Refused { chat }).await;
                return Ok(());
            }
            chat
        }
    };
    if conn.watches.contains(&watch) {
        return Ok(());
    }
    conn.watches.push(watch.clone());
    let mut record = Item::new(connection_pk(connection), "META", crate::store::body(&conn));
    record.version = version + 1;
    record.expires_at = Some(conn.expires_at);
    let mut watcher = Item::new(watch_pk(&watch), connection, json!({}));
    watcher.expires_at = Some(conn.expires_at);
    state
        .store
        .transact(vec![
            Write::put(record, Cond::Version(version)),
            Write::put(watcher, Cond::Always),
        ])
        .await
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use helpdesk_shared::Lang;

    use super::*;
    use crate::cloud::test_support::{fresh_table, sdk};

    /// The handlers' state over a fresh table in the test server (moto).
    async fn state() -> (tempfile::TempDir, AppState) {
        let store: Arc<dyn KvStore> = Arc::new(fresh_table().await);
        let bus = Arc::new(crate::notify::LocalBus::new(store.clone()));
        let dir = tempfile::tempdir().expect("tempdir");
        let blobs = Arc::new(crate::blobs::FsBlobs::new(dir.path().join("b")).expect("blobs"));
        let state = AppState::over(
            store,
            bus,
            blobs,
            crate::ratelimit::Limits::default(),
            Lang::Ru,
        );
        (dir, state)
    }

    fn event(route: &str, connection: &str, body: Option<Value>) -> Value {
        json!({
            "requestContext": { "routeKey": route, "connectionId": connection, "eventType": "MESSAGE" },
            "headers": {},
            "body": body.map(|b| b.to_string()),
        })
    }

    async fn watchers(state: &AppState, chat: &str) -> Vec<String> {
        let q = Query::new(Index::Table, watch_pk(chat), SkRange::All);
        let page = state.store.query(q).await.expect("query");
        page.items.into_iter().map(|i| i.sk).collect()
    }

    #[tokio::test]
    async fn a_connection_watches_a_chat_with_its_key_and_gets_its_frames() {
        let (_dir, state) = state().await;
        // The SDK's endpoint is the test server's, whose management API has every
        // connection: this checks the call's shape.
        let push = CloudPush::new(&sdk().await, None, state.store.clone());
        let (key, view) = state.chats.start(Lang::Ru, None).await.expect("chat");
        let chat = view.id;
        for c in ["c1", "c2"] {
            let ok = on_event(&state, &push, &event("$connect", c, None)).await;
            assert_eq!(ok["statusCode"], 200);
        }
        let watch = json!({ "type": "watch", "chat": chat, "key": key });
        on_event(&state, &push, &event("$default", "c1", Some(watch))).await;
        let wrong = json!({ "type": "watch", "chat": chat, "key": "not-the-key" });
        on_event(&state, &push, &event("$default", "c2", Some(wrong))).await;
        let queue = json!({ "type": "watch_queue" });
        on_event(&state, &push, &event("$default", "c2", Some(queue))).await;
        assert_eq!(watchers(&state, &chat).await, ["c1"], "the key decides");
        assert!(watchers(&state, QUEUE).await.is_empty(), "staff only");

        // A message in the chat is posted to the watcher, which stays.
        let rec = state
            .chats
            .open(&chat, &crate::chat::Reader::Key(&key))
            .await
            .expect("open");
        let chats = state.clone().with_push(Arc::new(push), None).chats.clone();
        chats.say(&rec, "Здравствуйте", None).await.expect("say");
        assert_eq!(watchers(&state, &chat).await, ["c1"]);
        let push = CloudPush::new(&sdk().await, None, state.store.clone());
        assert_eq!(
            push.post("c1", &ServerFrame::Pong).await,
            Posted::Sent,
            "the call's shape"
        );
        on_event(&state, &push, &event("$disconnect", "c1", None)).await;
        assert!(watchers(&state, &chat).await.is_empty());
        let gone = state
            .store
            .get(&connection_pk("c1"), "META")
            .await
            .expect("get");
        assert!(gone.is_none());
    }

    #[tokio::test]
    async fn a_push_answered_410_gone_removes_that_watch() {
        let (_dir, state) = state().await;
        // A stand-in of the management API whose connections are all gone.
        let posts = Arc::new(AtomicUsize::new(0));
        let counted = posts.clone();
        let app = axum::Router::new().fallback(move || {
            let counted = counted.clone();
            async move {
                counted.fetch_add(1, Ordering::SeqCst);
                (
                    axum::http::StatusCode::GONE,
                    [
                        ("x-amzn-errortype", "GoneException"),
                        ("content-type", "application/json"),
                    ],
                    r#"{"message":"gone"}"#,
                )
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        let push = CloudPush::new(
            &sdk().await,
            Some(&format!("http://{addr}")),
            state.store.clone(),
        );

        let mut w = Item::new(watch_pk("chat1"), "gone1", json!({}));
        w.expires_at = Some(time::OffsetDateTime::now_utc().unix_timestamp() + 600);
        state.store.put(w, Cond::Always).await.expect("put");
        push.to_chat(
            "chat1",
            &ServerFrame::Resync {
                chat: "chat1".into(),
            },
        )
        .await;
        assert_eq!(posts.load(Ordering::SeqCst), 1);
        assert!(
            watchers(&state, "chat1").await.is_empty(),
            "the gone connection's watch went"
        );
    }
}

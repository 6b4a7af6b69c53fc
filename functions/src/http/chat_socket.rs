//! The chat's socket on the local server (`GET /api/v1/chat/socket`, axum's WebSocket):
//! a client watches chats it may read and, for staff, the waiting list; it is told of
//! new messages, typing and queue changes as they happen. It only notifies: messages are
//! written over HTTP, and a client that (re)connects reads what it missed with
//! `GET …?after=N`. In AWS the same frames go through API Gateway's WebSocket API.

use std::sync::Arc;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use helpdesk_shared::chat::{ClientFrame, FRAME_MAX, ServerFrame, Speaker};
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinHandle;

use super::AppState;
use super::error::ApiError;
use super::session::MaybeCaller;
use crate::auth::Caller;
use crate::chat::{CHAT_ROLES, ChatPush, LocalPush, fit, may_watch};

/// Chats one connection may watch at once (an operator's several chats and the list).
const WATCH_MAX: usize = 20;

/// The chat's socket (local server only; in AWS, API Gateway's WebSocket API). Client
/// frames: `watch` (a chat, with its key or the session), `watch_queue` (staff),
/// `typing`, `ping`; server frames: `messages`, `typing`, `resync`, `queue`, `refused`,
/// `pong` (`helpdesk_shared::chat::{ClientFrame, ServerFrame}`), up to 32 KB each.
#[utoipa::path(
    get,
    path = "/api/v1/chat/socket",
    tag = "chat",
    responses(
        (status = 101, description = "Switched to the WebSocket protocol"),
        (status = 400, description = "Not a WebSocket upgrade"),
    )
)]
pub async fn socket(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let Some(push) = state.local_push.clone() else {
        return Err(ApiError::NoRoute);
    };
    Ok(ws
        .max_message_size(FRAME_MAX)
        .max_frame_size(FRAME_MAX)
        .on_upgrade(move |socket| serve(socket, state, push, caller)))
}

/// One connection: frames in, frames out, until either side closes.
async fn serve(
    mut socket: WebSocket,
    state: AppState,
    push: Arc<LocalPush>,
    caller: Option<Caller>,
) {
    let (tx, mut rx) = mpsc::channel::<ServerFrame>(64);
    let mut forwards: Vec<(String, JoinHandle<()>)> = Vec::new();
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let Some(Ok(msg)) = incoming else { break };
                let text = match msg {
                    Message::Text(t) => t,
                    Message::Close(_) => break,
                    _ => continue,
                };
                let Ok(frame) = serde_json::from_str::<ClientFrame>(text.as_str()) else {
                    continue; // not ours: ignored, as API Gateway's $default would
                };
                if let Some(reply) = handle(frame, &state, &push, caller.as_ref(), &tx, &mut forwards).await
                    && send(&mut socket, &reply).await.is_err()
                {
                    break;
                }
            }
            Some(frame) = rx.recv() => {
                if send(&mut socket, &frame).await.is_err() {
                    break;
                }
            }
        }
    }
    for (_, f) in forwards {
        f.abort();
    }
}

async fn send(socket: &mut WebSocket, frame: &ServerFrame) -> Result<(), axum::Error> {
    let text = serde_json::to_string(frame).unwrap_or_default();
    socket.send(Message::Text(text.into())).await
}

/// Copies a channel's frames to the connection until it closes.
fn forward(
    mut from: broadcast::Receiver<ServerFrame>,
    to: mpsc::Sender<ServerFrame>,
    chat: Option<String>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let frame = match from.recv().await {
                Ok(f) => f,
                // Fell behind: an empty batch tells the client to read the store.
                Err(broadcast::error::RecvError::Lagged(_)) => match &chat {
                    Some(chat) => ServerFrame::Resync { chat: chat.clone() },
                    None => ServerFrame::Queue,
                },
                Err(broadcast::error::RecvError::Closed) => break,
            };
            if to.send(fit(frame)).await.is_err() {
                break;
            }
        }
    })
}

/// Acts on one client frame; the answer to send back, if any.
async fn handle(
    frame: ClientFrame,
    state: &AppState,
    push: &Arc<LocalPush>,
    caller: Option<&Caller>,
    tx: &mpsc::Sender<ServerFrame>,
    forwards: &mut Vec<(String, JoinHandle<()>)>,
) -> Option<ServerFrame> {
    match frame {
        ClientFrame::Ping => {
            if let Some(Caller::Staff(a)) = caller
                && CHAT_ROLES.contains(&a.role)
                && let Err(e) = state.chats.keep_online(a).await
            {
                tracing::warn!(error = %e, "presence not kept");
            }
            Some(ServerFrame::Pong)
        }
        ClientFrame::Watch { chat, key } => {
            if forwards.iter().any(|(c, _)| *c == chat) {
                return None;
            }
            if forwards.len() >= WATCH_MAX
                || !may_watch(&state.chats, caller, &chat, key.as_deref()).await
            {
                return Some(ServerFrame::Refused { chat });
            }
            let handle = forward(push.watch(&chat), tx.clone(), Some(chat.clone()));
            forwards.push((chat, handle));
            None
        }
        ClientFrame::WatchQueue => {
            let staff = matches!(caller, Some(Caller::Staff(a)) if CHAT_ROLES.contains(&a.role));
            if staff && !forwards.iter().any(|(c, _)| c.is_empty()) {
                forwards.push((
                    String::new(),
                    forward(push.watch_consoles(), tx.clone(), None),
                ));
            }
            None
        }
        ClientFrame::Typing { chat } => {
            if !chat.is_empty() && forwards.iter().any(|(c, _)| *c == chat) {
                let from = match caller {
                    Some(Caller::Staff(_)) => Speaker::Operator,
                    _ => Speaker::Citizen,
                };
                push.to_chat(
                    &chat,
                    &ServerFrame::Typing {
                        chat: chat.clone(),
                        from,
                    },
                )
                .await;
            }
            None
        }
    }
}

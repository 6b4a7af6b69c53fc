//! The staff's side of the chat (the chat group): the console, reading a chat, taking
//! it, replying, handing it over and ending. Operators, specialists and supervisors only
//! (checked here, on every call); an operator sees the operators' waiting chats and
//! their own, a specialist their department's and their own, a supervisor all.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use helpdesk_shared::Problem;
use helpdesk_shared::chat::{ChatConsole, ChatView, Said, SayRequest, TransferRequest};

use super::AppState;
use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::session::Staff;
use crate::chat::CHAT_ROLES;

pub fn routes() -> Routes {
    Routes::new(Group::Chat)
        .at(Verb::Get, "/staff/chats", console)
        .at(Verb::Get, "/staff/chats/{id}", read)
        .at(Verb::Post, "/staff/chats/{id}/take", take)
        .at(Verb::Post, "/staff/chats/{id}/messages", reply)
        .at(Verb::Post, "/staff/chats/{id}/end", end)
        .at(Verb::Post, "/staff/chats/{id}/offer", offer)
        .at(Verb::Post, "/staff/chats/{id}/transfer", transfer)
        .at(
            Verb::Post,
            "/staff/chats/{id}/files",
            super::chat_files::staff_send,
        )
        .at(
            Verb::Get,
            "/staff/chats/{id}/files/{file}",
            super::chat_files::staff_fetch,
        )
}

/// The waiting chats (longest waiting first) and the caller's; being called keeps the
/// caller online for 90 seconds, so the console calls it (or keeps its socket) while open.
#[utoipa::path(
    get,
    path = "/api/v1/staff/chats",
    tag = "chat",
    responses(
        (status = 200, description = "Waiting chats, the caller's chats, operators online", body = ChatConsole),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator, specialist or supervisor", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn console(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<axum::Json<ChatConsole>, ApiError> {
    staff.require(&CHAT_ROLES)?;
    Ok(axum::Json(state.chats.console(&staff.0).await?))
}

/// A chat with the messages after `after` (its whole history, the bot's part included,
/// from 0).
#[utoipa::path(
    get,
    path = "/api/v1/staff/chats/{id}",
    tag = "chat",
    params(
        ("id" = String, Path, description = "The chat's id"),
        ("after" = Option<u64>, Query, description = "The last message number the console has (default 0)"),
    ),
    responses(
        (status = 200, description = "The chat", body = ChatView),
        (status = 404, description = "No such chat the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn read(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<axum::Json<ChatView>, ApiError> {
    staff.require(&CHAT_ROLES)?;
    let after = super::chat::after(&params)?;
    let rec = state.chats.open_staff(&staff.0, &id).await?;
    Ok(axum::Json(state.chats.read(&rec, after).await?))
}

/// Takes a waiting chat: one operator gets it, the others `chat_taken`.
#[utoipa::path(
    post,
    path = "/api/v1/staff/chats/{id}/take",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    responses(
        (status = 200, description = "The chat, now the caller's, with its whole history", body = ChatView),
        (status = 404, description = "No such chat the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another operator took it, or it ended", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn take(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<axum::Json<ChatView>, ApiError> {
    staff.require(&CHAT_ROLES)?;
    Ok(axum::Json(state.chats.take(&staff.0, &id).await?))
}

/// The operator's reply in a chat they have.
#[utoipa::path(
    post,
    path = "/api/v1/staff/chats/{id}/messages",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    request_body = SayRequest,
    responses(
        (status = 200, description = "The message added", body = Said),
        (status = 404, description = "No such chat the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not the caller's chat, or ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or longer than 2000 characters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn reply(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<SayRequest>,
) -> Result<axum::Json<Said>, ApiError> {
    staff.require(&CHAT_ROLES)?;
    let said = state
        .chats
        .reply(&staff.0, &id, &req.text, req.client_id.as_deref())
        .await?;
    Ok(axum::Json(said))
}

/// Ends the chat (the operator who has it, or a supervisor).
#[utoipa::path(
    post,
    path = "/api/v1/staff/chats/{id}/end",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    responses(
        (status = 200, description = "Ended", body = Said),
        (status = 404, description = "No such chat the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another operator has it", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn end(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<axum::Json<Said>, ApiError> {
    staff.require(&CHAT_ROLES)?;
    Ok(axum::Json(state.chats.end_by_staff(&staff.0, &id).await?))
}

/// "Оформить обращение": asks the citizen to leave a request from the chat (the form on
/// their side; the conversation its description). The operator who has the chat.
#[utoipa::path(
    post,
    path = "/api/v1/staff/chats/{id}/offer",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    responses(
        (status = 200, description = "The line added (none if the chat became a request already)", body = Said),
        (status = 404, description = "No such chat the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not the caller's chat, or ended", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn offer(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<axum::Json<Said>, ApiError> {
    staff.require(&CHAT_ROLES)?;
    Ok(axum::Json(state.chats.offer_request(&staff.0, &id).await?))
}

/// "Передать": the chat goes to a colleague online (`to`) or waits for a specialist
/// department (`department`, level 3: one of its specialists online), with a note for
/// them. The one who has the chat.
#[utoipa::path(
    post,
    path = "/api/v1/staff/chats/{id}/transfer",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    request_body = TransferRequest,
    responses(
        (status = 200, description = "Handed over: the line the citizen sees", body = Said),
        (status = 404, description = "No such chat the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not the caller's chat, or ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` is not a colleague online, nobody of `department` is online, both or neither given, or the note is too long", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn transfer(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<TransferRequest>,
) -> Result<axum::Json<Said>, ApiError> {
    staff.require(&CHAT_ROLES)?;
    let said = state
        .chats
        .transfer(&staff.0, &id, &req.to, req.department, req.note.as_deref())
        .await?;
    Ok(axum::Json(said))
}

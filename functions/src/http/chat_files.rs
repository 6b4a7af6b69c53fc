//! Files in the chat: sending a message of uploaded files and fetching one, for the
//! chat's citizen (key or session) and for the operators who may see the chat.

use axum::extract::{Path, State};
use axum::response::Response;
use helpdesk_shared::Problem;
use helpdesk_shared::chat::{FilesRequest, Said};

use super::chat::ChatCaller;
use super::error::{ApiError, JsonBody};
use super::session::Staff;
use super::{AppState, Client};
use crate::chat::{CHAT_ROLES, FileSender};

/// Files from the citizen: ids of completed uploads, as one message.
#[utoipa::path(
    post,
    path = "/api/v1/chat/{id}/files",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    request_body = FilesRequest,
    responses(
        (status = 200, description = "The message with the files", body = Said),
        (status = 404, description = "No such chat for this key or session", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The chat has ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No files, too many, or an upload that is unknown, unfinished or used", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn send(
    State(state): State<AppState>,
    client: Client,
    caller: ChatCaller,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<FilesRequest>,
) -> Result<axum::Json<Said>, ApiError> {
    super::chat::count(&state, &client)?;
    let rec = caller.open(&state, &id).await?;
    let said = state
        .chats
        .send_files(
            &rec,
            FileSender::Citizen,
            &req.attachments,
            req.client_id.as_deref(),
            &state.attachments,
        )
        .await?;
    Ok(axum::Json(said))
}

/// One of the chat's files, for its citizen.
#[utoipa::path(
    get,
    path = "/api/v1/chat/{id}/files/{file}",
    tag = "chat",
    params(
        ("id" = String, Path, description = "The chat's id"),
        ("file" = String, Path, description = "The file's id"),
    ),
    responses(
        (status = 200, description = "The file (local server)", content(("application/pdf"), ("image/jpeg"), ("image/png"))),
        (status = 303, description = "Where to fetch it (cloud; valid for 60 s)"),
        (status = 404, description = "No such chat, or no such file in it", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn fetch(
    State(state): State<AppState>,
    caller: ChatCaller,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let rec = caller.open(&state, &id).await?;
    let info = state.chats.file(&rec, &file, &state.attachments).await?;
    super::submission::file_response(&state, &info).await
}

/// Files from the operator who has the chat.
#[utoipa::path(
    post,
    path = "/api/v1/staff/chats/{id}/files",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    request_body = FilesRequest,
    responses(
        (status = 200, description = "The message with the files", body = Said),
        (status = 404, description = "No such chat the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Ended, or not the caller's chat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No files, too many, or an upload that is unknown, unfinished or used", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn staff_send(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<FilesRequest>,
) -> Result<axum::Json<Said>, ApiError> {
    staff.require(&CHAT_ROLES)?;
    let rec = state.chats.open_staff(&staff.0, &id).await?;
    let said = state
        .chats
        .send_files(
            &rec,
            FileSender::Staff(&staff.0),
            &req.attachments,
            req.client_id.as_deref(),
            &state.attachments,
        )
        .await?;
    Ok(axum::Json(said))
}

/// One of the chat's files, for the operators who may see the chat.
#[utoipa::path(
    get,
    path = "/api/v1/staff/chats/{id}/files/{file}",
    tag = "chat",
    params(
        ("id" = String, Path, description = "The chat's id"),
        ("file" = String, Path, description = "The file's id"),
    ),
    responses(
        (status = 200, description = "The file (local server)", content(("application/pdf"), ("image/jpeg"), ("image/png"))),
        (status = 303, description = "Where to fetch it (cloud; valid for 60 s)"),
        (status = 404, description = "No such chat the caller may see, or no such file in it", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn staff_fetch(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    staff.require(&CHAT_ROLES)?;
    let rec = state.chats.open_staff(&staff.0, &id).await?;
    let info = state.chats.file(&rec, &file, &state.attachments).await?;
    super::submission::file_response(&state, &info).await
}

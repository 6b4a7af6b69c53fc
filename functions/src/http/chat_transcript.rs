//! The chat's transcript for its citizen: a PDF to download, or an e-mail to an address
//! they give. Read with the chat's key or the session of the citizen who started it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use helpdesk_shared::Problem;
use helpdesk_shared::chat::TranscriptEmail;

use super::chat::ChatCaller;
use super::error::{ApiError, JsonBody};
use super::{AppState, Client};

fn count(state: &AppState, client: &Client) -> Result<(), ApiError> {
    state.limit(
        &format!("{}:transcript", client.0),
        state.limits.transcript_per_client,
    )
}

/// The conversation as PDF (A4; each side named as the citizen saw them; Moscow times).
#[utoipa::path(
    get,
    path = "/api/v1/chat/{id}/transcript",
    tag = "chat",
    params(
        ("id" = String, Path, description = "The chat's id"),
        ("x-chat-key" = Option<String>, Header, description = "The chat's key (or the session of the citizen who started it)"),
    ),
    responses(
        (status = 200, description = "The transcript", content_type = "application/pdf"),
        (status = 404, description = "No such chat for this key or session", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many transcripts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn pdf(
    State(state): State<AppState>,
    client: Client,
    caller: ChatCaller,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    count(&state, &client)?;
    let rec = caller.open(&state, &id).await?;
    let bytes = state.chats.transcript_pdf(&rec).await?;
    let short: String = rec.id.chars().take(8).collect();
    super::error::generated_file(bytes, "application/pdf", &format!("chat-{short}.pdf"))
}

/// "Отправить на почту": the transcript as an e-mail to the address given (at most three
/// times per chat). Accepted at once; the e-mail goes out with the notifications.
#[utoipa::path(
    post,
    path = "/api/v1/chat/{id}/transcript/email",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    request_body = TranscriptEmail,
    responses(
        (status = 202, description = "Accepted: the e-mail is on its way"),
        (status = 404, description = "No such chat for this key or session", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Sent three times already for this chat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an e-mail address", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many transcripts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn email(
    State(state): State<AppState>,
    client: Client,
    caller: ChatCaller,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<TranscriptEmail>,
) -> Result<StatusCode, ApiError> {
    count(&state, &client)?;
    let rec = caller.open(&state, &id).await?;
    state
        .chats
        .email_transcript(&rec, &req.email, state.bus.as_ref())
        .await?;
    Ok(StatusCode::ACCEPTED)
}

//! The citizen's side of the chat (the chat group): start a conversation, read it after
//! a message number, write, mark the bot's answers, ask for an operator, ask the status
//! of a request, end and rate. A chat is read and written with its key (the
//! `x-chat-key` header, never in the URL) or by the signed-in citizen who started it.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use helpdesk_shared::Problem;
use helpdesk_shared::api::SubmitTicketRequest;
use helpdesk_shared::auth::Contact;
use helpdesk_shared::chat::{
    ChatRequestForm, ChatRequestMade, ChatStarted, ChatStatusRequest, ChatView, KEY_HEADER,
    MarkRequest, RateRequest, Said, SayRequest, Speaker, StartChat, StatusLine,
};
use helpdesk_shared::{FieldCode, FieldError, Lang};

use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::session::MaybeCitizen;
use super::{AppState, Client};
use crate::chat::{ChatRecord, Reader};
use crate::tickets::Lookup;

pub fn routes() -> Routes {
    Routes::new(Group::Chat)
        .at(Verb::Post, "/chat", start)
        .at(Verb::Get, "/chat/{id}", read)
        .at(Verb::Post, "/chat/{id}/messages", say)
        .at(Verb::Post, "/chat/{id}/marks", mark)
        .at(Verb::Post, "/chat/{id}/operator", operator)
        .at(Verb::Post, "/chat/{id}/status", status)
        .at(Verb::Post, "/chat/{id}/end", end)
        .at(Verb::Post, "/chat/{id}/rating", rate)
        .at(Verb::Post, "/chat/{id}/request", request)
        .at(
            Verb::Get,
            "/chat/{id}/transcript",
            super::chat_transcript::pdf,
        )
        .at(
            Verb::Post,
            "/chat/{id}/transcript/email",
            super::chat_transcript::email,
        )
        .at(Verb::Post, "/chat/{id}/files", super::chat_files::send)
        .at(
            Verb::Get,
            "/chat/{id}/files/{file}",
            super::chat_files::fetch,
        )
        .local(
            Verb::Get,
            "/chat/socket",
            axum::routing::get(super::chat_socket::socket),
        )
}

/// Whoever may be the chat's citizen: the key they sent, the session they have.
pub struct ChatCaller {
    key: Option<String>,
    citizen: Option<Contact>,
}

impl FromRequestParts<AppState> for ChatCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let key = parts
            .headers
            .get(KEY_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty() && v.len() <= 64);
        let MaybeCitizen(citizen) = MaybeCitizen::from_request_parts(parts, state).await?;
        Ok(ChatCaller { key, citizen })
    }
}

impl ChatCaller {
    /// The chat, if the key or the session is its citizen's.
    pub(super) async fn open(&self, state: &AppState, id: &str) -> Result<ChatRecord, ApiError> {
        if let Some(key) = &self.key {
            match state.chats.open(id, &Reader::Key(key)).await {
                Ok(rec) => return Ok(rec),
                Err(crate::chat::ChatError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
        match &self.citizen {
            Some(c) => Ok(state.chats.open(id, &Reader::Citizen(c)).await?),
            None => Err(ApiError::NoChat),
        }
    }
}

/// `?after=N`: the messages after number N (0 or absent: from the start).
pub fn after(params: &HashMap<String, String>) -> Result<u64, ApiError> {
    let mut errors = Vec::new();
    for name in params.keys().filter(|n| n.as_str() != "after") {
        errors.push(FieldError::new(name, FieldCode::UnknownValue));
    }
    let after = match params.get("after").map(String::as_str) {
        None | Some("") => 0,
        Some(n) => n.parse::<u64>().unwrap_or_else(|_| {
            errors.push(FieldError::new("after", FieldCode::UnknownValue));
            0
        }),
    };
    if errors.is_empty() {
        Ok(after)
    } else {
        Err(ApiError::Validation(errors))
    }
}

pub(super) fn count(state: &AppState, client: &Client) -> Result<(), ApiError> {
    state.limit(
        &format!("{}:chat_message", client.0),
        state.limits.chat_message_per_client,
    )
}

/// Starts a chat with the bot: its greeting and quick questions, and the key to keep.
#[utoipa::path(
    post,
    path = "/api/v1/chat",
    tag = "chat",
    request_body = StartChat,
    responses(
        (status = 201, description = "The chat and its key (kept by the client, sent as x-chat-key)", body = ChatStarted),
        (status = 429, description = "Too many chats from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn start(
    State(state): State<AppState>,
    client: Client,
    MaybeCitizen(citizen): MaybeCitizen,
    JsonBody(req): JsonBody<StartChat>,
) -> Result<(StatusCode, axum::Json<ChatStarted>), ApiError> {
    state.limit(&format!("{}:chat", client.0), state.limits.chat_per_client)?;
    let lang = req.lang.unwrap_or(Lang::Ru);
    let (key, chat) = state.chats.start(lang, citizen.as_ref()).await?;
    Ok((StatusCode::CREATED, axum::Json(ChatStarted { key, chat })))
}

/// The chat with the messages after number `after`: what a client that reconnects
/// asks for, so it has every message once.
#[utoipa::path(
    get,
    path = "/api/v1/chat/{id}",
    tag = "chat",
    params(
        ("id" = String, Path, description = "The chat's id"),
        ("after" = Option<u64>, Query, description = "The last message number the client has (default 0)"),
        ("x-chat-key" = Option<String>, Header, description = "The chat's key (or the session of the citizen who started it)"),
    ),
    responses(
        (status = 200, description = "The chat and the messages after `after` (up to 200; `more` if others follow)", body = ChatView),
        (status = 404, description = "No such chat for this key or session", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`after` is not a number", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn read(
    State(state): State<AppState>,
    caller: ChatCaller,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<axum::Json<ChatView>, ApiError> {
    let after = after(&params)?;
    let rec = caller.open(&state, &id).await?;
    Ok(axum::Json(state.chats.read(&rec, after).await?))
}

/// A message from the citizen; while the bot has the chat, its reply comes in the
/// same answer. Sending again with the same `client_id` keeps one copy.
#[utoipa::path(
    post,
    path = "/api/v1/chat/{id}/messages",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    request_body = SayRequest,
    responses(
        (status = 200, description = "The messages added (the citizen's, the bot's reply)", body = Said),
        (status = 404, description = "No such chat for this key or session", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The chat has ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty, longer than 2000 characters, hidden characters, or a bad client_id", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many messages", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn say(
    State(state): State<AppState>,
    client: Client,
    caller: ChatCaller,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<SayRequest>,
) -> Result<axum::Json<Said>, ApiError> {
    count(&state, &client)?;
    let rec = caller.open(&state, &id).await?;
    let said = state
        .chats
        .say(&rec, &req.text, req.client_id.as_deref())
        .await?;
    Ok(axum::Json(said))
}

/// "Помог ли ответ?" on one of the bot's answers; the second "no" hands the chat to an
/// operator.
#[utoipa::path(
    post,
    path = "/api/v1/chat/{id}/marks",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    request_body = MarkRequest,
    responses(
        (status = 200, description = "The bot's reply, or the hand-off", body = Said),
        (status = 404, description = "No such chat for this key or session", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such message", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn mark(
    State(state): State<AppState>,
    client: Client,
    caller: ChatCaller,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<MarkRequest>,
) -> Result<axum::Json<Said>, ApiError> {
    count(&state, &client)?;
    let rec = caller.open(&state, &id).await?;
    Ok(axum::Json(
        state.chats.mark(&rec, req.seq, req.helpful).await?,
    ))
}

/// "Связаться с оператором": to the operators' waiting list, or (out of hours, nobody
/// online) the bot says when they are back.
#[utoipa::path(
    post,
    path = "/api/v1/chat/{id}/operator",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    responses(
        (status = 200, description = "Handed off, or the operators' hours", body = Said),
        (status = 404, description = "No such chat for this key or session", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The chat has ended", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn operator(
    State(state): State<AppState>,
    client: Client,
    caller: ChatCaller,
    Path(id): Path<String>,
) -> Result<axum::Json<Said>, ApiError> {
    count(&state, &client)?;
    let rec = caller.open(&state, &id).await?;
    Ok(axum::Json(state.chats.ask_for_operator(&rec).await?))
}

/// The bot tells a request's status: with its access code (counted against guessing as
/// lookups are), or without one for the signed-in citizen whose request it is.
#[utoipa::path(
    post,
    path = "/api/v1/chat/{id}/status",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    request_body = ChatStatusRequest,
    responses(
        (status = 200, description = "The bot's message with the status", body = Said),
        (status = 404, description = "No such chat, or no request with this number and code", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed number or code", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many lookups or wrong codes", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn status(
    State(state): State<AppState>,
    client: Client,
    caller: ChatCaller,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<ChatStatusRequest>,
) -> Result<axum::Json<Said>, ApiError> {
    let rec = caller.open(&state, &id).await?;
    let view = match &caller.citizen {
        Some(contact) if req.access_code.trim().is_empty() => {
            count(&state, &client)?;
            state.tickets.view_owned(contact, &req.number).await?
        }
        _ => {
            let lookup = Lookup {
                number: &req.number,
                access_code: &req.access_code,
            };
            let wrong = super::status::limit(
                &state,
                &client,
                "lookup",
                state.limits.lookup_per_client,
                &lookup,
            )?;
            wrong.count(&state, state.tickets.lookup(&lookup).await)?
        }
    };
    let line = StatusLine {
        number: view.number,
        status: view.status,
        expected_by: view.expected_by,
    };
    Ok(axum::Json(state.chats.tell_status(&rec, line).await?))
}

/// The citizen ends the chat (then it can be rated).
#[utoipa::path(
    post,
    path = "/api/v1/chat/{id}/end",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    responses(
        (status = 200, description = "Ended (again: nothing added)", body = Said),
        (status = 404, description = "No such chat for this key or session", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn end(
    State(state): State<AppState>,
    client: Client,
    caller: ChatCaller,
    Path(id): Path<String>,
) -> Result<axum::Json<Said>, ApiError> {
    count(&state, &client)?;
    let rec = caller.open(&state, &id).await?;
    Ok(axum::Json(
        state.chats.end(&rec.id, Speaker::Citizen).await?,
    ))
}

/// The citizen's rating of an ended chat: 1–5 and an optional comment, once.
#[utoipa::path(
    post,
    path = "/api/v1/chat/{id}/rating",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    request_body = RateRequest,
    responses(
        (status = 204, description = "Kept"),
        (status = 404, description = "No such chat for this key or session", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Rated already, or not ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Stars not 1–5, or the comment too long", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn rate(
    State(state): State<AppState>,
    client: Client,
    caller: ChatCaller,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<RateRequest>,
) -> Result<StatusCode, ApiError> {
    count(&state, &client)?;
    let rec = caller.open(&state, &id).await?;
    state
        .chats
        .rate(&rec, req.stars, req.comment.as_deref())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// "Оставить обращение": the chat becomes a request (the citizen's first message its
/// subject, the transcript its description, in the chat's language), with the same
/// checks as the form's; a number and access code at once. Sent again with the same key,
/// it answers the same request.
#[utoipa::path(
    post,
    path = "/api/v1/chat/{id}/request",
    tag = "chat",
    params(("id" = String, Path, description = "The chat's id")),
    request_body = ChatRequestForm,
    responses(
        (status = 201, description = "The request (its access code shown once) and the chat's new line", body = ChatRequestMade),
        (status = 404, description = "No such chat for this key or session", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix (category, name, contact, consent)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn request(
    State(state): State<AppState>,
    client: Client,
    caller: ChatCaller,
    Path(id): Path<String>,
    JsonBody(form): JsonBody<ChatRequestForm>,
) -> Result<(StatusCode, axum::Json<ChatRequestMade>), ApiError> {
    state.limit(
        &format!("{}:submit", client.0),
        state.limits.submit_per_client,
    )?;
    let rec = caller.open(&state, &id).await?;
    let messages = crate::chat::messages_of(state.store.as_ref(), &rec.id).await?;
    let req = SubmitTicketRequest {
        category: form.category,
        subject: crate::chat::subject(&messages, rec.lang),
        description: crate::chat::transcript(&messages, rec.lang),
        full_name: form.full_name,
        phone: form.phone,
        email: form.email,
        consent: form.consent,
        language: Some(rec.lang),
        // The files sent in the chat go with it (as many as a request takes).
        attachments: messages
            .iter()
            .flat_map(|m| m.files.iter().map(|f| f.id.clone()))
            .take(helpdesk_shared::attachment::MAX_FILES)
            .collect(),
        ..SubmitTicketRequest::default()
    };
    // A retry answers the same request: keyed by the chat's key, a secret the store
    // does not hold (the idempotency record seals the access code with it).
    let key = caller.key.as_ref().map(|k| {
        format!(
            "chat-{}",
            crate::ids::sha256_hex(&[b"chat-request", id.as_bytes(), k.as_bytes()])
        )
    });
    let done = state
        .tickets
        .submit_by(
            helpdesk_shared::report::Channel::Chat,
            &req,
            key.as_deref(),
            caller.citizen.as_ref(),
        )
        .await?;
    let said = state
        .chats
        .request_made(&rec, &done.response.number)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(ChatRequestMade {
            ticket: done.response,
            said,
        }),
    ))
}

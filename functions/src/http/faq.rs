//! The knowledge base's public endpoints (in the status group): the published articles
//! with a content-hash ETag, a topic guess for text being typed, and "was this helpful?".

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use helpdesk_shared::faq::{
    FaqBundle, QUERY_MAX, SearchHit, TOPIC_TEXT_MAX, TopicGuess, TopicRequest, VoteRequest,
};
use helpdesk_shared::{FieldCode, FieldError, Lang, Problem};

use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::{AppState, Client};

pub fn routes() -> Routes {
    Routes::new(Group::Status)
        .at(Verb::Get, "/faq", articles)
        .at(Verb::Get, "/faq/search", search)
        .at(Verb::Post, "/faq/topic", topic)
        .at(Verb::Post, "/faq/{slug}/vote", vote)
}

/// The published articles, in both languages. `ETag` is the content's hash: send it
/// back in `If-None-Match` for a 304.
#[utoipa::path(
    get,
    path = "/api/v1/faq",
    tag = "status",
    responses(
        (status = 200, description = "The published articles and their version", body = FaqBundle),
        (status = 304, description = "Not changed since the `If-None-Match` version"),
    )
)]
pub async fn articles(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let published = state.faq.published().await?;
    let etag = format!("\"{}\"", published.bundle.version);
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut resp = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        axum::Json(&published.bundle).into_response()
    };
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    // Public content: a browser (and a CDN) may keep it five minutes, then ask again.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(resp)
}

/// The articles that answer a question, best first (the server's copy of the engine the
/// FAQ pages will run in the browser; the chat bot's too).
#[utoipa::path(
    get,
    path = "/api/v1/faq/search",
    tag = "status",
    params(
        ("q" = String, Query, description = "The question, up to 200 characters"),
        ("lang" = Option<String>, Query, description = "ru (default) or en: the language of the titles and answers"),
        ("limit" = Option<u32>, Query, description = "1 to 20, default 5"),
    ),
    responses(
        (status = 200, description = "The articles found, best first; empty when none fits", body = Vec<SearchHit>),
        (status = 422, description = "No question, a longer one, or an unknown language or limit", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many searches", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    client: Client,
    Query(params): Query<HashMap<String, String>>,
) -> Result<axum::Json<Vec<SearchHit>>, ApiError> {
    state.limit(
        &format!("{}:search", client.0),
        state.limits.search_per_client,
    )?;
    let mut errors = Vec::new();
    for name in params.keys() {
        if !["q", "lang", "limit"].contains(&name.as_str()) {
            errors.push(FieldError::new(name, FieldCode::UnknownValue));
        }
    }
    let q = params.get("q").map(|q| q.trim()).unwrap_or_default();
    if q.is_empty() {
        errors.push(FieldError::new("q", FieldCode::Required));
    } else if q.chars().count() > QUERY_MAX {
        errors.push(FieldError::with_limit(
            "q",
            FieldCode::TooLong,
            QUERY_MAX as u32,
        ));
    }
    let lang = match params.get("lang").map(String::as_str) {
        None | Some("") => Some(Lang::Ru),
        Some(code) => Lang::from_code(code),
    };
    if lang.is_none() {
        errors.push(FieldError::new("lang", FieldCode::UnknownValue));
    }
    let limit = match params.get("limit").map(String::as_str) {
        None | Some("") => Some(5),
        Some(n) => n.parse::<usize>().ok().filter(|n| (1..=20).contains(n)),
    };
    if limit.is_none() {
        errors.push(FieldError::new("limit", FieldCode::UnknownValue));
    }
    let (Some(lang), Some(limit), true) = (lang, limit, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let published = state.faq.published().await?;
    Ok(axum::Json(published.knowledge.hits(q, lang, limit)))
}

/// The likeliest category of a request's text as it is typed (a suggestion for the
/// form's topic).
#[utoipa::path(
    post,
    path = "/api/v1/faq/topic",
    tag = "status",
    request_body = TopicRequest,
    responses(
        (status = 200, description = "The likeliest category and how sure", body = TopicGuess),
        (status = 422, description = "The text is longer than 6000 characters", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many guesses", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn topic(
    State(state): State<AppState>,
    client: Client,
    JsonBody(req): JsonBody<TopicRequest>,
) -> Result<axum::Json<TopicGuess>, ApiError> {
    state.limit(
        &format!("{}:topic", client.0),
        state.limits.topic_per_client,
    )?;
    if req.text.chars().count() > TOPIC_TEXT_MAX {
        return Err(ApiError::Validation(vec![FieldError::with_limit(
            "text",
            FieldCode::TooLong,
            TOPIC_TEXT_MAX as u32,
        )]));
    }
    Ok(axum::Json(state.faq.topic(&req.text).await?))
}

/// "Был ли ответ полезен?": counts yes or no for an article; on no, keeps what was
/// missing (2–1000 characters).
#[utoipa::path(
    post,
    path = "/api/v1/faq/{slug}/vote",
    tag = "status",
    params(("slug" = String, Path, description = "The article's address, e.g. pay-fee")),
    request_body = VoteRequest,
    responses(
        (status = 204, description = "Counted"),
        (status = 404, description = "No published article with this address", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "What was missing is too short, too long or has hidden characters", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many votes", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn vote(
    State(state): State<AppState>,
    client: Client,
    Path(slug): Path<String>,
    headers: HeaderMap,
    JsonBody(req): JsonBody<VoteRequest>,
) -> Result<StatusCode, ApiError> {
    state.limit(&format!("{}:vote", client.0), state.limits.vote_per_client)?;
    let lang = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| Lang::from_code(v.get(..2)?))
        .unwrap_or(Lang::Ru);
    state.faq.vote(&slug, &req, lang).await?;
    Ok(StatusCode::NO_CONTENT)
}

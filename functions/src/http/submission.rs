use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::post;
use helpdesk_shared::Problem;
use helpdesk_shared::api::{AttachmentInfo, SubmitTicketRequest, SubmitTicketResponse};
use helpdesk_shared::attachment::MAX_BYTES;

use super::error::{ApiError, JsonBody};
use super::{AppState, Client};
use crate::tickets::valid_idempotency_key;

/// JSON bodies: a 5000-character description in 4-byte characters and the rest fit.
pub const JSON_LIMIT: usize = 64 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/tickets",
            post(submit).layer(DefaultBodyLimit::max(JSON_LIMIT)),
        )
        .route(
            "/attachments",
            post(upload).layer(DefaultBodyLimit::disable()),
        )
}

/// Submit a request. Retries with the same `Idempotency-Key` return the same number.
#[utoipa::path(
    post,
    path = "/api/v1/tickets",
    tag = "submission",
    request_body = SubmitTicketRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "16-128 characters, e.g. a UUID; a retry with the same key and body returns the same request")),
    responses(
        (status = 201, description = "Submitted (or replayed)", body = SubmitTicketResponse),
        (status = 400, description = "Bad JSON or key", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix, or a reused key", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many submissions", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    JsonBody(req): JsonBody<SubmitTicketRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => match v.to_str() {
            Ok(k) if valid_idempotency_key(k) => Some(k.to_owned()),
            _ => return Err(ApiError::BadIdempotencyKey),
        },
    };
    state.limit(
        &format!("{}:submit", client.0),
        state.limits.submit_per_client,
    )?;
    let done = state.tickets.submit(&req, key.as_deref()).await?;
    let mut resp = (StatusCode::CREATED, axum::Json(done.response)).into_response();
    if done.replayed {
        resp.headers_mut().insert(
            "idempotent-replayed",
            "true".parse().expect("static header"),
        );
    }
    Ok(resp)
}

/// Upload one attachment (PDF, JPEG or PNG, at most 5 MB) as the raw body; its name goes
/// percent-encoded in `X-File-Name`. The returned id is then listed in a submission.
#[utoipa::path(
    post,
    path = "/api/v1/attachments",
    tag = "submission",
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    params(("X-File-Name" = Option<String>, Header, description = "The file's name, percent-encoded UTF-8")),
    responses(
        (status = 201, description = "Stored; claim it within 24 hours", body = AttachmentInfo),
        (status = 413, description = "Larger than 5 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a PDF, JPEG or PNG, or empty", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many uploads", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    body: Body,
) -> Result<impl IntoResponse, ApiError> {
    let too_large = ApiError::TooLarge {
        field: Some("file"),
        limit_mb: 5,
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BYTES) {
        return Err(too_large);
    }
    state.limit(
        &format!("{}:upload", client.0),
        state.limits.upload_per_client,
    )?;
    let bytes = axum::body::to_bytes(body, MAX_BYTES as usize)
        .await
        .map_err(|_| too_large)?;
    let name = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .unwrap_or_default();
    let info = state.attachments.upload(&name, &bytes).await?;
    Ok((StatusCode::CREATED, axum::Json(info)))
}

/// Decodes `%XX` escapes as UTF-8; malformed escapes stay as they are.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = || {
            std::str::from_utf8(b.get(i + 1..i + 3)?)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        match (b[i], hex()) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_decoding() {
        assert_eq!(
            super::percent_decode("%D1%81%D0%BA%D0%B0%D0%BD.pdf"),
            "скан.pdf"
        );
        assert_eq!(super::percent_decode("a%2"), "a%2");
        assert_eq!(super::percent_decode("plain.png"), "plain.png");
    }
}

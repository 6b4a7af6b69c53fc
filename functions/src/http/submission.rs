use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{post, put};
use helpdesk_shared::Problem;
use helpdesk_shared::api::{
    AttachmentInfo, SubmitTicketRequest, SubmitTicketResponse, UploadRequest, UploadTarget,
};
use helpdesk_shared::attachment::MAX_BYTES;

use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::session::MaybeCitizen;
use super::{AppState, Client};
use crate::tickets::valid_idempotency_key;

/// JSON bodies: a 5000-character description in 4-byte characters and the rest fit.
pub const JSON_LIMIT: usize = 64 * 1024;

pub fn routes() -> Routes {
    Routes::new(Group::Submission)
        .at_router(
            Verb::Post,
            "/tickets",
            post(submit).layer(DefaultBodyLimit::max(JSON_LIMIT)),
        )
        .at_router(
            Verb::Post,
            "/attachments",
            post(begin_upload).layer(DefaultBodyLimit::max(JSON_LIMIT)),
        )
        // In AWS the bytes go to the presigned S3 URL instead.
        .local(
            Verb::Put,
            "/attachments/{id}/content",
            put(upload_content).layer(DefaultBodyLimit::disable()),
        )
        .at(Verb::Post, "/attachments/{id}/complete", complete_upload)
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
    MaybeCitizen(signed_in): MaybeCitizen,
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
    let done = state
        .tickets
        .submit(&req, key.as_deref(), signed_in.as_ref())
        .await?;
    let mut resp = (StatusCode::CREATED, axum::Json(done.response)).into_response();
    if done.replayed {
        resp.headers_mut().insert(
            "idempotent-replayed",
            "true".parse().expect("static header"),
        );
    }
    Ok(resp)
}

/// Step 1 of an upload: announce the file (name, exact size, MIME type: PDF, JPEG or
/// PNG, at most 5 MB) and get where to PUT its bytes.
#[utoipa::path(
    post,
    path = "/api/v1/attachments",
    tag = "submission",
    request_body = UploadRequest,
    responses(
        (status = 201, description = "PUT the bytes to `url` with `headers`, then complete", body = UploadTarget),
        (status = 413, description = "Larger than 5 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a PDF, JPEG or PNG, or empty", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many uploads", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn begin_upload(
    State(state): State<AppState>,
    client: Client,
    JsonBody(req): JsonBody<UploadRequest>,
) -> Result<impl IntoResponse, ApiError> {
    state.limit(
        &format!("{}:upload", client.0),
        state.limits.upload_per_client,
    )?;
    let target = state.attachments.begin(&req).await?;
    Ok((StatusCode::CREATED, axum::Json(target)))
}

/// Step 2 when this server is the upload target (local mode; in the cloud the target is
/// a presigned S3 URL): the raw bytes, at most the announced size.
#[utoipa::path(
    put,
    path = "/api/v1/attachments/{id}/content",
    tag = "submission",
    params(("id" = String, Path, description = "From step 1")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 204, description = "Stored; now complete the upload"),
        (status = 404, description = "No upload waits under this id", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "More bytes than announced", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn upload_content(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Body,
) -> Result<impl IntoResponse, ApiError> {
    let too_large = ApiError::TooLarge {
        field: Some("file"),
        limit_mb: 5,
    };
    let bytes = axum::body::to_bytes(body, MAX_BYTES as usize)
        .await
        .map_err(|_| too_large)?;
    state.attachments.receive(&id, &bytes).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Step 3: the server checks what arrived (size, and type by content) and returns the
/// file to list in a submission or a message within 24 hours.
#[utoipa::path(
    post,
    path = "/api/v1/attachments/{id}/complete",
    tag = "submission",
    params(("id" = String, Path, description = "From step 1")),
    responses(
        (status = 200, description = "Checked and ready to attach", body = AttachmentInfo),
        (status = 404, description = "No upload waits under this id", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 5 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a PDF, JPEG or PNG, empty, or never sent", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn complete_upload(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(axum::Json(state.attachments.complete(&id).await?))
}

/// A stored file as an answer: where to fetch it (303 to a short-lived S3 address in
/// the cloud) or its bytes (locally), always as an attachment, never sniffed. For the
/// staff's downloads of a request's files and the chat's.
pub(super) async fn file_response(
    state: &AppState,
    info: &helpdesk_shared::api::AttachmentInfo,
) -> Result<axum::response::Response, ApiError> {
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let mut resp = match state.attachments.download(info).await? {
        crate::blobs::Download::Redirect(url) => {
            let mut r = StatusCode::SEE_OTHER.into_response();
            r.headers_mut().insert(
                header::LOCATION,
                HeaderValue::from_str(&url).map_err(|_| ApiError::Internal)?,
            );
            r
        }
        crate::blobs::Download::Bytes(bytes) => {
            let mut r = bytes.into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(info.kind.mime()),
            );
            h.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&crate::blobs::content_disposition(&info.name))
                    .map_err(|_| ApiError::Internal)?,
            );
            r
        }
    };
    resp.headers_mut().insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    Ok(resp)
}

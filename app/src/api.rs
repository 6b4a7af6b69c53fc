//! Talking to `/api/v1`: JSON with gloo-net; the bytes of uploads with XMLHttpRequest,
//! the only browser API that reports upload progress.

use gloo_net::http::{Request, Response};
use helpdesk_shared::{Problem, ProblemCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone)]
pub enum ApiFailure {
    /// The server answered with a problem document.
    Problem(Problem),
    /// No answer at all (offline, server down).
    Network,
    /// A success whose body this version cannot read (a proxy's page, a newer server):
    /// the server did answer, so this is not "check your connection".
    Unreadable(u16),
}

impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiFailure::Problem(p) => write!(f, "{} {}", p.status, p.code.as_str()),
            ApiFailure::Network => f.write_str("no answer"),
            ApiFailure::Unreadable(status) => write!(f, "{status}, unreadable"),
        }
    }
}

/// A failed load is thrown to the page's `ErrorBoundary`, which reads it back
/// (`load::show`).
impl std::error::Error for ApiFailure {}

impl ApiFailure {
    pub fn status(&self) -> u16 {
        match self {
            ApiFailure::Problem(p) => p.status,
            ApiFailure::Network => 0,
            ApiFailure::Unreadable(status) => *status,
        }
    }
}

use helpdesk_shared::api::CSRF_HEADER;

fn url(path: &str) -> String {
    format!("{}{path}", helpdesk_shared::api::PREFIX)
}

async fn read<R: DeserializeOwned>(resp: Response) -> Result<R, ApiFailure> {
    if resp.ok() {
        let status = resp.status();
        return resp.json::<R>().await.map_err(|e| {
            leptos::logging::warn!("unreadable answer ({status}): {e}");
            ApiFailure::Unreadable(status)
        });
    }
    let status = resp.status();
    Err(match resp.json::<Problem>().await {
        Ok(p) => ApiFailure::Problem(p),
        Err(_) => ApiFailure::Problem(Problem::with_status(status, ProblemCode::Unknown, "")),
    })
}

pub async fn post<B: Serialize, R: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<R, ApiFailure> {
    // Every write carries it: the server refuses signed-in writes without it (CSRF).
    let resp = Request::post(&url(path))
        .header(CSRF_HEADER, "1")
        .json(body)
        .map_err(|_| ApiFailure::Network)?
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    read(resp).await
}

/// A POST without a body whose success has no content (sign-out).
pub async fn post_no_content(path: &str) -> Result<(), ApiFailure> {
    no_content(
        Request::post(&url(path))
            .header(CSRF_HEADER, "1")
            .send()
            .await
            .map_err(|_| ApiFailure::Network)?,
    )
    .await
}

/// A PUT of JSON (admin edits): it replaces what is there, or, `create_only`, only
/// creates (`If-None-Match: *`: the server refuses an id in use).
#[cfg(feature = "staff")]
pub async fn put<B: Serialize, R: DeserializeOwned>(
    path: &str,
    body: &B,
    create_only: bool,
) -> Result<R, ApiFailure> {
    let mut req = Request::put(&url(path));
    if create_only {
        req = req.header("If-None-Match", "*");
    }
    put_with(req, body).await
}

#[cfg(feature = "staff")]
async fn put_with<B: Serialize, R: DeserializeOwned>(
    req: gloo_net::http::RequestBuilder,
    body: &B,
) -> Result<R, ApiFailure> {
    let resp = req
        .header(CSRF_HEADER, "1")
        .json(body)
        .map_err(|_| ApiFailure::Network)?
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    read(resp).await
}

/// A PUT of JSON whose success has no content (the knowledge base's order).
#[cfg(feature = "staff")]
pub async fn put_empty<B: Serialize>(path: &str, body: &B) -> Result<(), ApiFailure> {
    no_content(
        Request::put(&url(path))
            .header(CSRF_HEADER, "1")
            .json(body)
            .map_err(|_| ApiFailure::Network)?
            .send()
            .await
            .map_err(|_| ApiFailure::Network)?,
    )
    .await
}

/// A POST of JSON whose success has no content (marking notifications seen).
pub async fn post_empty<B: Serialize>(path: &str, body: &B) -> Result<(), ApiFailure> {
    no_content(
        Request::post(&url(path))
            .header(CSRF_HEADER, "1")
            .json(body)
            .map_err(|_| ApiFailure::Network)?
            .send()
            .await
            .map_err(|_| ApiFailure::Network)?,
    )
    .await
}

/// A DELETE whose success answers with JSON (the settings after the change).
#[cfg(feature = "staff")]
pub async fn delete_for<R: DeserializeOwned>(path: &str) -> Result<R, ApiFailure> {
    let resp = Request::delete(&url(path))
        .header(CSRF_HEADER, "1")
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    read(resp).await
}

/// A DELETE whose success has no content.
#[cfg(feature = "staff")]
pub async fn delete(path: &str) -> Result<(), ApiFailure> {
    no_content(
        Request::delete(&url(path))
            .header(CSRF_HEADER, "1")
            .send()
            .await
            .map_err(|_| ApiFailure::Network)?,
    )
    .await
}

async fn no_content(resp: Response) -> Result<(), ApiFailure> {
    if resp.ok() {
        return Ok(());
    }
    Err(read::<serde_json::Value>(resp)
        .await
        .err()
        .unwrap_or(ApiFailure::Network))
}

pub async fn get<R: DeserializeOwned>(path: &str) -> Result<R, ApiFailure> {
    let resp = Request::get(&url(path))
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    read(resp).await
}

/// A GET whose answer is wanted as text (the articles, which the search module reads
/// as they came).
pub async fn get_text(path: &str) -> Result<String, ApiFailure> {
    let resp = Request::get(&url(path))
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    if resp.ok() {
        let status = resp.status();
        return resp
            .text()
            .await
            .map_err(|_| ApiFailure::Unreadable(status));
    }
    Err(read::<serde_json::Value>(resp)
        .await
        .err()
        .unwrap_or(ApiFailure::Network))
}

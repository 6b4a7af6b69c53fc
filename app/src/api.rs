//! Talking to `/api/v1`: JSON with gloo-net; the bytes of uploads with XMLHttpRequest,
//! the only browser API that reports upload progress.

use gloo_net::http::{Request, Response};
use helpdesk_shared::api::{AttachmentInfo, UploadRequest, UploadTarget};
use helpdesk_shared::{Problem, ProblemCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

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
    idempotency_key: Option<&str>,
) -> Result<R, ApiFailure> {
    // Every write carries it: the server refuses signed-in writes without it (CSRF).
    let mut req = Request::post(&url(path)).header(CSRF_HEADER, "1");
    if let Some(key) = idempotency_key {
        req = req.header("Idempotency-Key", key);
    }
    let resp = req
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

/// Uploads one file, reporting progress in percent: announces it, PUTs the bytes where
/// the server says (a presigned S3 URL in the cloud, the server itself locally), then
/// asks the server to check what arrived.
pub async fn upload(
    file: &web_sys::File,
    progress: impl Fn(u32) + 'static,
) -> Result<AttachmentInfo, ApiFailure> {
    let announce = UploadRequest {
        name: file.name(),
        size: file.size() as u64,
        content_type: file.type_(),
    };
    let target: UploadTarget = post("/attachments", &announce, None).await?;
    put_with_progress(&target, file, progress).await?;
    post(
        &format!("/attachments/{}/complete", target.id),
        &serde_json::json!({}),
        None,
    )
    .await
}

/// The PUT of step 2 with XMLHttpRequest, the only browser API that reports upload
/// progress.
async fn put_with_progress(
    target: &UploadTarget,
    file: &web_sys::File,
    progress: impl Fn(u32) + 'static,
) -> Result<(), ApiFailure> {
    let net = |_| ApiFailure::Network;
    let xhr = web_sys::XmlHttpRequest::new().map_err(net)?;
    xhr.open_with_async("PUT", &target.url, true).map_err(net)?;
    for (name, value) in &target.headers {
        xhr.set_request_header(name, value).map_err(net)?;
    }
    // Our own server (local mode) sees the session cookie; a presigned S3 URL is signed
    // without this header and must not get it.
    if target.url.starts_with('/') {
        xhr.set_request_header(CSRF_HEADER, "1").map_err(net)?;
    }
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress((e.loaded() / e.total() * 100.0).round() as u32);
            }
        });
    xhr.upload()
        .map_err(net)?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let finished = js_sys::Promise::new(&mut |resolve, _reject| {
        let done = Closure::<dyn FnMut()>::new(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        xhr.set_onloadend(Some(done.as_ref().unchecked_ref()));
        done.forget(); // Runs once per upload; a few bytes per file.
    });
    xhr.send_with_opt_blob(Some(file)).map_err(net)?;
    let _ = JsFuture::from(finished).await;
    drop(on_progress);
    let status = xhr.status().map_err(net)?;
    let text = xhr.response_text().map_err(net)?.unwrap_or_default();
    match status {
        0 => Err(ApiFailure::Network),
        200..=299 => Ok(()),
        // Our own server answers with a problem; S3 with XML.
        _ => Err(ApiFailure::Problem(
            serde_json::from_str(&text)
                .unwrap_or_else(|_| Problem::with_status(status, ProblemCode::Unknown, "")),
        )),
    }
}

/// A fresh random key for one submission and its retries.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| {
            format!(
                "{:x}-{:x}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 1e15) as u64
            )
        })
}

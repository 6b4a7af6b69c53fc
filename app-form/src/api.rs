//! The form's calls to `/api/v1`: JSON through `fetch`, and the bytes of attachments
//! through XMLHttpRequest, the only browser API that reports upload progress. The
//! steps of an upload are the Leptos app's (`app/src/api.rs`): announce, PUT where the
//! server says, ask the server to check what arrived.

use helpdesk_shared::api::{AttachmentInfo, CSRF_HEADER, PREFIX, UploadRequest, UploadTarget};
use helpdesk_shared::{Problem, ProblemCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// Why a call did not give its answer.
#[derive(Debug, Clone)]
pub enum Failure {
    /// The server answered with a problem document (or an error it did not explain).
    Problem(Problem),
    /// No answer at all (offline, server down).
    Network,
}

impl Failure {
    fn status(status: u16) -> Failure {
        Failure::Problem(Problem::with_status(status, ProblemCode::Unknown, ""))
    }
}

/// POSTs `body` (JSON) to `path`; the answer read as `R`.
pub async fn post<B: Serialize, R: DeserializeOwned>(
    path: &str,
    body: &B,
    idempotency_key: Option<&str>,
) -> Result<R, Failure> {
    let (status, text) = post_text(path, body, idempotency_key).await?;
    // A success this version cannot read (a proxy's page): the server did answer.
    serde_json::from_str(&text).map_err(|_| Failure::status(status))
}

/// POSTs `body` (JSON) to `path`; a success's status and text as they came.
pub async fn post_text<B: Serialize>(
    path: &str,
    body: &B,
    idempotency_key: Option<&str>,
) -> Result<(u16, String), Failure> {
    let text = serde_json::to_string(body).map_err(|_| Failure::Network)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&text));
    let req = Request::new_with_str_and_init(&format!("{PREFIX}{path}"), &init)
        .map_err(|_| Failure::Network)?;
    let headers = req.headers();
    let _ = headers.set("Content-Type", "application/json");
    // Every write carries it: the server refuses signed-in writes without it (CSRF).
    let _ = headers.set(CSRF_HEADER, "1");
    if let Some(key) = idempotency_key {
        let _ = headers.set("Idempotency-Key", key);
    }
    let window = web_sys::window().ok_or(Failure::Network)?;
    let resp: Response = JsFuture::from(window.fetch_with_request(&req))
        .await
        .map_err(|_| Failure::Network)?
        .dyn_into()
        .map_err(|_| Failure::Network)?;
    let status = resp.status();
    let text = match resp.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    }
    .unwrap_or_default();
    if resp.ok() {
        return Ok((status, text));
    }
    Err(Failure::Problem(
        serde_json::from_str(&text)
            .unwrap_or_else(|_| Problem::with_status(status, ProblemCode::Unknown, "")),
    ))
}

/// Uploads one file, reporting progress in percent.
pub async fn upload(
    file: &web_sys::File,
    progress: impl Fn(u32) + 'static,
) -> Result<AttachmentInfo, Failure> {
    let announce = UploadRequest {
        name: file.name(),
        size: file.size() as u64,
        content_type: file.type_(),
    };
    let target: UploadTarget = post("/attachments", &announce, None).await?;
    put_with_progress(&target, file, progress).await?;
    let complete = format!("/attachments/{}/complete", target.id);
    post(&complete, &serde_json::Map::new(), None).await
}

async fn put_with_progress(
    target: &UploadTarget,
    file: &web_sys::File,
    progress: impl Fn(u32) + 'static,
) -> Result<(), Failure> {
    let net = |_| Failure::Network;
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
        0 => Err(Failure::Network),
        200..=299 => Ok(()),
        // Our own server answers with a problem; S3 with XML.
        _ => Err(Failure::Problem(
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

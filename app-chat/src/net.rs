//! The chat's calls: JSON over `fetch` (with the chat's key for a citizen, the CSRF
//! header for staff, whose session cookie goes by itself), and what the browser keeps
//! (the chat's id and key, the draft, messages not sent yet) in localStorage.

use helpdesk_shared::ProblemCode;
use helpdesk_shared::api::{CSRF_HEADER, PREFIX};
use helpdesk_shared::chat::KEY_HEADER;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// No answer (offline, the server down).
    Network,
    /// A problem document's status and code (`Unknown` for an answer that is not one).
    Problem(u16, ProblemCode),
    /// Fields to fix (a 422 `validation` problem).
    Fields(Vec<helpdesk_shared::FieldError>),
}

/// Who calls: a citizen with the chat's key, or by their session (staff, or the
/// signed-in citizen who started the chat).
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    Key(String),
    Session,
}

pub async fn call<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&impl Serialize>,
    auth: &Auth,
) -> Result<T, Failure> {
    let text = send(method, path, body, auth).await?;
    serde_json::from_str(&text).map_err(|_| Failure::Problem(200, ProblemCode::Unknown))
}

/// A GET whose answer is a file (the transcript's PDF).
pub async fn blob(path: &str, auth: &Auth) -> Result<web_sys::Blob, Failure> {
    let resp = fetch("GET", path, None::<&()>, auth).await?;
    if resp.ok() {
        let blob = resp.blob().map_err(|_| Failure::Network)?;
        return JsFuture::from(blob)
            .await
            .map_err(|_| Failure::Network)?
            .dyn_into()
            .map_err(|_| Failure::Network);
    }
    Err(problem(resp).await)
}

/// As `call`, for answers without a body.
pub async fn send(
    method: &str,
    path: &str,
    body: Option<&impl Serialize>,
    auth: &Auth,
) -> Result<String, Failure> {
    let resp = fetch(method, path, body, auth).await?;
    if resp.ok() {
        return Ok(text(&resp).await);
    }
    Err(problem(resp).await)
}

async fn fetch(
    method: &str,
    path: &str,
    body: Option<&impl Serialize>,
    auth: &Auth,
) -> Result<Response, Failure> {
    let headers = Headers::new().map_err(|_| Failure::Network)?;
    let _ = headers.set("content-type", "application/json");
    match auth {
        Auth::Key(key) => {
            let _ = headers.set(KEY_HEADER, key);
        }
        Auth::Session => {}
    }
    // On every write: the server asks for it when the session cookie comes along.
    let _ = headers.set(CSRF_HEADER, "1");
    let init = RequestInit::new();
    init.set_method(method);
    init.set_headers(&headers);
    if let Some(b) = body {
        let json = serde_json::to_string(b).unwrap_or_default();
        init.set_body(&json.into());
    }
    let req = Request::new_with_str_and_init(&format!("{PREFIX}{path}"), &init)
        .map_err(|_| Failure::Network)?;
    let window = web_sys::window().ok_or(Failure::Network)?;
    JsFuture::from(window.fetch_with_request(&req))
        .await
        .map_err(|_| Failure::Network)?
        .dyn_into()
        .map_err(|_| Failure::Network)
}

async fn text(resp: &Response) -> String {
    match resp.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// A refusal as a `Failure`: fields to fix, or the problem's status and code.
async fn problem(resp: Response) -> Failure {
    let problem = serde_json::from_str::<helpdesk_shared::Problem>(&text(&resp).await).ok();
    let code = match problem {
        Some(p) if p.code == ProblemCode::Validation && !p.errors.is_empty() => {
            return Failure::Fields(p.errors);
        }
        Some(p) => p.code,
        None => ProblemCode::Unknown,
    };
    Failure::Problem(resp.status(), code)
}

/// A link to the blob with `download`, clicked and let go.
pub fn save(blob: &web_sys::Blob, name: &str) -> Option<()> {
    let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    let document = web_sys::window()?.document()?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The browser has started the download; the address can go after this turn.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000)
        .ok()?;
    Some(())
}

/// Step 2 of an upload: the bytes to where the server said (a presigned S3 address in
/// the cloud, the server itself locally), with exactly its headers.
pub async fn put_file(
    url: &str,
    headers: &std::collections::BTreeMap<String, String>,
    file: &web_sys::File,
) -> Result<(), Failure> {
    let h = Headers::new().map_err(|_| Failure::Network)?;
    for (name, value) in headers {
        let _ = h.set(name, value);
    }
    // Our own server sees the session cookie; a presigned S3 address is signed without
    // this header and must not get it.
    if url.starts_with('/') {
        let _ = h.set(CSRF_HEADER, "1");
    }
    let init = RequestInit::new();
    init.set_method("PUT");
    init.set_headers(&h);
    init.set_body(file);
    let req = Request::new_with_str_and_init(url, &init).map_err(|_| Failure::Network)?;
    let window = web_sys::window().ok_or(Failure::Network)?;
    let resp: Response = JsFuture::from(window.fetch_with_request(&req))
        .await
        .map_err(|_| Failure::Network)?
        .dyn_into()
        .map_err(|_| Failure::Network)?;
    if resp.ok() {
        Ok(())
    } else {
        Err(problem(resp).await)
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn store(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = if value.is_empty() {
            s.remove_item(key)
        } else {
            s.set_item(key, value)
        };
    }
}

/// The socket's address on this site: `wss://<host>/api/v1/chat/socket`.
pub fn socket_url() -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    Some(format!(
        "{scheme}://{}{PREFIX}/chat/socket",
        location.host().ok()?
    ))
}

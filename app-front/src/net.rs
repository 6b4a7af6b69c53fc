//! The home page's few calls (`fetch`, no JSON library: the answers are read as JS
//! values) and the knowledge base's module, imported through the boot script.

use helpdesk_app_site::Site;
use helpdesk_shared::api::{CSRF_HEADER, PREFIX};
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

async fn fetch(method: &str, path: &str) -> Option<Response> {
    let init = RequestInit::new();
    init.set_method(method);
    let req = Request::new_with_str_and_init(&format!("{PREFIX}{path}"), &init).ok()?;
    // Every write carries it: the server refuses signed-in writes without it (CSRF).
    let _ = req.headers().set(CSRF_HEADER, "1");
    let resp = JsFuture::from(web_sys::window()?.fetch_with_request(&req))
        .await
        .ok()?;
    resp.dyn_into().ok()
}

/// A GET's JSON answer; `None` for no answer or a refusal.
pub async fn get_json(path: &str) -> Option<JsValue> {
    let resp = fetch("GET", path).await.filter(Response::ok)?;
    JsFuture::from(resp.json().ok()?).await.ok()
}

async fn get_text(path: &str) -> Result<String, Site> {
    let resp = fetch("GET", path).await.ok_or(Site::ErrorsNetwork)?;
    if !resp.ok() {
        return Err(Site::ErrorsServer);
    }
    let text = JsFuture::from(resp.text().map_err(|_| Site::ErrorsServer)?)
        .await
        .map_err(|_| Site::ErrorsNetwork)?;
    text.as_string().ok_or(Site::ErrorsServer)
}

/// A POST without a body whose answer does not matter (signing out: the page is left
/// afterwards either way).
pub async fn post_empty(path: &str) {
    let _ = fetch("POST", path).await;
}

pub async fn sleep(ms: i32) {
    if ms <= 0 {
        return;
    }
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The knowledge base's module with the published articles loaded (`GET /faq`: the
/// HTTP cache and the ETag keep it cheap), or what to say instead.
pub async fn load_search() -> Result<JsValue, Site> {
    let articles = get_text("/faq").await?;
    let loader: Function = Reflect::get(&js_sys::global(), &"helpdeskSearch".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(Site::ErrorsServer)?;
    let promise: Promise = loader
        .call0(&JsValue::NULL)
        .ok()
        .and_then(|p| p.dyn_into().ok())
        .ok_or(Site::ErrorsServer)?;
    let module = JsFuture::from(promise)
        .await
        .map_err(|_| Site::ErrorsNetwork)?;
    match call(&module, "load", &[articles.into()]).and_then(|v| v.as_bool()) {
        Some(true) => Ok(module),
        _ => Err(Site::ErrorsServer),
    }
}

/// Calls a module's export with `args`; its answer.
pub fn call(module: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    Reflect::get(module, &name.into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?
        .apply(&JsValue::NULL, &args.iter().collect::<Array>())
        .ok()
}

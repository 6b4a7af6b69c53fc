//! Reading one's requests and chats offline, after opting in (`Мои обращения`): the
//! service worker keeps the answers while the cache `helpdesk-private` exists with the
//! opt-in's mark in it (app/sw.js); this makes it (on) and deletes it (off, sign-out, or
//! the server saying nobody is signed in). Nothing here reads what is kept: the pages fetch as usual and the worker answers
//! from the device when there is no network.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const PRIVATE: &str = "helpdesk-private";

fn caches() -> Option<web_sys::CacheStorage> {
    let window = web_sys::window()?;
    // No service worker, nothing would be kept: no choice to offer.
    if !js_sys::Reflect::has(&window.navigator(), &"serviceWorker".into()).unwrap_or(false) {
        return None;
    }
    window.caches().ok()
}

/// Whether this browser can keep them.
pub fn supported() -> bool {
    caches().is_some()
}

/// What is written into the cache when the citizen opts in: the worker keeps answers only
/// in a cache that holds it (app/sw.js, `OPTED_IN`), so a cache made again by its own
/// `open` racing a sign-out's delete is no choice.
const OPTED_IN: &str = "/offline-opt-in";

async fn private(c: &web_sys::CacheStorage) -> Option<web_sys::Cache> {
    JsFuture::from(c.open(PRIVATE)).await.ok()?.dyn_into().ok()
}

/// Whether the citizen opted in on this device: the mark asked for in the cache by name
/// (`caches.open` would make the cache were it not there).
pub async fn is_on() -> bool {
    let Some(c) = caches() else { return false };
    let options = js_sys::Object::new();
    if js_sys::Reflect::set(&options, &"cacheName".into(), &PRIVATE.into()).is_err() {
        return false;
    }
    let options: web_sys::CacheQueryOptions = options.unchecked_into();
    JsFuture::from(c.match_with_str_and_options(OPTED_IN, &options))
        .await
        .is_ok_and(|found| !found.is_undefined())
}

/// Opts in (what is opened from now on is kept) or out (what was kept is deleted).
pub async fn set(on: bool) {
    let Some(c) = caches() else { return };
    let done = if on {
        opt_in(&c).await
    } else {
        JsFuture::from(c.delete(PRIVATE)).await.map(drop)
    };
    if done.is_err() {
        leptos::logging::warn!("offline reading: the browser refused its storage");
    }
}

async fn opt_in(c: &web_sys::CacheStorage) -> Result<(), wasm_bindgen::JsValue> {
    let cache = private(c).await.ok_or(wasm_bindgen::JsValue::NULL)?;
    let mark = web_sys::Response::new_with_opt_str(Some("1"))?;
    JsFuture::from(cache.put_with_str(OPTED_IN, &mark))
        .await
        .map(drop)
}

/// Deletes what was kept (sign-out): awaited, so the next page cannot read it.
pub async fn forget() {
    set(false).await;
}

/// Forgets, without waiting (the server said nobody is signed in).
pub fn forget_later() {
    if caches().is_some() {
        wasm_bindgen_futures::spawn_local(forget());
    }
}

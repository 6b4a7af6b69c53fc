//! Reading one's requests and chats offline, after opting in (`Мои обращения`): the
//! service worker keeps the answers while the cache `helpdesk-private` exists (app/sw.js);
//! this makes it (on) and deletes it (off, sign-out, or the server saying nobody is signed
//! in). Nothing here reads what is kept: the pages fetch as usual and the worker answers
//! from the device when there is no network.

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

/// Whether the citizen opted in on this device.
pub async fn is_on() -> bool {
    let Some(c) = caches() else { return false };
    JsFuture::from(c.has(PRIVATE))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Opts in (what is opened from now on is kept) or out (what was kept is deleted).
pub async fn set(on: bool) {
    let Some(c) = caches() else { return };
    let promise = if on {
        c.open(PRIVATE)
    } else {
        c.delete(PRIVATE)
    };
    if JsFuture::from(promise).await.is_err() {
        leptos::logging::warn!("offline reading: the browser refused its storage");
    }
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

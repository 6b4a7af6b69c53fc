//! Browser push on the notification centre: turned on in this browser only when the
//! citizen presses the button (the browser asks its permission then, never on page
//! load): the service worker (`/sw.js`) is registered (if `app/pwa.js` has not already),
//! the browser subscribes with the server's VAPID key and the subscription goes to
//! `POST /my/push`. Turned off the same way. Says plainly when the browser cannot, or the citizen blocked it.

use helpdesk_shared::notice::{PushInfo, PushRemove, PushSubscription};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{PushManager, PushSubscriptionOptionsInit, ServiceWorkerRegistration};

use crate::api;
use crate::banner::Banner;
use crate::i18n::Notices;
use crate::load::common_failure;
use crate::prefs::use_prefs;

/// What stopped push from turning on.
enum Refused {
    Unsupported,
    Denied,
    Failed,
}

impl Refused {
    fn key(&self) -> Notices {
        match self {
            Refused::Unsupported => Notices::PushUnsupported,
            Refused::Denied => Notices::PushDenied,
            Refused::Failed => Notices::PushFailed,
        }
    }
}

fn supported() -> bool {
    let window = web_sys::window();
    window.as_ref().is_some_and(|w| {
        js_sys::Reflect::has(w, &JsValue::from_str("PushManager")).unwrap_or(false)
            && js_sys::Reflect::has(&w.navigator(), &JsValue::from_str("serviceWorker"))
                .unwrap_or(false)
            && js_sys::Reflect::has(w, &JsValue::from_str("Notification")).unwrap_or(false)
    })
}

async fn awaited(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

/// This browser's registration of `/sw.js`, if it was made.
async fn registration() -> Option<ServiceWorkerRegistration> {
    let container = web_sys::window()?.navigator().service_worker();
    let found = JsFuture::from(container.get_registration()).await.ok()?;
    found.dyn_into().ok()
}

async fn push_manager(reg: &ServiceWorkerRegistration) -> Result<PushManager, JsValue> {
    reg.push_manager()
}

/// This browser's subscription, if push is on in it.
async fn current() -> Option<web_sys::PushSubscription> {
    let reg = registration().await?;
    let manager = push_manager(&reg).await.ok()?;
    awaited(manager.get_subscription())
        .await
        .ok()?
        .dyn_into()
        .ok()
}

fn key_bytes(b64url: &str) -> Option<Vec<u8>> {
    let text = b64url.replace('-', "+").replace('_', "/");
    let padded = format!("{text}{}", "=".repeat((4 - text.len() % 4) % 4));
    let decoded = web_sys::window()?.atob(&padded).ok()?;
    Some(decoded.chars().map(|c| c as u8).collect())
}

/// Asks the permission (within the click), registers the worker, subscribes and tells
/// the server.
async fn turn_on(public_key: String, permission: js_sys::Promise) -> Result<PushInfo, Refused> {
    let answer = JsFuture::from(permission)
        .await
        .map_err(|_| Refused::Denied)?;
    if answer.as_string().as_deref() != Some("granted") {
        return Err(Refused::Denied);
    }
    let window = web_sys::window().ok_or(Refused::Unsupported)?;
    let container = window.navigator().service_worker();
    JsFuture::from(container.register("/sw.js"))
        .await
        .map_err(|_| Refused::Failed)?;
    let reg: ServiceWorkerRegistration = awaited(container.ready())
        .await
        .ok()
        .and_then(|r| r.dyn_into().ok())
        .ok_or(Refused::Failed)?;
    let manager = push_manager(&reg).await.map_err(|_| Refused::Unsupported)?;
    let key = key_bytes(&public_key).ok_or(Refused::Failed)?;
    let options = PushSubscriptionOptionsInit::new();
    options.set_user_visible_only(true);
    options.set_application_server_key(&js_sys::Uint8Array::from(key.as_slice()));
    let sub: web_sys::PushSubscription = awaited(manager.subscribe_with_options(&options))
        .await
        .ok()
        .and_then(|s| s.dyn_into().ok())
        .ok_or(Refused::Failed)?;
    let json = sub
        .to_json()
        .ok()
        .and_then(|j| js_sys::JSON::stringify(&j).ok())
        .and_then(|s| s.as_string())
        .ok_or(Refused::Failed)?;
    let sub: PushSubscription = serde_json::from_str(&json).map_err(|_| Refused::Failed)?;
    api::post::<_, PushInfo>("/my/push", &sub)
        .await
        .map_err(|_| Refused::Failed)
}

async fn turn_off() -> Result<(), Refused> {
    let Some(sub) = current().await else {
        return Ok(());
    };
    let endpoint = sub.endpoint();
    let _ = awaited(sub.unsubscribe()).await;
    api::post_empty("/my/push/remove", &PushRemove { endpoint })
        .await
        .map_err(|_| Refused::Failed)
}

/// The section: hidden when this server does not push; otherwise the state in this
/// browser and the button. `info` (`GET /my/push`) is asked again after a change, and
/// `on_change` runs (the preferences gain or lose the push column).
#[component]
pub fn PushSwitch(
    info: LocalResource<Result<PushInfo, api::ApiFailure>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let p = use_prefs();
    let here = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let banner = Banner::new();
    let can = supported();
    if can {
        leptos::task::spawn_local(async move { here.set(current().await.is_some()) });
    }
    let press = move |key: String| {
        if busy.get_untracked() {
            return;
        }
        banner.clear();
        let on = !here.get_untracked();
        // The permission is asked inside the click, as browsers require.
        let permission = match on {
            true => match web_sys::Notification::request_permission() {
                Ok(p) => Some(p),
                Err(_) => return banner.say(Notices::PushUnsupported),
            },
            false => None,
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match permission {
                Some(permission) => turn_on(key, permission).await.map(|_| Notices::PushDone),
                None => turn_off().await.map(|()| Notices::PushOffDone),
            };
            match result {
                Ok(done) => {
                    here.set(on);
                    banner.done(done);
                    info.refetch();
                    on_change.run(());
                }
                Err(refused) => banner.say(refused.key()),
            }
            busy.set(false);
        });
    };
    view! {
        {move || match info.get() {
            None => None,
            Some(Err(f)) => Some(view! { <p class="hint">{p.t(common_failure(&f))}</p> }.into_any()),
            Some(Ok(PushInfo { public_key: None, .. })) => None,
            Some(Ok(PushInfo { public_key: Some(key), devices })) => Some(view! {
                <section aria-labelledby="push-title" class="push-switch">
                    <h2 id="push-title">{p.t(Notices::PushTitle)}</h2>
                    <p class="hint">{p.t(Notices::PushLead)}</p>
                    {if can {
                        view! {
                            <p>{move || if here.get() { p.t(Notices::PushEnabled)() } else { "" }}
                               " "{p.t(Notices::PushDevices)}" "<strong>{devices}</strong></p>
                            {banner.view()}
                            <button type="button" class="button button-secondary"
                                aria-disabled=move || busy.get().to_string()
                                on:click=move |_| press(key.clone())>
                                {move || if here.get() { p.t(Notices::PushOff)() } else { p.t(Notices::PushOn)() }}
                            </button>
                        }.into_any()
                    } else {
                        view! { <p>{p.t(Notices::PushUnsupported)}</p> }.into_any()
                    }}
                </section>
            }.into_any()),
        }}
    }
}

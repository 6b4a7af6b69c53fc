//! `/chat`: the citizen's chat with the bot and the operators. Everything inside the
//! frame comes from the chat module (`app-chat`, loaded when this page opens): the
//! conversation, its socket, the bot's buttons, the rating. This file renders the page's
//! heading and the element the module fills, so the first load carries almost none of it.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::i18n::{Faq, Key, Site};
use crate::lazy;
use crate::prefs::use_prefs;

/// Where the module stands: loading, open, or why it did not come.
const LOADING: u32 = 0;
const OPEN: u32 = 1;
const NO_NETWORK: u32 = 2;
const BROKEN: u32 = 3;

#[component]
pub fn ChatPage() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Faq::ChatTitle);
    let root = NodeRef::<leptos::html::Div>::new();
    let state = RwSignal::new(LOADING);
    let module = StoredValue::new_local(None::<JsValue>);
    // `?id=`: one of the signed-in citizen's chats ("Мои обращения"); otherwise this
    // browser's chat, or a new one.
    let wanted: String = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("id"))
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(32)
        .collect();
    // Opened (again when the language changes: the module resumes the same chat).
    Effect::new(move |_| {
        let lang = p.lang.get();
        let Some(el) = root.get() else { return };
        let el: web_sys::HtmlDivElement = el;
        let wanted = wanted.clone();
        leptos::task::spawn_local(async move {
            if module.get_value().is_none() {
                match lazy::import("helpdeskChat").await {
                    Ok(m) => module.set_value(Some(m)),
                    Err(crate::api::ApiFailure::Network) => return state.set(NO_NETWORK),
                    Err(_) => return state.set(BROKEN),
                }
            }
            if let Some(m) = module.get_value() {
                lazy::call(
                    &m,
                    "open",
                    &[el.into(), lang.code().into(), wanted.into(), false.into()],
                );
                state.set(OPEN);
            }
        });
    });
    on_cleanup(move || {
        if let Some(m) = module.get_value() {
            lazy::call(&m, "close", &[]);
        }
    });
    let status = move || {
        let key: Key = match state.get() {
            LOADING => Faq::ChatLoading.into(),
            NO_NETWORK => Site::ErrorsNetwork.into(),
            BROKEN => Site::ErrorsServer.into(),
            _ => return None,
        };
        Some(view! { <p class="hint" role="status">{p.t(key)}</p> })
    };
    view! {
        <h1 tabindex="-1">{p.t(Faq::ChatTitle)}</h1>
        <p class="lead">{p.t(Faq::ChatLead)}</p>
        {status}
        <div class="chat" node_ref=root></div>
    }
}

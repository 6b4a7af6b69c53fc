//! `/staff/chats`: the operators' chat console. The waiting chats (longest waiting first,
//! with their topic and first words) and the caller's own, refreshed every 10 seconds
//! (which also keeps the caller online for the bot's hand-off); "Взять" takes one (of
//! two operators pressing at once, one gets it). The conversation itself is the chat
//! module's (`app-chat`), the same the citizen's page uses, in the operator's role.

use std::time::Duration;

use helpdesk_shared::ProblemCode;
use helpdesk_shared::chat::{ChatConsole, ChatSummary, ChatView};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::staff_ticket::CannedPicker;
use crate::api::{self, ApiFailure};
use crate::i18n::{Key, Workspace};
use crate::lazy;
use crate::load::{common_failure, show};
use crate::prefs::use_prefs;

#[component]
pub fn StaffChats() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Workspace::ChatsTitle);
    let console = LocalResource::new(|| api::get::<ChatConsole>("/staff/chats"));
    if let Ok(handle) = set_interval_with_handle(move || console.refetch(), Duration::from_secs(10))
    {
        on_cleanup(move || handle.clear());
    }
    let open = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<Key>);
    let root = NodeRef::<leptos::html::Div>::new();
    let module = StoredValue::new_local(None::<JsValue>);
    // The chat chosen, in the module (again when the language changes).
    Effect::new(move |_| {
        let lang = p.lang.get();
        let (Some(id), Some(el)) = (open.get(), root.get()) else {
            return;
        };
        let el: web_sys::HtmlDivElement = el;
        leptos::task::spawn_local(async move {
            if module.get_value().is_none() {
                match lazy::import("helpdeskChat").await {
                    Ok(m) => module.set_value(Some(m)),
                    Err(f) => return problem.set(Some(common_failure(&f))),
                }
            }
            if let Some(m) = module.get_value() {
                lazy::call(
                    &m,
                    "open",
                    &[el.into(), lang.code().into(), id.into(), true.into()],
                );
            }
        });
    });
    on_cleanup(move || {
        if let Some(m) = module.get_value() {
            lazy::call(&m, "close", &[]);
        }
    });
    // A badge in the tab's title while chats wait: "(2) Чаты с гражданами — …".
    Effect::new(move |_| {
        let waiting = console
            .get()
            .and_then(|r| r.ok())
            .map_or(0, |c| c.waiting.len());
        let title = Workspace::ChatsTitle.text(p.lang.get());
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            let now = doc.title();
            let rest = now
                .split_once(title)
                .map_or(now.as_str(), |(_, r)| r)
                .to_owned();
            let badge = if waiting > 0 {
                format!("({waiting}) ")
            } else {
                String::new()
            };
            doc.set_title(&format!("{badge}{title}{rest}"));
        }
    });
    let take = move |id: String| {
        problem.set(None);
        leptos::task::spawn_local(async move {
            let path = format!("/staff/chats/{id}/take");
            match api::post::<(), ChatView>(&path, &(), None).await {
                Ok(_) => open.set(Some(id)),
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::ChatTaken => {
                    problem.set(Some(Workspace::ChatsTaken.into()));
                }
                Err(f) => problem.set(Some(common_failure(&f))),
            }
            console.refetch();
        });
    };
    let list = move |c: ChatConsole| {
        let lang = p.lang.get_untracked();
        let now = js_sys::Date::now() / 1000.0;
        let item = move |s: ChatSummary, mine: bool| {
            let id = s.id.clone();
            let minutes = s
                .waiting_since
                .filter(|_| !mine)
                .map(|at| ((now - at.unix_timestamp() as f64) / 60.0).max(0.0) as i64);
            let label = if mine {
                Workspace::ChatsOpen
            } else {
                Workspace::ChatsTake
            };
            view! {
                <li class="chat-item">
                    <p><strong>{s.topic.map(|t| t.title(lang)).unwrap_or("—")}</strong>
                        {minutes.map(|m| format!(" · {}: {m}", Workspace::ChatsWaitingMinutes.text(lang)))}
                        {s.citizen.map(|c| format!(" · {c}"))}</p>
                    <p class="chat-first">{s.first_message}</p>
                    {s.note.map(|n| view! { <p class="hint">{Workspace::ChatsNote.text(lang)}": "{n}</p> })}
                    <button type="button" class=if mine { "button button-secondary" } else { "button" }
                        on:click=move |_| if mine { open.set(Some(id.clone())) } else { take(id.clone()) }>
                        {p.t(label)}</button>
                </li>
            }
        };
        let waiting = c.waiting.len();
        view! {
            <p class="meta">{p.t(Workspace::ChatsOnline)}": "{c.online}</p>
            <h2>{p.t(Workspace::ChatsWaiting)}" ("{waiting}")"</h2>
            {if c.waiting.is_empty() {
                view! { <p>{p.t(Workspace::ChatsNoneWaiting)}</p> }.into_any()
            } else {
                view! { <ul class="chat-list">{c.waiting.into_iter().map(|s| item(s, false)).collect_view()}</ul> }.into_any()
            }}
            <h2>{p.t(Workspace::ChatsMine)}</h2>
            {if c.mine.is_empty() {
                view! { <p>{p.t(Workspace::ChatsNoneMine)}</p> }.into_any()
            } else {
                view! { <ul class="chat-list">{c.mine.into_iter().map(|s| item(s, true)).collect_view()}</ul> }.into_any()
            }}
        }
        .into_any()
    };
    // A canned response goes into the chat's message box, to edit and send.
    let canned = RwSignal::new(String::new());
    Effect::new(move |_| {
        let text = canned.get();
        if text.is_empty() {
            return;
        }
        if let Some(area) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("chat-text"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            area.set_value(&text);
            let _ = area.focus();
        }
    });
    view! {
        <h1>{p.t(Workspace::ChatsTitle)}</h1>
        <p class="hint">{p.t(Workspace::ChatsRefreshed)}</p>
        {move || problem.get().map(|k| view! { <p class="error-message" role="alert">{p.t(k)}</p> })}
        <div class="chat-console">
            <section class="chat-queue">{show(console, common_failure, list)}</section>
            <div class="chat-open">
                {move || open.get().is_some().then(|| view! { <CannedPicker text=canned /> })}
                <div class="chat" node_ref=root></div>
            </div>
        </div>
    }
}

//! `/staff/chats`: the staff's chat console. The waiting chats (longest waiting first,
//! with their topic and first words; a specialist sees their department's, a supervisor
//! every list) and the caller's own, refreshed every 10 seconds (which also keeps the
//! caller online for the bot's hand-off); "Взять" takes one (of two pressing at once,
//! one gets it). A new waiting chat sounds a short tone (unless turned off here) and
//! counts in the tab's title. The conversation itself is the chat module's
//! (`app-chat`), the same the citizen's page uses, in the operator's role.

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
use crate::prefs::{local_get, local_set, use_prefs};

/// Where the console remembers that its sound was turned off.
const SOUND_KEY: &str = "helpdesk.chatSound";

/// A short soft tone (880 Hz, 0.4 s) through one audio context kept for the page.
fn chime(ctx: &StoredValue<Option<web_sys::AudioContext>, LocalStorage>) {
    if ctx.with_value(Option::is_none) {
        ctx.set_value(web_sys::AudioContext::new().ok());
    }
    ctx.with_value(|c| {
        let Some(c) = c else { return };
        let (Ok(osc), Ok(gain)) = (c.create_oscillator(), c.create_gain()) else {
            return;
        };
        let t = c.current_time();
        osc.frequency().set_value(880.0);
        let _ = gain.gain().set_value_at_time(0.2, t);
        let _ = gain
            .gain()
            .exponential_ramp_to_value_at_time(0.001, t + 0.4);
        let _ = osc.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&c.destination());
        let _ = osc.start();
        let _ = osc.stop_with_when(t + 0.4);
    });
}

/// Seconds a chat has waited for a person (`now`: the page's clock, in seconds).
fn waited(s: &ChatSummary, now: f64) -> Option<i64> {
    s.waiting_since
        .map(|at| (now - at.unix_timestamp() as f64).max(0.0) as i64)
}

/// Waiting longer than the promised first reply (`target` seconds).
fn is_late(s: &ChatSummary, now: f64, target: u32) -> bool {
    waited(s, now).is_some_and(|w| w > i64::from(target))
}

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
    // A tone when a chat joins the waiting list (not for those already there on opening).
    let sound = RwSignal::new(local_get::<bool>(SOUND_KEY).unwrap_or(true));
    let seen = StoredValue::new_local(None::<Vec<String>>);
    let audio = StoredValue::new_local(None::<web_sys::AudioContext>);
    Effect::new(move |_| {
        let Some(Ok(c)) = console.get() else { return };
        let now: Vec<String> = c.waiting.iter().map(|s| s.id.clone()).collect();
        let new = seen.with_value(|before| {
            before
                .as_ref()
                .is_some_and(|b| now.iter().any(|id| !b.contains(id)))
        });
        seen.set_value(Some(now));
        if new && sound.get_untracked() {
            chime(&audio);
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
            match api::post::<(), ChatView>(&path, &()).await {
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
        let target = c.first_reply_seconds;
        let now = js_sys::Date::now() / 1000.0;
        let item = move |s: ChatSummary, mine: bool| {
            let id = s.id.clone();
            let minutes = waited(&s, now).filter(|_| !mine).map(|w| w / 60);
            let late = !mine && is_late(&s, now, target);
            let label = if mine {
                Workspace::ChatsOpen
            } else {
                Workspace::ChatsTake
            };
            view! {
                <li class="chat-item">
                    {s.department.map(|d| view! { <p class="chat-department">{Workspace::ChatsDepartment.text(lang)}": "{d.title(lang)}</p> })}
                    <p><strong>{s.topic.map(|t| t.title(lang)).unwrap_or("—")}</strong>
                        {minutes.map(|m| format!(" · {}: {m}", Workspace::ChatsWaitingMinutes.text(lang)))}
                        {s.citizen.map(|c| format!(" · {c}"))}
                        {late.then(|| view! { " " <span class="late">{Workspace::ChatsLate.text(lang)}</span> })}</p>
                    <p class="chat-first">{s.first_message}</p>
                    {s.note.map(|n| view! { <p class="hint">{Workspace::ChatsNote.text(lang)}": "{n}</p> })}
                    <button type="button" class=if mine { "button button-secondary" } else { "button" }
                        on:click=move |_| if mine { open.set(Some(id.clone())) } else { take(id.clone()) }>
                        {p.t(label)}</button>
                </li>
            }
        };
        let waiting = c.waiting.len();
        let late = c.waiting.iter().filter(|s| is_late(s, now, target)).count();
        view! {
            <p class="meta">{p.t(Workspace::ChatsOnline)}": "{c.online}</p>
            {(late > 0).then(|| view! {
                <p class="error-message" role="alert" id="chats-late">{format!("{} ({target} {}): {late}", Workspace::ChatsLateCount.text(lang), if lang == helpdesk_shared::Lang::Ru { "с" } else { "s" })}</p>
            })}
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
        <div class="field checkbox">
            <input id="chat-sound" type="checkbox" prop:checked=move || sound.get()
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    sound.set(on);
                    local_set(SOUND_KEY, &on);
                } />
            <label for="chat-sound">{p.t(Workspace::ChatsSound)}</label>
        </div>
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

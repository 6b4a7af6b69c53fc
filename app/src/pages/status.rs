//! Status by number and access code; requests the citizen chose to remember on this
//! device (number and code in localStorage, opt-in, with "forget"). The page's URL
//! carries the number (`/status?n=123-456-789`), so a reload keeps the request: opened
//! at once when it is remembered, its number filled in otherwise.

use helpdesk_shared::api::{LookupRequest, SubmitTicketResponse, TicketView};
use helpdesk_shared::{AccessCode, ProblemCode, TicketNumber};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde::{Deserialize, Serialize};

use super::ticket::{TicketDetails, ticket_failure};
use crate::api::{self, ApiFailure};
use crate::banner::Banner;
use crate::form::{ErrorSummary, FormState, TextField, error_for, focus_by_id, same_name};
use crate::i18n::Common;
use crate::prefs::{local_get, local_set, session_get, use_prefs};
use helpdesk_app_site::LAST_SUBMITTED_KEY;

const REMEMBERED: &str = "helpdesk.remembered";
/// Most requests remembered on one device; the oldest is forgotten first.
const REMEMBER_MAX: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Remembered {
    number: String,
    code: String,
}

/// The requests remembered on this device, newest first.
#[derive(Clone, Copy)]
struct Memory(RwSignal<Vec<Remembered>>);

impl Memory {
    fn load() -> Memory {
        Memory(RwSignal::new(local_get(REMEMBERED).unwrap_or_default()))
    }

    fn code_of(self, number: &str) -> Option<String> {
        self.0.with_untracked(|list| {
            list.iter()
                .find(|r| r.number == number)
                .map(|r| r.code.clone())
        })
    }

    fn holds(self, number: &str) -> bool {
        self.0.with(|list| list.iter().any(|r| r.number == number))
    }

    fn remember(self, number: String, code: String) {
        self.0.update(|list| {
            list.retain(|r| r.number != number);
            list.insert(0, Remembered { number, code });
            list.truncate(REMEMBER_MAX);
        });
        local_set(REMEMBERED, &self.0.get_untracked());
    }

    fn forget(self, number: &str) {
        self.0.update(|list| list.retain(|r| r.number != number));
        local_set(REMEMBERED, &self.0.get_untracked());
    }
}

/// The request's number as the page shows it (`123-456-789`), whatever was typed.
fn display_number(typed: &str) -> String {
    TicketNumber::parse(typed)
        .map(|n| n.display())
        .unwrap_or_else(|_| typed.to_owned())
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Common::StatusTitle);
    let navigate = use_navigate();
    let memory = Memory::load();
    let from_url = use_query_map().with_untracked(|q| q.get("n"));
    // Prefilled after a submission in this tab, or from the URL after a reload.
    let last: Option<SubmitTicketResponse> = session_get(LAST_SUBMITTED_KEY);
    let (start_number, start_code) = match (from_url, last) {
        (Some(n), _) => {
            let code = memory.code_of(&display_number(&n));
            (n, code)
        }
        (None, Some(l)) => (l.number, Some(l.access_code)),
        (None, None) => (String::new(), None),
    };
    let open_now = start_code.is_some() && memory.code_of(&display_number(&start_number)).is_some();
    let number = RwSignal::new(start_number);
    let code = RwSignal::new(start_code.unwrap_or_default());
    let view_data = RwSignal::new(None::<TicketView>);
    let state = FormState::new();
    let (errors, busy, summary) = (state.errors, state.busy, state.summary);
    let banner = Banner::new();
    let sent = Banner::new();

    let show_in_url = {
        let navigate = navigate.clone();
        move |number: Option<&str>| {
            let url = number.map_or("/status".to_owned(), |n| format!("/status?n={n}"));
            navigate(
                &url,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    };

    let look_up = {
        let show_in_url = show_in_url.clone();
        move || {
            banner.clear();
            let (n, c) = (number.get_untracked(), code.get_untracked());
            let mut errs = Vec::new();
            if let Err(e) = TicketNumber::parse(&n) {
                errs.push(e.at("number"));
            }
            if let Err(e) = AccessCode::parse(&c) {
                errs.push(e.at("access_code"));
            }
            if !errs.is_empty() {
                return state.refuse(errs, same_name);
            }
            if !state.start() {
                return;
            }
            let show_in_url = show_in_url.clone();
            leptos::task::spawn_local(async move {
                let req = LookupRequest {
                    number: n,
                    access_code: c,
                };
                match api::post::<_, TicketView>("/tickets/lookup", &req).await {
                    Ok(v) => {
                        show_in_url(Some(&v.number));
                        view_data.set(Some(v));
                        // The form (and the button pressed) is gone: the request's
                        // heading takes focus.
                        request_animation_frame(|| focus_by_id("ticket-title"));
                    }
                    Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                        state.refuse(pb.errors, same_name)
                    }
                    Err(f) => banner.fail(&f, ticket_failure),
                }
                state.done();
            });
        }
    };
    if open_now {
        look_up();
    }

    let find = {
        let look_up = look_up.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            look_up();
        }
    };
    let open = move |r: Remembered| {
        number.set(r.number);
        code.set(r.code);
        look_up();
    };
    let other = move |_| {
        view_data.set(None);
        sent.clear();
        code.set(String::new());
        show_in_url(None);
        request_animation_frame(|| focus_by_id("field-number"));
    };

    let saved = move || {
        let list = memory.0.get();
        (!list.is_empty()).then(|| {
            let open = open.clone();
            view! {
                <section aria-labelledby="saved-title" class="saved">
                    <h2 id="saved-title">{p.t(Common::StatusSaved)}</h2>
                    <ul class="saved-list">
                        {list.into_iter().map(|r| {
                            let (open, shown, forgotten) = (open.clone(), r.number.clone(), r.number.clone());
                            view! {
                                <li>
                                    <span class="saved-number">{format!("№ {shown}")}</span>
                                    <button type="button" class="button button-secondary" on:click=move |_| open(r.clone())>
                                        {p.t(Common::StatusOpen)}<span class="visually-hidden">{format!(" № {shown}")}</span>
                                    </button>
                                    <button type="button" class="link-button" on:click=move |_| memory.forget(&forgotten)>
                                        {p.t(Common::StatusForget)}<span class="visually-hidden">{format!(" № {forgotten}")}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    };

    let lookup_form = move || {
        view! {
            {saved.clone()}
            <ErrorSummary errors=errors.into() order=&["number", "access_code"] node=summary />
            <form novalidate on:submit=find.clone() class="narrow">
                <TextField name="number" label=Common::StatusNumber hint=Common::StatusNumberHint value=number error=error_for(errors.into(), "number") inputmode="numeric" autocomplete="off" />
                <TextField name="access_code" label=Common::StatusCode hint=Common::StatusCodeHint value=code error=error_for(errors.into(), "access_code") autocomplete="off" />
                {banner.view()}
                <button type="submit" class="button" aria-disabled=move || busy.get().to_string()>{p.t(Common::StatusFind)}</button>
            </form>
        }
    };

    view! {
        <h1>{p.t(Common::StatusTitle)}</h1>
        {sent.view()}
        {move || match view_data.get() {
            None => lookup_form.clone()().into_any(),
            Some(v) => {
                let n = v.number.clone();
                view! {
                    <TicketDetails ticket=v code=Some(code.get_untracked()) on_update=Callback::new(move |v| { view_data.set(Some(v)); sent.done(Common::StatusSent); }) />
                    <RememberBox memory=memory number=n code=code.get_untracked() />
                    <p><button type="button" class="link-button" on:click=other.clone()>{p.t(Common::StatusOther)}</button></p>
                }.into_any()
            }
        }}
    }
}

/// The opt-in to keep this request's number and code in this browser.
#[component]
fn RememberBox(memory: Memory, number: String, code: String) -> impl IntoView {
    let p = use_prefs();
    let held = number.clone();
    let on_change = move |ev: leptos::ev::Event| {
        if event_target_checked(&ev) {
            memory.remember(number.clone(), code.clone());
        } else {
            memory.forget(&number);
        }
    };
    view! {
        <div class="field checkbox remember">
            <input id="field-remember" type="checkbox" aria-describedby="field-remember-hint"
                prop:checked=move || memory.holds(&held) on:change=on_change />
            <label for="field-remember">{p.t(Common::StatusRemember)}</label>
            <p id="field-remember-hint" class="hint">{p.t(Common::StatusRememberHint)}</p>
        </div>
    }
}

//! The confirmation: the number and the access code, once.

use helpdesk_shared::api::SubmitTicketResponse;
use leptos::prelude::*;
use leptos_router::components::A;

use super::moscow;
use crate::i18n::Common;
use crate::prefs::{session_get, use_prefs};

use helpdesk_app_site::LAST_SUBMITTED_KEY;

#[component]
pub fn Submitted() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Common::DoneTitle);
    let done: Option<SubmitTicketResponse> = session_get(LAST_SUBMITTED_KEY);
    let copied = RwSignal::new(false);
    match done {
        None => view! {
            <h1>{p.t(Common::DoneTitle)}</h1>
            <p>{p.t(Common::DoneMissing)}</p>
            <p><A href="/status">{p.t(Common::DoneCheck)}</A></p>
        }
        .into_any(),
        Some(done) => {
            let text = format!("{} {}", done.number, done.access_code);
            let copy = move |_| {
                let clipboard = window().navigator().clipboard();
                let _ = clipboard.write_text(&text);
                copied.set(true);
            };
            view! {
                <div class="panel panel-success" role="status">
                    <h1>{p.t(Common::DoneTitle)}</h1>
                    <dl class="credentials">
                        <div><dt>{p.t(Common::DoneNumber)}</dt><dd id="ticket-number" class="big">{done.number.clone()}</dd></div>
                        <div><dt>{p.t(Common::DoneCode)}</dt><dd id="access-code" class="big">{done.access_code.clone()}</dd></div>
                    </dl>
                </div>
                <p class="warning"><strong>{p.t(Common::DoneKeep)}</strong></p>
                <p>
                    <button type="button" class="button button-secondary" on:click=copy>{p.t(Common::DoneCopy)}</button>
                    <span class="copied" aria-live="polite">{move || copied.get().then(|| crate::i18n::t(p.lang.get(), Common::DoneCopied))}</span>
                </p>
                <p>{p.t(Common::DoneExpected)}" "<strong>{moscow(done.expected_by)}</strong>" ("{p.t(Common::StatusMsk)}")"</p>
                <p>{p.t(Common::DoneNotified)}</p>
                <p><A href="/status" attr:class="button">{p.t(Common::DoneCheck)}</A></p>
            }
            .into_any()
        }
    }
}

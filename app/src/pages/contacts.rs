//! Contacts and hours: the hotlines, the operators' hours by day, whether operators are
//! at work right now (Moscow time, by the browser's clock, kept current), and what works
//! around the clock.

use std::time::Duration;

use helpdesk_shared::contacts::{OperatorsNow, operators_now};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::Faq;
use crate::pages::now;
use crate::prefs::use_prefs;

#[component]
pub fn Contacts() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Faq::ContactsTitle);
    let state = RwSignal::new(operators_now(now()));
    if let Ok(handle) = set_interval_with_handle(
        move || state.set(operators_now(now())),
        Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }
    let status = move || {
        let lang = p.lang.get();
        let (open, lead, at) = match state.get() {
            OperatorsNow::Open { closes } => (true, Faq::ContactsOpen, closes),
            OperatorsNow::Closed { opens, tomorrow } => (
                false,
                if tomorrow {
                    Faq::ContactsOpensTomorrow
                } else {
                    Faq::ContactsOpensToday
                },
                opens,
            ),
        };
        view! {
            <p id="operators-now" class="callout" class:callout-open=open>
                <strong>{format!("{} {at} {}", lead.text(lang), Faq::ContactsMsk.text(lang))}</strong>
            </p>
        }
    };
    view! {
        <h1>{p.t(Faq::ContactsTitle)}</h1>
        <p class="lead">{p.t(Faq::ContactsLead)}</p>
        {status}
        <section class="contacts" aria-labelledby="hours-title">
            <h2 id="hours-title" class="visually-hidden">{p.t(Faq::ContactsTitle)}</h2>
            <div inner_html=move || helpdesk_app_site::hotlines_and_hours(p.lang.get())></div>
        </section>
        <section aria-labelledby="always-title">
            <h2 id="always-title">{p.t(Faq::ContactsAlways)}</h2>
            <ul>
                <li>{p.t(Faq::ContactsAlwaysHotline)}</li>
                <li><A href="/submit">{p.t(Faq::ContactsAlwaysForm)}</A></li>
                <li><A href="/status">{p.t(Faq::ContactsAlwaysStatus)}</A></li>
            </ul>
        </section>
    }
}

//! Contacts and hours: the hotlines, the operators' hours by day, whether operators are
//! at work right now (Moscow time, by the browser's clock, kept current), and what works
//! around the clock.

use std::time::Duration;

use helpdesk_shared::contacts::{HOTLINES, OPERATOR_HOURS, OperatorsNow, operators_now};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Common, Faq};
use crate::pages::now;
use crate::prefs::use_prefs;

/// The hotline numbers and the hours by day: the home page's contacts and this page's.
#[component]
pub fn HotlinesAndHours() -> impl IntoView {
    let p = use_prefs();
    let hours_label = [
        Common::HomeHoursWeekdays,
        Common::HomeHoursSaturday,
        Common::HomeHoursSunday,
    ];
    view! {
        <h3>{p.t(Common::HomeHotline)}</h3>
        <ul class="hotlines">
            {HOTLINES.map(|(dial, shown)| view! { <li><a href=format!("tel:{dial}")>{shown}</a></li> })}
        </ul>
        <h3>{p.t(Common::HomeHours)}</h3>
        <dl class="hours">
            {OPERATOR_HOURS.iter().zip(hours_label).map(|((_, _, open, close), key)| view! {
                <div><dt>{p.t(key)}</dt><dd>{format!("{open}–{close}")}</dd></div>
            }).collect_view()}
        </dl>
    }
}

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
            <HotlinesAndHours />
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

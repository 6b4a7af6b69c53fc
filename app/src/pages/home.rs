use helpdesk_shared::Category;
use helpdesk_shared::contacts::{HOTLINES, OPERATOR_HOURS};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::prefs::use_prefs;

#[component]
pub fn Home() -> impl IntoView {
    let p = use_prefs();
    let hours_label = [
        "home.hours.weekdays",
        "home.hours.saturday",
        "home.hours.sunday",
    ];
    view! {
        <h1>{p.t("home.title")}</h1>
        <p class="lead">{p.t("home.lead")}</p>
        <section aria-labelledby="actions-title">
            <h2 id="actions-title">{p.t("home.actions")}</h2>
            <ul class="actions">
                <li><A href="/submit" attr:class="action action-primary">
                    <span class="action-title">{p.t("home.action.submit")}</span>
                    <span class="action-hint">{p.t("home.action.submit.hint")}</span>
                </A></li>
                <li><A href="/status" attr:class="action">
                    <span class="action-title">{p.t("home.action.status")}</span>
                    <span class="action-hint">{p.t("home.action.status.hint")}</span>
                </A></li>
                {["home.action.chat", "home.action.faq", "home.action.appointment"].map(|key| view! {
                    <li><div class="action action-disabled" aria-disabled="true">
                        <span class="action-title">{p.t(key)}</span>
                        <span class="action-hint">{p.t("home.soon")}</span>
                    </div></li>
                })}
            </ul>
        </section>
        <section aria-labelledby="categories-title">
            <h2 id="categories-title">{p.t("home.categories")}</h2>
            <ul class="categories">
                {Category::ALL.map(|c| view! { <li>{move || c.title(p.lang.get())}</li> })}
            </ul>
        </section>
        <section aria-labelledby="contacts-title" class="contacts">
            <h2 id="contacts-title">{p.t("home.contacts")}</h2>
            <h3>{p.t("home.hotline")}</h3>
            <ul class="hotlines">
                {HOTLINES.map(|(dial, shown)| view! { <li><a href=format!("tel:{dial}")>{shown}</a></li> })}
            </ul>
            <h3>{p.t("home.hours")}</h3>
            <dl class="hours">
                {OPERATOR_HOURS.iter().zip(hours_label).map(|((_, _, open, close), key)| view! {
                    <div><dt>{p.t(key)}</dt><dd>{format!("{open}–{close}")}</dd></div>
                }).collect_view()}
            </dl>
            <p class="hint">{p.t("home.hours.note")}</p>
        </section>
    }
}

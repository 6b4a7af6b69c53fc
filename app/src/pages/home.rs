use helpdesk_shared::Category;
use leptos::prelude::*;
use leptos_router::components::A;

use super::contacts::HotlinesAndHours;
use super::faq::SearchBox;
use crate::i18n::{Common, Faq};
use crate::prefs::use_prefs;

#[component]
pub fn Home() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Common::SiteName);
    view! {
        <h1>{p.t(Common::HomeTitle)}</h1>
        <p class="lead">{p.t(Common::HomeLead)}</p>
        <section aria-labelledby="search-title" class="home-search">
            <h2 id="search-title">{p.t(Faq::NavKnowledge)}</h2>
            <SearchBox limit=5 />
        </section>
        <section aria-labelledby="actions-title">
            <h2 id="actions-title">{p.t(Common::HomeActions)}</h2>
            <ul class="actions">
                <li><A href="/submit" attr:class="action action-primary">
                    <span class="action-title">{p.t(Common::HomeActionSubmit)}</span>
                    <span class="action-hint">{p.t(Common::HomeActionSubmitHint)}</span>
                </A></li>
                <li><A href="/status" attr:class="action">
                    <span class="action-title">{p.t(Common::HomeActionStatus)}</span>
                    <span class="action-hint">{p.t(Common::HomeActionStatusHint)}</span>
                </A></li>
                <li><A href="/my" attr:class="action">
                    <span class="action-title">{p.t(Common::HomeActionMine)}</span>
                    <span class="action-hint">{p.t(Common::HomeActionMineHint)}</span>
                </A></li>
            </ul>
        </section>
        <section aria-labelledby="categories-title">
            <h2 id="categories-title">{p.t(Common::HomeCategories)}</h2>
            <ul class="categories">
                // A topic opens its answers; the form is one tap from there.
                {Category::ALL.map(|c| view! {
                    <li><A href=format!("/faq/{}", c.code())>{move || c.title(p.lang.get())}</A></li>
                })}
            </ul>
        </section>
        <section aria-labelledby="contacts-title" class="contacts">
            <h2 id="contacts-title">{p.t(Common::HomeContacts)}</h2>
            <HotlinesAndHours />
            <p class="hint">{p.t(Common::HomeHoursNote)}</p>
            <p><A href="/contacts">{p.t(Faq::ContactsMore)}</A></p>
        </section>
    }
}

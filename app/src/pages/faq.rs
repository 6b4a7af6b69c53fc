//! The knowledge base: `/faq` (search as you type, the topics), `/faq/<topic>` (a
//! topic's articles) and `/faq/<article>`. Everything but the frame comes from the FAQ
//! module (`crate::search`, `app-search`, loaded on first use): the results, the pages,
//! "Был ли ответ полезен?" and "Не нашли ответ?" (the question carried into a new
//! request with its topic chosen). This file renders the search box and the places the
//! module fills, so the first load of the home page carries almost none of it.

use helpdesk_shared::faq::QUERY_MAX;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use crate::i18n::{Faq, Key, Site};
use crate::prefs::use_prefs;
use crate::search::{Engine, use_engine};

/// The question in the address (`?q=`), if any.
fn query_in_url() -> String {
    use_query_map()
        .with_untracked(|q| q.get("q"))
        .unwrap_or_default()
        .chars()
        .take(QUERY_MAX)
        .collect()
}

/// What shows while the FAQ module is on its way, or why it did not come.
fn waiting(engine: Engine) -> impl IntoView {
    let p = use_prefs();
    move || {
        let key: Key = match engine.failure() {
            Some(f) => f.into(),
            None if engine.started() && !engine.ready() => Site::SearchLoading.into(),
            None => return None,
        };
        Some(view! { <p class="hint" role="status">{p.t(key)}</p> })
    }
}

/// The FAQ page's search box. The module, once loaded, searches as the citizen types,
/// shows the results under it and keeps the question in the address. (The home page's
/// box is the home page module's, `app-front`.)
#[component]
fn SearchBox() -> impl IntoView {
    let p = use_prefs();
    let engine = use_engine().start();
    let (input, results, status) = (NodeRef::new(), NodeRef::new(), NodeRef::new());
    // The elements themselves go to the module (a route's new view may not be in the
    // document yet when this runs).
    Effect::new(move |_| {
        p.lang.track();
        if let (true, Some(i), Some(r), Some(s)) =
            (engine.ready(), input.get(), results.get(), status.get())
        {
            let i: web_sys::HtmlInputElement = i;
            let (r, s): (web_sys::HtmlDivElement, web_sys::HtmlParagraphElement) = (r, s);
            engine.attach_search([&i, &r, &s], 20, true);
        }
    });
    view! {
        <form role="search" class="faq-search" on:submit=|ev| ev.prevent_default()>
            <label for="faq-search" class="label">{p.t(Site::SearchLabel)}</label>
            <p id="faq-search-hint" class="hint">{p.t(Site::SearchHint)}</p>
            <input id="faq-search" node_ref=input type="search" class="input" autocomplete="off" maxlength=QUERY_MAX
                aria-describedby="faq-search-hint" value=query_in_url()
                on:focus=move |_| { engine.start(); } on:input=move |_| { engine.start(); } />
        </form>
        <p node_ref=status id="faq-status" role="status" class="visually-hidden"></p>
        {waiting(engine)}
        <div node_ref=results id="faq-results"></div>
    }
}

#[component]
pub fn FaqIndex() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Site::NavKnowledge);
    let engine = use_engine().start();
    view! {
        <h1>{p.t(Site::NavKnowledge)}</h1>
        <p class="lead">{p.t(Faq::KnowledgeLead)}</p>
        <SearchBox />
        <section aria-labelledby="topics-title">
            <h2 id="topics-title">{p.t(Faq::TopicsTitle)}</h2>
            <div inner_html=move || engine.topics(p.lang.get())></div>
        </section>
    }
}

/// `/faq/<topic>` or `/faq/<article>`: the module fills the page and names it.
#[component]
pub fn FaqEntry() -> impl IntoView {
    let p = use_prefs();
    let location = use_location();
    let engine = use_engine().start();
    let root = NodeRef::<leptos::html::Div>::new();
    let title = RwSignal::new(String::new());
    crate::page::title_with(move |lang| {
        let t = title.get();
        if t.is_empty() {
            Site::SiteName.text(lang).to_owned()
        } else {
            t
        }
    });
    Effect::new(move |_| {
        let path = location.pathname.get();
        let key = path.trim_start_matches("/faq/").trim_end_matches('/');
        let lang = p.lang.get();
        if let (true, Some(el)) = (engine.ready(), root.get()) {
            title.set(engine.show(&el, key, lang, &query_in_url()));
            // A route change put focus on `<main>` while the page had no heading yet:
            // now it has one.
            if document()
                .active_element()
                .is_some_and(|e| e.id() == "main")
            {
                crate::page::focus_main_heading();
            }
        }
    });
    view! {
        {waiting(engine)}
        <div node_ref=root></div>
    }
}

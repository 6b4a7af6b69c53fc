//! What every page does as a page: its document title (in the reader's language), and
//! where focus goes when the route changes — to the new page's heading, which a screen
//! reader then reads out, so the next Tab starts at the top of the new content rather
//! than wherever the last page left it (or at the footer).

use helpdesk_shared::Lang;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

use crate::i18n::{Key, Site};
use crate::prefs::use_prefs;

/// Sets the document title to `key`, followed by the site's name.
pub fn title(key: impl Into<Key>) {
    let key = key.into();
    title_with(move |lang| key.text(lang).to_owned());
}

/// Sets the document title to what `text` says in the reader's language, followed by the
/// site's name; again when the language changes.
pub fn title_with(text: impl Fn(Lang) -> String + 'static) {
    let p = use_prefs();
    Effect::new(move |_| {
        let lang = p.lang.get();
        let site = Site::SiteName.text(lang);
        let page = text(lang);
        let full = if page.is_empty() || page == site {
            site.to_owned()
        } else {
            format!("{page} — {site}")
        };
        document().set_title(&full);
    });
}

/// Focuses the first heading of `<main>` (made focusable for it), or `<main>` itself
/// while the page's heading has not rendered yet.
pub fn focus_main_heading() {
    let doc = document();
    let target = doc
        .query_selector("main h1")
        .ok()
        .flatten()
        .or_else(|| doc.get_element_by_id("main"));
    if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        if !el.has_attribute("tabindex") {
            let _ = el.set_attribute("tabindex", "-1");
        }
        let _ = el.focus();
    }
}

/// Moves focus to the new page's heading after each route change (not on the first
/// load: there the browser starts at the top, as it should — unless another page of
/// the site loaded this one afresh, `helpdesk_app_site::ARRIVAL_KEY`).
#[component]
pub fn RouteFocus() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        let changed = match &previous {
            Some(p) => *p != path,
            None => arrived(),
        };
        if changed {
            request_animation_frame(focus_main_heading);
        }
        path
    });
}

/// Whether another page of the site sent the citizen here; forgets it. (The pre-rendered
/// pages' `helpdesk_app_front::shell` does the same; linking it here would bring the
/// home page's module into this bundle, which the SPA build compiles in one call.)
fn arrived() -> bool {
    let Ok(Some(s)) = window().session_storage() else {
        return false;
    };
    let set = s
        .get_item(helpdesk_app_site::ARRIVAL_KEY)
        .ok()
        .flatten()
        .is_some();
    let _ = s.remove_item(helpdesk_app_site::ARRIVAL_KEY);
    set
}

/// Says that the page about to load (another document of the site) is arrived at from
/// this one: its heading gets focus there.
pub fn mark_arrival() {
    if let Ok(Some(s)) = window().session_storage() {
        let _ = s.set_item(helpdesk_app_site::ARRIVAL_KEY, "1");
    }
}

/// "Skip to content": focuses the page's heading itself (the router would only change
/// the URL's fragment, and the next Tab would land on the logo).
#[component]
pub fn SkipLink() -> impl IntoView {
    let p = use_prefs();
    view! {
        <a href="#main" class="skip-link" on:click=move |ev| { ev.prevent_default(); focus_main_heading(); }>
            {p.t(Site::SiteSkip)}
        </a>
    }
}

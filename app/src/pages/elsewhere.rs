//! Pages that are another page's, not this bundle's: the staff's pages in the citizens'
//! bundle (they are `staff.html`, built with the `staff` feature: the citizens' bundle
//! carries none of the queue, the request view or the admin's pages) and, in both, the
//! home page (`index.html`) and the request form (`submit.html`), each pre-rendered
//! with its own module. A link to one loads that
//! address afresh and the server (or CloudFront's function) answers it with its page.

use leptos::prelude::*;

use crate::i18n::Common;
use crate::prefs::use_prefs;

thread_local! {
    /// The address this bundle was loaded at.
    static FIRST: String = window().location().pathname().unwrap_or_default();
}

/// Remembers the address the page was loaded at (call once, at start).
pub fn remember_first_address() {
    FIRST.with(|_| ());
}

/// Another page's address: loaded afresh, unless this bundle was itself loaded here (a
/// server that serves `app.html` for `/staff` or `/`): then it says so instead of
/// loading forever.
#[component]
pub fn Elsewhere() -> impl IntoView {
    let p = use_prefs();
    // The router's address: the browser's may not have changed yet.
    let location = leptos_router::hooks::use_location();
    let here = location.pathname.get_untracked();
    let loaded_here = FIRST.with(|first| *first == here);
    if !loaded_here {
        let search = location.search.get_untracked();
        let query = if search.is_empty() {
            String::new()
        } else {
            format!("?{search}")
        };
        // After the router has recorded the address in the history: then it is replaced,
        // not added twice (Back returns to the page before).
        let to = format!("{here}{query}");
        request_animation_frame(move || {
            crate::page::mark_arrival();
            let _ = window().location().replace(&to);
        });
        return view! { <p aria-busy="true">"…"</p> }.into_any();
    }
    view! { <h1>{p.t(Common::NotfoundTitle)}</h1> }.into_any()
}

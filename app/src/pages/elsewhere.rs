//! The staff's pages in the citizens' bundle: they are another bundle (`staff.html`,
//! built with the `staff` feature), so a link to one loads that address afresh and the
//! server (or CloudFront's function) answers it with the staff's bundle. The citizens'
//! first load carries none of the queue, the request view or the admin's pages.

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

/// A staff page: loaded afresh, unless this bundle was itself loaded here (a server
/// that serves `index.html` for `/staff`): then it says so instead of loading forever.
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
            let _ = window().location().replace(&to);
        });
        return view! { <p aria-busy="true">"…"</p> }.into_any();
    }
    view! { <h1>{p.t(Common::NotfoundTitle)}</h1> }.into_any()
}

//! Server data on a page: a `LocalResource` per call, shown by `show` — "…" until the
//! first answer, then the page's view of it, or the failure in the reader's language
//! (chosen by the page: a 404 reads "no such request" on one page, "no such file" on
//! another). A reload (`refetch`) keeps what is shown until the new answer arrives.
//!
//! Why not `Transition` + `ErrorBoundary` around a `Suspend`: measured on this app they
//! add 13 KiB brotli to the first load on top of `LocalResource` (26.5 with one shared
//! instance, 33 with one per page), for what `show` does in a `match`
//! (ARCHITECTURE.md, Decisions).

use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::{Common, Key};
use crate::prefs::use_prefs;

/// What shows while a page's data is on its way.
fn loading() -> impl IntoView {
    view! { <p aria-busy="true">"…"</p> }
}

/// The usual reading of a failure: no connection, or trouble on the server.
pub fn common_failure(f: &ApiFailure) -> Key {
    match f.status() {
        0 => Common::ErrorsNetwork.into(),
        _ => Common::ErrorsServer.into(),
    }
}

/// What `resource` holds, as the page renders it, or its failure as `explain` says it.
pub fn show<T: Clone + Send + Sync + 'static>(
    resource: LocalResource<Result<T, ApiFailure>>,
    explain: fn(&ApiFailure) -> Key,
    render: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    let p = use_prefs();
    (move || match resource.get() {
        None => loading().into_any(),
        Some(Ok(v)) => render(v),
        Some(Err(f)) => {
            let key = explain(&f);
            view! { <div class="banner" role="alert">{move || key.text(p.lang.get())}</div> }
                .into_any()
        }
    })
    .into_any()
}

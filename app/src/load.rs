//! Server data on a page, as Leptos's authors load it: a `LocalResource` per call, read
//! in a `Suspend` inside a `Transition` (what is shown stays while it reloads) and an
//! `ErrorBoundary` (a failure becomes a message in the reader's language, chosen by the
//! page: a 404 reads "no such request" on one page, "no such file" on another).
//!
//! The two boundary components are instantiated once for the whole app (`boundary` takes
//! the page's content type-erased): one instance per page cost 6.4 KiB brotli more.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::{Key, Site};
use crate::prefs::use_prefs;

/// What shows while a page's data is on its way.
fn loading() -> impl IntoView {
    view! { <p aria-busy="true">"…"</p> }
}

/// The usual reading of a failure: no connection, or trouble on the server.
pub fn common_failure(f: &ApiFailure) -> Key {
    match f.status() {
        0 => Site::ErrorsNetwork.into(),
        _ => Site::ErrorsServer.into(),
    }
}

/// What `resource` holds, as `render` shows it, inside the page's boundaries; its
/// failure as `explain` says it.
pub fn show<T: Clone + Send + Sync + 'static>(
    resource: LocalResource<Result<T, ApiFailure>>,
    explain: fn(&ApiFailure) -> Key,
    render: impl Fn(T) -> AnyView + Clone + Send + Sync + 'static,
) -> AnyView {
    boundary(
        explain,
        Arc::new(move || {
            let render = render.clone();
            Suspend::new(async move { resource.await.map(render) }).into_any()
        }),
    )
}

/// `content` inside one `Transition` and one `ErrorBoundary`.
fn boundary(
    explain: fn(&ApiFailure) -> Key,
    content: Arc<dyn Fn() -> AnyView + Send + Sync>,
) -> AnyView {
    view! {
        <Transition fallback=loading>
            <ErrorBoundary fallback=move |errors| failure(explain, errors)>
                {move || content()}
            </ErrorBoundary>
        </Transition>
    }
    .into_any()
}

/// The first error caught, said by `explain` when it is an `ApiFailure`.
fn failure(explain: fn(&ApiFailure) -> Key, errors: ArcRwSignal<Errors>) -> AnyView {
    let p = use_prefs();
    let key = move || {
        errors.with(|list| {
            list.iter()
                .next()
                .and_then(|(_, e)| e.downcast_ref::<ApiFailure>().map(explain))
                .unwrap_or_else(|| Site::ErrorsServer.into())
        })
    };
    view! { <div class="banner" role="alert">{move || key().text(p.lang.get())}</div> }.into_any()
}

//! The one message a page shows after a button press: what went wrong (and, when the
//! server asked for a wait, how long), or that it worked. It takes focus when it
//! appears, so it is scrolled into view and read out, however far down the button was.

use std::sync::Arc;

use helpdesk_shared::Lang;
use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::form::focus_after_render;
use crate::i18n::Key;
use crate::prefs::use_prefs;

type Text = Arc<dyn Fn(Lang) -> String + Send + Sync>;

#[derive(Clone)]
struct Shown {
    text: Text,
    success: bool,
}

#[derive(Clone, Copy)]
pub struct Banner {
    shown: RwSignal<Option<Shown>>,
    node: NodeRef<leptos::html::Div>,
}

pub use helpdesk_app_site::rate_text;

/// What to say about `failure`: a refusal for too many requests with its wait, anything
/// else as `explain` reads it.
pub fn failure_text(failure: &ApiFailure, explain: fn(&ApiFailure) -> Key) -> Text {
    match failure {
        ApiFailure::Problem(pb) if pb.status == 429 => {
            let wait = pb.retry_after;
            Arc::new(move |lang| rate_text(lang, wait))
        }
        f => {
            let key = explain(f);
            Arc::new(move |lang| key.text(lang).to_owned())
        }
    }
}

impl Banner {
    pub fn new() -> Banner {
        Banner {
            shown: RwSignal::new(None),
            node: NodeRef::new(),
        }
    }

    pub fn clear(self) {
        self.shown.set(None);
    }

    fn show(self, text: Text, success: bool) {
        self.shown.set(Some(Shown { text, success }));
        focus_after_render(self.node);
    }

    /// A refusal no field can fix.
    pub fn say(self, key: impl Into<Key>) {
        let key = key.into();
        self.show(Arc::new(move |lang| key.text(lang).to_owned()), false);
    }

    /// A refusal worded by the page (it needs the failure's details).
    pub fn say_text(self, text: impl Fn(Lang) -> String + Send + Sync + 'static) {
        self.show(Arc::new(text), false);
    }

    /// A failed call, as `explain` reads it (a 429 says the wait).
    pub fn fail(self, failure: &ApiFailure, explain: fn(&ApiFailure) -> Key) {
        self.show(failure_text(failure, explain), false);
    }

    /// It worked.
    pub fn done(self, key: impl Into<Key>) {
        let key = key.into();
        self.show(Arc::new(move |lang| key.text(lang).to_owned()), true);
    }

    pub fn view(self) -> impl IntoView {
        let p = use_prefs();
        let shown = self.shown;
        let success = move || shown.with(|s| s.as_ref().is_some_and(|s| s.success));
        view! {
            <div node_ref=self.node tabindex="-1" class="banner"
                class:banner-success=success
                class:hidden=move || shown.with(Option::is_none)
                role=move || if success() { "status" } else { "alert" }>
                {move || shown.get().map(|s| (s.text)(p.lang.get()))}
            </div>
        }
    }
}

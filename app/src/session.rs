//! Who is signed in, as far as the SPA knows: asked once at start (`GET /auth/session`; the
//! cookie itself is HttpOnly and invisible here) and updated on sign-in and sign-out.

use helpdesk_shared::auth::{Me, SessionState};
use leptos::prelude::*;

use crate::api;

#[derive(Clone, Copy)]
pub struct Session {
    /// `None` until the first answer; then `Some(None)` for nobody.
    pub me: RwSignal<Option<Option<Me>>>,
}

impl Session {
    pub fn init() -> Session {
        let s = Session {
            me: RwSignal::new(None),
        };
        s.refresh();
        s
    }

    pub fn refresh(self) {
        self.ask(1);
    }

    /// A failure says nothing about the session (a network failure, a server error), so
    /// the answer stays unknown (pages keep waiting rather than sending a signed-in person
    /// to sign in again) and the question is asked again, less often each time, up to
    /// every 30 s. Nobody signed in is a 200 with `me: null`, not an error.
    fn ask(self, attempt: u32) {
        leptos::task::spawn_local(async move {
            match api::get::<SessionState>("/auth/session").await {
                Ok(state) => {
                    // Nobody signed in (ended here or elsewhere, or expired): what this
                    // device kept to read offline goes too.
                    if state.me.is_none() {
                        crate::offline::forget_later();
                    }
                    self.me.set(Some(state.me));
                }
                Err(_) => {
                    let wait = std::time::Duration::from_secs((2u64 << attempt.min(4)).min(30));
                    set_timeout(move || self.ask(attempt + 1), wait);
                }
            }
        });
    }

    pub fn citizen(self) -> bool {
        matches!(self.me.get(), Some(Some(Me::Citizen { .. })))
    }

    pub fn staff(self) -> bool {
        matches!(self.me.get(), Some(Some(Me::Staff { .. })))
    }

    /// Ends this session (or all of the person's), then loads `to` afresh: nothing of
    /// the signed-in pages (personal data included) stays in memory, and the page being
    /// left cannot react to the sign-out first.
    pub async fn sign_out(self, everywhere: bool, to: &str) {
        let path = if everywhere {
            "/auth/sign-out-everywhere"
        } else {
            "/auth/sign-out"
        };
        let _ = api::post_no_content(path).await;
        crate::offline::forget().await;
        if window().location().set_href(to).is_err() {
            self.me.set(Some(None));
        }
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

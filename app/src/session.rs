//! Who is signed in, as far as the SPA knows: asked once at start (`GET /auth/me`; the
//! cookie itself is HttpOnly and invisible here) and updated on sign-in and sign-out.

use helpdesk_shared::auth::Me;
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
        leptos::task::spawn_local(async move {
            let me = api::get::<Me>("/auth/me").await.ok();
            self.me.set(Some(me));
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
        if window().location().set_href(to).is_err() {
            self.me.set(Some(None));
        }
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

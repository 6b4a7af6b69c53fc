//! The helpdesk single-page app (Leptos, client-side rendered): citizen pages, sign-in,
//! "My requests", and the staff workspace. Every visible string comes from `i18n`; every field check from
//! `helpdesk_shared`.

mod api;
mod form;
mod i18n;
mod load;
mod pages;
mod prefs;
mod session;

use helpdesk_shared::Lang;
use helpdesk_shared::contacts::HOTLINES;
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::prelude::*;

use crate::i18n::{Account, Common};
use pages::home::Home;
use pages::mine::{Mine, MineOne};
use pages::outbox::Outbox;
use pages::signin::SignIn;
use pages::staff::{StaffHome, StaffSignIn};
use pages::staff_ticket::StaffTicket;
use pages::status::StatusPage;
use pages::submit::Submit;
use pages::submitted::Submitted;
use prefs::{FONT_STEPS, Prefs, use_prefs};
use session::{Session, use_session};

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    provide_context(Prefs::init());
    provide_context(Session::init());
    view! {
        <Router>
            <a href="#main" class="skip-link">{use_prefs().t(Common::SiteSkip)}</a>
            <Header />
            <main id="main" class="container" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/submit") view=Submit />
                    <Route path=path!("/submitted") view=Submitted />
                    <Route path=path!("/status") view=StatusPage />
                    <Route path=path!("/signin") view=SignIn />
                    <Route path=path!("/my") view=Mine />
                    <Route path=path!("/my/:number") view=MineOne />
                    <Route path=path!("/staff/signin") view=StaffSignIn />
                    <Route path=path!("/staff") view=StaffHome />
                    <Route path=path!("/staff/t/:number") view=StaffTicket />
                    <Route path=path!("/dev/outbox") view=Outbox />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let p = use_prefs();
    let session = use_session();
    let font_labels = [
        Common::PrefsFontNormal,
        Common::PrefsFontLarge,
        Common::PrefsFontHuge,
    ];
    view! {
        <header class="site-header">
            <div class="container header-row">
                <A href="/" attr:class="site-name">{p.t(Common::SiteName)}</A>
                <div class="prefs">
                    <div class="toggle" role="group" aria-label=p.t(Common::PrefsLanguage)>
                        {[(Lang::Ru, "RU", "Русский"), (Lang::En, "EN", "English")].map(|(lang, short, full)| view! {
                            <button type="button" class="toggle-button" lang=lang.code()
                                aria-pressed=move || (p.lang.get() == lang).to_string()
                                aria-label=full
                                on:click=move |_| p.lang.set(lang)>{short}</button>
                        })}
                    </div>
                    <div class="toggle" role="group" aria-label=p.t(Common::PrefsFont)>
                        {FONT_STEPS.iter().zip(font_labels).enumerate().map(|(i, (&step, label))| view! {
                            <button type="button" class=format!("toggle-button font-{i}")
                                aria-pressed=move || (p.font.get() == step).to_string()
                                aria-label=p.t(label)
                                on:click=move |_| p.font.set(step)>"A"</button>
                        }).collect_view()}
                    </div>
                </div>
            </div>
            <nav class="container" aria-label=p.t(Common::NavLabel)>
                <ul class="nav">
                    <li><A href="/" exact=true>{p.t(Common::NavHome)}</A></li>
                    <li><A href="/submit">{p.t(Common::NavSubmit)}</A></li>
                    <li><A href="/status">{p.t(Common::NavStatus)}</A></li>
                    {move || {
                        let (href, key) = if session.staff() {
                            ("/staff", Account::NavStaff)
                        } else if session.citizen() {
                            ("/my", Account::NavMine)
                        } else {
                            ("/signin", Account::NavSignin)
                        };
                        view! { <li class="nav-account"><A href=href>{p.t(key)}</A></li> }
                    }}
                </ul>
            </nav>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let p = use_prefs();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p>{p.t(Common::FooterHotline)}": "
                    {HOTLINES.map(|(dial, shown)| view! { <a href=format!("tel:{dial}")>{shown}</a>" " })}
                </p>
            </div>
        </footer>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let p = use_prefs();
    view! {
        <h1>{p.t(Common::NotfoundTitle)}</h1>
        <p><A href="/">{p.t(Common::NotfoundHome)}</A></p>
    }
}

//! The helpdesk single-page app (Leptos, client-side rendered): citizen pages, sign-in,
//! "My requests", and the staff workspace. Every visible string comes from `i18n`; every field check from
//! `helpdesk_shared`.

mod api;
mod banner;
mod form;
mod i18n;
mod lazy;
mod load;
mod offline;
mod page;
mod pages;
mod prefs;
mod search;
mod session;

use helpdesk_shared::Lang;
use helpdesk_shared::contacts::HOTLINES;
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::prelude::*;

use crate::i18n::{Common, Site};
use pages::chat::ChatPage;
#[cfg(feature = "staff")]
use pages::chats::StaffChats;
use pages::contacts::Contacts;
#[cfg(not(feature = "staff"))]
use pages::elsewhere::{
    Elsewhere as StaffChats, Elsewhere as StaffHome, Elsewhere as StaffSignIn,
    Elsewhere as StaffTicket, Elsewhere as ReportsPage, Elsewhere as OfficeDayPage,
    Elsewhere as TwoFactorPage,
};
use pages::faq::{FaqEntry, FaqIndex};
use pages::mine::{Mine, MineOne};
#[cfg(feature = "staff")]
use pages::office_day::OfficeDay as OfficeDayPage;
use pages::outbox::Outbox;
#[cfg(feature = "staff")]
use pages::reports::ReportsPage;
use pages::signin::SignIn;
#[cfg(feature = "staff")]
use pages::staff::{StaffHome, StaffSignIn};
#[cfg(feature = "staff")]
use pages::staff_ticket::StaffTicket;
use pages::status::StatusPage;
use pages::submitted::Submitted;
#[cfg(feature = "staff")]
use pages::two_factor::TwoFactorPage;
use prefs::{FONT_STEPS, Prefs, use_prefs};
use session::{Session, use_session};

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    pages::elsewhere::remember_first_address();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    provide_context(Prefs::init());
    provide_context(Session::init());
    provide_context(search::Engine::new());
    pages::notices::Bell::provide();
    view! {
        <Router>
            <page::SkipLink />
            <page::RouteFocus />
            <Header />
            <main id="main" class="container" tabindex="-1">
                <Routes fallback=NotFound>
                    // The home page is not this app's: `index.html` carries it pre-rendered, with
                    // a small module of its own (`app-front`). The links to it leave the app
                    // (`rel="external"`); a navigation here from code loads it afresh.
                    <Route path=path!("/") view=pages::elsewhere::Elsewhere />
                    <Route path=path!("/submit") view=pages::elsewhere::Elsewhere />
                    <Route path=path!("/submitted") view=Submitted />
                    <Route path=path!("/status") view=StatusPage />
                    <Route path=path!("/survey") view=pages::survey::SurveyLinkPage />
                    <Route path=path!("/contacts") view=Contacts />
                    <Route path=path!("/appointments") view=pages::visits::VisitsPage />
                    <Route path=path!("/chat") view=ChatPage />
                    <Route path=path!("/faq") view=FaqIndex />
                    <Route path=path!("/faq/:key") view=FaqEntry />
                    <Route path=path!("/signin") view=SignIn />
                    <Route path=path!("/my") view=Mine />
                    <Route path=path!("/my/:number") view=MineOne />
                    <Route path=path!("/notifications") view=pages::notices::NotificationsPage />
                    <Route path=path!("/staff/signin") view=StaffSignIn />
                    <Route path=path!("/staff") view=StaffHome />
                    <Route path=path!("/staff/t/:number") view=StaffTicket />
                    <Route path=path!("/staff/chats") view=StaffChats />
                    <Route path=path!("/staff/reports") view=ReportsPage />
                    <Route path=path!("/staff/appointments") view=OfficeDayPage />
                    <Route path=path!("/staff/two-factor") view=TwoFactorPage />
                    <Route path=path!("/dev/outbox") view=Outbox />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}

/// The site's name, then (behind "Меню" on a phone, where it would fill the first
/// screen at the largest text) the navigation, sign-out and the reader's preferences.
#[component]
fn Header() -> impl IntoView {
    let p = use_prefs();
    let session = use_session();
    let open = RwSignal::new(false);
    // Changes only when the answer does, so the header is not redrawn under a click.
    let not_staff = Memo::new(move |_| !session.staff());
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });
    let font_labels = [
        Site::PrefsFontNormal,
        Site::PrefsFontLarge,
        Site::PrefsFontHuge,
    ];
    let sign_out = move |_| {
        let to = if session.staff() {
            "/staff/signin"
        } else {
            "/"
        };
        leptos::task::spawn_local(async move { session.sign_out(false, to).await });
    };
    view! {
        <header class="site-header">
            <div class="container header-row">
                <A href="/" attr:class="site-name" attr:rel="external">{p.t(Site::SiteName)}</A>
                // The citizens' chat; staff have their console instead.
                {move || not_staff.get().then(|| view! {
                    <A href="/chat" attr:class="chat-button">{p.t(Site::NavChat)}</A>
                })}
                {move || session.citizen().then(|| view! { <pages::notices::BellLink /> })}
                <button type="button" class="menu-button" aria-controls="site-menu"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>{p.t(Site::NavMenu)}</button>
            </div>
            <div id="site-menu" class="container site-menu" class:open=move || open.get()>
                <nav aria-label=p.t(Site::NavLabel)>
                    <ul class="nav">
                        <li class="nav-home"><A href="/" exact=true attr:rel="external">{p.t(Site::NavHome)}</A></li>
                        <li><A href="/submit">{p.t(Site::NavSubmit)}</A></li>
                        <li><A href="/status">{p.t(Site::NavStatus)}</A></li>
                        <li><A href="/faq">{p.t(Site::NavKnowledge)}</A></li>
                        <li><A href="/contacts">{p.t(Site::NavContacts)}</A></li>
                        {move || {
                            let (href, key) = if session.staff() {
                                ("/staff", Site::NavStaff)
                            } else if session.citizen() {
                                ("/my", Site::NavMine)
                            } else {
                                ("/signin", Site::NavSignin)
                            };
                            view! { <li class="nav-account"><A href=href>{p.t(key)}</A></li> }
                        }}
                        {move || (session.staff() || session.citizen()).then(|| view! {
                            <li><button type="button" class="nav-button" on:click=sign_out>{p.t(Site::MineSignout)}</button></li>
                        })}
                    </ul>
                </nav>
                <div class="prefs">
                    <div class="toggle" role="group" aria-label=p.t(Site::PrefsLanguage)>
                        {[(Lang::Ru, "RU", "Русский"), (Lang::En, "EN", "English")].map(|(lang, short, full)| view! {
                            // The name starts with what the button shows (label in name).
                            <button type="button" class="toggle-button" lang=lang.code()
                                aria-pressed=move || (p.lang.get() == lang).to_string()
                                aria-label=format!("{short} — {full}")
                                on:click=move |_| p.lang.set(lang)>{short}</button>
                        })}
                    </div>
                    <div class="toggle" role="group" aria-label=p.t(Site::PrefsFont)>
                        {FONT_STEPS.iter().zip(font_labels).enumerate().map(|(i, (&step, label))| view! {
                            <button type="button" class=format!("toggle-button font-{i}")
                                aria-pressed=move || (p.font.get() == step).to_string()
                                aria-label=move || format!("A — {}", label.text(p.lang.get()))
                                on:click=move |_| p.font.set(step)>"A"</button>
                        }).collect_view()}
                    </div>
                </div>
            </div>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let p = use_prefs();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p>{p.t(Site::FooterHotline)}": "
                    {HOTLINES.map(|(dial, shown)| view! { <a href=format!("tel:{dial}")>{shown}</a>" " })}
                </p>
            </div>
        </footer>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let p = use_prefs();
    page::title(Common::NotfoundTitle);
    view! {
        <h1>{p.t(Common::NotfoundTitle)}</h1>
        <p><a href="/">{p.t(Common::NotfoundHome)}</a></p>
    }
}

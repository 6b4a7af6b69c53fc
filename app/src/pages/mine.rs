//! "Мои обращения": a signed-in citizen's requests, and one of them without its code.

use helpdesk_shared::api::{MyTickets, TicketSummary, TicketView};
use helpdesk_shared::auth::Me;
use helpdesk_shared::{Status, TicketNumber};
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use super::moscow;
use super::ticket::TicketDetails;
use crate::api::{self, ApiFailure};
use crate::banner::Banner;
use crate::form::focus_by_id;
use crate::i18n::{Account, Common, CommonCount, Key, Site};
use crate::load::{common_failure, show};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// Renders `inner` for a signed-in citizen; sends anyone else to sign in.
pub(crate) fn citizen_only<V: IntoView + 'static>(
    inner: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    move || match session.me.get() {
        None => view! { <p aria-busy="true">"…"</p> }.into_any(),
        Some(Some(Me::Citizen { .. })) => inner().into_any(),
        Some(_) => view! { <Redirect path="/signin" /> }.into_any(),
    }
}

#[component]
pub fn Mine() -> impl IntoView {
    citizen_only(MineList)
}

/// The citizen's choice to keep what they open on this device, to read offline
/// (`offline`); not offered where no service worker could keep it.
#[component]
fn OfflineReading() -> impl IntoView {
    let p = use_prefs();
    let on = RwSignal::new(false);
    let offered = crate::offline::supported();
    if offered {
        leptos::task::spawn_local(async move { on.set(crate::offline::is_on().await) });
    }
    let change = move |ev: leptos::ev::Event| {
        let wanted = event_target_checked(&ev);
        leptos::task::spawn_local(async move {
            crate::offline::set(wanted).await;
            on.set(crate::offline::is_on().await);
        });
    };
    offered.then(|| {
        view! {
            <section class="offline-reading" aria-labelledby="offline-reading-title">
                <h2 id="offline-reading-title">{p.t(Account::MineOfflineTitle)}</h2>
                <div class="field checkbox">
                    <input id="field-offline" type="checkbox" aria-describedby="field-offline-hint"
                        prop:checked=move || on.get() on:change=change />
                    <label for="field-offline">{p.t(Account::MineOfflineLabel)}</label>
                    <p class="hint" id="field-offline-hint">{p.t(Account::MineOfflineHint)}</p>
                </div>
            </section>
        }
    })
}

#[component]
fn MineList() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Account::MineTitle);
    let session = use_session();
    let list = LocalResource::new(|| api::get::<MyTickets>("/my/tickets"));
    let sign_out = move |everywhere: bool| {
        leptos::task::spawn_local(async move {
            session.sign_out(everywhere, "/").await;
        });
    };
    // The citizen's chats, drawn by the chat module (loaded here, not in the first load).
    let chats = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let lang = p.lang.get();
        let Some(el) = chats.get() else { return };
        let el: web_sys::HtmlDivElement = el;
        leptos::task::spawn_local(async move {
            if let Ok(m) = crate::lazy::import("helpdeskChat").await {
                crate::lazy::call(&m, "mine", &[el.into(), lang.code().into()]);
            }
        });
    });
    let who = move || match session.me.get() {
        Some(Some(Me::Citizen { contact })) => contact,
        _ => String::new(),
    };
    view! {
        <h1>{p.t(Account::MineTitle)}</h1>
        <p class="meta signed-in">{p.t(Account::MineSignedInAs)}" "<strong>{who}</strong></p>
        {show(list, common_failure, tickets_view)}
        <div class="my-chats" node_ref=chats></div>
        <OfflineReading />
        <div class="button-row">
            <button type="button" class="button button-secondary" on:click=move |_| sign_out(false)>{p.t(Site::MineSignout)}</button>
            <button type="button" class="link-button" on:click=move |_| sign_out(true)>{p.t(Account::MineSignoutAll)}</button>
        </div>
    }
}

/// Which of the citizen's requests the list shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    All,
    /// Waiting for the citizen's answer: what they must act on.
    You,
    Open,
    Closed,
}

impl Shown {
    const ALL: [(Shown, Account); 4] = [
        (Shown::All, Account::MineFilterAll),
        (Shown::You, Account::MineFilterYou),
        (Shown::Open, Account::MineFilterOpen),
        (Shown::Closed, Account::MineFilterClosed),
    ];

    fn holds(self, status: Status) -> bool {
        match self {
            Shown::All => true,
            Shown::You => status == Status::AwaitingCitizen,
            Shown::Open => !status.is_final(),
            Shown::Closed => status.is_final(),
        }
    }
}

/// Cards shown at first, and added by each "Показать ещё".
const PAGE: usize = 20;

/// The citizen's requests as cards, newest first, a page at a time, with filters by
/// status; or how to make the first one.
fn tickets_view(l: MyTickets) -> AnyView {
    let p = use_prefs();
    if l.tickets.is_empty() {
        return view! {
            <p>{p.t(Account::MineEmpty)}</p>
            <p><A href="/submit" attr:class="button">{p.t(Site::NavSubmit)}</A></p>
        }
        .into_any();
    }
    let all = StoredValue::new(l.tickets);
    // What needs the citizen comes first when there is any.
    let waiting = all.with_value(|t| t.iter().any(|t| t.status == Status::AwaitingCitizen));
    let filter = RwSignal::new(if waiting { Shown::You } else { Shown::All });
    let limit = RwSignal::new(PAGE);
    let count = move |f: Shown| all.with_value(|t| t.iter().filter(|t| f.holds(t.status)).count());
    let chosen = move || {
        let f = filter.get();
        all.with_value(|t| {
            t.iter()
                .filter(|t| f.holds(t.status))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let more = move |_| {
        let from = limit.get_untracked();
        limit.set(from + PAGE);
        // Focus the first new card, so the keyboard goes on where the list grew.
        request_animation_frame(move || focus_by_id(&format!("card-{from}")));
    };
    view! {
        <div class="chips" role="group" aria-label=p.t(Account::MineFilters)>
            {Shown::ALL.map(|(f, key)| view! {
                <button type="button" class="chip" aria-pressed=move || (filter.get() == f).to_string()
                    on:click=move |_| { filter.set(f); limit.set(PAGE); }>
                    {p.t(key)}" "<span class="chip-count">{count(f)}</span>
                </button>
            })}
        </div>
        {move || {
            let list = chosen();
            let total = list.len();
            let shown = total.min(limit.get());
            if total == 0 {
                return view! { <p>{p.t(Account::MineNone)}</p> }.into_any();
            }
            view! {
                <ul class="ticket-list">
                    {list.into_iter().take(shown).enumerate().map(|(i, t)| ticket_card(i, t)).collect_view()}
                </ul>
                <p class="meta" aria-live="polite">{move || format!("{} {total}", CommonCount::Shown.text(p.lang.get(), shown as u64))}</p>
                {(shown < total).then(|| view! {
                    <p><button type="button" class="button button-secondary" on:click=more>{p.t(Account::MineMore)}</button></p>
                })}
            }
            .into_any()
        }}
    }
    .into_any()
}

fn ticket_card(i: usize, t: TicketSummary) -> impl IntoView {
    let p = use_prefs();
    let href = format!("/my/{}", t.number);
    view! {
        <li class="ticket-card">
            <p class="ticket-card-head">
                <A href=href attr:id=format!("card-{i}")>{format!("№ {}", t.number)}</A>
                <span class=format!("status status-{}", t.status.code())>{move || t.status.title(p.lang.get())}</span>
            </p>
            <p>{t.subject.clone()}</p>
            <p class="meta">
                {p.t(Account::MineSubmitted)}" "{moscow(t.created_at)}" · "
                {if t.status.is_final() {
                    view! { {p.t(Common::StatusClosed)}" "{moscow(t.updated_at)}" "{p.t(Common::StatusMsk)} }.into_any()
                } else if t.status == helpdesk_shared::Status::AwaitingCitizen {
                    view! { {p.t(Common::StatusPaused)} }.into_any()
                } else {
                    view! { {p.t(Account::MineExpected)}" "{moscow(t.expected_by)}" "{p.t(Common::StatusMsk)} }.into_any()
                }}
            </p>
        </li>
    }
}

#[component]
pub fn MineOne() -> impl IntoView {
    citizen_only(MineTicket)
}

/// The route's request number: `/my/:number`, `/staff/t/:number`.
#[derive(Params, Clone, PartialEq)]
pub struct NumberParam {
    pub number: Option<String>,
}

impl NumberParam {
    /// The number's API path segment (`TicketNumber::path_segment`), or empty.
    pub fn segment(&self) -> String {
        TicketNumber::path_segment(self.number.as_deref().unwrap_or_default())
    }
}

/// "№ 123-456-789": the document title of a request's page, from its route.
pub fn number_title() -> impl Fn(helpdesk_shared::Lang) -> String + 'static {
    let params = use_params::<NumberParam>();
    move |_| {
        params
            .with(|p| p.as_ref().ok().and_then(|p| p.number.clone()))
            .map(|n| format!("№ {n}"))
            .unwrap_or_default()
    }
}

/// The request the route names, read from `<prefix>/<number>` (and again when the route
/// changes to another number).
pub fn ticket_resource<T>(prefix: &'static str) -> LocalResource<Result<T, ApiFailure>>
where
    T: serde::de::DeserializeOwned + 'static,
{
    let params = use_params::<NumberParam>();
    LocalResource::new(move || {
        let segment = params.with(|p| p.as_ref().map(NumberParam::segment).unwrap_or_default());
        let path = format!("{prefix}/{segment}");
        async move { api::get::<T>(&path).await }
    })
}

fn not_found(f: &ApiFailure) -> Key {
    match f.status() {
        404 | 422 => Account::MineNotFound.into(),
        _ => common_failure(f),
    }
}

#[component]
fn MineTicket() -> impl IntoView {
    let p = use_prefs();
    crate::page::title_with(number_title());
    let ticket = ticket_resource::<TicketView>("/my/tickets");
    let sent = Banner::new();
    view! {
        <p><A href="/my">{p.t(Account::MineBack)}</A></p>
        <h1 class="visually-hidden">{p.t(Account::MineTitle)}</h1>
        {sent.view()}
        {show(ticket, not_found, move |v| view! {
                        // Read again, so the page shows the request as the server now has it.
                        <TicketDetails ticket=v code=None on_update=Callback::new(move |_| { sent.done(Common::StatusSent); ticket.refetch(); }) />
                    }.into_any())}
    }
}

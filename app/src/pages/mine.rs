//! "Мои обращения": a signed-in citizen's requests, and one of them without its code.

use helpdesk_shared::TicketNumber;
use helpdesk_shared::api::{MyTickets, TicketView};
use helpdesk_shared::auth::Me;
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use super::moscow;
use super::status::TicketDetails;
use crate::api::{self, ApiFailure};
use crate::i18n::{Account, Common, Key};
use crate::load::{common_failure, show};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// Renders `inner` for a signed-in citizen; sends anyone else to sign in.
fn citizen_only<V: IntoView + 'static>(
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

#[component]
fn MineList() -> impl IntoView {
    let p = use_prefs();
    let session = use_session();
    let list = LocalResource::new(|| api::get::<MyTickets>("/my/tickets"));
    let sign_out = move |everywhere: bool| {
        leptos::task::spawn_local(async move {
            session.sign_out(everywhere, "/").await;
        });
    };
    let who = move || match session.me.get() {
        Some(Some(Me::Citizen { contact })) => contact,
        _ => String::new(),
    };
    view! {
        <h1>{p.t(Account::MineTitle)}</h1>
        <p class="meta signed-in">{p.t(Account::MineSignedInAs)}" "<strong>{who}</strong></p>
        {show(list, common_failure, tickets_view)}
        <div class="button-row">
            <button type="button" class="button button-secondary" on:click=move |_| sign_out(false)>{p.t(Account::MineSignout)}</button>
            <button type="button" class="link-button" on:click=move |_| sign_out(true)>{p.t(Account::MineSignoutAll)}</button>
        </div>
    }
}

/// The citizen's requests as cards, newest first; or how to make the first one.
fn tickets_view(l: MyTickets) -> AnyView {
    let p = use_prefs();
    if l.tickets.is_empty() {
        return view! {
            <p>{p.t(Account::MineEmpty)}</p>
            <p><A href="/submit" attr:class="button">{p.t(Common::NavSubmit)}</A></p>
        }
        .into_any();
    }
    view! {
        <ul class="ticket-list">
            {l.tickets.into_iter().map(|t| {
                let href = format!("/my/{}", t.number);
                view! {
                    <li class="ticket-card">
                        <p class="ticket-card-head">
                            <A href=href>{format!("№ {}", t.number)}</A>
                            <span class=format!("status status-{}", t.status.code())>{move || t.status.title(p.lang.get())}</span>
                        </p>
                        <p>{t.subject.clone()}</p>
                        <p class="meta">
                            {p.t(Account::MineSubmitted)}" "{moscow(t.created_at)}" · "
                            {p.t(Account::MineExpected)}" "{moscow(t.expected_by)}" "{p.t(Common::StatusMsk)}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
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
    let ticket = ticket_resource::<TicketView>("/my/tickets");
    let sent = RwSignal::new(false);
    view! {
        <p><A href="/my">{p.t(Account::MineBack)}</A></p>
        <h1 class="visually-hidden">{p.t(Account::MineTitle)}</h1>
        {show(ticket, not_found, move |v| view! {
                        {move || sent.get().then(|| view! { <div class="banner banner-success" role="status">{p.t(Common::StatusSent)}</div> })}
                        // Read again, so the page shows the request as the server now has it.
                        <TicketDetails ticket=v code=None on_update=Callback::new(move |_| { sent.set(true); ticket.refetch(); }) />
                    }.into_any())}
    }
}

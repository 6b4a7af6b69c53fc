//! "Мои обращения": a signed-in citizen's requests, and one of them without its code.

use helpdesk_shared::TicketNumber;
use helpdesk_shared::api::{MyTickets, TicketView};
use helpdesk_shared::auth::Me;
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_params_map;

use super::moscow;
use super::status::TicketDetails;
use crate::api::{self, ApiFailure};
use crate::i18n::{Account, Common, Key};
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
    let list = RwSignal::new(None::<Result<MyTickets, ApiFailure>>);
    leptos::task::spawn_local(async move {
        list.set(Some(api::get::<MyTickets>("/my/tickets").await));
    });
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
        {move || match list.get() {
            None => view! { <p aria-busy="true">"…"</p> }.into_any(),
            Some(Err(_)) => view! { <div class="banner" role="alert">{p.t(Common::ErrorsServer)}</div> }.into_any(),
            Some(Ok(l)) if l.tickets.is_empty() => view! {
                <p>{p.t(Account::MineEmpty)}</p>
                <p><A href="/submit" attr:class="button">{p.t(Common::NavSubmit)}</A></p>
            }.into_any(),
            Some(Ok(l)) => view! {
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
            }.into_any(),
        }}
        <div class="button-row">
            <button type="button" class="button button-secondary" on:click=move |_| sign_out(false)>{p.t(Account::MineSignout)}</button>
            <button type="button" class="link-button" on:click=move |_| sign_out(true)>{p.t(Account::MineSignoutAll)}</button>
        </div>
    }
}

#[component]
pub fn MineOne() -> impl IntoView {
    citizen_only(MineTicket)
}

#[component]
fn MineTicket() -> impl IntoView {
    let p = use_prefs();
    let params = use_params_map();
    let ticket = RwSignal::new(None::<Result<TicketView, ApiFailure>>);
    let sent = RwSignal::new(false);
    Effect::new(move |_| {
        let number = params.with(|m| m.get("number").unwrap_or_default());
        leptos::task::spawn_local(async move {
            let path = format!("/my/tickets/{}", TicketNumber::path_segment(&number));
            ticket.set(Some(api::get::<TicketView>(&path).await));
        });
    });
    view! {
        <p><A href="/my">{p.t(Account::MineBack)}</A></p>
        {move || match ticket.get() {
            None => view! { <p aria-busy="true">"…"</p> }.into_any(),
            Some(Err(f)) => {
                let key: Key = match f.status() { 404 | 422 => Account::MineNotFound.into(), 0 => Common::ErrorsNetwork.into(), _ => Common::ErrorsServer.into() };
                view! { <h1>{p.t(Account::MineTitle)}</h1><div class="banner" role="alert">{p.t(key)}</div> }.into_any()
            }
            Some(Ok(v)) => view! {
                <h1 class="visually-hidden">{p.t(Account::MineTitle)}</h1>
                {move || sent.get().then(|| view! { <div class="banner banner-success" role="status">{p.t(Common::StatusSent)}</div> })}
                <TicketDetails ticket=v code=None on_update=Callback::new(move |v| { ticket.set(Some(Ok(v))); sent.set(true); }) />
            }.into_any(),
        }}
    }
}

//! What a citizen was sent about a request, where and in what state: the same table on
//! the citizen's request page and (staff's bundle) the staff's.

use helpdesk_shared::notice::{Delivery, DeliveryState};
#[cfg(feature = "staff")]
use helpdesk_shared::{TicketNumber, notice::RequestNotices};
use leptos::prelude::*;

use super::moscow;
use super::notices::channel_key;
#[cfg(feature = "staff")]
use crate::api;
#[cfg(feature = "staff")]
use crate::banner::Banner;
use crate::i18n::{Notices, kind_text};
#[cfg(feature = "staff")]
use crate::load::common_failure;
use crate::prefs::use_prefs;

/// What was sent where, newest first: the same list staff see (who also read the
/// provider's error, `staff`).
#[component]
pub fn DeliveryLog(deliveries: Vec<Delivery>, #[prop(optional)] staff: bool) -> impl IntoView {
    let p = use_prefs();
    if deliveries.is_empty() {
        return view! { <p>{p.t(Notices::LogEmpty)}</p> }.into_any();
    }
    view! {
        <h3>{p.t(Notices::LogTitle)}</h3>
        <div class="table-scroll" tabindex="0" role="region" aria-label=move || p.t(Notices::LogTitle)()>
            <table class="delivery-log">
                <thead><tr>
                    <th scope="col">{p.t(Notices::LogWhen)}</th>
                    <th scope="col">{p.t(Notices::LogWhat)}</th>
                    <th scope="col">{p.t(Notices::LogChannel)}</th>
                </tr></thead>
                <tbody>
                    {deliveries.into_iter().map(|d| {
                        let state = match d.state {
                            DeliveryState::Sent => Notices::StateSent,
                            DeliveryState::Delivered => Notices::StateDelivered,
                            DeliveryState::Held => Notices::StateHeld,
                            DeliveryState::Retrying => Notices::StateRetrying,
                            DeliveryState::Failed => Notices::StateFailed,
                        };
                        let until = d.hold_until.map(|u| format!(" ({})", moscow(u)));
                        let error = d.error.clone().filter(|_| !matches!(d.state, DeliveryState::Sent | DeliveryState::Delivered)).map(|e| match e.as_str() {
                            helpdesk_shared::notice::ERROR_TURNED_OFF => view! { ": " {p.t(Notices::ErrorTurnedOff)} }.into_any(),
                            helpdesk_shared::notice::ERROR_BOUNCED => view! { ": " {p.t(Notices::ErrorBounced)} }.into_any(),
                            _ if staff => view! { ": " <span class="meta">{e}</span> }.into_any(),
                            _ => view! { ": " {p.t(Notices::ErrorProvider)} }.into_any(),
                        });
                        let attempts = (d.attempts > 0).then(|| view! { " · " {d.attempts} " " {p.t(Notices::Attempts)} });
                        let resent = d.resent.then(|| view! { " · " {p.t(Notices::Resent)} });
                        let kind = d.kind;
                        view! {
                            <tr class=format!("delivery-{}", d.channel.name())>
                                <td><time datetime=d.at.to_string()>{moscow(d.at)}</time></td>
                                <td>{move || kind_text(p.lang.get(), kind)}</td>
                                <td>{p.t(channel_key(d.channel))}{(!d.to.is_empty()).then(|| format!(" {}", d.to))}
                                    <br /><span class=format!("delivery-state state-{}", state_code(d.state))>{p.t(state)}{until}{error}{attempts}{resent}</span></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// On the staff's request page: what the citizen was sent, loaded on demand.
#[cfg(feature = "staff")]
#[component]
pub fn StaffDeliveries(number: String) -> impl IntoView {
    let p = use_prefs();
    let loaded = RwSignal::new(None::<RequestNotices>);
    let banner = Banner::new();
    let load = move |_| {
        let number = number.clone();
        banner.clear();
        leptos::task::spawn_local(async move {
            let path = format!(
                "/staff/tickets/{}/notifications",
                TicketNumber::path_segment(&number)
            );
            match api::get::<RequestNotices>(&path).await {
                Ok(n) => loaded.set(Some(n)),
                Err(f) => banner.fail(&f, common_failure),
            }
        });
    };
    view! {
        <section aria-labelledby="deliveries-title">
            <h2 id="deliveries-title">{p.t(Notices::RequestTitle)}</h2>
            {move || match loaded.get() {
                None => view! {
                    {banner.view()}
                    <button type="button" class="button button-secondary" on:click=load.clone()>{p.t(Notices::StaffLoad)}</button>
                }.into_any(),
                Some(n) => view! { <DeliveryLog deliveries=n.deliveries staff=true /> }.into_any(),
            }}
        </section>
    }
}

fn state_code(s: DeliveryState) -> &'static str {
    match s {
        DeliveryState::Sent => "sent",
        DeliveryState::Delivered => "delivered",
        DeliveryState::Held => "held",
        DeliveryState::Retrying => "retrying",
        DeliveryState::Failed => "failed",
    }
}

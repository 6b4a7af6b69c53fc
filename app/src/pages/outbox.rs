//! Development page: the notifications the local outbox "sent".

use helpdesk_shared::api::OutboxMessage;
use leptos::prelude::*;

use super::moscow;
use crate::api;
use crate::i18n::Common;
use crate::load::{common_failure, show};
use crate::prefs::use_prefs;

#[component]
pub fn Outbox() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Common::OutboxTitle);
    let messages = LocalResource::new(|| api::get::<Vec<OutboxMessage>>("/dev/outbox"));
    let list = move |list: Vec<OutboxMessage>| {
        if list.is_empty() {
            return view! { <p>{p.t(Common::OutboxEmpty)}</p> }.into_any();
        }
        view! {
            <ol class="outbox">
                {list.into_iter().map(|m| view! {
                    <li class="outbox-item">
                        <p class="meta">{format!("{} · {} · {}", m.channel.to_uppercase(), m.to, moscow(m.at))}</p>
                        <p><strong>{m.subject}</strong></p>
                        <p>{m.body}</p>
                    </li>
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <h1>{p.t(Common::OutboxTitle)}</h1>
        <p class="lead">{p.t(Common::OutboxLead)}</p>
        <p><button type="button" class="button button-secondary" on:click=move |_| messages.refetch()>{p.t(Common::OutboxRefresh)}</button></p>
        {show(messages, common_failure, list)}
    }
}

//! Development page: the notifications the local outbox "sent".

use helpdesk_shared::api::OutboxMessage;
use leptos::prelude::*;

use super::moscow;
use crate::i18n::Common;
use crate::prefs::use_prefs;

#[component]
pub fn Outbox() -> impl IntoView {
    let p = use_prefs();
    let messages = RwSignal::new(None::<Result<Vec<OutboxMessage>, ()>>);
    let load = move || {
        leptos::task::spawn_local(async move {
            messages.set(Some(
                crate::api::get::<Vec<OutboxMessage>>("/dev/outbox")
                    .await
                    .map_err(|_| ()),
            ));
        })
    };
    load();
    view! {
        <h1>{p.t(Common::OutboxTitle)}</h1>
        <p class="lead">{p.t(Common::OutboxLead)}</p>
        <p><button type="button" class="button button-secondary" on:click=move |_| load()>{p.t(Common::OutboxRefresh)}</button></p>
        {move || match messages.get() {
            None => view! { <p aria-busy="true">"…"</p> }.into_any(),
            Some(Err(())) => view! { <p class="error-message">{p.t(Common::ErrorsServer)}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p>{p.t(Common::OutboxEmpty)}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ol class="outbox">
                    {list.into_iter().map(|m| view! {
                        <li class="outbox-item">
                            <p class="meta">{format!("{} · {} · {}", m.channel.to_uppercase(), m.to, moscow(m.at))}</p>
                            <p><strong>{m.subject}</strong></p>
                            <p>{m.body}</p>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any(),
        }}
    }
}

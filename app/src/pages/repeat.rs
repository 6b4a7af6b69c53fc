//! "Повторный запрос" on a request's page: shown while the request is in work. Before
//! it is possible, the date from which it will be (48 working hours after the last
//! change the citizen saw); then an optional message, "ask for a specialist", and the
//! button. The server checks the same rule (`repeat_from`) and the message's length.

use helpdesk_shared::api::{RepeatRequest, TicketView};
use helpdesk_shared::validate::Feedback;
use helpdesk_shared::{FieldError, ProblemCode};
use leptos::prelude::*;
use time::OffsetDateTime;

use super::moscow;
use super::ticket::ticket_failure;
use crate::api::{self, ApiFailure};
use crate::banner::Banner;
use crate::form::{ErrorSummary, FormState, TextField, error_for, same_name};
use crate::i18n::Common;
use crate::prefs::use_prefs;

/// The message's field on the page (the add-information form below has `message`).
const FIELD: &str = "repeat_message";

#[component]
pub fn Repeat(
    number: String,
    code: Option<String>,
    from: OffsetDateTime,
    /// Possible now, by the server's clock (the device's may be wrong).
    now: bool,
    on_update: Callback<TicketView>,
) -> impl IntoView {
    let p = use_prefs();
    if !now {
        return view! {
            <p class="hint" id="repeat-later">{p.t(Common::RepeatLater)}" "{moscow(from)}" ("{p.t(Common::StatusMsk)}")."</p>
        }
        .into_any();
    }
    let message = RwSignal::new(String::new());
    let escalate = RwSignal::new(false);
    let state = FormState::new();
    let (errors, busy, summary) = (state.errors, state.busy, state.summary);
    let banner = Banner::new();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.clear();
        let text = message.get_untracked();
        if !text.trim().is_empty()
            && let Err(e) = Feedback::parse(text.trim())
        {
            return state.refuse(vec![e.at(FIELD)], same_name);
        }
        if !state.start() {
            return;
        }
        let req = RepeatRequest {
            access_code: code.clone().unwrap_or_default(),
            message: Some(text).filter(|t| !t.trim().is_empty()),
            escalate: escalate.get_untracked(),
        };
        let path = super::ticket::action_path(&number, code.is_some(), "repeat");
        leptos::task::spawn_local(async move {
            match api::post::<_, TicketView>(&path, &req).await {
                Ok(v) => on_update.run(v),
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                    // The server names the body's field; the page's has its own id.
                    let errors = pb
                        .errors
                        .into_iter()
                        .map(|e| FieldError {
                            field: FIELD.to_owned(),
                            ..e
                        })
                        .collect();
                    state.refuse(errors, same_name)
                }
                Err(f) => banner.fail(&f, ticket_failure),
            }
            state.done();
        });
    };
    view! {
        <section aria-labelledby="repeat-title" class="panel">
            <h2 id="repeat-title">{p.t(Common::RepeatTitle)}</h2>
            <p>{p.t(Common::RepeatWhy)}</p>
            <ErrorSummary errors=errors.into() order=&[FIELD] node=summary />
            <form novalidate on:submit=send>
                <TextField name=FIELD label=Common::RepeatMessage hint=Common::RepeatMessageHint value=message error=error_for(errors.into(), FIELD) multiline=true />
                <div class="field checkbox">
                    <input id="field-escalate" type="checkbox" name="escalate"
                        prop:checked=move || escalate.get()
                        on:change=move |ev| escalate.set(event_target_checked(&ev)) />
                    <label for="field-escalate">{p.t(Common::RepeatEscalate)}</label>
                </div>
                {banner.view()}
                <button type="submit" class="button" aria-disabled=move || busy.get().to_string()>{p.t(Common::RepeatSend)}</button>
            </form>
        </section>
    }
    .into_any()
}

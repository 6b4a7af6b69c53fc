//! "Оцените решение" on a closed request's page: CSAT 1–5 (required), NPS 0–10
//! (optional) and a comment; after the answer, the answer, and for a day "Изменить
//! оценку". The same form on `/survey?n=…&t=…`, the closing e-mail's one-time link,
//! which shows nothing of the request but its number. The server checks the same ranges
//! and that the request is closed.

use helpdesk_shared::api::TicketView;
use helpdesk_shared::survey::{SurveyAnswer, SurveyRequest};
use helpdesk_shared::{ProblemCode, TicketNumber};
use leptos::prelude::*;

use super::moscow;
use super::ticket::ticket_failure;
use crate::api::{self, ApiFailure};
use crate::banner::Banner;
use crate::form::{ErrorSummary, FormState, TextField, error_for, same_name};
use crate::i18n::{Account, Common, Key, t};
use crate::prefs::use_prefs;

const FIELDS: &[&str] = &["csat", "nps", "comment"];

/// A row of numbers to choose one of, as radio buttons named `name`.
#[component]
fn Scale(
    name: &'static str,
    legend: Account,
    ends: Account,
    range: std::ops::RangeInclusive<u8>,
    value: RwSignal<Option<u8>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let p = use_prefs();
    let initial = value.get_untracked();
    let ends_id = format!("field-{name}-ends");
    let described = ends_id.clone();
    view! {
        <fieldset id=format!("field-{name}") tabindex="-1" aria-describedby=described
            class="field" class:field-error=move || error.get().is_some()>
            <legend class="label">{p.t(legend)}</legend>
            <p class="hint" id=ends_id>{p.t(ends)}</p>
            {move || error.get().map(|m| view! { <p class="error-message">{m}</p> })}
            // One listener for the row; the radios keep their own state (the answer
            // they start from is the one given before).
            <div class="scale" on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
                {range.map(|n| view! {
                    <label>
                        <input type="radio" name=name value=n.to_string() checked=initial == Some(n) />
                        {n}
                    </label>
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// Where an answer goes.
#[derive(Clone)]
pub enum Target {
    /// The request's page: with its access code, or the signed-in owner's.
    Ticket {
        number: String,
        code: Option<String>,
        on_update: Callback<TicketView>,
    },
    /// The closing e-mail's one-time link.
    Link {
        number: String,
        token: String,
        on_done: Callback<SurveyAnswer>,
    },
}

/// A used or wrong link: where the survey can still be answered.
fn link_failure(failure: &ApiFailure) -> Key {
    match failure.status() {
        404 => Key::from(Account::SurveyLinkUsed),
        _ => ticket_failure(failure),
    }
}

#[component]
pub fn Survey(
    target: Target,
    answer: Option<SurveyAnswer>,
    /// The answer may be given or changed now (by the server's clock).
    open: bool,
) -> impl IntoView {
    let p = use_prefs();
    let editing = RwSignal::new(answer.is_none());
    let csat = RwSignal::new(answer.as_ref().map(|a| a.csat));
    let nps = RwSignal::new(answer.as_ref().and_then(|a| a.nps));
    let comment = RwSignal::new(
        answer
            .as_ref()
            .map(|a| a.comment.clone())
            .unwrap_or_default(),
    );
    let state = FormState::new();
    let (errors, busy, summary) = (state.errors, state.busy, state.summary);
    let banner = Banner::new();
    let target = StoredValue::new(target);
    let send = move |ev: leptos::ev::SubmitEvent| {
        let target = target.get_value();
        ev.prevent_default();
        banner.clear();
        let req = SurveyRequest {
            access_code: match &target {
                Target::Ticket { code, .. } => code.clone().unwrap_or_default(),
                Target::Link { .. } => String::new(),
            },
            token: match &target {
                Target::Link { token, .. } => token.clone(),
                Target::Ticket { .. } => String::new(),
            },
            csat: csat.get_untracked(),
            nps: nps.get_untracked(),
            comment: Some(comment.get_untracked()).filter(|c| !c.trim().is_empty()),
        };
        if let Err(errs) = req.parse() {
            return state.refuse(errs, same_name);
        }
        if !state.start() {
            return;
        }
        let target = target.clone();
        leptos::task::spawn_local(async move {
            let failed = match target {
                Target::Ticket {
                    number,
                    code,
                    on_update,
                } => {
                    let path = super::ticket::action_path(&number, code.is_some(), "survey");
                    match api::post::<_, TicketView>(&path, &req).await {
                        Ok(v) => return on_update.run(v),
                        Err(f) => (f, ticket_failure as fn(&ApiFailure) -> Key),
                    }
                }
                Target::Link {
                    number, on_done, ..
                } => {
                    let path = format!("/survey/{}", TicketNumber::path_segment(&number));
                    match api::post::<_, SurveyAnswer>(&path, &req).await {
                        Ok(a) => return on_done.run(a),
                        Err(f) => (f, link_failure as fn(&ApiFailure) -> Key),
                    }
                }
            };
            match failed {
                (ApiFailure::Problem(pb), _) if pb.code == ProblemCode::Validation => {
                    state.refuse(pb.errors, same_name)
                }
                (f, explain) => banner.fail(&f, explain),
            }
            state.done();
        });
    };
    let given = answer.map(|a| {
        let until = a.editable_until();
        view! {
            <p id="survey-answer">
                <strong>{p.t(Account::SurveyYours)}</strong>" "{format!("{} ", a.csat)}{p.t(Account::SurveyOutOf)}
                {a.nps.map(|n| view! { "; "{p.t(Account::SurveyRecommend)}{format!(" {n}/10")} })}
                "."
            </p>
            {(!a.comment.is_empty()).then(|| view! { <p class="message-text">{a.comment.clone()}</p> })}
            <p class="banner banner-success" role="status">{p.t(Account::SurveyThanks)}</p>
            {open.then(|| view! {
                <p class="hint">{p.t(Account::SurveyEditUntil)}" "{moscow(until)}" ("{p.t(Common::StatusMsk)}")."</p>
                {move || (!editing.get()).then(|| view! {
                    <button type="button" class="button button-secondary" on:click=move |_| editing.set(true)>{p.t(Account::SurveyEdit)}</button>
                })}
            })}
        }
    });
    let form = move || {
        (open && editing.get()).then(|| view! {
            <ErrorSummary errors=errors.into() order=FIELDS node=summary />
            <form novalidate on:submit=send>
                <Scale name="csat" legend=Account::SurveyCsat ends=Account::SurveyCsatEnds range=1..=5 value=csat error=error_for(errors.into(), "csat") />
                <Scale name="nps" legend=Account::SurveyNps ends=Account::SurveyNpsEnds range=0..=10 value=nps error=error_for(errors.into(), "nps") />
                <TextField name="comment" label=Key::from(Account::SurveyComment) value=comment error=error_for(errors.into(), "comment") multiline=true />
                {banner.view()}
                <button type="submit" class="button" aria-disabled=move || busy.get().to_string()>{p.t(Account::SurveySend)}</button>
            </form>
        })
    };
    view! {
        <section aria-labelledby="survey-title" class="panel">
            <h2 id="survey-title">{p.t(Account::SurveyTitle)}</h2>
            {given}
            {form}
        </section>
    }
}

/// `/survey?n=…&t=…`: the closing e-mail's one-time link. Only the number is shown; the
/// answer, once given, is shown back with where to change it.
#[component]
pub fn SurveyLinkPage() -> impl IntoView {
    let p = use_prefs();
    let (number, token) = leptos_router::hooks::use_query_map().with_untracked(|q| {
        (
            q.get("n").unwrap_or_default(),
            q.get("t").unwrap_or_default(),
        )
    });
    let done = RwSignal::new(None::<SurveyAnswer>);
    let shown = number.clone();
    let heading = move || t(p.lang.get(), Account::SurveyLinkTitle);
    let body = move || {
        if number.is_empty() || token.is_empty() {
            return view! { <p class="banner" role="alert">{p.t(Account::SurveyLinkBroken)}</p> }
                .into_any();
        }
        match done.get() {
            Some(a) => view! {
                <Survey target=Target::Link { number: number.clone(), token: token.clone(), on_done: Callback::new(|_| ()) } answer=Some(a) open=false />
                <p><a href="/status">{p.t(Account::SurveyLinkWhere)}</a></p>
            }
            .into_any(),
            None => view! {
                <Survey target=Target::Link { number: number.clone(), token: token.clone(), on_done: Callback::new(move |a| done.set(Some(a))) } answer=None open=true />
            }
            .into_any(),
        }
    };
    view! {
        <h1>{heading}" "<span class="nowrap">{format!("№ {shown}")}</span></h1>
        {body}
    }
}

//! Status by number and access code, the timeline, and adding information.

use helpdesk_shared::api::{AddInfoRequest, LookupRequest, TicketView, TimelineEvent};
use helpdesk_shared::ticket::NewInfo;
use helpdesk_shared::{AccessCode, ProblemCode, TicketNumber};
use leptos::prelude::*;

use super::moscow;
use super::submitted::LAST_SUBMITTED;
use crate::api::{self, ApiFailure};
use crate::form::{
    ErrorSummary, FileEntry, FileField, FormState, TextField, error_for, same_name, uploaded_ids,
};
use crate::i18n::{Account, Common, Key, Workspace};
use crate::prefs::{session_get, use_prefs};

fn banner_key(failure: &ApiFailure) -> Key {
    match failure.status() {
        0 => Key::from(Common::ErrorsNetwork),
        404 => Key::from(Common::StatusNotFound),
        409 => Key::from(Common::ErrorsClosed),
        429 => Key::from(Common::ErrorsRate),
        _ => Key::from(Common::ErrorsServer),
    }
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let p = use_prefs();
    // Prefilled after a submission in this tab.
    let last: Option<helpdesk_shared::api::SubmitTicketResponse> = session_get(LAST_SUBMITTED);
    let number = RwSignal::new(last.as_ref().map(|l| l.number.clone()).unwrap_or_default());
    let code = RwSignal::new(last.map(|l| l.access_code).unwrap_or_default());
    let view_data = RwSignal::new(None::<TicketView>);
    let state = FormState::new();
    let (errors, busy, summary) = (state.errors, state.busy, state.summary);
    let banner = RwSignal::new(None::<Key>);
    let sent = RwSignal::new(false);

    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.set(None);
        let (n, c) = (number.get_untracked(), code.get_untracked());
        let mut errs = Vec::new();
        if let Err(e) = TicketNumber::parse(&n) {
            errs.push(e.at("number"));
        }
        if let Err(e) = AccessCode::parse(&c) {
            errs.push(e.at("access_code"));
        }
        if !errs.is_empty() {
            return state.refuse(errs, same_name);
        }
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::post::<_, TicketView>(
                "/tickets/lookup",
                &LookupRequest {
                    number: n,
                    access_code: c,
                },
                None,
            )
            .await
            {
                Ok(v) => view_data.set(Some(v)),
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                    state.refuse(pb.errors, same_name)
                }
                Err(f) => banner.set(Some(banner_key(&f))),
            }
            state.done();
        });
    };

    let lookup_form = move || {
        view! {
            <ErrorSummary errors=errors.into() order=&["number", "access_code"] node=summary />
            <form novalidate on:submit=find class="narrow">
                <TextField name="number" label=Common::StatusNumber hint=Common::StatusNumberHint value=number error=error_for(errors.into(), "number") inputmode="numeric" autocomplete="off" />
                <TextField name="access_code" label=Common::StatusCode hint=Common::StatusCodeHint value=code error=error_for(errors.into(), "access_code") autocomplete="off" />
                <button type="submit" class="button" prop:disabled=move || busy.get()>{p.t(Common::StatusFind)}</button>
            </form>
        }
    };

    view! {
        <h1>{p.t(Common::StatusTitle)}</h1>
        {move || banner.get().map(|key| view! { <div class="banner" role="alert">{crate::i18n::t(p.lang.get(), key)}</div> })}
        {move || match view_data.get() {
            None => lookup_form().into_any(),
            Some(v) => view! {
                {move || sent.get().then(|| view! { <div class="banner banner-success" role="status">{crate::i18n::t(p.lang.get(), Common::StatusSent)}</div> })}
                <TicketDetails ticket=v code=Some(code.get_untracked()) on_update=Callback::new(move |v| { view_data.set(Some(v)); sent.set(true); }) />
                <p><button type="button" class="link-button" on:click=move |_| { view_data.set(None); sent.set(false); code.set(String::new()); }>{p.t(Common::StatusOther)}</button></p>
            }.into_any(),
        }}
    }
}

/// What one step of the timeline says: a title and, for most, a text. `staff` words the
/// citizen's part for staff ("Заявитель", "Запрошена информация у заявителя") rather
/// than for the citizen ("Вы …", "Нужна информация от вас").
pub fn describe(
    lang: helpdesk_shared::Lang,
    e: &TimelineEvent,
    staff: bool,
) -> (&'static str, Option<String>) {
    use crate::i18n::t;
    let worded = |for_staff: Workspace, for_citizen: Key| {
        if staff {
            t(lang, for_staff)
        } else {
            t(lang, for_citizen)
        }
    };
    match e {
        TimelineEvent::Created { .. } => (t(lang, Common::StatusCreated), None),
        TimelineEvent::StatusChanged { to, .. } => (
            t(lang, Common::StatusChanged),
            Some(format!("«{}»", to.title(lang))),
        ),
        TimelineEvent::CitizenMessage { text } => (
            worded(Workspace::TicketCitizen, Common::StatusYouWrote.into()),
            Some(text.clone()),
        ),
        TimelineEvent::StaffComment { text } => (t(lang, Common::StatusStaff), Some(text.clone())),
        TimelineEvent::InfoRequested { text, due } => (
            worded(
                Workspace::TicketInfoRequested,
                Account::StatusInfoRequested.into(),
            ),
            Some(format!(
                "{text}\n{} {} ({})",
                worded(Workspace::TicketInfoDue, Account::StatusInfoDue.into()),
                moscow(*due),
                t(lang, Common::StatusMsk)
            )),
        ),
        TimelineEvent::Answer { text } => (t(lang, Account::StatusAnswer), Some(text.clone())),
        TimelineEvent::Rejection {
            reason,
            alternatives,
        } => (
            t(lang, Account::StatusRejection),
            Some(format!(
                "{reason}\n{} {alternatives}",
                t(lang, Account::StatusAlternatives)
            )),
        ),
        TimelineEvent::Escalated { department } => (
            t(lang, Account::StatusEscalated),
            Some(department.title(lang).to_owned()),
        ),
        TimelineEvent::AssignedTo { login } => {
            (t(lang, Account::StatusAssigned), Some(login.clone()))
        }
        TimelineEvent::InternalNote { text } => (t(lang, Account::StatusNote), Some(text.clone())),
    }
}

/// A request, its timeline and (while open) the form to add information. Opened with
/// its access code (`code`) or as the signed-in owner (`None`).
#[component]
pub fn TicketDetails(
    ticket: TicketView,
    code: Option<String>,
    on_update: Callback<TicketView>,
) -> impl IntoView {
    let p = use_prefs();
    let status = ticket.status;
    let number = ticket.number.clone();
    let entries = ticket.timeline.clone();
    let history = move || {
        let lang = p.lang.get();
        entries
            .iter()
            .rev()
            .map(|e| {
                let (title, text) = describe(lang, &e.event, false);
                let files = e.attachments.iter().map(|a| view! { <li>{a.name.clone()}</li> }).collect_view();
                view! {
                    <li class="event">
                        <p class="meta"><time datetime=e.at.to_string()>{format!("{} ({})", moscow(e.at), crate::i18n::t(lang, Common::StatusMsk))}</time></p>
                        <p><strong>{title}</strong></p>
                        {text.filter(|t| !t.is_empty()).map(|t| view! { <p class="message-text">{t}</p> })}
                        <ul class="event-files">{files}</ul>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel" aria-labelledby="ticket-title">
            <h2 id="ticket-title">{format!("№ {} — {}", ticket.number, ticket.subject)}</h2>
            <p class="meta">{move || ticket.category.title(p.lang.get())}</p>
            <dl class="facts">
                <div><dt>{p.t(Common::StatusCurrent)}</dt>
                    <dd><span id="ticket-status" class=format!("status status-{}", status.code())>{move || status.title(p.lang.get())}</span></dd></div>
                <div><dt>{p.t(Common::StatusExpected)}</dt><dd>{format!("{} ", moscow(ticket.expected_by))}{p.t(Common::StatusMsk)}</dd></div>
                <div><dt>{p.t(Common::StatusUpdated)}</dt><dd>{format!("{} ", moscow(ticket.updated_at))}{p.t(Common::StatusMsk)}</dd></div>
            </dl>
        </section>
        {(!status.is_final()).then(|| view! { <AddInfo number=number.clone() code=code.clone() on_update=on_update /> })}
        <section aria-labelledby="history-title">
            <h2 id="history-title">{p.t(Common::StatusHistory)}</h2>
            <ol class="timeline">{history}</ol>
        </section>
    }
}

#[component]
fn AddInfo(number: String, code: Option<String>, on_update: Callback<TicketView>) -> impl IntoView {
    let p = use_prefs();
    let message = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<FileEntry>::new());
    let state = FormState::new();
    let (errors, busy, summary) = (state.errors, state.busy, state.summary);
    let banner = RwSignal::new(None::<Key>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.set(None);
        let Some(ids) = uploaded_ids(&files.get_untracked()) else {
            banner.set(Some(Common::SubmitFilesWait.into()));
            return;
        };
        let req = AddInfoRequest {
            access_code: code.clone().unwrap_or_default(),
            message: message.get_untracked(),
            attachments: ids,
        };
        if let Err(errs) = NewInfo::from_request(&req) {
            return state.refuse(errs, same_name);
        }
        if !state.start() {
            return;
        }
        let key = TicketNumber::path_segment(&number);
        let path = if code.is_some() {
            format!("/tickets/{key}/messages")
        } else {
            format!("/my/tickets/{key}/messages")
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, TicketView>(&path, &req, None).await {
                Ok(v) => {
                    message.set(String::new());
                    files.set(Vec::new());
                    on_update.run(v);
                }
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                    state.refuse(pb.errors, same_name)
                }
                Err(f) => banner.set(Some(banner_key(&f))),
            }
            state.done();
        });
    };
    view! {
        <section aria-labelledby="add-title">
            <h2 id="add-title">{p.t(Common::StatusAdd)}</h2>
            <ErrorSummary errors=errors.into() order=&["message", "attachments"] node=summary />
            {move || banner.get().map(|key| view! { <div class="banner" role="alert">{crate::i18n::t(p.lang.get(), key)}</div> })}
            <form novalidate on:submit=send>
                <TextField name="message" label=Common::StatusMessage hint=Common::StatusMessageHint value=message error=error_for(errors.into(), "message") multiline=true />
                <FileField files=files error=error_for(errors.into(), "attachments") />
                <button type="submit" class="button" prop:disabled=move || busy.get()>{p.t(Common::StatusSend)}</button>
            </form>
        </section>
    }
}

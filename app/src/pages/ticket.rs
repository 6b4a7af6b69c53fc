//! One request as its citizen sees it: the card (with what they must do, or the answer,
//! first), adding information, and the history. Shared by the status page (opened with
//! the access code) and "Мои обращения" (signed in).

use helpdesk_shared::Status;
use helpdesk_shared::api::{AddInfoRequest, TicketView, TimelineEvent};
use helpdesk_shared::ticket::NewInfo;
use helpdesk_shared::{ProblemCode, TicketNumber};
use leptos::prelude::*;

use super::moscow;
use crate::api::{self, ApiFailure};
use crate::banner::Banner;
use crate::form::{
    ErrorSummary, FileEntry, FileField, FormState, TextField, error_for, same_name, uploaded_ids,
};
use crate::i18n::{Account, Common, Form, Key, Site};
use crate::prefs::use_prefs;

/// What a failed call on a request says.
pub fn ticket_failure(failure: &ApiFailure) -> Key {
    match failure.status() {
        0 => Key::from(Site::ErrorsNetwork),
        404 => Key::from(Common::StatusNotFound),
        409 => Key::from(Common::ErrorsClosed),
        _ => Key::from(Site::ErrorsServer),
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
    let worded = |for_staff: Common, for_citizen: Key| {
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
            worded(Common::TimelineCitizen, Common::StatusYouWrote.into()),
            Some(text.clone()),
        ),
        TimelineEvent::StaffComment { text } => (t(lang, Common::StatusStaff), Some(text.clone())),
        TimelineEvent::InfoRequested { text, due } => (
            worded(
                Common::TimelineInfoRequested,
                Account::StatusInfoRequested.into(),
            ),
            Some(format!(
                "{text}\n{} {} ({})",
                worded(Common::TimelineInfoDue, Account::StatusInfoDue.into()),
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
        TimelineEvent::AssignedTo { login, name } => (
            t(lang, Account::StatusAssigned),
            Some(name.clone().unwrap_or_else(|| login.clone())),
        ),
        TimelineEvent::InternalNote { text } => (t(lang, Account::StatusNote), Some(text.clone())),
        TimelineEvent::RepeatRequested { text, escalate } => (
            worded(Common::TimelineRepeat, Common::TimelineRepeatYou.into()),
            Some(
                [
                    text.clone(),
                    if *escalate {
                        t(lang, Common::TimelineRepeatEscalate).to_owned()
                    } else {
                        String::new()
                    },
                ]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
            ),
        ),
        TimelineEvent::Overdue { stage } => (
            t(
                lang,
                match stage {
                    helpdesk_shared::sla::Overdue::FirstResponse => Account::StatusOverdueFirst,
                    helpdesk_shared::sla::Overdue::Resolution => Account::StatusOverdueResolution,
                    helpdesk_shared::sla::Overdue::Department => Account::StatusOverdueDepartment,
                    helpdesk_shared::sla::Overdue::Unresolved => Account::StatusOverdueUnresolved,
                },
            ),
            None,
        ),
        TimelineEvent::SurveyAnswered { csat, nps, comment } => (
            t(lang, Account::StatusSurvey),
            Some(format!(
                "CSAT {csat}/5{}{}",
                nps.map(|n| format!(", NPS {n}/10")).unwrap_or_default(),
                if comment.is_empty() {
                    String::new()
                } else {
                    format!(". {comment}")
                }
            )),
        ),
        TimelineEvent::DueMoved { due } => (
            t(lang, Common::TimelineDueMoved),
            Some(format!(
                "{} ({}). {}",
                moscow(*due),
                t(lang, Common::StatusMsk),
                worded(Common::TimelineDueWhyStaff, Common::TimelineDueWhy.into())
            )),
        ),
    }
}

/// The last event of the timeline that `pick` recognises.
fn last_of<T>(ticket: &TicketView, pick: impl Fn(&TimelineEvent) -> Option<T>) -> Option<T> {
    ticket.timeline.iter().rev().find_map(|e| pick(&e.event))
}

/// The top of the card: what the citizen must do now (the operator's question and its
/// date), or the outcome (the answer; the reason and the alternatives).
fn first_thing(ticket: &TicketView) -> Option<AnyView> {
    let p = use_prefs();
    match ticket.status {
        Status::AwaitingCitizen => {
            let (text, due) = last_of(ticket, |e| match e {
                TimelineEvent::InfoRequested { text, due } => Some((text.clone(), *due)),
                _ => None,
            })?;
            Some(view! {
                <div class="callout callout-action" id="ticket-todo">
                    <h3>{p.t(Account::StatusInfoRequested)}</h3>
                    <p class="message-text">{text}</p>
                    <p><strong>{p.t(Common::StatusAnswerBelow)}" "{moscow(due)}" ("{p.t(Common::StatusMsk)}")"</strong></p>
                </div>
            }.into_any())
        }
        Status::Resolved => {
            let text = last_of(ticket, |e| match e {
                TimelineEvent::Answer { text } | TimelineEvent::StaffComment { text } => {
                    Some(text.clone())
                }
                _ => None,
            })?;
            Some(
                view! {
                    <div class="callout" id="ticket-outcome">
                        <h3>{p.t(Account::StatusAnswer)}</h3>
                        <p class="message-text">{text}</p>
                    </div>
                }
                .into_any(),
            )
        }
        Status::Rejected => {
            let (reason, alternatives) = last_of(ticket, |e| match e {
                TimelineEvent::Rejection {
                    reason,
                    alternatives,
                } => Some((reason.clone(), alternatives.clone())),
                _ => None,
            })?;
            Some(
                view! {
                    <div class="callout" id="ticket-outcome">
                        <h3>{p.t(Account::StatusRejection)}</h3>
                        <p class="message-text">{reason}</p>
                        <p><strong>{p.t(Account::StatusAlternatives)}</strong></p>
                        <p class="message-text">{alternatives}</p>
                    </div>
                }
                .into_any(),
            )
        }
        _ => None,
    }
}

/// A request, what is asked of the citizen or its outcome, the form to add information
/// (while open) and the timeline. Opened with its access code (`code`) or as the
/// signed-in owner (`None`).
#[component]
pub fn TicketDetails(
    ticket: TicketView,
    code: Option<String>,
    on_update: Callback<TicketView>,
) -> impl IntoView {
    let p = use_prefs();
    let status = ticket.status;
    let number = ticket.number.clone();
    let top = first_thing(&ticket);
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
    let (when_key, when) = if status.is_final() {
        (Common::StatusClosed, ticket.updated_at)
    } else {
        (Common::StatusExpected, ticket.expected_by)
    };
    view! {
        <section class="panel" aria-labelledby="ticket-title">
            <h2 id="ticket-title" tabindex="-1">{format!("№ {} — {}", ticket.number, ticket.subject)}</h2>
            <p class="meta">{move || ticket.category.title(p.lang.get())}</p>
            <dl class="facts">
                <div><dt>{p.t(Common::StatusCurrent)}</dt>
                    <dd><span id="ticket-status" class=format!("status status-{}", status.code())>{move || status.title(p.lang.get())}</span></dd></div>
                <div><dt>{p.t(when_key)}</dt><dd>{if status == Status::AwaitingCitizen {
                    p.t(Common::StatusPaused).into_any()
                } else {
                    view! { {format!("{} ", moscow(when))}{p.t(Common::StatusMsk)} }.into_any()
                }}</dd></div>
                <div><dt>{p.t(Common::StatusUpdated)}</dt><dd>{format!("{} ", moscow(ticket.updated_at))}{p.t(Common::StatusMsk)}</dd></div>
            </dl>
            {top}
        </section>
        {ticket.repeat_from.map(|from| view! { <super::repeat::Repeat number=number.clone() code=code.clone() from=from now=ticket.can_repeat on_update=on_update /> })}
        {(ticket.can_survey || ticket.survey.is_some()).then(|| view! {
            <super::survey::Survey target=super::survey::Target::Ticket { number: number.clone(), code: code.clone(), on_update } answer=ticket.survey.clone() open=ticket.can_survey />
        })}
        {(!status.is_final()).then(|| view! { <AddInfo number=number.clone() code=code.clone() on_update=on_update /> })}
        <super::notices::RequestNotifications number=number.clone() code=code.clone() />
        <section aria-labelledby="history-title">
            <h2 id="history-title">{p.t(Common::StatusHistory)}</h2>
            <ol class="timeline">{history}</ol>
        </section>
    }
}

/// Where a citizen's action on a request goes: by number and access code, or as its
/// signed-in owner (`/my/…`).
pub fn action_path(number: &str, with_code: bool, action: &str) -> String {
    let key = TicketNumber::path_segment(number);
    let mine = if with_code { "" } else { "/my" };
    format!("{mine}/tickets/{key}/{action}")
}

#[component]
fn AddInfo(number: String, code: Option<String>, on_update: Callback<TicketView>) -> impl IntoView {
    let p = use_prefs();
    let message = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<FileEntry>::new());
    let state = FormState::new();
    let (errors, busy, summary) = (state.errors, state.busy, state.summary);
    let banner = Banner::new();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.clear();
        let Some(ids) = uploaded_ids(&files.get_untracked()) else {
            banner.say(Form::SubmitFilesWait);
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
        let path = action_path(&number, code.is_some(), "messages");
        leptos::task::spawn_local(async move {
            match api::post::<_, TicketView>(&path, &req).await {
                Ok(v) => {
                    message.set(String::new());
                    files.set(Vec::new());
                    on_update.run(v);
                }
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                    state.refuse(pb.errors, same_name)
                }
                Err(f) => banner.fail(&f, ticket_failure),
            }
            state.done();
        });
    };
    view! {
        <section aria-labelledby="add-title">
            <h2 id="add-title">{p.t(Common::StatusAdd)}</h2>
            <ErrorSummary errors=errors.into() order=&["message", "attachments"] node=summary />
            <form novalidate on:submit=send>
                <TextField name="message" label=Common::StatusMessage hint=Common::StatusMessageHint value=message error=error_for(errors.into(), "message") multiline=true />
                <FileField files=files error=error_for(errors.into(), "attachments") />
                {banner.view()}
                <button type="submit" class="button" aria-disabled=move || busy.get().to_string()>{p.t(Common::StatusSend)}</button>
            </form>
        </section>
    }
}

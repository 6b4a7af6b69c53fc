//! A request as staff see it: the citizen's data, the whole timeline, and the actions.

use helpdesk_shared::ProblemCode;
use helpdesk_shared::TicketNumber;
use helpdesk_shared::auth::Department;
use helpdesk_shared::workspace::{
    ActionKind, ActionRequest, Assignee, CannedResponse, StaffAction, StaffTicketView,
};
use helpdesk_shared::{FieldError, Lang};
use leptos::prelude::*;
use leptos_router::components::A;

use super::mine::{number_title, ticket_resource};
use super::moscow;
use super::ticket::describe;
use crate::api::{self, ApiFailure};
use crate::banner::Banner;
use crate::form::{ErrorSummary, FormState, TextField};
use crate::i18n::t;
use crate::i18n::{Common, Key, Site, Workspace};
use crate::load::{common_failure, show};
use crate::prefs::use_prefs;

/// The label of an action in the form's list.
fn action_label(kind: ActionKind) -> Workspace {
    match kind {
        ActionKind::Take => Workspace::TicketTake,
        ActionKind::Reply => Workspace::TicketReply,
        ActionKind::AskInfo => Workspace::TicketAskInfo,
        ActionKind::Resolve => Workspace::TicketResolve,
        ActionKind::Reject => Workspace::TicketReject,
        ActionKind::Escalate => Workspace::TicketEscalate,
        ActionKind::Assign => Workspace::TicketAssign,
        ActionKind::Note => Workspace::TicketNote,
    }
}

fn ticket_failure(f: &ApiFailure) -> Key {
    match f.status() {
        404 | 422 => Workspace::TicketNotFound.into(),
        403 => Workspace::TicketForbidden.into(),
        _ => common_failure(f),
    }
}

#[component]
pub fn StaffTicket() -> impl IntoView {
    let p = use_prefs();
    crate::page::title_with(number_title());
    let ticket = ticket_resource::<StaffTicketView>("/staff/tickets");
    let done = Banner::new();
    view! {
        <p><A href="/staff">{p.t(Workspace::TicketBack)}</A></p>
        {done.view()}
        {show(ticket, ticket_failure, move |v| view! {
                        <div class="ticket-layout">
                            <div class="area-facts"><Facts v=v.clone() /></div>
                            <div class="area-history"><Timeline v=v.clone() /></div>
                            // Read again after an action: the request as it is now.
                            <Actions v=v
                                on_update=Callback::new(move |_| { done.done(Workspace::TicketDone); ticket.refetch(); })
                                on_reload=Callback::new(move |()| { done.clear(); ticket.refetch(); }) />
                        </div>
                    }.into_any())}
    }
}

#[component]
fn Facts(v: StaffTicketView) -> impl IntoView {
    let p = use_prefs();
    let lang = move || p.lang.get();
    let row = move |key: Workspace, value: Option<String>| {
        value.map(|value| view! { <div><dt>{p.t(key)}</dt><dd>{value}</dd></div> })
    };
    let status = v.status;
    view! {
        <h1>{format!("№ {} — {}", v.number, v.subject)}</h1>
        <p class="meta">{move || v.category.title(lang())}</p>
        <dl class="facts facts-grid">
            <div><dt>{p.t(Common::StatusCurrent)}</dt><dd><span id="ticket-status" class=format!("status status-{}", status.code())>{move || status.title(lang())}</span></dd></div>
            <div><dt>{p.t(Common::StatusExpected)}</dt><dd>{if status == helpdesk_shared::Status::AwaitingCitizen {
                p.t(Common::StatusPausedStaff).into_any()
            } else {
                view! { {format!("{} ", moscow(v.expected_by))}{p.t(Common::StatusMsk)} }.into_any()
            }}</dd></div>
            <div><dt>{p.t(Workspace::TicketLevel)}</dt><dd>{move || match v.level { helpdesk_shared::Level::Specialist => t(lang(), Workspace::QueueLevelSpecialist), _ => t(lang(), Workspace::QueueLevelOperator) }}</dd></div>
            {v.department.map(|d| view! { <div><dt>{p.t(Workspace::TicketDepartment)}</dt><dd>{move || d.title(lang())}</dd></div> })}
            <div><dt>{p.t(Workspace::TicketAssignee)}</dt><dd id="ticket-assignee">{v.assignee_name.clone().or(v.assignee.clone()).unwrap_or_else(|| "—".into())}</dd></div>
        </dl>
        <section aria-labelledby="citizen-title" class="panel">
            <h2 id="citizen-title">{p.t(Common::TimelineCitizen)}</h2>
            <dl class="facts facts-grid">
                {row(Workspace::TicketName, Some(v.full_name.clone()))}
                {row(Workspace::TicketPhone, v.phone.clone())}
                {row(Workspace::TicketEmail, v.email.clone())}
                {row(Workspace::TicketSnils, v.snils.clone())}
                {row(Workspace::TicketInn, v.inn.clone())}
                {row(Workspace::TicketApplication, v.application_number.clone())}
                {row(Workspace::TicketLanguage, Some(v.language.code().to_uppercase()))}
            </dl>
            <h3>{p.t(Workspace::TicketDescription)}</h3>
            <p class="message-text">{v.description.clone()}</p>
        </section>
        <super::deliveries::StaffDeliveries number=v.number.clone() />
    }
}

#[component]
fn Timeline(v: StaffTicketView) -> impl IntoView {
    let p = use_prefs();
    let entries = v.timeline;
    let items = move || {
        let lang = p.lang.get();
        entries.iter().rev().map(|e| {
            let internal = !e.event.is_public();
            let (title, text) = describe(lang, &e.event, true);
            let by = e.by.clone().map(|b| format!(" · {b}")).unwrap_or_default();
            view! {
                <li class="event" class:event-internal=internal>
                    <p class="meta">{format!("{} ({}){by}", moscow(e.at), t(lang, Common::StatusMsk))}</p>
                    <p><strong>{title}</strong></p>
                    {text.filter(|s| !s.is_empty()).map(|s| view! { <p class="message-text">{s}</p> })}
                    <ul class="event-files">{e.attachments.iter().map(|a| view! {
                        <li><a href=format!("/api/v1/staff/attachments/{}", a.id) download=a.name.clone()>{a.name.clone()}</a></li>
                    }).collect_view()}</ul>
                </li>
            }
        }).collect_view()
    };
    view! {
        <section aria-labelledby="history-title">
            <h2 id="history-title">{p.t(Common::StatusHistory)}</h2>
            <ol class="timeline">{items}</ol>
        </section>
    }
}

/// What the action form holds; the same fields serve several actions (one text box is
/// the reply, the answer or the reason).
#[derive(Clone, Copy)]
struct ActionForm {
    kind: RwSignal<ActionKind>,
    text: RwSignal<String>,
    /// What the citizen can do instead (a rejection).
    second: RwSignal<String>,
    days: RwSignal<String>,
    department: RwSignal<Department>,
    login: RwSignal<String>,
}

impl ActionForm {
    fn new(first: ActionKind) -> ActionForm {
        ActionForm {
            kind: RwSignal::new(first),
            text: RwSignal::new(String::new()),
            second: RwSignal::new(String::new()),
            days: RwSignal::new("5".to_owned()),
            department: RwSignal::new(Department::Technical),
            login: RwSignal::new(String::new()),
        }
    }

    /// The action as typed, for `StaffAction::parse` (the server's own checks).
    fn action(self) -> StaffAction {
        let text = self.text.get_untracked();
        match self.kind.get_untracked() {
            ActionKind::Take => StaffAction::Take,
            ActionKind::Assign => StaffAction::Assign {
                login: self.login.get_untracked(),
            },
            ActionKind::Reply => StaffAction::Reply { text },
            ActionKind::AskInfo => StaffAction::AskInfo {
                text,
                days: self.days.get_untracked().trim().parse().unwrap_or(0),
            },
            ActionKind::Resolve => StaffAction::Resolve { answer: text },
            ActionKind::Reject => StaffAction::Reject {
                reason: text,
                alternatives: self.second.get_untracked(),
            },
            ActionKind::Escalate => StaffAction::Escalate {
                department: self.department.get_untracked(),
                reason: text,
            },
            ActionKind::Note => StaffAction::Note { text },
        }
    }
}

/// The API's field names as the action form names its fields: one text box serves the
/// reply, the answer and the reason; the login is chosen as a person.
fn on_page(e: &mut FieldError) {
    match e.field.as_str() {
        "answer" | "reason" => e.field = "text".into(),
        "login" => e.field = "assignee".into(),
        _ => {}
    }
}

/// What the panel says about a refused action, and whether reloading would help.
fn refusal(code: ProblemCode) -> (Key, bool) {
    match code {
        ProblemCode::VersionConflict => (Workspace::TicketConflict.into(), true),
        ProblemCode::InvalidTransition => (Workspace::TicketNotAllowed.into(), false),
        ProblemCode::TicketClosed => (Workspace::TicketClosed.into(), true),
        ProblemCode::Forbidden => (Workspace::TicketForbidden.into(), false),
        _ => (Site::ErrorsServer.into(), false),
    }
}

/// The action panel: choose an action, fill what it needs, send it on the version seen.
#[component]
fn Actions(
    v: StaffTicketView,
    on_update: Callback<StaffTicketView>,
    on_reload: Callback<()>,
) -> impl IntoView {
    let p = use_prefs();
    if v.status.is_final() {
        return view! { <aside class="action-panel panel"><p>{p.t(Workspace::TicketClosed)}</p></aside> }
            .into_any();
    }
    let version = v.version;
    let number = TicketNumber::path_segment(&v.number);
    // "Взять в работу" is not offered to the one who already has it.
    let me = match crate::session::use_session().me.get_untracked() {
        Some(Some(helpdesk_shared::auth::Me::Staff { login, .. })) => Some(login),
        _ => None,
    };
    let offered: Vec<ActionKind> = ActionKind::ALL
        .into_iter()
        .filter(|k| !(*k == ActionKind::Take && me.is_some() && v.assignee == me))
        .collect();
    let f = ActionForm::new(offered[0]);
    let state = FormState::new();
    let banner = RwSignal::new(None::<(Key, bool)>);
    let actions_path = format!("/staff/tickets/{number}/actions");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.set(None);
        // The same checks as the server's, before anything is sent.
        let action = f.action();
        if let Err(errs) = action.check() {
            state.refuse(errs, on_page);
            return;
        }
        if !state.start() {
            return;
        }
        let path = actions_path.clone();
        leptos::task::spawn_local(async move {
            match api::post::<_, StaffTicketView>(&path, &ActionRequest { version, action }).await {
                Ok(nv) => {
                    f.text.set(String::new());
                    f.second.set(String::new());
                    on_update.run(nv);
                }
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                    state.refuse(pb.errors, on_page)
                }
                Err(ApiFailure::Problem(pb)) => banner.set(Some(refusal(pb.code))),
                Err(failure) => banner.set(Some((common_failure(&failure), false))),
            }
            state.done();
        });
    };
    let kind = f.kind;
    let text_label = move || match kind.get() {
        ActionKind::Resolve => Workspace::TicketAnswer,
        ActionKind::Reject | ActionKind::Escalate => Workspace::TicketReason,
        _ => Workspace::TicketText,
    };
    view! {
        <aside class="action-panel panel" aria-labelledby="actions-title">
            <h2 id="actions-title">{p.t(Workspace::TicketActions)}</h2>
            {move || banner.get().map(|(key, reload)| view! {
                <div class="banner" role="alert">
                    <p>{p.t(key)}</p>
                    {reload.then(|| view! { <button type="button" class="button button-secondary" on:click=move |_| on_reload.run(())>{p.t(Workspace::TicketReload)}</button> })}
                </div>
            })}
            <ErrorSummary errors=state.errors.into() order=&["assignee", "text", "alternatives", "days"] node=state.summary />
            <form novalidate on:submit=submit>
                <ActionChoice kind=kind state=state offered=offered />
                {move || (kind.get() == ActionKind::Escalate).then(|| view! { <DepartmentChoice value=f.department /> })}
                {move || (kind.get() == ActionKind::Assign).then(|| {
                    let number = number.clone();
                    view! { <AssigneePicker number=number value=f.login error=state.error("assignee") /> }
                })}
                {move || matches!(kind.get(), ActionKind::Reply | ActionKind::AskInfo | ActionKind::Resolve)
                    .then(|| view! { <CannedPicker text=f.text /> })}
                {move || (!matches!(kind.get(), ActionKind::Take | ActionKind::Assign)).then(|| view! {
                    <TextField name="text" label=text_label() hint=Workspace::TicketTextHint value=f.text error=state.error("text") multiline=true />
                })}
                {move || (kind.get() == ActionKind::Reject).then(|| view! {
                    <TextField name="alternatives" label=Workspace::TicketAlternatives value=f.second error=state.error("alternatives") multiline=true />
                })}
                {move || (kind.get() == ActionKind::AskInfo).then(|| view! {
                    <TextField name="days" label=Workspace::TicketDays value=f.days error=state.error("days") inputmode="numeric" />
                })}
                <button type="submit" class="button" aria-disabled=move || state.busy.get().to_string()>{p.t(Workspace::TicketDo)}</button>
            </form>
        </aside>
    }.into_any()
}

/// Which action: a list of every one, in the order staff reach for them.
#[component]
fn ActionChoice(
    kind: RwSignal<ActionKind>,
    state: FormState,
    offered: Vec<ActionKind>,
) -> impl IntoView {
    let p = use_prefs();
    view! {
        <div class="field">
            <label class="label" for="field-action">{p.t(Workspace::TicketAction)}</label>
            <select id="field-action" class="input" prop:value=move || kind.get().code()
                on:change=move |ev| {
                    if let Some(k) = ActionKind::from_code(&event_target_value(&ev)) { kind.set(k); }
                    state.clear();
                }>
                {offered.into_iter().map(|a| view! { <option value=a.code()>{p.t(action_label(a))}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// Where an escalation goes.
#[component]
fn DepartmentChoice(value: RwSignal<Department>) -> impl IntoView {
    let p = use_prefs();
    view! {
        <div class="field">
            <label class="label" for="field-department">{p.t(Workspace::TicketDepartment)}</label>
            <select id="field-department" class="input" prop:value=move || value.get().code()
                on:change=move |ev| if let Some(d) = Department::from_code(&event_target_value(&ev)) { value.set(d) }>
                {Department::ALL.map(|d| view! { <option value=d.code()>{move || d.title(p.lang.get())}</option> })}
            </select>
        </div>
    }
}

/// A canned response to start the text from, in the reader's language.
#[component]
pub(crate) fn CannedPicker(text: RwSignal<String>) -> impl IntoView {
    let p = use_prefs();
    let canned = LocalResource::new(|| api::get::<Vec<CannedResponse>>("/staff/canned"));
    // Without canned responses the text is typed by hand: no error to show here.
    let list = move || canned.get().and_then(Result::ok).unwrap_or_default();
    view! {
        <div class="field">
            <label class="label" for="field-canned">{p.t(Workspace::TicketCanned)}</label>
            <select id="field-canned" class="input" on:change=move |ev| {
                let id = event_target_value(&ev);
                let lang = p.lang.get_untracked();
                if let Some(c) = list().into_iter().find(|c| c.id == id) {
                    text.set(if lang == Lang::Ru { c.text_ru } else { c.text_en });
                }
            }>
                <option value="">{p.t(Workspace::TicketCannedNone)}</option>
                {move || list().into_iter().map(|c| {
                    let title = if p.lang.get() == Lang::Ru { c.title_ru } else { c.title_en };
                    view! { <option value=c.id>{title}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The people a request may be assigned to (asked for when "assign" is chosen), as a
/// list to choose from.
#[component]
fn AssigneePicker(
    number: String,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let p = use_prefs();
    let path = format!("/staff/tickets/{number}/assignees");
    let people = LocalResource::new(move || {
        let path = path.clone();
        async move { api::get::<Vec<Assignee>>(&path).await }
    });
    let list = move |list: Vec<Assignee>| {
        if list.is_empty() {
            return view! { <p>{p.t(Workspace::TicketPeopleNone)}</p> }.into_any();
        }
        let lang = p.lang.get_untracked();
        let invalid = move || error.get().is_some();
        view! {
            <div class="field" class:field-error=invalid>
                <label class="label" for="field-assignee">{p.t(Workspace::TicketLogin)}</label>
                {move || error.get().map(|msg| view! { <p id="field-assignee-error" class="error-message">{msg}</p> })}
                <select id="field-assignee" class="input" class:input-error=invalid
                    aria-invalid=move || invalid().to_string()
                    aria-describedby=move || invalid().then_some("field-assignee-error")
                    on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="">{p.t(Workspace::TicketPeopleChoose)}</option>
                    {list.into_iter().map(|a| {
                        let mut label = format!("{} · {}", a.name, a.role.title(lang));
                        if let Some(d) = a.department {
                            label = format!("{label} · {}", d.title(lang));
                        }
                        let selected = value.get_untracked() == a.login;
                        view! { <option value=a.login.clone() selected=selected>{format!("{label} ({})", a.login)}</option> }
                    }).collect_view()}
                </select>
            </div>
        }.into_any()
    };
    show(people, common_failure, list)
}

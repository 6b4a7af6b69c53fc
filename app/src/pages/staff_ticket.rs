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
use leptos_router::hooks::use_params_map;

use super::moscow;
use super::status::describe;
use crate::api::{self, ApiFailure};
use crate::form::{ErrorSummary, TextField, error_for, focus_after_render};
use crate::i18n::t;
use crate::i18n::{Common, Key, Workspace};
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

#[component]
pub fn StaffTicket() -> impl IntoView {
    let p = use_prefs();
    let params = use_params_map();
    let number = move || params.with(|m| m.get("number").unwrap_or_default());
    let ticket = RwSignal::new(None::<Result<StaffTicketView, ApiFailure>>);
    let done = RwSignal::new(false);
    let load = move || {
        let n = number();
        leptos::task::spawn_local(async move {
            ticket.set(Some(
                api::get::<StaffTicketView>(&format!(
                    "/staff/tickets/{}",
                    TicketNumber::path_segment(&n)
                ))
                .await,
            ));
        });
    };
    Effect::new(move |_| load());
    view! {
        <p><A href="/staff">{p.t(Workspace::TicketBack)}</A></p>
        {move || match ticket.get() {
            None => view! { <p aria-busy="true">"…"</p> }.into_any(),
            Some(Err(f)) => {
                let key = match f.status() { 404 | 422 => Key::from(Workspace::TicketNotFound), 403 => Key::from(Workspace::TicketForbidden), 0 => Key::from(Common::ErrorsNetwork), _ => Key::from(Common::ErrorsServer) };
                view! { <h1>{p.t(Workspace::QueueTitle)}</h1><div class="banner" role="alert">{p.t(key)}</div> }.into_any()
            }
            Some(Ok(v)) => view! {
                {move || done.get().then(|| view! { <div class="banner banner-success" role="status">{p.t(Workspace::TicketDone)}</div> })}
                <div class="ticket-layout">
                    <div class="area-facts"><Facts v=v.clone() /></div>
                    <div class="area-history"><Timeline v=v.clone() /></div>
                    <Actions v=v on_update=Callback::new(move |nv| { ticket.set(Some(Ok(nv))); done.set(true); }) on_reload=Callback::new(move |()| { done.set(false); load(); }) />
                </div>
            }.into_any(),
        }}
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
            <div><dt>{p.t(Common::StatusExpected)}</dt><dd>{format!("{} ", moscow(v.expected_by))}{p.t(Common::StatusMsk)}</dd></div>
            <div><dt>{p.t(Workspace::TicketLevel)}</dt><dd>{move || match v.level { helpdesk_shared::Level::Specialist => t(lang(), Workspace::QueueLevelSpecialist), _ => t(lang(), Workspace::QueueLevelOperator) }}</dd></div>
            {v.department.map(|d| view! { <div><dt>{p.t(Workspace::TicketDepartment)}</dt><dd>{move || d.title(lang())}</dd></div> })}
            <div><dt>{p.t(Workspace::TicketAssignee)}</dt><dd id="ticket-assignee">{v.assignee.clone().unwrap_or_else(|| "—".into())}</dd></div>
        </dl>
        <section aria-labelledby="citizen-title" class="panel">
            <h2 id="citizen-title">{p.t(Workspace::TicketCitizen)}</h2>
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

/// The API's field names as the action form names its fields: one text box serves the
/// reply, the answer and the reason; the login is chosen as a person.
fn on_page(errors: &mut [FieldError]) {
    for e in errors {
        match e.field.as_str() {
            "answer" | "reason" => e.field = "text".into(),
            "login" => e.field = "assignee".into(),
            _ => {}
        }
    }
}

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
    let kind = RwSignal::new(ActionKind::Take);
    let (text, second, days) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("5".to_owned()),
    );
    let department = RwSignal::new(Department::Technical.code().to_owned());
    let login = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let banner = RwSignal::new(None::<(Key, bool)>);
    let busy = RwSignal::new(false);
    let canned = RwSignal::new(Vec::<CannedResponse>::new());
    // Who fits this request, fetched the first time "assign" is chosen.
    let people = RwSignal::new(None::<Result<Vec<Assignee>, ApiFailure>>);
    let summary = NodeRef::<leptos::html::Div>::new();
    leptos::task::spawn_local(async move {
        if let Ok(list) = api::get::<Vec<CannedResponse>>("/staff/canned").await {
            canned.set(list);
        }
    });
    let people_path = format!("/staff/tickets/{number}/assignees");
    Effect::new(move |_| {
        if kind.get() == ActionKind::Assign && people.get_untracked().is_none() {
            let path = people_path.clone();
            leptos::task::spawn_local(async move {
                people.set(Some(api::get::<Vec<Assignee>>(&path).await));
            });
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.set(None);
        let (tx, sc) = (
            text.get_untracked().trim().to_owned(),
            second.get_untracked().trim().to_owned(),
        );
        let action = match kind.get_untracked() {
            ActionKind::Reply => StaffAction::Reply { text: tx },
            ActionKind::AskInfo => StaffAction::AskInfo {
                text: tx,
                days: days.get_untracked().trim().parse().unwrap_or(0),
            },
            ActionKind::Resolve => StaffAction::Resolve { answer: tx },
            ActionKind::Reject => StaffAction::Reject {
                reason: tx,
                alternatives: sc,
            },
            ActionKind::Escalate => StaffAction::Escalate {
                department: Department::from_code(&department.get_untracked())
                    .unwrap_or(Department::Technical),
                reason: tx,
            },
            ActionKind::Assign => StaffAction::Assign {
                login: login.get_untracked(),
            },
            ActionKind::Note => StaffAction::Note { text: tx },
            ActionKind::Take => StaffAction::Take,
        };
        // The same checks as the server's, before anything is sent.
        if let Err(mut errs) = action.check() {
            on_page(&mut errs);
            errors.set(errs);
            focus_after_render(summary);
            return;
        }
        errors.set(Vec::new());
        busy.set(true);
        let path = format!("/staff/tickets/{number}/actions");
        leptos::task::spawn_local(async move {
            match api::post::<_, StaffTicketView>(&path, &ActionRequest { version, action }, None)
                .await
            {
                Ok(nv) => {
                    text.set(String::new());
                    second.set(String::new());
                    on_update.run(nv);
                }
                Err(ApiFailure::Problem(pb)) => match pb.code {
                    ProblemCode::Validation => {
                        let mut errs = pb.errors;
                        on_page(&mut errs);
                        errors.set(errs);
                    }
                    ProblemCode::VersionConflict => {
                        banner.set(Some((Key::from(Workspace::TicketConflict), true)))
                    }
                    ProblemCode::InvalidTransition => {
                        banner.set(Some((Key::from(Workspace::TicketNotAllowed), false)))
                    }
                    ProblemCode::TicketClosed => {
                        banner.set(Some((Key::from(Workspace::TicketClosed), true)))
                    }
                    ProblemCode::Forbidden => {
                        banner.set(Some((Key::from(Workspace::TicketForbidden), false)))
                    }
                    _ => banner.set(Some((Key::from(Common::ErrorsServer), false))),
                },
                Err(ApiFailure::Network) => {
                    banner.set(Some((Key::from(Common::ErrorsNetwork), false)))
                }
                Err(ApiFailure::Unreadable(_)) => {
                    banner.set(Some((Key::from(Common::ErrorsServer), false)))
                }
            }
            busy.set(false);
        });
    };
    let needs_text = move || !matches!(kind.get(), ActionKind::Take | ActionKind::Assign);
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
            <ErrorSummary errors=errors.into() order=&["assignee", "text", "alternatives", "days"] node=summary />
            <form novalidate on:submit=submit>
                <div class="field">
                    <label class="label" for="field-action">{p.t(Workspace::TicketAction)}</label>
                    <select id="field-action" class="input" prop:value=move || kind.get().code()
                        on:change=move |ev| {
                            if let Some(k) = ActionKind::from_code(&event_target_value(&ev)) { kind.set(k); }
                            errors.set(Vec::new());
                        }>
                        {ActionKind::ALL.map(|a| view! { <option value=a.code()>{p.t(action_label(a))}</option> })}
                    </select>
                </div>
                {move || (kind.get() == ActionKind::Escalate).then(|| view! {
                    <div class="field">
                        <label class="label" for="field-department">{p.t(Workspace::TicketDepartment)}</label>
                        <select id="field-department" class="input" prop:value=move || department.get()
                            on:change=move |ev| department.set(event_target_value(&ev))>
                            {Department::ALL.map(|d| view! { <option value=d.code()>{move || d.title(p.lang.get())}</option> })}
                        </select>
                    </div>
                })}
                {move || (kind.get() == ActionKind::Assign).then(|| view! { <AssigneePicker people=people value=login error=error_for(errors.into(), "assignee") /> })}
                {move || matches!(kind.get(), ActionKind::Reply | ActionKind::AskInfo | ActionKind::Resolve).then(|| view! {
                    <div class="field">
                        <label class="label" for="field-canned">{p.t(Workspace::TicketCanned)}</label>
                        <select id="field-canned" class="input" on:change=move |ev| {
                            let id = event_target_value(&ev);
                            let lang = p.lang.get_untracked();
                            if let Some(c) = canned.get_untracked().into_iter().find(|c| c.id == id) {
                                text.set(if lang == Lang::Ru { c.text_ru } else { c.text_en });
                            }
                        }>
                            <option value="">{p.t(Workspace::TicketCannedNone)}</option>
                            {move || canned.get().into_iter().map(|c| {
                                let title = if p.lang.get() == Lang::Ru { c.title_ru } else { c.title_en };
                                view! { <option value=c.id>{title}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                })}
                {move || needs_text().then(|| view! {
                    <TextField name="text" label=text_label() hint=Workspace::TicketTextHint value=text error=error_for(errors.into(), "text") multiline=true />
                })}
                {move || (kind.get() == ActionKind::Reject).then(|| view! {
                    <TextField name="alternatives" label=Workspace::TicketAlternatives value=second error=error_for(errors.into(), "alternatives") multiline=true />
                })}
                {move || (kind.get() == ActionKind::AskInfo).then(|| view! {
                    <TextField name="days" label=Workspace::TicketDays value=days error=error_for(errors.into(), "days") inputmode="numeric" />
                })}
                <button type="submit" class="button" prop:disabled=move || busy.get()>{p.t(Workspace::TicketDo)}</button>
            </form>
        </aside>
    }.into_any()
}

/// The people a request may be assigned to, as a list to choose from.
#[component]
fn AssigneePicker(
    people: RwSignal<Option<Result<Vec<Assignee>, ApiFailure>>>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let p = use_prefs();
    move || match people.get() {
        None => view! { <p aria-busy="true">{p.t(Workspace::TicketPeopleLoading)}</p> }.into_any(),
        Some(Err(_)) => {
            view! { <div class="banner" role="alert">{p.t(Common::ErrorsServer)}</div> }.into_any()
        }
        Some(Ok(list)) if list.is_empty() => {
            view! { <p>{p.t(Workspace::TicketPeopleNone)}</p> }.into_any()
        }
        Some(Ok(list)) => {
            let lang = p.lang.get();
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
        }
    }
}

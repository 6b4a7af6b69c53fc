//! The admin's page: the knowledge base (`admin_faq.rs`), canned responses (create, edit,
//! delete), the service levels and the calendar (`admin_levels.rs`), the appointments'
//! centres and services (`admin_offices.rs`) and the audit trail by day.
//! The server checks the role on every call; this page only shows what an admin may do.

use helpdesk_shared::ProblemCode;
use helpdesk_shared::workspace::{AuditAction, AuditEntry, AuditPage, CannedResponse};
use helpdesk_shared::{FieldCode, FieldError, Lang};
use leptos::prelude::*;

use super::admin_faq::FaqAdmin;
use super::admin_levels::LevelsAdmin;
use super::admin_offices::OfficesAdmin;
use crate::api::{self, ApiFailure};
use crate::form::{ErrorSummary, FormState, TextField, same_name};
use crate::i18n::{Admin, Offices, Site, Workspace};
use crate::i18n::{Key, t};
use crate::load::show;
use crate::prefs::{Prefs, use_prefs};

const FIELDS: &[&str] = &["id", "title_ru", "title_en", "text_ru", "text_en"];

#[component]
pub fn AdminHome() -> impl IntoView {
    let p = use_prefs();
    view! {
        <nav class="page-nav" aria-label=p.t(Admin::Sections)>
            <ul>
                <li><a href="#faq-admin-title">{p.t(Admin::FaqTitle)}</a></li>
                <li><a href="#canned-title">{p.t(Admin::CannedTitle)}</a></li>
                <li><a href="#levels-title">{p.t(Admin::LevelsTitle)}</a></li>
                <li><a href="#calendar-title">{p.t(Admin::CalendarTitle)}</a></li>
                <li><a href="#offices-title">{p.t(Offices::Title)}</a></li>
                <li><a href="#audit-title">{p.t(Admin::AuditTitle)}</a></li>
            </ul>
        </nav>
        <FaqAdmin />
        <CannedAdmin />
        <LevelsAdmin />
        <OfficesAdmin />
        <AuditTrail />
    }
}

/// What the banner above the canned responses says.
#[derive(Clone, Copy)]
enum Notice {
    Saved,
    Deleted,
    Failed(Key),
}

/// What a save said, as a banner: success as a status, failure as an alert.
pub(super) fn said_banner(p: Prefs, said: (bool, Key)) -> AnyView {
    match said {
        (true, key) => {
            view! { <div class="banner banner-success" role="status">{p.t(key)}</div> }.into_any()
        }
        (false, key) => view! { <div class="banner" role="alert">{p.t(key)}</div> }.into_any(),
    }
}

/// A save refused: the fields' errors on the form, anything else in the banner. The form
/// stays as typed: nothing is lost to a failure.
pub(super) fn refused(state: FormState, said: RwSignal<Option<(bool, Key)>>, f: ApiFailure) {
    match f {
        ApiFailure::Problem(pb) if pb.code == ProblemCode::Validation => {
            state.refuse(pb.errors, same_name)
        }
        f => said.set(Some((false, failure_key(&f)))),
    }
}

pub(super) fn failure_key(f: &ApiFailure) -> Key {
    if let ApiFailure::Problem(pb) = f
        && pb.code == ProblemCode::SecondFactorRequired
    {
        return crate::i18n::TwoFactor::Needed.into();
    }
    match f.status() {
        0 => Site::ErrorsNetwork.into(),
        401 => Admin::SignedOut.into(),
        403 => Admin::Forbidden.into(),
        404 => Admin::CannedGone.into(),
        _ => Site::ErrorsServer.into(),
    }
}

/// The canned response being written: one signal per field.
#[derive(Clone, Copy)]
struct CannedDraft {
    id: RwSignal<String>,
    title_ru: RwSignal<String>,
    title_en: RwSignal<String>,
    text_ru: RwSignal<String>,
    text_en: RwSignal<String>,
}

impl CannedDraft {
    fn new() -> CannedDraft {
        let [id, title_ru, title_en, text_ru, text_en] =
            std::array::from_fn(|_| RwSignal::new(String::new()));
        CannedDraft {
            id,
            title_ru,
            title_en,
            text_ru,
            text_en,
        }
    }

    fn fill(self, c: CannedResponse) {
        self.id.set(c.id);
        self.title_ru.set(c.title_ru);
        self.title_en.set(c.title_en);
        self.text_ru.set(c.text_ru);
        self.text_en.set(c.text_en);
    }

    fn value(self) -> CannedResponse {
        CannedResponse {
            id: self.id.get_untracked().trim().to_owned(),
            title_ru: self.title_ru.get_untracked(),
            title_en: self.title_en.get_untracked(),
            text_ru: self.text_ru.get_untracked(),
            text_en: self.text_en.get_untracked(),
        }
    }
}

/// Canned responses: the list (edit, delete after a confirmation) and the form.
#[component]
fn CannedAdmin() -> impl IntoView {
    let p = use_prefs();
    let list = LocalResource::new(|| api::get::<Vec<CannedResponse>>("/staff/canned"));
    // Some(true) while creating, Some(false) while editing, None when the form is closed.
    let editing = RwSignal::new(None::<bool>);
    let draft = CannedDraft::new();
    let state = FormState::new();
    let notice = RwSignal::new(None::<Notice>);
    let confirm = RwSignal::new(None::<String>);
    let form_title = NodeRef::<leptos::html::H3>::new();
    let open_form = Callback::new(move |c: Option<CannedResponse>| {
        editing.set(Some(c.is_none()));
        draft.fill(c.unwrap_or_default());
        state.clear();
        notice.set(None);
        request_animation_frame(move || {
            if let Some(h) = form_title.get_untracked() {
                h.scroll_into_view();
                let _ = h.focus();
            }
        });
    });
    let delete = Callback::new(move |cid: String| {
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::delete(&format!("/admin/canned/{cid}")).await {
                Ok(()) => notice.set(Some(Notice::Deleted)),
                Err(f) => notice.set(Some(Notice::Failed(failure_key(&f)))),
            }
            confirm.set(None);
            state.done();
            list.refetch();
        });
    });
    let saved = Callback::new(move |()| {
        editing.set(None);
        notice.set(Some(Notice::Saved));
        list.refetch();
    });
    let render = move |all: Vec<CannedResponse>| {
        if all.is_empty() {
            return view! { <p>{p.t(Admin::CannedEmpty)}</p> }.into_any();
        }
        view! {
            <ul class="ticket-list">
                {all.into_iter().map(|c| view! {
                    <CannedItem c=c confirm=confirm busy=state.busy on_edit=open_form on_delete=delete />
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="canned-title">
            <h2 id="canned-title">{p.t(Admin::CannedTitle)}</h2>
            <p class="hint">{p.t(Admin::CannedIntro)}</p>
            // A failure while the form is open shows by its buttons instead.
            {move || notice.get().filter(|_| editing.get().is_none()).map(|n| match n {
                Notice::Saved => view! { <div class="banner banner-success" role="status">{p.t(Admin::CannedSaved)}</div> }.into_any(),
                Notice::Deleted => view! { <div class="banner banner-success" role="status">{p.t(Admin::CannedDeleted)}</div> }.into_any(),
                Notice::Failed(key) => view! { <div class="banner" role="alert">{p.t(key)}</div> }.into_any(),
            })}
            {show(list, failure_key, render)}
            {move || editing.get().is_none().then(|| view! {
                <p><button type="button" class="button" on:click=move |_| open_form.run(None)>{p.t(Admin::CannedNew)}</button></p>
            })}
            {move || editing.get().map(|creating| view! {
                <CannedForm creating=creating draft=draft state=state notice=notice title=form_title
                    on_saved=saved on_cancel=Callback::new(move |()| { editing.set(None); state.clear(); }) />
            })}
        </section>
    }
}

/// One canned response: its title and text, edit, and delete after a confirmation.
#[component]
fn CannedItem(
    c: CannedResponse,
    confirm: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    on_edit: Callback<Option<CannedResponse>>,
    on_delete: Callback<String>,
) -> impl IntoView {
    let p = use_prefs();
    // In the reader's language, following a switch.
    let (ru, en) = (
        (c.title_ru.clone(), c.text_ru.clone()),
        (c.title_en.clone(), c.text_en.clone()),
    );
    let shown = move || {
        if p.lang.get() == Lang::Ru {
            ru.clone()
        } else {
            en.clone()
        }
    };
    let (title, text) = (shown.clone(), shown.clone());
    let title = move || title().0;
    let text = move || text().1;
    let id = c.id.clone();
    let asking = {
        let id = id.clone();
        move || confirm.get().as_deref() == Some(id.as_str())
    };
    view! {
        <li class="ticket-card">
            <p class="ticket-card-head"><span>{title.clone()}</span><code>{id.clone()}</code></p>
            <p class="message-text clamp">{text}</p>
            {move || if asking() {
                let id = id.clone();
                view! {
                    <div class="confirm" role="alert">
                        <p>{format!("{} «{}»?", t(p.lang.get(), Admin::CannedConfirm), title())}</p>
                        <div class="button-row">
                            <button type="button" class="button button-danger" aria-disabled=move || busy.get().to_string()
                                on:click=move |_| on_delete.run(id.clone())>{p.t(Admin::CannedDelete)}</button>
                            <button type="button" class="button button-secondary" on:click=move |_| confirm.set(None)>{p.t(Admin::Cancel)}</button>
                        </div>
                    </div>
                }.into_any()
            } else {
                let (c, id) = (c.clone(), id.clone());
                view! {
                    <div class="button-row">
                        <button type="button" class="button button-secondary" on:click=move |_| on_edit.run(Some(c.clone()))>{p.t(Admin::CannedEdit)}</button>
                        <button type="button" class="link-button" on:click=move |_| confirm.set(Some(id.clone()))>{p.t(Admin::CannedDelete)}</button>
                    </div>
                }.into_any()
            }}
        </li>
    }
}

/// Writing a canned response: a new one (with its id) or an existing one.
#[component]
fn CannedForm(
    creating: bool,
    draft: CannedDraft,
    state: FormState,
    notice: RwSignal<Option<Notice>>,
    title: NodeRef<leptos::html::H3>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let p = use_prefs();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The server's checks, before anything is sent.
        let c = match draft.value().parse() {
            Ok(c) => c,
            Err(errs) => return state.refuse(errs, same_name),
        };
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            let path = format!("/admin/canned/{}", c.id);
            let saved = api::put::<_, CannedResponse>(&path, &c, creating).await;
            match saved {
                Ok(_) => on_saved.run(()),
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                    state.refuse(pb.errors, same_name)
                }
                // The form stays as typed: nothing is lost to a failure.
                Err(f) => notice.set(Some(Notice::Failed(failure_key(&f)))),
            }
            state.done();
        });
    };
    view! {
        <form novalidate class="panel" on:submit=save>
            <h3 node_ref=title tabindex="-1">{p.t(if creating { Admin::CannedNew } else { Admin::CannedEditTitle })}</h3>
            <ErrorSummary errors=state.errors.into() order=FIELDS node=state.summary />
            {if creating {
                view! { <TextField name="id" label=Admin::CannedId hint=Admin::CannedIdHint value=draft.id error=state.error("id") autocomplete="off" /> }.into_any()
            } else {
                view! { <p><strong>{p.t(Admin::CannedId)}": "</strong><code>{draft.id.get_untracked()}</code></p> }.into_any()
            }}
            <TextField name="title_ru" label=Admin::CannedTitleRu value=draft.title_ru error=state.error("title_ru") />
            <TextField name="text_ru" label=Admin::CannedTextRu value=draft.text_ru error=state.error("text_ru") multiline=true />
            <TextField name="title_en" label=Admin::CannedTitleEn value=draft.title_en error=state.error("title_en") />
            <TextField name="text_en" label=Admin::CannedTextEn value=draft.text_en error=state.error("text_en") multiline=true />
            {move || match notice.get() {
                Some(Notice::Failed(key)) => Some(view! { <div class="banner" role="alert">{p.t(key)}</div> }),
                _ => None,
            }}
            <div class="button-row">
                <button type="submit" class="button" aria-disabled=move || state.busy.get().to_string()>{p.t(Admin::CannedSave)}</button>
                <button type="button" class="button button-secondary" on:click=move |_| on_cancel.run(())>{p.t(Admin::Cancel)}</button>
            </div>
        </form>
    }
}

/// Today in Moscow, as `YYYY-MM-DD` (the audit trail's days are Moscow's).
fn today() -> String {
    let now = time::OffsetDateTime::from_unix_timestamp((js_sys::Date::now() / 1000.0) as i64)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    helpdesk_shared::moscow::date(now).to_string()
}

#[component]
fn AuditTrail() -> impl IntoView {
    let p = use_prefs();
    // The day in the field, and the day shown (the field applies on "show").
    let day = RwSignal::new(today());
    let shown = RwSignal::new(today());
    let first = LocalResource::new(move || {
        let path = format!("/admin/audit?day={}", shown.get());
        async move { api::get::<AuditPage>(&path).await }
    });
    // Pages read after the first, and the cursor after the last of them.
    let more = RwSignal::new((Vec::<AuditEntry>::new(), None::<Option<String>>));
    let error = RwSignal::new(Vec::<FieldError>::new());
    let pick_day = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if day.get_untracked().trim().is_empty() {
            error.set(vec![FieldError::new("day", FieldCode::Required)]);
            return;
        }
        error.set(Vec::new());
        more.set((Vec::new(), None));
        shown.set(day.get_untracked());
    };
    let explain = |f: &ApiFailure| -> Key {
        if f.status() == 422 {
            Admin::AuditBadDay.into()
        } else {
            failure_key(f)
        }
    };
    let rows = move |page: AuditPage| {
        let first_cursor = page.cursor.clone();
        let cursor = move || {
            more.with(|m| m.1.clone())
                .unwrap_or_else(|| first_cursor.clone())
        };
        let fetch_more = {
            let cursor = cursor.clone();
            move || {
                let Some(c) = cursor() else { return };
                let path = format!(
                    "/admin/audit?day={}&cursor={}",
                    shown.get_untracked(),
                    js_sys::encode_uri_component(&c)
                );
                leptos::task::spawn_local(async move {
                    if let Ok(next) = api::get::<AuditPage>(&path).await {
                        more.update(|m| {
                            m.0.extend(next.entries);
                            m.1 = Some(next.cursor);
                        });
                    }
                });
            }
        };
        if page.entries.is_empty() {
            return view! { <p>{p.t(Admin::AuditEmpty)}</p> }.into_any();
        }
        let entries = page.entries;
        view! {
            <table class="queue audit">
                <thead><tr>
                    <th scope="col">{p.t(Admin::AuditTime)}</th>
                    <th scope="col">{p.t(Admin::AuditWho)}</th>
                    <th scope="col">{p.t(Admin::AuditWhat)}</th>
                    <th scope="col">{p.t(Admin::AuditRequest)}</th>
                    <th scope="col">{p.t(Admin::AuditFrom)}</th>
                </tr></thead>
                <tbody>
                    {move || entries.iter().chain(more.get().0.iter()).map(|e| {
                        let lang = p.lang.get();
                        let action = action_title(lang, e.action);
                        view! {
                            <tr>
                                <td>{helpdesk_shared::moscow::time_of_day(e.at)}</td>
                                <td>{e.actor.clone()}<span class="meta cell-sub">{e.role.map_or(t(lang, Admin::AuditSystem), |r| r.title(lang))}</span></td>
                                <td>{action}{(!e.detail.is_empty()).then(|| view! { <span class="meta cell-sub">{e.detail.clone()}</span> })}</td>
                                <td class:cell-empty=e.ticket.is_none()>{e.ticket.clone().map(|n| helpdesk_shared::TicketNumber::parse(&n).map(|n| n.display()).unwrap_or(n)).unwrap_or_else(|| "—".into())}</td>
                                <td>{e.from.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || {
                let fetch_more = fetch_more.clone();
                cursor().is_some().then(|| view! {
                    <p><button type="button" class="button button-secondary" on:click=move |_| fetch_more()>{p.t(Workspace::QueueMore)}</button></p>
                })
            }}
        }.into_any()
    };
    let rows = view! {
        {show(first, explain, rows)}
    };
    view! {
        <section aria-labelledby="audit-title">
            <h2 id="audit-title">{p.t(Admin::AuditTitle)}</h2>
            <p class="hint">{p.t(Admin::AuditIntro)}</p>
            <form class="filters" on:submit=pick_day>
                <div class="field filter">
                    <label class="label" for="field-day">{p.t(Admin::AuditDay)}</label>
                    {move || error.get().first().map(|_| view! { <p id="field-day-error" class="error-message">{p.t(Admin::AuditDayRequired)}</p> })}
                    <input id="field-day" class="input" class:input-error=move || !error.get().is_empty() type="date"
                        aria-invalid=move || (!error.get().is_empty()).to_string()
                        aria-describedby=move || (!error.get().is_empty()).then_some("field-day-error")
                        prop:value=move || day.get()
                        on:input=move |ev| day.set(event_target_value(&ev)) />
                </div>
                <div class="filter"><button type="submit" class="button">{p.t(Workspace::QueueApply)}</button></div>
            </form>
            <p class="meta">{p.t(Admin::AuditTimes)}</p>
            {rows}
        </section>
    }
}

/// What an audit line's action means, in the reader's language; one recorded by a newer
/// server is shown as "—".
fn action_title(lang: Lang, action: AuditAction) -> String {
    let key = match action {
        AuditAction::SignIn => Admin::AuditSignIn,
        AuditAction::SignInFailed => Admin::AuditSignInFailed,
        AuditAction::SignInLocked => Admin::AuditSignInLocked,
        AuditAction::Download => Admin::AuditDownload,
        AuditAction::CannedPut => Admin::AuditCannedPut,
        AuditAction::CannedDelete => Admin::AuditCannedDelete,
        AuditAction::FaqArticlePut => Admin::AuditFaqArticlePut,
        AuditAction::FaqOrder => Admin::AuditFaqOrder,
        AuditAction::Take => Admin::AuditTake,
        AuditAction::Assign => Admin::AuditAssign,
        AuditAction::Reply => Admin::AuditReply,
        AuditAction::AskInfo => Admin::AuditAskInfo,
        AuditAction::Resolve => Admin::AuditResolve,
        AuditAction::Reject => Admin::AuditReject,
        AuditAction::Escalate => Admin::AuditEscalate,
        AuditAction::Note => Admin::AuditNote,
        AuditAction::Overdue => Admin::AuditOverdue,
        AuditAction::ServiceLevels => Admin::AuditServiceLevels,
        AuditAction::Appointment => Admin::AuditAppointment,
        AuditAction::SecondFactorSet => Admin::AuditSecondFactorSet,
        AuditAction::SecondFactorFailed => Admin::AuditSecondFactorFailed,
        AuditAction::RecoveryCodeUsed => Admin::AuditRecoveryCodeUsed,
        AuditAction::SecondFactorReset => Admin::AuditSecondFactorReset,
        AuditAction::Unknown => return "—".to_owned(),
    };
    t(lang, key).to_owned()
}

//! The admin's page: canned responses (create, edit, delete) and the audit trail by day.
//! The server checks the role on every call; this page only shows what an admin may do.

use helpdesk_shared::ProblemCode;
use helpdesk_shared::workspace::{ActionKind, AuditEntry, AuditPage, CannedResponse};
use helpdesk_shared::{FieldCode, FieldError, Lang};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::form::{ErrorSummary, FormState, TextField, error_for, same_name};
use crate::i18n::{Admin, Common, Workspace};
use crate::i18n::{Key, t};
use crate::load::show;
use crate::prefs::use_prefs;

const FIELDS: &[&str] = &["id", "title_ru", "title_en", "text_ru", "text_en"];

#[component]
pub fn AdminHome() -> impl IntoView {
    let p = use_prefs();
    view! {
        <nav class="page-nav" aria-label=p.t(Admin::Sections)>
            <ul>
                <li><a href="#canned-title">{p.t(Admin::CannedTitle)}</a></li>
                <li><a href="#audit-title">{p.t(Admin::AuditTitle)}</a></li>
            </ul>
        </nav>
        <CannedAdmin />
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

fn failure_key(f: &ApiFailure) -> Key {
    match f.status() {
        0 => Common::ErrorsNetwork.into(),
        401 => Admin::SignedOut.into(),
        403 => Admin::Forbidden.into(),
        404 => Admin::CannedGone.into(),
        _ => Common::ErrorsServer.into(),
    }
}

#[component]
fn CannedAdmin() -> impl IntoView {
    let p = use_prefs();
    let list = LocalResource::new(|| api::get::<Vec<CannedResponse>>("/staff/canned"));
    // Some(true) while creating, Some(false) while editing, None when the form is closed.
    let editing = RwSignal::new(None::<bool>);
    let [id, title_ru, title_en, text_ru, text_en] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let state = FormState::new();
    let (errors, busy) = (state.errors, state.busy);
    let notice = RwSignal::new(None::<Notice>);
    let confirm = RwSignal::new(None::<String>);
    let form_title = NodeRef::<leptos::html::H3>::new();
    let load = move || list.refetch();
    let open_form = move |c: Option<CannedResponse>| {
        let creating = c.is_none();
        let c = c.unwrap_or_default();
        id.set(c.id);
        title_ru.set(c.title_ru);
        title_en.set(c.title_en);
        text_ru.set(c.text_ru);
        text_en.set(c.text_en);
        errors.set(Vec::new());
        notice.set(None);
        editing.set(Some(creating));
        request_animation_frame(move || {
            if let Some(h) = form_title.get_untracked() {
                h.scroll_into_view();
                let _ = h.focus();
            }
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let creating = editing.get_untracked() == Some(true);
        let c = CannedResponse {
            id: id.get_untracked().trim().to_owned(),
            title_ru: title_ru.get_untracked().trim().to_owned(),
            title_en: title_en.get_untracked().trim().to_owned(),
            text_ru: text_ru.get_untracked().trim().to_owned(),
            text_en: text_en.get_untracked().trim().to_owned(),
        };
        // The server's checks, before anything is sent.
        if let Err(errs) = c.check() {
            state.refuse(errs, same_name);
            return;
        }
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            let path = format!("/admin/canned/{}", c.id);
            let saved = if creating {
                api::put_create::<_, CannedResponse>(&path, &c).await
            } else {
                api::put::<_, CannedResponse>(&path, &c).await
            };
            match saved {
                Ok(_) => {
                    editing.set(None);
                    notice.set(Some(Notice::Saved));
                    load();
                }
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                    state.refuse(pb.errors, same_name)
                }
                // The form stays as typed: nothing is lost to a failure.
                Err(f) => notice.set(Some(Notice::Failed(failure_key(&f)))),
            }
            state.done();
        });
    };
    let delete = move |cid: String| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::delete(&format!("/admin/canned/{cid}")).await {
                Ok(()) => notice.set(Some(Notice::Deleted)),
                Err(f) => notice.set(Some(Notice::Failed(failure_key(&f)))),
            }
            confirm.set(None);
            busy.set(false);
            load();
        });
    };

    let render = move |all: Vec<CannedResponse>| {
        if all.is_empty() {
            return view! { <p>{p.t(Admin::CannedEmpty)}</p> }.into_any();
        }
        view! {
            <ul class="ticket-list">
                {all.into_iter().map(|c| {
                    let lang = p.lang.get();
                    let (title, text) = if lang == Lang::Ru {
                        (c.title_ru.clone(), c.text_ru.clone())
                    } else {
                        (c.title_en.clone(), c.text_en.clone())
                    };
                    let (cid, cid2, cid3) = (c.id.clone(), c.id.clone(), c.id.clone());
                    let asking = move || confirm.get().as_deref() == Some(cid.as_str());
                    let c2 = c.clone();
                    view! {
                        <li class="ticket-card">
                            <p class="ticket-card-head"><span>{title.clone()}</span><code>{c.id.clone()}</code></p>
                            <p class="message-text clamp">{text}</p>
                            {move || if asking() {
                                let cid = cid2.clone();
                                view! {
                                    <div class="confirm" role="alert">
                                        <p>{format!("{} «{}»?", t(p.lang.get(), Admin::CannedConfirm), title)}</p>
                                        <div class="button-row">
                                            <button type="button" class="button button-danger" prop:disabled=move || busy.get()
                                                on:click=move |_| delete(cid.clone())>{p.t(Admin::CannedDelete)}</button>
                                            <button type="button" class="button button-secondary" on:click=move |_| confirm.set(None)>{p.t(Admin::Cancel)}</button>
                                        </div>
                                    </div>
                                }.into_any()
                            } else {
                                let (c, cid) = (c2.clone(), cid3.clone());
                                view! {
                                    <div class="button-row">
                                        <button type="button" class="button button-secondary" on:click=move |_| open_form(Some(c.clone()))>{p.t(Admin::CannedEdit)}</button>
                                        <button type="button" class="link-button" on:click=move |_| confirm.set(Some(cid.clone()))>{p.t(Admin::CannedDelete)}</button>
                                    </div>
                                }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    let items = view! {
        {show(list, failure_key, render)}
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
            {items}
            {move || editing.get().is_none().then(|| view! {
                <p><button type="button" class="button" on:click=move |_| open_form(None)>{p.t(Admin::CannedNew)}</button></p>
            })}
            {move || editing.get().map(|creating| view! {
                <form novalidate class="panel" on:submit=save>
                    <h3 node_ref=form_title tabindex="-1">{p.t(if creating { Admin::CannedNew } else { Admin::CannedEditTitle })}</h3>
                    <ErrorSummary errors=errors.into() order=FIELDS node=state.summary />
                    {if creating {
                        view! { <TextField name="id" label=Admin::CannedId hint=Admin::CannedIdHint value=id error=error_for(errors.into(), "id") autocomplete="off" /> }.into_any()
                    } else {
                        view! { <p><strong>{p.t(Admin::CannedId)}": "</strong><code>{id.get_untracked()}</code></p> }.into_any()
                    }}
                    <TextField name="title_ru" label=Admin::CannedTitleRu value=title_ru error=error_for(errors.into(), "title_ru") />
                    <TextField name="text_ru" label=Admin::CannedTextRu value=text_ru error=error_for(errors.into(), "text_ru") multiline=true />
                    <TextField name="title_en" label=Admin::CannedTitleEn value=title_en error=error_for(errors.into(), "title_en") />
                    <TextField name="text_en" label=Admin::CannedTextEn value=text_en error=error_for(errors.into(), "text_en") multiline=true />
                    {move || match notice.get() {
                        Some(Notice::Failed(key)) => Some(view! { <div class="banner" role="alert">{p.t(key)}</div> }),
                        _ => None,
                    }}
                    <div class="button-row">
                        <button type="submit" class="button" prop:disabled=move || busy.get()>{p.t(Admin::CannedSave)}</button>
                        <button type="button" class="button button-secondary" on:click=move |_| { editing.set(None); errors.set(Vec::new()); }>{p.t(Admin::Cancel)}</button>
                    </div>
                </form>
            })}
        </section>
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
                        let action = action_title(lang, &e.action);
                        view! {
                            <tr>
                                <td>{helpdesk_shared::moscow::time_of_day(e.at)}</td>
                                <td>{e.actor.clone()}<span class="meta cell-sub">{e.role.title(lang)}</span></td>
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

/// What an audit line's action code means; an unknown code (from a newer server) as it is.
fn action_title(lang: Lang, code: &str) -> String {
    let key = match ActionKind::from_code(code) {
        Some(ActionKind::Take) => Admin::AuditTake,
        Some(ActionKind::Assign) => Admin::AuditAssign,
        Some(ActionKind::Reply) => Admin::AuditReply,
        Some(ActionKind::AskInfo) => Admin::AuditAskInfo,
        Some(ActionKind::Resolve) => Admin::AuditResolve,
        Some(ActionKind::Reject) => Admin::AuditReject,
        Some(ActionKind::Escalate) => Admin::AuditEscalate,
        Some(ActionKind::Note) => Admin::AuditNote,
        None => match code {
            "sign_in" => Admin::AuditSignIn,
            "download" => Admin::AuditDownload,
            "canned_put" => Admin::AuditCannedPut,
            "canned_delete" => Admin::AuditCannedDelete,
            _ => return code.to_owned(),
        },
    };
    t(lang, key).to_owned()
}

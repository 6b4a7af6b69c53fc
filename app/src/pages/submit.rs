//! The request form. Every field is checked as the person types (after they leave it, or
//! after a first submit), with the validators the server runs too. What is typed is kept
//! in localStorage until the request is accepted, so a reload, a crash or a failed send
//! loses nothing.

use std::collections::HashSet;

use helpdesk_shared::ProblemCode;
use helpdesk_shared::api::{AttachmentInfo, SubmitTicketRequest, SubmitTicketResponse};
use helpdesk_shared::ticket::NewTicket;
use helpdesk_shared::{Category, FieldError};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

use super::submitted::LAST_SUBMITTED;
use crate::api::{self, ApiFailure};
use crate::form::{
    ErrorSummary, FileEntry, FileField, TextField, error_for, focus_after_render, uploaded_ids,
};
use crate::i18n::{Common, Key};
use crate::prefs::{local_get, local_remove, local_set, session_set, use_prefs};

const DRAFT: &str = "helpdesk.draft";

const ORDER: &[&str] = &[
    "category",
    "subject",
    "description",
    "full_name",
    "phone",
    "email",
    "snils",
    "inn",
    "application_number",
    "attachments",
    "consent",
];

/// What survives a reload: the fields, the uploaded files, and the last attempt's key
/// with the body it was used for (a retry of the same body reuses the key).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Draft {
    request: SubmitTicketRequest,
    files: Vec<AttachmentInfo>,
    attempt: Option<(String, String)>,
}

#[derive(Clone, Copy)]
struct Fields {
    category: RwSignal<String>,
    subject: RwSignal<String>,
    description: RwSignal<String>,
    full_name: RwSignal<String>,
    phone: RwSignal<String>,
    email: RwSignal<String>,
    snils: RwSignal<String>,
    inn: RwSignal<String>,
    application_number: RwSignal<String>,
    consent: RwSignal<bool>,
    files: RwSignal<Vec<FileEntry>>,
}

impl Fields {
    fn from_draft(d: &Draft) -> Fields {
        let r = &d.request;
        Fields {
            category: RwSignal::new(r.category.clone()),
            subject: RwSignal::new(r.subject.clone()),
            description: RwSignal::new(r.description.clone()),
            full_name: RwSignal::new(r.full_name.clone()),
            phone: RwSignal::new(r.phone.clone()),
            email: RwSignal::new(r.email.clone()),
            snils: RwSignal::new(r.snils.clone()),
            inn: RwSignal::new(r.inn.clone()),
            application_number: RwSignal::new(r.application_number.clone()),
            consent: RwSignal::new(r.consent),
            files: RwSignal::new(
                d.files
                    .iter()
                    .enumerate()
                    .map(|(i, f)| FileEntry::uploaded(i as u32, f.clone()))
                    .collect(),
            ),
        }
    }

    /// The request as it stands (tracked: call inside a reactive scope).
    fn request(&self, lang: helpdesk_shared::Lang) -> SubmitTicketRequest {
        SubmitTicketRequest {
            category: self.category.get(),
            subject: self.subject.get(),
            description: self.description.get(),
            full_name: self.full_name.get(),
            phone: self.phone.get(),
            email: self.email.get(),
            snils: self.snils.get(),
            inn: self.inn.get(),
            application_number: self.application_number.get(),
            attachments: self.files.with(|f| {
                f.iter()
                    .filter_map(|e| e.info.as_ref().map(|i| i.id.clone()))
                    .collect()
            }),
            consent: self.consent.get(),
            language: Some(lang),
        }
    }

    fn uploaded(&self) -> Vec<AttachmentInfo> {
        self.files
            .with(|f| f.iter().filter_map(|e| e.info.clone()).collect())
    }
}

#[component]
pub fn Submit() -> impl IntoView {
    let p = use_prefs();
    let navigate = use_navigate();
    let draft: Draft = local_get(DRAFT).unwrap_or_default();
    let f = Fields::from_draft(&draft);
    let attempt = RwSignal::new(draft.attempt.clone());
    let touched = RwSignal::new(HashSet::<&'static str>::new());
    let submitted = RwSignal::new(false);
    let server_errors = RwSignal::new(Vec::<FieldError>::new());
    let banner = RwSignal::new(None::<Key>);
    let sending = RwSignal::new(false);
    let summary = NodeRef::<leptos::html::Div>::new();

    // Keep the draft, and forget server-side errors once the person edits anything.
    Effect::new(move |first: Option<()>| {
        let request = f.request(p.lang.get());
        local_set(
            DRAFT,
            &Draft {
                request,
                files: f.uploaded(),
                attempt: attempt.get(),
            },
        );
        if first.is_some() {
            server_errors.set(Vec::new());
        }
    });

    let client_errors = Memo::new(move |_| {
        let mut req = f.request(p.lang.get());
        // Files are checked by the picker; ids of finished uploads are valid by construction.
        req.attachments.clear();
        NewTicket::from_request(&req).err().unwrap_or_default()
    });
    let visible = Signal::derive(move || {
        let all = submitted.get();
        let touched = touched.get();
        let mut errs: Vec<FieldError> = client_errors
            .get()
            .into_iter()
            .filter(|e| all || touched.contains(e.field.as_str()))
            .collect();
        for e in server_errors.get() {
            if !errs.iter().any(|x| x.field == e.field) {
                errs.push(e);
            }
        }
        errs
    });
    let summary_errors = Signal::derive(move || {
        if submitted.get() {
            visible.get()
        } else {
            Vec::new()
        }
    });
    let touch = move |field: &'static str| {
        Callback::new(move |()| {
            touched.update(|t| {
                t.insert(field);
            })
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        submitted.set(true);
        banner.set(None);
        if !visible.get_untracked().is_empty() {
            focus_after_render(summary);
            return;
        }
        let Some(ids) = uploaded_ids(&f.files.get_untracked()) else {
            banner.set(Some(Common::SubmitFilesWait.into()));
            return;
        };
        let mut req = untrack(|| f.request(p.lang.get()));
        req.attachments = ids;
        let body = serde_json::to_string(&req).unwrap_or_default();
        let key = match attempt.get_untracked() {
            Some((key, same)) if same == body => key,
            _ => api::new_idempotency_key(),
        };
        attempt.set(Some((key.clone(), body)));
        sending.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::post::<_, SubmitTicketResponse>("/tickets", &req, Some(&key)).await {
                Ok(done) => {
                    session_set(LAST_SUBMITTED, &done);
                    local_remove(DRAFT);
                    navigate("/submitted", Default::default());
                }
                Err(ApiFailure::Problem(problem))
                    if problem.status == 422 && !problem.errors.is_empty() =>
                {
                    server_errors.set(problem.errors);
                    focus_after_render(summary);
                }
                Err(ApiFailure::Problem(problem))
                    if problem.code == ProblemCode::IdempotencyKeyReused =>
                {
                    attempt.set(None);
                    banner.set(Some(Common::ErrorsNetwork.into()));
                }
                Err(failure) => banner.set(Some(match failure.status() {
                    0 => Key::from(Common::ErrorsNetwork),
                    413 => Key::from(Common::ErrorsTooLarge),
                    429 => Key::from(Common::ErrorsRate),
                    _ => Key::from(Common::ErrorsServer),
                })),
            }
            sending.set(false);
        });
    };

    let clear = move |_| {
        local_remove(DRAFT);
        for s in [
            f.category,
            f.subject,
            f.description,
            f.full_name,
            f.phone,
            f.email,
            f.snils,
            f.inn,
            f.application_number,
        ] {
            s.set(String::new());
        }
        f.consent.set(false);
        f.files.set(Vec::new());
        attempt.set(None);
        submitted.set(false);
        touched.set(HashSet::new());
    };

    let err = move |field: &'static str| error_for(visible, field);
    view! {
        <h1>{p.t(Common::SubmitTitle)}</h1>
        <p class="lead">{p.t(Common::SubmitLead)}</p>
        <ErrorSummary errors=summary_errors order=ORDER node=summary />
        {move || banner.get().map(|key| view! { <div class="banner" role="alert">{crate::i18n::t(p.lang.get(), key)}</div> })}
        <form novalidate on:submit=on_submit>
            <fieldset>
                <legend>{p.t(Common::SubmitAbout)}</legend>
                <div class="field" class:field-error=move || err("category").get().is_some()>
                    <label for="field-category" class="label">{p.t(Common::SubmitCategory)}</label>
                    {move || err("category").get().map(|m| view! { <p id="field-category-error" class="error-message">{m}</p> })}
                    <select id="field-category" name="category" class="input"
                        aria-invalid=move || err("category").get().is_some().to_string()
                        aria-describedby=move || if err("category").get().is_some() { "field-category-error" } else { "" }
                        prop:value=move || f.category.get()
                        on:change=move |ev| { f.category.set(event_target_value(&ev)); touched.update(|t| { t.insert("category"); }); }>
                        <option value="">{p.t(Common::SubmitCategoryChoose)}</option>
                        {Category::ALL.map(|c| view! {
                            <option value=c.code() selected=move || f.category.get() == c.code()>{move || c.title(p.lang.get())}</option>
                        })}
                    </select>
                </div>
                <TextField name="subject" label=Common::SubmitSubject hint=Common::SubmitSubjectHint value=f.subject error=err("subject") on_blur=touch("subject") />
                <TextField name="description" label=Common::SubmitDescription hint=Common::SubmitDescriptionHint value=f.description error=err("description") multiline=true on_blur=touch("description") />
                <TextField name="application_number" label=Common::SubmitApplicationNumber hint=Common::SubmitApplicationNumberHint value=f.application_number error=err("application_number") inputmode="numeric" on_blur=touch("application_number") />
                <FileField files=f.files error=err("attachments") />
            </fieldset>
            <fieldset>
                <legend>{p.t(Common::SubmitYou)}</legend>
                <TextField name="full_name" label=Common::SubmitFullName hint=Common::SubmitFullNameHint value=f.full_name error=err("full_name") autocomplete="name" on_blur=touch("full_name") />
                <p class="hint">{p.t(Common::SubmitContactHint)}</p>
                <TextField name="phone" label=Common::SubmitPhone hint=Common::SubmitPhoneHint value=f.phone error=err("phone") input_type="tel" autocomplete="tel" on_blur=touch("phone") />
                <TextField name="email" label=Common::SubmitEmail hint=Common::SubmitEmailHint value=f.email error=err("email") input_type="email" autocomplete="email" on_blur=touch("email") />
                <TextField name="snils" label=Common::SubmitSnils hint=Common::SubmitSnilsHint value=f.snils error=err("snils") inputmode="numeric" on_blur=touch("snils") />
                <TextField name="inn" label=Common::SubmitInn hint=Common::SubmitInnHint value=f.inn error=err("inn") inputmode="numeric" on_blur=touch("inn") />
            </fieldset>
            <div class="field checkbox" class:field-error=move || err("consent").get().is_some()>
                {move || err("consent").get().map(|m| view! { <p id="field-consent-error" class="error-message">{m}</p> })}
                <input id="field-consent" type="checkbox" name="consent"
                    aria-invalid=move || err("consent").get().is_some().to_string()
                    prop:checked=move || f.consent.get()
                    on:change=move |ev| f.consent.set(event_target_checked(&ev)) />
                <label for="field-consent">{p.t(Common::SubmitConsent)}</label>
            </div>
            <div class="form-actions">
                <button type="submit" class="button" prop:disabled=move || sending.get()>
                    {move || if sending.get() { crate::i18n::t(p.lang.get(), Common::SubmitSending) } else { crate::i18n::t(p.lang.get(), Common::SubmitSend) }}
                </button>
                <button type="button" class="link-button" on:click=clear>{p.t(Common::SubmitClear)}</button>
            </div>
        </form>
    }
}

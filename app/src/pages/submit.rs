//! The request form. Every field is checked as the person types (after they leave it, or
//! after a first submit), with the validators the server runs too. What is typed is kept
//! in localStorage until the request is accepted, so a reload, a crash or a failed send
//! loses nothing.

use std::collections::HashSet;

use helpdesk_shared::ProblemCode;
use helpdesk_shared::api::{AttachmentInfo, SubmitTicketRequest, SubmitTicketResponse};
use helpdesk_shared::ticket::NewTicket;
use helpdesk_shared::validate::Subject;
use helpdesk_shared::{Category, FieldError};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde::{Deserialize, Serialize};

use super::submit_fields::{CategoryField, ConsentField, TopicSuggestion};
use super::submitted::LAST_SUBMITTED;
use crate::api::{self, ApiFailure};
use crate::banner::Banner;
use crate::form::{
    ErrorSummary, FileEntry, FileField, TextField, error_for, focus_after_render, focus_by_id,
    uploaded_ids,
};
use crate::i18n::{Common, Key, Site};
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
        let f = Fields {
            category: RwSignal::new(String::new()),
            subject: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            full_name: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            snils: RwSignal::new(String::new()),
            inn: RwSignal::new(String::new()),
            application_number: RwSignal::new(String::new()),
            consent: RwSignal::new(false),
            files: RwSignal::new(Vec::new()),
        };
        f.fill(d);
        f
    }

    /// Puts `d` into the fields (a draft read back, or the form cleared by mistake).
    fn fill(&self, d: &Draft) {
        let r = &d.request;
        for (signal, value) in [
            (self.category, &r.category),
            (self.subject, &r.subject),
            (self.description, &r.description),
            (self.full_name, &r.full_name),
            (self.phone, &r.phone),
            (self.email, &r.email),
            (self.snils, &r.snils),
            (self.inn, &r.inn),
            (self.application_number, &r.application_number),
        ] {
            signal.set(value.clone());
        }
        self.consent.set(r.consent);
        self.files.set(
            d.files
                .iter()
                .enumerate()
                .map(|(i, f)| FileEntry::uploaded(i as u32, f.clone()))
                .collect(),
        );
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

impl Fields {
    /// Empties every field and the file list.
    fn clear(&self) {
        self.fill(&Draft::default());
    }

    /// Whether anything has been typed, chosen or attached.
    fn is_empty(&self) -> bool {
        [
            self.category,
            self.subject,
            self.description,
            self.full_name,
            self.phone,
            self.email,
            self.snils,
            self.inn,
            self.application_number,
        ]
        .iter()
        .all(|s| s.with(|v| v.trim().is_empty()))
            && !self.consent.get()
            && self.files.with(Vec::is_empty)
    }
}

/// Which errors show: a field's once it was left (or after a first submit), the
/// server's until the person edits something; the summary only after a submit.
#[derive(Clone, Copy)]
struct Shown {
    touched: RwSignal<HashSet<&'static str>>,
    submitted: RwSignal<bool>,
    server: RwSignal<Vec<FieldError>>,
    /// The errors shown beside the fields.
    visible: Signal<Vec<FieldError>>,
    /// The errors listed in the summary.
    summary: Signal<Vec<FieldError>>,
}

impl Shown {
    fn new(f: Fields, lang: RwSignal<helpdesk_shared::Lang>) -> Shown {
        let (touched, submitted, server) = (
            RwSignal::new(HashSet::<&'static str>::new()),
            RwSignal::new(false),
            RwSignal::new(Vec::<FieldError>::new()),
        );
        let client = Memo::new(move |_| {
            let mut req = f.request(lang.get());
            // Files are checked by the picker; ids of finished uploads are valid by construction.
            req.attachments.clear();
            NewTicket::from_request(&req).err().unwrap_or_default()
        });
        let visible = Signal::derive(move || {
            let (all, touched) = (submitted.get(), touched.get());
            let mut errs: Vec<FieldError> = client
                .get()
                .into_iter()
                .filter(|e| all || touched.contains(e.field.as_str()))
                .collect();
            for e in server.get() {
                if !errs.iter().any(|x| x.field == e.field) {
                    errs.push(e);
                }
            }
            errs
        });
        let summary = Signal::derive(move || {
            if submitted.get() {
                visible.get()
            } else {
                Vec::new()
            }
        });
        Shown {
            touched,
            submitted,
            server,
            visible,
            summary,
        }
    }

    /// Marks `field` as left: its error shows from now on.
    fn touch(self, field: &'static str) -> Callback<()> {
        Callback::new(move |()| {
            self.touched.update(|t| {
                t.insert(field);
            })
        })
    }

    fn error(self, field: &'static str) -> Signal<Option<String>> {
        error_for(self.visible, field)
    }

    fn reset(self) {
        self.submitted.set(false);
        self.touched.set(HashSet::new());
    }
}

/// Keeps the draft on this device as the person types, and forgets the server's errors
/// once they edit anything.
fn keep_draft(f: Fields, attempt: RwSignal<Option<(String, String)>>, shown: Shown) {
    let p = use_prefs();
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
            shown.server.set(Vec::new());
        }
    });
}

/// What the banner says when a send fails for a reason no field can fix.
fn send_failure(failure: &ApiFailure) -> Key {
    match failure.status() {
        0 => Site::ErrorsNetwork.into(),
        413 => Common::ErrorsTooLarge.into(),
        _ => Site::ErrorsServer.into(),
    }
}

#[component]
pub fn Submit() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Common::SubmitTitle);
    let navigate = use_navigate();
    let mut draft: Draft = local_get(DRAFT).unwrap_or_default();
    // "/submit?subject=…&category=payments" ("Не нашли ответ?" in the FAQ) carries the
    // question and its topic, unless the draft already has its own.
    let (subject, category) =
        use_query_map().with_untracked(|q| (q.get("subject"), q.get("category")));
    if draft.request.category.is_empty()
        && let Some(code) = category
        && Category::from_code(&code).is_some()
    {
        draft.request.category = code;
    }
    if draft.request.subject.trim().is_empty()
        && let Some(subject) = subject
    {
        draft.request.subject = subject.trim().chars().take(Subject::MAX as usize).collect();
    }
    let f = Fields::from_draft(&draft);
    let attempt = RwSignal::new(draft.attempt.clone());
    let shown = Shown::new(f, p.lang);
    let banner = Banner::new();
    let sending = RwSignal::new(false);
    let summary = NodeRef::<leptos::html::Div>::new();
    // What "Очистить форму" took away, until it is given back or the person types again.
    let cleared = RwSignal::new(None::<Draft>);
    keep_draft(f, attempt, shown);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        shown.submitted.set(true);
        banner.clear();
        if !shown.visible.get_untracked().is_empty() {
            focus_after_render(summary);
            return;
        }
        let Some(ids) = uploaded_ids(&f.files.get_untracked()) else {
            banner.say(Common::SubmitFilesWait);
            return;
        };
        let mut req = untrack(|| f.request(p.lang.get()));
        req.attachments = ids;
        // A retry of the same body reuses its key, so the server answers with the request
        // it already made instead of making a second one.
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
                    shown.server.set(problem.errors);
                    focus_after_render(summary);
                }
                Err(ApiFailure::Problem(problem))
                    if problem.code == ProblemCode::IdempotencyKeyReused =>
                {
                    attempt.set(None);
                    banner.say(Site::ErrorsNetwork);
                }
                Err(failure) => banner.fail(&failure, send_failure),
            }
            sending.set(false);
        });
    };

    let clear = move |_| {
        let before = untrack(|| Draft {
            request: f.request(p.lang.get()),
            files: f.uploaded(),
            attempt: attempt.get(),
        });
        local_remove(DRAFT);
        f.clear();
        attempt.set(None);
        shown.reset();
        banner.clear();
        cleared.set(Some(before));
        request_animation_frame(|| focus_by_id("undo-clear"));
    };
    let undo = move |_| {
        if let Some(d) = cleared.get_untracked() {
            f.fill(&d);
            attempt.set(d.attempt);
        }
        cleared.set(None);
        request_animation_frame(|| focus_by_id("field-category"));
    };
    // Typing again after clearing means the old text is not wanted back.
    Effect::new(move |first: Option<()>| {
        let empty = f.is_empty();
        if first.is_some() && !empty {
            cleared.set(None);
        }
    });

    let err = move |field: &'static str| shown.error(field);
    let touch = move |field: &'static str| shown.touch(field);
    view! {
        <h1>{p.t(Common::SubmitTitle)}</h1>
        <p class="lead">{p.t(Common::SubmitLead)}</p>
        {move || match (cleared.get().is_some(), f.is_empty()) {
            (true, _) => Some(view! {
                <div class="banner banner-success" role="status">
                    {p.t(Common::SubmitCleared)}" "
                    <button type="button" id="undo-clear" class="link-button" on:click=undo>{p.t(Common::SubmitUndoClear)}</button>
                </div>
            }.into_any()),
            (false, false) => Some(view! {
                <p class="form-tools">
                    <button type="button" class="link-button" on:click=clear>{p.t(Common::SubmitClear)}</button>
                </p>
            }.into_any()),
            (false, true) => None,
        }}
        <ErrorSummary errors=shown.summary order=ORDER node=summary />
        <form novalidate on:submit=on_submit>
            <fieldset>
                <legend>{p.t(Common::SubmitAbout)}</legend>
                <CategoryField value=f.category error=err("category") on_change=touch("category") />
                <TextField name="subject" label=Common::SubmitSubject hint=Common::SubmitSubjectHint value=f.subject error=err("subject") on_blur=touch("subject") />
                <TextField name="description" label=Common::SubmitDescription hint=Common::SubmitDescriptionHint value=f.description error=err("description") multiline=true on_blur=touch("description") />
                <TopicSuggestion subject=f.subject description=f.description category=f.category on_choose=touch("category") />
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
            <ConsentField value=f.consent error=err("consent") />
            // The banner sits by the button that caused it; it takes focus either way.
            {banner.view()}
            <div class="form-actions">
                <button type="submit" class="button" aria-disabled=move || sending.get().to_string()>
                    {move || if sending.get() { crate::i18n::t(p.lang.get(), Common::SubmitSending) } else { crate::i18n::t(p.lang.get(), Common::SubmitSend) }}
                </button>
            </div>
        </form>
    }
}

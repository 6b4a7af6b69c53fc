//! The request form in the browser. `submit.html` arrives with the form drawn in
//! Russian (the build runs `page("ru")` of this module in node), so it paints, and can
//! be typed into, before any wasm has loaded; this module then makes it work, without
//! Leptos (the citizens' Leptos app is four times the size of the budget of a first
//! load, issue 19): every field checked as the citizen types with the validators the
//! server runs (`NewTicket::from_request`), the error summary, the draft kept on the
//! device, attachments uploaded with progress, the topic suggested from the text, a
//! retry of the same request with the same idempotency key, "clear" with undo. The
//! header is the home page's (`helpdesk_app_front::shell`). Once accepted, the
//! confirmation is the Leptos app's `/submitted`, reading the answer from
//! sessionStorage as before.

// Without `module` only `api` and `files` are used (by the Leptos app).
#![cfg_attr(not(feature = "module"), allow(dead_code, unused_imports))]

pub mod api;
mod draft;
mod events;
pub mod files;
mod send;
mod show;
mod topic;

use std::cell::RefCell;
use std::collections::HashSet;

use helpdesk_app_front::shell::{self, document};
use helpdesk_app_site::form::{submit_page, submit_title};
use helpdesk_app_site::{Form, Site};
use helpdesk_shared::api::SubmitTicketRequest;
use helpdesk_shared::{Category, FieldError, Lang};
use wasm_bindgen::prelude::*;

use draft::Draft;

/// A message by the button: its text is drawn in the page's language when shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Said {
    Form(Form),
    Site(Site),
    /// Too many requests, with the wait the server asked for.
    Rate(Option<u64>),
}

impl Said {
    fn text(self, lang: Lang) -> String {
        match self {
            Said::Form(k) => k.text(lang).to_owned(),
            Said::Site(k) => k.text(lang).to_owned(),
            Said::Rate(wait) => helpdesk_app_site::rate_text(lang, wait),
        }
    }
}

/// The form's state besides what the fields hold (the page is their truth).
#[derive(Default)]
pub(crate) struct State {
    /// Fields the citizen has left: their errors show from then on.
    touched: HashSet<String>,
    /// A send was tried: every error shows, and the summary.
    submitted: bool,
    /// The server's refusals, until the citizen edits something.
    server: Vec<FieldError>,
    files: Vec<files::Entry>,
    next_file: u32,
    attempt: Option<(String, String)>,
    sending: bool,
    /// What "Очистить форму" took away, until given back or typed over.
    cleared: Option<Draft>,
    banner: Option<Said>,
    topic: topic::Topic,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// The state, briefly (never across an `await`).
pub(crate) fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
    STATE.with_borrow_mut(f)
}

/// The form's body in `lang` ("ru" or "en"): what the build writes into `submit.html`.
#[cfg(feature = "module")]
#[wasm_bindgen]
pub fn page(lang: &str) -> String {
    submit_page(shell::lang_of(lang))
}

/// The form's document title in `lang`: what the build writes into `submit.html`.
#[cfg(feature = "module")]
#[wasm_bindgen]
pub fn title(lang: &str) -> String {
    submit_title(shell::lang_of(lang))
}

/// Makes the pre-rendered form work; the boot script calls it once the module is in.
#[cfg(feature = "module")]
#[wasm_bindgen]
pub fn boot() {
    shell::start(shell::Page {
        body: submit_page,
        title: submit_title,
        redrawn: |doc| {
            // The page was drawn anew, empty: the fields come back from the draft, kept
            // at every keystroke.
            if let Some(d) = draft::load() {
                draft::fill(doc, &d.request, false);
            }
            show::all(doc);
            ready(doc);
        },
    });
    let Some(doc) = document() else { return };
    let mut d = draft::load().unwrap_or_default();
    from_address(&mut d.request);
    draft::fill(&doc, &d.request, true);
    restore(d);
    keep(&doc);
    show::all(&doc);
    events::listen(&doc);
    // What was typed before the module loaded is suggested a topic for, like the rest.
    topic::changed(&doc);
    ready(&doc);
}

/// Marks the form as working (the browser tests wait for it).
fn ready(doc: &web_sys::Document) {
    if let Some(form) = doc.get_element_by_id("submit-form") {
        let _ = form.set_attribute("data-ready", "");
    }
}

/// "/submit?subject=…&category=payments" ("Не нашли ответ?" in the knowledge base)
/// carries the question and its topic, unless the draft already has its own.
fn from_address(r: &mut SubmitTicketRequest) {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let Ok(q) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return;
    };
    if r.category.is_empty()
        && let Some(code) = q.get("category")
        && Category::from_code(&code).is_some()
    {
        r.category = code;
    }
    if r.subject.trim().is_empty()
        && let Some(subject) = q.get("subject")
    {
        r.subject = subject
            .trim()
            .chars()
            .take(helpdesk_shared::validate::Subject::MAX as usize)
            .collect();
    }
}

/// The draft's files and last attempt into the state (the fields are the page's).
pub(crate) fn restore(d: Draft) {
    with(|s| {
        s.files = (1..)
            .zip(d.files)
            .map(|(key, info)| files::Entry::uploaded(key, info))
            .collect();
        s.next_file = s.files.len() as u32;
        s.attempt = d.attempt;
    });
}

/// The draft as the page stands.
pub(crate) fn current(doc: &web_sys::Document) -> Draft {
    let request = draft::request(doc, shell::lang());
    with(|s| Draft {
        request,
        files: s.files.iter().filter_map(|f| f.info.clone()).collect(),
        attempt: s.attempt.clone(),
    })
}

/// Keeps the draft on this device.
pub(crate) fn keep(doc: &web_sys::Document) {
    draft::save(&current(doc));
}

//! Sending the request: every error shown first (and the summary focused) if any; a
//! retry of the same body with the same idempotency key, so a lost answer never makes
//! a second request; the server's refusals by their fields; the answer kept for the
//! confirmation page.

use helpdesk_app_site::{Form, LAST_SUBMITTED_KEY, Site};
use helpdesk_shared::ProblemCode;
use web_sys::Document;

use crate::api::{self, Failure};
use crate::{Said, current, draft, files, keep, show, with};

pub fn submit(doc: &Document) {
    if with(|s| s.sending) {
        return;
    }
    with(|s| {
        s.submitted = true;
        s.banner = None;
    });
    show::banner(doc, false);
    if !show::errors(doc).is_empty() {
        focus_summary(doc);
        return;
    }
    let Some(ids) = files::uploaded_ids() else {
        say(doc, Said::Form(Form::SubmitFilesWait));
        return;
    };
    let mut req = current(doc).request;
    req.attachments = ids;
    // A retry of the same body reuses its key, so the server answers with the request
    // it already made instead of making a second one.
    let body = serde_json::to_string(&req).unwrap_or_default();
    let key = with(|s| {
        let key = match &s.attempt {
            Some((key, same)) if *same == body => key.clone(),
            _ => api::new_idempotency_key(),
        };
        s.attempt = Some((key.clone(), body));
        s.sending = true;
        key
    });
    keep(doc);
    show::button(doc);
    let doc = doc.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = api::post_text("/tickets", &req, Some(&key)).await;
        with(|s| s.sending = false);
        show::button(&doc);
        match answer {
            Ok((_, text)) => match serde_json::from_str::<Accepted>(&text) {
                Ok(_) => accepted(&text),
                // A success this version cannot read (a proxy's page).
                Err(_) => say(&doc, Said::Site(Site::ErrorsServer)),
            },
            Err(Failure::Problem(p)) if p.status == 422 && !p.errors.is_empty() => {
                with(|s| s.server = p.errors);
                show::errors(&doc);
                focus_summary(&doc);
            }
            Err(Failure::Problem(p)) if p.code == ProblemCode::IdempotencyKeyReused => {
                with(|s| s.attempt = None);
                keep(&doc);
                say(&doc, Said::Site(Site::ErrorsNetwork));
            }
            Err(Failure::Problem(p)) if p.status == 429 => {
                say(&doc, Said::Rate(p.retry_after));
            }
            Err(Failure::Problem(p)) if p.status == 413 => {
                say(&doc, Said::Form(Form::ErrorsTooLarge));
            }
            Err(Failure::Problem(_)) => say(&doc, Said::Site(Site::ErrorsServer)),
            Err(Failure::Network) => say(&doc, Said::Site(Site::ErrorsNetwork)),
        }
    });
}

/// What the form reads of the answer (`SubmitTicketResponse`, which the confirmation
/// page reads whole: its dates would bring a date parser into this module).
#[derive(serde::Deserialize)]
struct Accepted {
    #[serde(rename = "number")]
    _number: String,
}

/// The request was made: the draft goes, the confirmation shows the number and code.
fn accepted(answer: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(session)) = window.session_storage() {
        let _ = session.set_item(LAST_SUBMITTED_KEY, answer);
    }
    draft::remove();
    helpdesk_app_front::shell::mark_arrival();
    let _ = window.location().assign("/submitted");
}

fn say(doc: &Document, said: Said) {
    with(|s| s.banner = Some(said));
    show::banner(doc, true);
}

fn focus_summary(doc: &Document) {
    if let Some(el) = doc.query_selector(".error-summary").ok().flatten() {
        show::later_focus(el);
    }
}

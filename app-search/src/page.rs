//! The FAQ pages placed in the page and made to work: the SPA gives this module an
//! element (or, for search, the box it rendered) and the module fills it and listens to
//! it — the search as the citizen types, and "Был ли ответ полезен?" (yes at once; no
//! with what was missing, checked by the same rule the server applies). Plain DOM, no
//! framework: the SPA's first load carries none of this.
//!
//! Listeners are added once per element (marked `data-wired-<event>`) and live with the
//! page: one small closure per element the SPA renders for these pages.

use std::cell::Cell;

use helpdesk_shared::api::{CSRF_HEADER, PREFIX};
use helpdesk_shared::faq::{QUERY_MAX, VoteRequest};
use helpdesk_shared::validate::Feedback;
use helpdesk_shared::{FieldCode, Lang};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlTextAreaElement, Response};

use crate::html::{self, Counted, Text};

/// The articles this browser has rated (slugs, space-separated), so it is asked once
/// per article; the oldest are forgotten past `VOTED_MAX`.
const VOTED: &str = "helpdesk.voted";
const VOTED_MAX: usize = 200;

thread_local! {
    /// A vote on its way: presses meanwhile are ignored.
    static SENDING: Cell<bool> = const { Cell::new(false) };
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn by_id<T: JsCast>(id: &str) -> Option<T> {
    document()?.get_element_by_id(id)?.dyn_into().ok()
}

/// The language the SPA shows (it keeps `<html lang>` current).
pub fn page_lang() -> Lang {
    document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|l| Lang::from_code(&l))
        .unwrap_or(Lang::Ru)
}

/// Calls `handler` on every `event` at `target`, once per element.
fn listen(target: &Element, event: &str, handler: impl FnMut(Event) + 'static) {
    let mark = format!("data-wired-{event}");
    if target.has_attribute(&mark) {
        return;
    }
    let _ = target.set_attribute(&mark, "");
    let handler = Closure::<dyn FnMut(Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    handler.forget();
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn voted(slug: &str) -> bool {
    storage()
        .and_then(|s| s.get_item(VOTED).ok().flatten())
        .is_some_and(|v| v.split(' ').any(|s| s == slug))
}

fn remember_vote(slug: &str) {
    let Some(storage) = storage() else { return };
    let old = storage.get_item(VOTED).ok().flatten().unwrap_or_default();
    let mut slugs: Vec<&str> = old
        .split(' ')
        .filter(|s| !s.is_empty() && *s != slug)
        .collect();
    slugs.push(slug);
    let from = slugs.len().saturating_sub(VOTED_MAX);
    let _ = storage.set_item(VOTED, &slugs[from..].join(" "));
}

/// Puts `html` into `root` and makes its vote work.
pub fn show(root: &Element, html: &str) {
    root.set_inner_html(html);
    listen(root, "click", on_click);
    listen(root, "submit", on_submit);
}

/// Makes the search box `input` search as the citizen types: up to `limit` results
/// into `results`, their count (in words) into `status`, the live region; `full` on the
/// FAQ page (which keeps the question in its address). Shows what it holds now.
pub fn attach_search(
    input: HtmlInputElement,
    results: Element,
    status: Element,
    limit: usize,
    full: bool,
) {
    render_search(&input, &results, &status, limit, full);
    let target: Element = input.clone().into();
    listen(&target, "input", move |_| {
        render_search(&input, &results, &status, limit, full)
    });
}

fn render_search(
    input: &HtmlInputElement,
    results: &Element,
    status: &Element,
    limit: usize,
    full: bool,
) {
    let lang = page_lang();
    let query: String = input.value().chars().take(QUERY_MAX).collect();
    let (html, count) = crate::search(&query, lang, limit, full);
    results.set_inner_html(&html);
    let said = (!query.trim().is_empty()).then(|| Counted::Found.text(lang, count as u64));
    status.set_text_content(said.as_deref());
    // The FAQ page keeps the question in its address: a shared link or Back shows the
    // same results.
    if full && let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let url = if query.is_empty() {
            "/faq".to_owned()
        } else {
            format!("/faq?q={}", html::query_value(&query))
        };
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

fn target_id(ev: &Event) -> Option<String> {
    let el: Element = ev.target()?.dyn_into().ok()?;
    Some(el.closest("button, form").ok()??.id())
}

fn on_click(ev: Event) {
    match target_id(&ev).as_deref() {
        Some("vote-yes") => send_vote(true),
        Some("vote-no") => {
            if let Some(form) = by_id::<HtmlElement>("vote-form") {
                form.set_hidden(false);
            }
            if let Some(no) = by_id::<Element>("vote-no") {
                let _ = no.set_attribute("aria-expanded", "true");
            }
            focus("field-missing");
        }
        _ => {}
    }
}

fn on_submit(ev: Event) {
    if target_id(&ev).as_deref() == Some("vote-form") {
        ev.prevent_default();
        send_vote(false);
    }
}

fn focus(id: &str) {
    if let Some(el) = by_id::<HtmlElement>(id) {
        let _ = el.focus();
    }
}

/// Shows the field's error (or clears it with `None`) the way the SPA's forms do.
fn field_error(message: Option<&str>) {
    let (Some(text), Some(box_), Some(input)) = (
        by_id::<HtmlElement>("field-missing-error"),
        by_id::<Element>("field-missing-box"),
        by_id::<Element>("field-missing"),
    ) else {
        return;
    };
    text.set_text_content(message);
    text.set_hidden(message.is_none());
    box_.set_class_name(if message.is_some() {
        "field field-error"
    } else {
        "field"
    });
    let _ = input.set_attribute("aria-invalid", &message.is_some().to_string());
    let described = if message.is_some() {
        "field-missing-error field-missing-hint"
    } else {
        "field-missing-hint"
    };
    let _ = input.set_attribute("aria-describedby", described);
}

/// Says how the vote went in the banner, which takes focus so it is read out.
fn said(text: Text, success: bool) {
    let Some(banner) = by_id::<HtmlElement>("vote-said") else {
        return;
    };
    banner.set_text_content(Some(text.text(page_lang())));
    banner.set_class_name(if success {
        "banner banner-success"
    } else {
        "banner"
    });
    let _ = banner.set_attribute("role", if success { "status" } else { "alert" });
    let _ = banner.focus();
}

fn busy(on: bool) {
    SENDING.set(on);
    for id in ["vote-yes", "vote-send"] {
        if let Some(b) = by_id::<Element>(id) {
            let _ = b.set_attribute("aria-disabled", &on.to_string());
        }
    }
}

fn send_vote(helpful: bool) {
    if SENDING.get() {
        return;
    }
    let Some(slug) = by_id::<Element>("vote").and_then(|v| v.get_attribute("data-slug")) else {
        return;
    };
    let missing = (!helpful)
        .then(|| by_id::<HtmlTextAreaElement>("field-missing"))
        .flatten()
        .map(|t| t.value().trim().to_owned())
        .filter(|t| !t.is_empty());
    if let Some(text) = &missing
        && let Err(e) = Feedback::parse(text)
    {
        let message = match e.code {
            FieldCode::TooShort => Text::MissingShort,
            FieldCode::TooLong => Text::MissingLong,
            _ => Text::MissingChars,
        };
        field_error(Some(message.text(page_lang())));
        focus("field-missing");
        return;
    }
    field_error(None);
    busy(true);
    let body = serde_json::to_string(&VoteRequest { helpful, missing }).unwrap_or_default();
    wasm_bindgen_futures::spawn_local(async move {
        let status = post(&format!("{PREFIX}/faq/{slug}/vote"), &body).await;
        busy(false);
        match status {
            Some(200..=299) => {
                remember_vote(&slug);
                for id in ["vote-buttons", "vote-form"] {
                    if let Some(el) = by_id::<Element>(id) {
                        el.remove();
                    }
                }
                said(Text::VoteThanks, true);
            }
            None => said(Text::Offline, false),
            Some(429) => said(Text::TooMany, false),
            Some(_) => said(Text::Failed, false),
        }
    });
}

/// POSTs JSON as the SPA does (its CSRF header, the reader's language); the answer's
/// status, or `None` when no answer came.
async fn post(url: &str, body: &str) -> Option<u16> {
    let headers = web_sys::Headers::new().ok()?;
    headers.set("Content-Type", "application/json").ok()?;
    headers.set(CSRF_HEADER, "1").ok()?;
    headers.set("Accept-Language", page_lang().code()).ok()?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(url, &init).ok()?;
    let answer = JsFuture::from(web_sys::window()?.fetch_with_request(&request))
        .await
        .ok()?;
    Some(answer.dyn_into::<Response>().ok()?.status())
}

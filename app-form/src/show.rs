//! Drawing the state onto the pre-rendered page: each field's error (above its input,
//! named by `aria-describedby`), the summary, the files, "clear" and its undo, the
//! message by the button, the button itself. Only what changed is touched, so focus
//! and what is being typed are never disturbed.

use helpdesk_app_front::shell::{self, by_id};
use helpdesk_app_site::form::ORDER;
use helpdesk_app_site::{Form, esc};
use helpdesk_shared::fields::field_message;
use helpdesk_shared::ticket::NewTicket;
use helpdesk_shared::{FieldError, Lang};
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

use crate::{draft, files, topic, with};

/// Everything (on arrival, and when the page was drawn again in the other language).
pub fn all(doc: &Document) {
    errors(doc);
    files::draw(doc);
    tools(doc);
    banner(doc, false);
    button(doc);
    topic::draw(doc);
}

/// The errors shown: a field's once it was left (or after a send was tried), the
/// server's until the citizen edits something; returns them, in page order.
pub fn visible(doc: &Document) -> Vec<FieldError> {
    let mut req = draft::request(doc, shell::lang());
    // Files are checked by the picker; ids of finished uploads are valid by construction.
    req.attachments.clear();
    let client = NewTicket::from_request(&req).err().unwrap_or_default();
    with(|s| {
        let mut errs: Vec<FieldError> = client
            .into_iter()
            .filter(|e| s.submitted || s.touched.contains(&e.field))
            .collect();
        for e in &s.server {
            if !errs.iter().any(|x| x.field == e.field) {
                errs.push(e.clone());
            }
        }
        let mut ordered = Vec::with_capacity(errs.len());
        for field in ORDER {
            if let Some(e) = errs.iter().find(|e| e.field == field) {
                ordered.push(e.clone());
            }
        }
        ordered
    })
}

/// Each field's error, and the summary after a send was tried.
pub fn errors(doc: &Document) -> Vec<FieldError> {
    let lang = shell::lang();
    let shown = visible(doc);
    for field in ORDER {
        let message = shown
            .iter()
            .find(|e| e.field == field)
            .map(|e| field_message(lang, field, e.code, e.limit));
        field_error(doc, field, message.as_deref());
    }
    summary(doc, lang, if with(|s| s.submitted) { &shown } else { &[] });
    shown
}

fn field_error(doc: &Document, field: &str, message: Option<&str>) {
    let id = format!("field-{field}");
    let error_id = format!("{id}-error");
    let Some(input) = by_id(doc, &id) else { return };
    let Some(wrapper) = input.closest(".field").ok().flatten() else {
        return;
    };
    let existing = by_id(doc, &error_id);
    match (message, existing) {
        (Some(m), Some(p)) => {
            if p.text_content().as_deref() != Some(m) {
                p.set_text_content(Some(m));
            }
        }
        (Some(m), None) => {
            let _ = input.insert_adjacent_html(
                "beforebegin",
                &format!(
                    "<p id=\"{error_id}\" class=\"error-message\">{}</p>",
                    esc(m)
                ),
            );
        }
        (None, Some(p)) => p.remove(),
        (None, None) => {}
    }
    let on = message.is_some();
    let _ = wrapper.class_list().toggle_with_force("field-error", on);
    let _ = input.set_attribute("aria-invalid", if on { "true" } else { "false" });
    if field == "attachments" {
        return;
    }
    if input.class_list().contains("input") && input.tag_name() != "SELECT" {
        let _ = input.class_list().toggle_with_force("input-error", on);
    }
    let hint = format!("{id}-hint");
    let mut described: Vec<&str> = Vec::new();
    if by_id(doc, &hint).is_some() {
        described.push(&hint);
    }
    if on {
        described.push(&error_id);
    }
    if described.is_empty() {
        let _ = input.remove_attribute("aria-describedby");
    } else {
        let _ = input.set_attribute("aria-describedby", &described.join(" "));
    }
}

fn summary(doc: &Document, lang: Lang, shown: &[FieldError]) {
    let Some(el) = doc.query_selector(".error-summary").ok().flatten() else {
        return;
    };
    let mut items = String::new();
    for e in shown {
        items.push_str(&format!(
            "<li><a href=\"#field-{}\">{}</a></li>",
            e.field,
            esc(&field_message(lang, &e.field, e.code, e.limit))
        ));
    }
    if let Some(list) = el.query_selector("ul").ok().flatten()
        && list.inner_html() != items
    {
        list.set_inner_html(&items);
    }
    let _ = el
        .class_list()
        .toggle_with_force("hidden", shown.is_empty());
}

/// "Очистить форму" while anything is typed; after it, "Форма очищена" with undo.
pub fn tools(doc: &Document) {
    let Some(el) = by_id(doc, "form-tools") else {
        return;
    };
    let lang = shell::lang();
    let (cleared, files) = with(|s| (s.cleared.is_some(), s.files.len()));
    let empty = draft::is_empty(&draft::request(doc, lang), files);
    let html = match (cleared, empty) {
        (true, _) => format!(
            "<div class=\"banner banner-success\" role=\"status\">{} \
             <button type=\"button\" id=\"undo-clear\" class=\"link-button\">{}</button></div>",
            esc(Form::SubmitCleared.text(lang)),
            esc(Form::SubmitUndoClear.text(lang))
        ),
        (false, false) => format!(
            "<p class=\"form-tools\"><button type=\"button\" id=\"clear-form\" class=\"link-button\">{}</button></p>",
            esc(Form::SubmitClear.text(lang))
        ),
        (false, true) => String::new(),
    };
    // Drawn again only when it changes: the button pressed keeps its focus otherwise.
    if el.inner_html() != html {
        el.set_inner_html(&html);
    }
}

/// The message by the button; `focus`: it just appeared (read out, scrolled to).
pub fn banner(doc: &Document, focus: bool) {
    let Some(el) = doc.query_selector("form .banner").ok().flatten() else {
        return;
    };
    let said = with(|s| s.banner);
    el.set_text_content(said.map(|s| s.text(shell::lang())).as_deref());
    let _ = el.class_list().toggle_with_force("hidden", said.is_none());
    if focus && said.is_some() {
        later_focus(el);
    }
}

/// The send button: "Отправляем…" while sending (never disabled: it keeps focus).
pub fn button(doc: &Document) {
    let Some(b) = doc
        .query_selector("form .form-actions .button")
        .ok()
        .flatten()
    else {
        return;
    };
    let sending = with(|s| s.sending);
    let key = if sending {
        Form::SubmitSending
    } else {
        Form::SubmitSend
    };
    b.set_text_content(Some(key.text(shell::lang())));
    let _ = b.set_attribute("aria-disabled", &sending.to_string());
}

/// Focuses `el` in the next frame, after what changed is laid out.
pub fn later_focus(el: Element) {
    let Ok(el) = el.dyn_into::<HtmlElement>() else {
        return;
    };
    let f = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = el.focus();
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(f.unchecked_ref());
    }
}

/// Focuses the element with `id` in the next frame, if it is there then.
pub fn later_focus_id(doc: &Document, id: &'static str) {
    let doc = doc.clone();
    let f = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(el) = by_id(&doc, id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(f.unchecked_ref());
    }
}

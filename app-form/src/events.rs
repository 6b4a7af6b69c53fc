//! The form's listeners, on the document (the page may be drawn again in the other
//! language without wiring anything again): typing, leaving a field, choosing files,
//! the buttons, the summary's links, sending.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Document, Element, Event, HtmlButtonElement, HtmlElement, HtmlInputElement};

use crate::{draft, files, keep, send, show, topic, with};

pub fn listen(doc: &Document) {
    on(doc, "input", |doc, target, _| edited(doc, &target));
    on(doc, "change", |doc, target, _| {
        if target.id() == "field-attachments" {
            if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
                files::picked(doc, input);
            }
        } else if target.tag_name() == "SELECT" {
            // A choice is made on change: its error shows at once.
            with(|s| s.touched.insert("category".into()));
            edited(doc, &target);
        } else if target.id() == "field-consent" {
            edited(doc, &target);
        }
    });
    on(doc, "focusout", |doc, target, ev| {
        let Some(field) = field_of(&target) else {
            return;
        };
        // Leaving a field to press a button must not show its error first: the message
        // would push the button away between mouse-down and mouse-up, and the click
        // would be lost. The button's own action shows every error anyway.
        let to_button = ev
            .dyn_ref::<web_sys::FocusEvent>()
            .and_then(|f| f.related_target())
            .is_some_and(|t| t.has_type::<HtmlButtonElement>());
        if !to_button && field != "attachments" && field != "consent" {
            with(|s| s.touched.insert(field));
            show::errors(doc);
        }
    });
    on(doc, "click", |doc, target, ev| clicked(doc, &target, ev));
    on(doc, "submit", |doc, target, ev| {
        if target.id() == "submit-form" {
            ev.prevent_default();
            send::submit(doc);
        }
    });
}

fn on(doc: &Document, kind: &str, handle: fn(&Document, Element, &Event)) {
    let f = Closure::<dyn Fn(Event)>::new(move |ev: Event| {
        let Some(doc) = helpdesk_app_front::shell::document() else {
            return;
        };
        if let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) {
            handle(&doc, target, &ev);
        }
    });
    let _ = doc.add_event_listener_with_callback(kind, f.as_ref().unchecked_ref());
    // For the page's lifetime.
    f.forget();
}

/// The request field an element edits (`field-<name>` inside the form).
fn field_of(el: &Element) -> Option<String> {
    el.closest("#submit-form").ok().flatten()?;
    el.id().strip_prefix("field-").map(str::to_owned)
}

/// Something was typed or chosen: kept at once; the server's refusals are forgotten;
/// the shown errors follow the text; the topic is guessed again.
fn edited(doc: &Document, target: &Element) {
    let Some(field) = field_of(target) else {
        return;
    };
    if field == "attachments" {
        return;
    }
    let request = draft::request(doc, helpdesk_app_front::shell::lang());
    with(|s| {
        s.server.clear();
        // Typing again after clearing means the old text is not wanted back.
        if s.cleared.is_some() && !draft::is_empty(&request, s.files.len()) {
            s.cleared = None;
        }
    });
    keep(doc);
    show::errors(doc);
    show::tools(doc);
    if matches!(field.as_str(), "subject" | "description" | "category") {
        topic::changed(doc);
    }
}

fn clicked(doc: &Document, target: &Element, ev: &Event) {
    let closest = |sel: &str| target.closest(sel).ok().flatten();
    if let Some(b) = closest("[data-remove]") {
        if let Some(key) = b.get_attribute("data-remove").and_then(|k| k.parse().ok()) {
            files::remove(doc, key);
        }
    } else if closest("#clear-form").is_some() {
        clear(doc);
    } else if closest("#undo-clear").is_some() {
        undo(doc);
    } else if closest("#topic-choose").is_some() {
        topic::choose(doc);
    } else if let Some(link) = closest(".error-summary a") {
        // To the field, without its id in the address.
        ev.prevent_default();
        let id = link
            .get_attribute("href")
            .unwrap_or_default()
            .trim_start_matches('#')
            .to_owned();
        if let Some(el) = doc
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
}

/// "Очистить форму": everything emptied, and kept aside until typed over.
fn clear(doc: &Document) {
    let before = crate::current(doc);
    draft::remove();
    draft::fill(doc, &Default::default(), false);
    with(|s| {
        s.files.clear();
        s.attempt = None;
        s.submitted = false;
        s.touched.clear();
        s.server.clear();
        s.banner = None;
        s.cleared = Some(before);
    });
    show::all(doc);
    show::later_focus_id(doc, "undo-clear");
}

/// "Вернуть введённое".
fn undo(doc: &Document) {
    let Some(d) = with(|s| s.cleared.take()) else {
        return;
    };
    draft::fill(doc, &d.request, false);
    crate::restore(d);
    keep(doc);
    show::all(doc);
    show::later_focus_id(doc, "field-category");
}

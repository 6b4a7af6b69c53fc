//! What survives a reload: the fields, the uploaded files, and the last attempt's key
//! with the body it was used for (a retry of the same body reuses the key). Kept in
//! localStorage under the key and in the format the Leptos form kept it, so a draft
//! typed before this module existed opens here.

use helpdesk_app_site::form::ORDER;
use helpdesk_shared::Lang;
use helpdesk_shared::api::{AttachmentInfo, SubmitTicketRequest};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

pub const DRAFT: &str = "helpdesk.draft";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub request: SubmitTicketRequest,
    pub files: Vec<AttachmentInfo>,
    pub attempt: Option<(String, String)>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load() -> Option<Draft> {
    let raw = storage()?.get_item(DRAFT).ok().flatten()?;
    serde_json::from_str(&raw).ok()
}

/// Best effort: private browsing may refuse storage, which must not break the form.
pub fn save(draft: &Draft) {
    if let (Some(s), Ok(raw)) = (storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(DRAFT, &raw);
    }
}

pub fn remove() {
    if let Some(s) = storage() {
        let _ = s.remove_item(DRAFT);
    }
}

/// A text field's value (input, textarea or select), "" when it is not on the page.
pub fn value(doc: &Document, name: &str) -> String {
    let Some(el) = doc.get_element_by_id(&format!("field-{name}")) else {
        return String::new();
    };
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.value()
    } else if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        t.value()
    } else if let Some(s) = el.dyn_ref::<HtmlSelectElement>() {
        s.value()
    } else {
        String::new()
    }
}

pub fn set_value(doc: &Document, name: &str, value: &str) {
    let Some(el) = doc.get_element_by_id(&format!("field-{name}")) else {
        return;
    };
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        t.set_value(value);
    } else if let Some(s) = el.dyn_ref::<HtmlSelectElement>() {
        s.set_value(value);
    }
}

fn consent(doc: &Document) -> Option<HtmlInputElement> {
    doc.get_element_by_id("field-consent")?.dyn_into().ok()
}

/// The text fields of the request, by name (every field of `ORDER` but the files and
/// the consent).
fn text_fields() -> impl Iterator<Item = &'static str> {
    ORDER
        .into_iter()
        .filter(|f| !matches!(*f, "attachments" | "consent"))
}

fn slot<'a>(r: &'a mut SubmitTicketRequest, name: &str) -> Option<&'a mut String> {
    Some(match name {
        "category" => &mut r.category,
        "subject" => &mut r.subject,
        "description" => &mut r.description,
        "full_name" => &mut r.full_name,
        "phone" => &mut r.phone,
        "email" => &mut r.email,
        "snils" => &mut r.snils,
        "inn" => &mut r.inn,
        "application_number" => &mut r.application_number,
        _ => return None,
    })
}

/// The request as the page shows it (without the files, which the caller adds).
pub fn request(doc: &Document, lang: Lang) -> SubmitTicketRequest {
    let mut r = SubmitTicketRequest {
        consent: consent(doc).is_some_and(|c| c.checked()),
        language: Some(lang),
        ..SubmitTicketRequest::default()
    };
    for name in text_fields() {
        if let Some(s) = slot(&mut r, name) {
            *s = value(doc, name);
        }
    }
    r
}

/// Puts the draft's values into the page: all of them (`only_empty` false: the form
/// cleared by mistake, the page drawn again in the other language), or only into
/// fields still empty (on arrival: what was typed before the module loaded stays).
pub fn fill(doc: &Document, r: &SubmitTicketRequest, only_empty: bool) {
    let mut r = r.clone();
    for name in text_fields() {
        if only_empty && !value(doc, name).is_empty() {
            continue;
        }
        if let Some(s) = slot(&mut r, name) {
            set_value(doc, name, s);
        }
    }
    if let Some(c) = consent(doc)
        && (!only_empty || !c.checked())
    {
        c.set_checked(r.consent);
    }
}

/// Whether the request has nothing typed, chosen or attached.
pub fn is_empty(r: &SubmitTicketRequest, files: usize) -> bool {
    [
        &r.category,
        &r.subject,
        &r.description,
        &r.full_name,
        &r.phone,
        &r.email,
        &r.snils,
        &r.inn,
        &r.application_number,
    ]
    .iter()
    .all(|v| v.trim().is_empty())
        && !r.consent
        && files == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A draft the Leptos form saved reads back here, field for field.
    #[test]
    fn the_leptos_forms_drafts_read_back() {
        let raw = r#"{"request":{"category":"technical","subject":"Не приходит код","description":"",
            "full_name":"Иванов Иван","phone":"+7 912 345-67-89","email":"","snils":"","inn":"",
            "application_number":"","attachments":[],"consent":true,"language":"ru"},
            "files":[],"attempt":["key-1","{}"]}"#;
        let d: Draft = serde_json::from_str(raw).expect("reads");
        assert_eq!(d.request.subject, "Не приходит код");
        assert!(d.request.consent);
        assert_eq!(d.attempt, Some(("key-1".into(), "{}".into())));
        let again: Draft =
            serde_json::from_str(&serde_json::to_string(&d).expect("json")).expect("reads");
        assert_eq!(again, d);
    }

    #[test]
    fn every_text_field_has_its_slot() {
        let mut r = SubmitTicketRequest::default();
        for name in text_fields() {
            assert!(slot(&mut r, name).is_some(), "{name}");
        }
        assert!(is_empty(&r, 0));
        assert!(!is_empty(&r, 1));
        r.inn = " 7".into();
        assert!(!is_empty(&r, 0));
    }
}

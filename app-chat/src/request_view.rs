//! The chat turned into a request, as HTML: the form (what the request needs that the
//! chat does not know, each refusal at its field) and the number and code once made.

use helpdesk_shared::text::escape_html as esc;
use helpdesk_shared::{Category, Lang};

use crate::view::Text;

/// What the request form from the chat holds (kept over re-renders) and its refusals.
#[derive(Debug, Clone, Default)]
pub struct RequestForm {
    pub category: String,
    pub full_name: String,
    pub phone: String,
    pub email: String,
    pub consent: bool,
    pub errors: Vec<helpdesk_shared::FieldError>,
}

/// Out of hours: the chat becomes a request; the topic recognised is chosen.
pub fn request_form(f: &RequestForm, lang: Lang) -> String {
    let t = |k: Text| k.text(lang);
    let error = |field: &str| -> String {
        f.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| {
                format!(
                    r#"<p id="chat-req-{field}-error" class="error-message">{}</p>"#,
                    esc(&helpdesk_shared::fields::field_message(
                        lang, field, e.code, e.limit
                    ))
                )
            })
            .unwrap_or_default()
    };
    let described = |field: &str, hint: &str| {
        let mut ids = hint.to_owned();
        if f.errors.iter().any(|e| e.field == field) {
            ids.push_str(&format!(" chat-req-{field}-error"));
        }
        let ids = ids.trim().to_owned();
        if ids.is_empty() {
            String::new()
        } else {
            format!(r#" aria-describedby="{ids}""#)
        }
    };
    let options: String = Category::ALL
        .iter()
        .map(|c| {
            let selected = if c.code() == f.category {
                " selected"
            } else {
                ""
            };
            format!(
                r#"<option value="{}"{selected}>{}</option>"#,
                c.code(),
                esc(c.title(lang))
            )
        })
        .collect();
    let field = |id: &str, label: Text, value: &str, kind: &str, auto: &str, hint: &str| {
        format!(
            r#"<div class="field"><label class="label" for="chat-req-{id}">{label}</label>{err}<input id="chat-req-{id}" class="input" type="{kind}" autocomplete="{auto}" value="{value}"{desc}></div>"#,
            label = t(label),
            err = error(id),
            value = esc(value),
            desc = described(id, hint),
        )
    };
    format!(
        r#"<form id="chat-request-form" class="chat-box" novalidate><h2>{title}</h2><p class="hint">{lead}</p>
<div class="field"><label class="label" for="chat-req-category">{category}</label>{cat_err}<select id="chat-req-category" class="input"{cat_desc}><option value="">{pick}</option>{options}</select></div>
{name}<p id="chat-req-contact-hint" class="hint">{contact_hint}</p>{phone}{email}
<div class="field">{consent_err}<label class="checkbox"><input id="chat-req-consent" type="checkbox"{checked}{consent_desc}> <span>{consent}</span></label></div>
<button type="submit" class="button">{title}</button></form>"#,
        title = t(Text::RequestTitle),
        lead = t(Text::RequestLead),
        category = t(Text::Category),
        cat_err = error("category"),
        cat_desc = described("category", ""),
        pick = t(Text::PickCategory),
        name = field(
            "full_name",
            Text::FullName,
            &f.full_name,
            "text",
            "name",
            ""
        ),
        contact_hint = t(Text::ContactHint),
        phone = field(
            "phone",
            Text::Phone,
            &f.phone,
            "tel",
            "tel",
            "chat-req-contact-hint"
        ),
        email = field(
            "email",
            Text::Email,
            &f.email,
            "email",
            "email",
            "chat-req-contact-hint"
        ),
        consent_err = error("consent"),
        checked = if f.consent { " checked" } else { "" },
        consent_desc = described("consent", ""),
        consent = t(Text::Consent),
    )
}

/// The request made: its number and, once, its access code.
pub fn request_done(number: &str, code: &str, lang: Lang) -> String {
    let t = |k: Text| k.text(lang);
    format!(
        r#"<div class="chat-box" role="status"><h2>{made}</h2><p>{num}: <strong>{n}</strong><br>{code_label}: <strong>{c}</strong></p><p>{keep}</p><p><a href="/status">{check}</a></p></div>"#,
        made = helpdesk_shared::chat_words::Words::Made.text(lang),
        num = t(Text::Number),
        n = esc(number),
        code_label = t(Text::Code),
        c = esc(code),
        keep = t(Text::KeepCode),
        check = t(Text::CheckStatus),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_keeps_what_was_typed_and_says_what_to_fix() {
        let form = RequestForm {
            category: "technical".into(),
            full_name: "<b>Иван</b>".into(),
            errors: vec![helpdesk_shared::FieldError::new(
                "consent",
                helpdesk_shared::FieldCode::ConsentRequired,
            )],
            ..RequestForm::default()
        };
        let html = request_form(&form, Lang::Ru);
        assert!(
            html.contains(r#"<option value="technical" selected>"#),
            "{html}"
        );
        assert!(
            html.contains("&lt;b&gt;Иван") && html.contains("Отметьте согласие"),
            "{html}"
        );
        assert!(
            html.contains(r#"aria-describedby="chat-req-consent-error""#),
            "{html}"
        );
    }
}

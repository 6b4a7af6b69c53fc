//! The request form's page as HTML, in either language: pre-rendered into `submit.html`
//! by the build (through the form's module run in node, as the home page is), so the
//! form paints and can be typed into before any wasm has loaded; the form's module
//! (`app-form`) then checks, keeps and sends it. The structure is the Leptos app's
//! form components' (GOV.UK's pattern): label, hint, the error above the input, the
//! error summary at the top, the banner by the button.

use std::fmt::Write;

use helpdesk_shared::attachment::ACCEPT;
use helpdesk_shared::{Category, Lang};

use crate::{Form, Site, esc, footer, header_at, skip_link};

/// The request's fields in page order: the error summary lists mistakes in it.
pub const ORDER: [&str; 11] = [
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

/// The id of the summary's heading (one form on the page; named after its first field
/// as the Leptos app's summaries are).
pub const SUMMARY_TITLE: &str = "error-summary-category";

fn t(lang: Lang, key: Form) -> String {
    esc(key.text(lang))
}

/// The document's title on the form.
pub fn submit_title(lang: Lang) -> String {
    format!(
        "{} — {}",
        Form::SubmitTitle.text(lang),
        Site::SiteName.text(lang)
    )
}

/// The whole body of the form's page: skip link, header, the form, footer.
pub fn submit_page(lang: Lang) -> String {
    format!(
        "{skip}{header}<main id=\"main\" class=\"container\" tabindex=\"-1\">{form}</main>{footer}",
        skip = skip_link(lang),
        header = header_at(lang, "/submit"),
        form = submit_form(lang),
        footer = footer(lang),
    )
}

/// A text input (or a textarea), as the Leptos app's `TextField` draws it without an
/// error.
struct Text {
    name: &'static str,
    label: Form,
    hint: Option<Form>,
    multiline: bool,
    kind: &'static str,
    autocomplete: Option<&'static str>,
    inputmode: Option<&'static str>,
}

impl Text {
    const fn new(name: &'static str, label: Form, hint: Form) -> Text {
        Text {
            name,
            label,
            hint: Some(hint),
            multiline: false,
            kind: "text",
            autocomplete: None,
            inputmode: None,
        }
    }

    fn write(&self, s: &mut String, lang: Lang) {
        let id = format!("field-{}", self.name);
        let _ = write!(
            s,
            "<div class=\"field\"><label for=\"{id}\" class=\"label\">{}</label>",
            t(lang, self.label)
        );
        let described = match self.hint {
            Some(h) => {
                let _ = write!(s, "<p id=\"{id}-hint\" class=\"hint\">{}</p>", t(lang, h));
                format!(" aria-describedby=\"{id}-hint\"")
            }
            None => String::new(),
        };
        let mut extra = String::new();
        if let Some(a) = self.autocomplete {
            let _ = write!(extra, " autocomplete=\"{a}\"");
        }
        if let Some(m) = self.inputmode {
            let _ = write!(extra, " inputmode=\"{m}\"");
        }
        if self.multiline {
            let _ = write!(
                s,
                "<textarea id=\"{id}\" name=\"{}\" rows=\"6\" class=\"input\"{described} aria-invalid=\"false\"></textarea>",
                self.name
            );
        } else {
            let _ = write!(
                s,
                "<input id=\"{id}\" name=\"{}\" type=\"{}\" class=\"input\"{extra}{described} aria-invalid=\"false\">",
                self.name, self.kind
            );
        }
        s.push_str("</div>");
    }
}

/// The form itself (inside `<main>`), empty: the module fills it from the draft.
pub fn submit_form(lang: Lang) -> String {
    let mut s = String::with_capacity(8192);
    let _ = write!(
        s,
        "<h1>{title}</h1><p class=\"lead\">{lead}</p><div id=\"form-tools\"></div>\
         <div class=\"error-summary hidden\" tabindex=\"-1\" role=\"alert\" aria-labelledby=\"{SUMMARY_TITLE}\">\
         <h2 id=\"{SUMMARY_TITLE}\">{errors}</h2><ul></ul></div>\
         <form id=\"submit-form\" novalidate><fieldset><legend>{about}</legend>\
         <div class=\"field\"><label for=\"field-category\" class=\"label\">{category}</label>\
         <select id=\"field-category\" name=\"category\" class=\"input\" aria-invalid=\"false\"><option value=\"\">{choose}</option>",
        title = t(lang, Form::SubmitTitle),
        lead = t(lang, Form::SubmitLead),
        errors = t(lang, Form::ErrorsTitle),
        about = t(lang, Form::SubmitAbout),
        category = t(lang, Form::SubmitCategory),
        choose = t(lang, Form::SubmitCategoryChoose),
    );
    for c in Category::ALL {
        let _ = write!(
            s,
            "<option value=\"{}\">{}</option>",
            c.code(),
            esc(c.title(lang))
        );
    }
    s.push_str("</select></div>");
    Text::new("subject", Form::SubmitSubject, Form::SubmitSubjectHint).write(&mut s, lang);
    Text {
        multiline: true,
        ..Text::new(
            "description",
            Form::SubmitDescription,
            Form::SubmitDescriptionHint,
        )
    }
    .write(&mut s, lang);
    s.push_str("<div class=\"topic-suggestion\" aria-live=\"polite\"></div>");
    Text {
        inputmode: Some("numeric"),
        ..Text::new(
            "application_number",
            Form::SubmitApplicationNumber,
            Form::SubmitApplicationNumberHint,
        )
    }
    .write(&mut s, lang);
    let _ = write!(
        s,
        "<div class=\"field\" id=\"files-field\"><label for=\"field-attachments\" class=\"label\">{files}</label>\
         <p id=\"field-attachments-hint\" class=\"hint\">{hint}</p>\
         <input id=\"field-attachments\" type=\"file\" multiple accept=\"{ACCEPT}\" class=\"file-input\" aria-describedby=\"field-attachments-hint\">\
         <ul class=\"files\" aria-live=\"polite\" aria-label=\"{attached}\"></ul></div>\
         </fieldset><fieldset><legend>{you}</legend>",
        files = t(lang, Form::SubmitFiles),
        hint = t(lang, Form::SubmitFilesHint),
        attached = t(lang, Form::SubmitFilesAttached),
        you = t(lang, Form::SubmitYou),
    );
    Text {
        autocomplete: Some("name"),
        ..Text::new("full_name", Form::SubmitFullName, Form::SubmitFullNameHint)
    }
    .write(&mut s, lang);
    let _ = write!(
        s,
        "<p class=\"hint\">{}</p>",
        t(lang, Form::SubmitContactHint)
    );
    Text {
        kind: "tel",
        autocomplete: Some("tel"),
        ..Text::new("phone", Form::SubmitPhone, Form::SubmitPhoneHint)
    }
    .write(&mut s, lang);
    Text {
        kind: "email",
        autocomplete: Some("email"),
        ..Text::new("email", Form::SubmitEmail, Form::SubmitEmailHint)
    }
    .write(&mut s, lang);
    for (name, label, hint) in [
        ("snils", Form::SubmitSnils, Form::SubmitSnilsHint),
        ("inn", Form::SubmitInn, Form::SubmitInnHint),
    ] {
        Text {
            inputmode: Some("numeric"),
            ..Text::new(name, label, hint)
        }
        .write(&mut s, lang);
    }
    let _ = write!(
        s,
        "</fieldset><div class=\"field checkbox\"><input id=\"field-consent\" type=\"checkbox\" name=\"consent\" aria-invalid=\"false\">\
         <label for=\"field-consent\">{consent}</label></div>\
         <div class=\"banner hidden\" tabindex=\"-1\" role=\"alert\"></div>\
         <div class=\"form-actions\"><button type=\"submit\" class=\"button\" aria-disabled=\"false\">{send}</button></div></form>",
        consent = t(lang, Form::SubmitConsent),
        send = t(lang, Form::SubmitSend),
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_is_whole_in_both_languages_with_every_field() {
        for lang in [Lang::Ru, Lang::En] {
            let page = submit_page(lang);
            for tag in [
                "header", "main", "footer", "form", "fieldset", "div", "select", "ul", "p",
                "textarea", "label",
            ] {
                let opened = page.matches(&format!("<{tag}>")).count()
                    + page.matches(&format!("<{tag} ")).count();
                let closed = page.matches(&format!("</{tag}>")).count();
                assert_eq!(opened, closed, "<{tag}> balanced in {lang:?}");
            }
            for field in ORDER {
                assert!(
                    page.contains(&format!("id=\"field-{field}\"")),
                    "{field} in {lang:?}"
                );
                assert_eq!(
                    page.matches(&format!("for=\"field-{field}\"")).count(),
                    1,
                    "{field} labelled once"
                );
            }
            for c in Category::ALL {
                assert!(page.contains(&format!("<option value=\"{}\">", c.code())));
            }
            assert!(page.contains(&format!("<h1>{}</h1>", esc(Form::SubmitTitle.text(lang)))));
        }
        assert!(submit_page(Lang::En).contains("Send request"));
        assert!(!submit_page(Lang::En).contains("Отправить"));
    }

    #[test]
    fn the_header_marks_the_form_as_the_current_page() {
        let page = submit_page(Lang::Ru);
        assert!(page.contains("<a href=\"/submit\" aria-current=\"page\">"));
        assert!(!page.contains("<a href=\"/\" aria-current=\"page\">"));
    }
}

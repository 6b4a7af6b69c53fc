//! The transcript after the end: "Скачать PDF" (fetched with the chat's key, saved as a
//! file) and "Отправить на почту". The conversation itself stays on the page above.

use helpdesk_shared::chat::TranscriptEmail;
use helpdesk_shared::{FieldCode, Lang, ProblemCode};

use crate::net::{self, Failure};
use crate::{by_id, input_value, with};

helpdesk_shared::messages! {
    /// The transcript box's texts.
    pub enum Words {
        Title => "Переписка" | "Transcript",
        Lead => "Сохраните разговор: в PDF или письмом. Время — московское."
            | "Keep the conversation: as a PDF or by e-mail. Times are Moscow time.",
        Pdf => "Скачать PDF" | "Download PDF",
        Email => "Отправить на почту" | "Send to an e-mail address",
        Send => "Отправить" | "Send",
        Preparing => "Готовим PDF…" | "Preparing the PDF…",
        Saved => "PDF сохранён в загрузки." | "The PDF is in your downloads.",
        Sent => "Письмо с перепиской отправлено на" | "The transcript is on its way to",
        BadEmail => "Проверьте адрес: например, ivanov@mail.ru." | "Check the address, e.g. ivanov@example.com.",
        Cyrillic => "Часть адреса до @ пишется латиницей." | "The part before @ must be in Latin letters.",
        Used => "Переписку уже отправили на почту три раза — больше нельзя. Скачайте PDF."
            | "The transcript has been e-mailed three times already. Download the PDF instead.",
        TooMany => "Слишком много запросов. Попробуйте через час." | "Too many requests. Please try again in an hour.",
        Offline => "Нет связи с сервером. Попробуйте ещё раз." | "No connection to the server. Please try again.",
        Failed => "Не получилось. Попробуйте ещё раз чуть позже." | "That did not work. Please try again a little later.",
    }
}

/// The box under the log of an ended chat.
pub fn view(lang: Lang) -> String {
    let w = |k: Words| k.text(lang);
    format!(
        r#"<section class="chat-box" aria-labelledby="chat-transcript-title"><h2 id="chat-transcript-title">{title}</h2><p class="hint">{lead}</p>
<p><button type="button" id="chat-pdf" class="button button-secondary">{pdf}</button></p>
<form id="chat-email-form" novalidate><label for="chat-email" class="label">{email}</label>
<input id="chat-email" class="input" type="text" inputmode="email" autocomplete="email" autocapitalize="none" spellcheck="false" maxlength="254" aria-describedby="chat-transcript-note">
<button type="submit" class="button button-secondary">{send}</button></form>
<p id="chat-transcript-note" class="hint" role="status"></p></section>"#,
        title = w(Words::Title),
        lead = w(Words::Lead),
        pdf = w(Words::Pdf),
        email = w(Words::Email),
        send = w(Words::Send),
    )
}

fn note(text: &str, invalid: bool) {
    if let Some(e) = by_id::<web_sys::Element>("chat-transcript-note") {
        e.set_text_content(Some(text));
    }
    if let Some(i) = by_id::<web_sys::Element>("chat-email") {
        let _ = if invalid {
            i.set_attribute("aria-invalid", "true")
        } else {
            i.remove_attribute("aria-invalid")
        };
    }
}

fn failed(f: &Failure, lang: Lang) -> &'static str {
    Words::text(
        match f {
            Failure::Network => Words::Offline,
            Failure::Problem(_, ProblemCode::RateLimited) => Words::TooMany,
            Failure::Problem(_, ProblemCode::ChatEmailsUsed) => Words::Used,
            Failure::Fields(errors)
                if errors
                    .iter()
                    .any(|e| e.code == FieldCode::EmailLocalNotAscii) =>
            {
                Words::Cyrillic
            }
            Failure::Fields(_) => Words::BadEmail,
            Failure::Problem(..) => Words::Failed,
        },
        lang,
    )
}

/// Fetches the PDF with the chat's key and hands it to the browser as a download.
pub fn pdf() {
    let Some((path, auth, lang, id)) = with(|s| {
        (
            format!("/chat/{}/transcript", s.id),
            s.auth.clone(),
            s.lang,
            s.id.clone(),
        )
    }) else {
        return;
    };
    note(Words::Preparing.text(lang), false);
    wasm_bindgen_futures::spawn_local(async move {
        match net::blob(&path, &auth).await {
            Ok(blob) => {
                let short: String = id.chars().take(8).collect();
                if net::save(&blob, &format!("chat-{short}.pdf")).is_some() {
                    note(Words::Saved.text(lang), false);
                } else {
                    note(Words::Failed.text(lang), false);
                }
            }
            Err(f) => note(failed(&f, lang), false),
        }
    });
}

/// "Отправить на почту".
pub fn email() {
    let address = input_value("chat-email").trim().to_owned();
    let Some((path, auth, lang)) = with(|s| {
        (
            format!("/chat/{}/transcript/email", s.id),
            s.auth.clone(),
            s.lang,
        )
    }) else {
        return;
    };
    if address.is_empty() || !address.contains('@') {
        note(Words::BadEmail.text(lang), true);
        focus_email();
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let body = TranscriptEmail {
            email: address.clone(),
        };
        match net::send("POST", &path, Some(&body), &auth).await {
            Ok(_) => note(&format!("{} {address}.", Words::Sent.text(lang)), false),
            Err(f) => {
                let field = matches!(f, Failure::Fields(_));
                note(failed(&f, lang), field);
                if field {
                    focus_email();
                }
            }
        }
    });
}

fn focus_email() {
    if let Some(i) = by_id::<web_sys::HtmlElement>("chat-email") {
        let _ = i.focus();
    }
}

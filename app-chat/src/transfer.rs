//! "Передать коллеге" on the console: the colleagues online (from the console's list),
//! a note for them, and the hand-over; the chat then leaves this operator's list.

use helpdesk_shared::chat::{ChatConsole, Said, TransferRequest};
use helpdesk_shared::text::escape_html as esc;
use helpdesk_shared::{Lang, ProblemCode};

use crate::net::{self, Auth, Failure};
use crate::{by_id, error, input_value, said, with};

helpdesk_shared::messages! {
    /// The hand-over's texts.
    pub enum Words {
        Button => "Передать коллеге" | "Hand over to a colleague",
        To => "Кому" | "To",
        Note => "Заметка для коллеги (необязательно; гражданин её не видит)" | "A note for them (optional; the citizen does not see it)",
        Send => "Передать" | "Hand over",
        Cancel => "Отмена" | "Cancel",
        Nobody => "Сейчас в консоли нет других операторов." | "No other operator is in the console now.",
        Gone => "Этот оператор уже вышел — выберите другого." | "That operator has left: choose another.",
        Failed => "Не получилось передать чат. Попробуйте ещё раз." | "The chat was not handed over. Please try again.",
    }
}

/// The console's button (shown while the operator has the chat).
pub fn button(lang: Lang) -> String {
    format!(
        r#"<button type="button" id="chat-transfer" class="button button-secondary" hidden>{}</button>"#,
        Words::Button.text(lang)
    )
}

fn extra(html: &str) {
    if let Some(e) = by_id::<web_sys::Element>("chat-extra") {
        e.set_inner_html(html);
    }
}

/// Lists the colleagues online and asks for the note.
pub fn open() {
    let Some(lang) = with(|s| s.lang) else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let w = |k: Words| k.text(lang);
        let console: ChatConsole =
            match net::call("GET", "/staff/chats", None::<&()>, &Auth::Session).await {
                Ok(c) => c,
                Err(f) => return crate::fail(&f),
            };
        if console.operators.is_empty() {
            return error(w(Words::Nobody));
        }
        let options: String = console
            .operators
            .iter()
            .map(|o| {
                format!(
                    r#"<option value="{}">{}</option>"#,
                    esc(&o.login),
                    esc(&o.name)
                )
            })
            .collect();
        extra(&format!(
            r#"<form id="chat-transfer-form" class="chat-box" novalidate><h2>{title}</h2>
<label for="chat-to" class="label">{to}</label><select id="chat-to" class="input">{options}</select>
<label for="chat-note" class="label">{note}</label><textarea id="chat-note" class="input" rows="2" maxlength="1000"></textarea>
<div class="chat-buttons"><button type="submit" class="button">{send}</button><button type="button" id="chat-transfer-cancel" class="button button-secondary">{cancel}</button></div></form>"#,
            title = w(Words::Button),
            to = w(Words::To),
            note = w(Words::Note),
            send = w(Words::Send),
            cancel = w(Words::Cancel),
        ));
        if let Some(s) = by_id::<web_sys::HtmlElement>("chat-to") {
            let _ = s.focus();
        }
    });
}

pub fn cancel() {
    extra("");
}

/// Hands the chat over.
pub fn send() {
    let to = by_id::<web_sys::HtmlSelectElement>("chat-to")
        .map(|s| s.value())
        .unwrap_or_default();
    let note = Some(input_value("chat-note")).filter(|n| !n.trim().is_empty());
    let Some((path, lang, generation)) = with(|s| {
        (
            format!("/staff/chats/{}/transfer", s.id),
            s.lang,
            s.generation,
        )
    }) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let body = TransferRequest { to, note };
        match net::call::<Said>("POST", &path, Some(&body), &Auth::Session).await {
            Ok(s) => {
                extra("");
                error("");
                said(generation, s);
            }
            Err(Failure::Fields(_)) => error(Words::Gone.text(lang)),
            Err(f @ Failure::Problem(_, ProblemCode::ChatTaken | ProblemCode::ChatNotFound)) => {
                crate::fail(&f)
            }
            Err(_) => error(Words::Failed.text(lang)),
        }
    });
}

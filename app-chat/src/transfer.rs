//! "Передать коллеге или в отдел" on the console: the colleagues online and the
//! specialist departments (level 3; those with nobody online cannot be chosen), both
//! from the console's list, a note for them, and the hand-over; the chat then leaves
//! this operator's list.

use helpdesk_shared::auth::{Department, Role};
use helpdesk_shared::chat::{ChatConsole, OnlineOperator, Said, TransferRequest};
use helpdesk_shared::text::escape_html as esc;
use helpdesk_shared::{Lang, ProblemCode};

use crate::net::{self, Auth, Failure};
use crate::{by_id, error, input_value, said, with};

helpdesk_shared::messages! {
    /// The hand-over's texts.
    pub enum Words {
        Button => "Передать коллеге или в отдел" | "Hand over to a colleague or a department",
        To => "Кому" | "To",
        Colleagues => "Коллеги в сети" | "Colleagues online",
        Departments => "Отдел специалистов (3-я линия)" | "Specialist department (level 3)",
        Online => "в сети" | "online",
        NobodyThere => "нет никого в сети" | "nobody online",
        Note => "Заметка для коллеги (необязательно; гражданин её не видит)" | "A note for them (optional; the citizen does not see it)",
        Send => "Передать" | "Hand over",
        Cancel => "Отмена" | "Cancel",
        Nobody => "Сейчас в консоли нет других сотрудников." | "No one else is in the console now.",
        Gone => "Этот сотрудник уже вышел — выберите другого." | "That colleague has left: choose another.",
        DepartmentGone => "В этом отделе сейчас никого нет в сети — выберите другой или предложите оформить обращение."
            | "Nobody of that department is online now: choose another, or suggest leaving a request.",
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
        let options = options(&console.operators, lang);
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

/// "Марина — Руководитель", "Сергей — Специалист, Техническая поддержка".
fn who(o: &OnlineOperator, lang: Lang) -> String {
    let mut s = format!("{} — {}", o.name, o.role.title(lang));
    if let Some(d) = o.department.filter(|_| o.role == Role::Specialist) {
        s = format!("{s}, {}", d.title(lang));
    }
    s
}

/// The choices: colleagues by name (`to:<login>`), then each department with how many
/// of its specialists are online (`dept:<code>`, disabled when none).
fn options(online: &[OnlineOperator], lang: Lang) -> String {
    let w = |k: Words| k.text(lang);
    let people: String = online
        .iter()
        .map(|o| {
            format!(
                r#"<option value="to:{}">{}</option>"#,
                esc(&o.login),
                esc(&who(o, lang))
            )
        })
        .collect();
    let departments: String = Department::ALL
        .iter()
        .map(|d| {
            let n = online
                .iter()
                .filter(|o| o.role == Role::Specialist && o.department == Some(*d))
                .count();
            let (count, disabled) = match n {
                0 => (w(Words::NobodyThere).to_owned(), " disabled"),
                n => (format!("{}: {n}", w(Words::Online)), ""),
            };
            format!(
                r#"<option value="dept:{}"{disabled}>{} — {count}</option>"#,
                d.code(),
                d.title(lang)
            )
        })
        .collect();
    format!(
        r#"<optgroup label="{}">{people}</optgroup><optgroup label="{}">{departments}</optgroup>"#,
        w(Words::Colleagues),
        w(Words::Departments)
    )
}

pub fn cancel() {
    extra("");
}

/// Hands the chat over.
pub fn send() {
    let choice = by_id::<web_sys::HtmlSelectElement>("chat-to")
        .map(|s| s.value())
        .unwrap_or_default();
    let (to, department) = match choice.split_once(':') {
        Some(("dept", code)) => (String::new(), Department::from_code(code)),
        Some((_, login)) => (login.to_owned(), None),
        None => (choice, None),
    };
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
        let body = TransferRequest {
            to,
            department,
            note,
        };
        match net::call::<Said>("POST", &path, Some(&body), &Auth::Session).await {
            Ok(s) => {
                extra("");
                error("");
                said(generation, s);
            }
            Err(Failure::Fields(e)) if e.iter().any(|e| e.field == "department") => {
                error(Words::DepartmentGone.text(lang))
            }
            Err(Failure::Fields(_)) => error(Words::Gone.text(lang)),
            Err(f @ Failure::Problem(_, ProblemCode::ChatTaken | ProblemCode::ChatNotFound)) => {
                crate::fail(&f)
            }
            Err(_) => error(Words::Failed.text(lang)),
        }
    });
}

//! The chat's words that the browser and the transcript (PDF, e-mail) both say: who wrote
//! a message and the system lines, as plain text in the reader's language (the browser
//! escapes them).

use crate::Lang;
use crate::chat::{ChatEvent, ChatMessage, Speaker, StatusLine};

crate::messages! {
    /// Who speaks, and the system lines.
    pub enum Words {
        Bot => "Бот" | "Bot",
        You => "Вы" | "You",
        Citizen => "Гражданин" | "Citizen",
        Operator => "Оператор" | "Operator",
        HandedOff => "Чат в очереди к оператору" | "The chat is in the operators' queue",
        Joined => "В чате оператор" | "Now with you: operator",
        AwayNobody => "Сейчас нет свободных операторов в сети." | "No operator is online right now.",
        AwayToday => "Операторы начнут работу сегодня в" | "Operators start work today at",
        AwayTomorrow => "Операторы начнут работу завтра в" | "Operators start work tomorrow at",
        Moscow => "(по московскому времени)" | "(Moscow time)",
        MarkedYes => "Ответ помог" | "The answer helped",
        MarkedNo => "Ответ не помог" | "The answer did not help",
        Transferred => "Разговор передан в отдел" | "The conversation went to the department",
        EndedByYou => "Вы завершили чат." | "You ended the chat.",
        EndedByOperator => "Оператор завершил чат." | "The operator ended the chat.",
        EndedByCitizen => "Гражданин завершил чат." | "The citizen ended the chat.",
        EndedIdle => "Чат завершён: 15 минут без сообщений." | "The chat ended after 15 minutes without messages.",
        IdleWarning => "В чате давно нет сообщений. Если ничего не написать, через 5 минут он завершится."
            | "No messages for a while. If nobody writes, the chat ends in 5 minutes.",
        Made => "Обращение зарегистрировано" | "Request registered",
        File => "Файл" | "File",
        HandedOver => "Разговор передан оператору" | "The conversation went to operator",
        Offered => "Оператор предлагает оформить обращение: заполните форму ниже — переписка войдёт в него, ответ придёт на ваш телефон или почту."
            | "The operator suggests leaving a request: fill in the form below. The conversation goes into it; the answer comes to your phone or e-mail.",
        OfferedStaff => "Гражданину предложено оформить обращение." | "The citizen was asked to leave a request.",
        Status => "Статус обращения" | "Request status",
        Expected => "ожидаемый срок ответа" | "answer expected by",
    }
}

/// Who wrote `m`, as the reader sees it: the citizen is "Вы" to themselves and
/// "Гражданин" to staff, the operator is "Оператор Ольга" to the citizen and "Вы" to
/// themselves; system lines have no author (empty).
pub fn author(m: &ChatMessage, lang: Lang, staff: bool) -> String {
    let w = |k: Words| k.text(lang).to_owned();
    match m.from {
        Speaker::Citizen if staff => w(Words::Citizen),
        Speaker::Citizen => w(Words::You),
        Speaker::Bot => w(Words::Bot),
        Speaker::Operator if staff => w(Words::You),
        Speaker::Operator => format!(
            "{} {}",
            w(Words::Operator),
            m.name.as_deref().unwrap_or_default()
        ),
        Speaker::System => String::new(),
    }
}

/// A system line in the reader's words.
pub fn event(e: &ChatEvent, lang: Lang, staff: bool) -> String {
    let w = |k: Words| k.text(lang);
    match e {
        ChatEvent::HandedOff { .. } => w(Words::HandedOff).to_owned(),
        ChatEvent::Joined { name } => format!("{} {name}", w(Words::Joined)),
        ChatEvent::OperatorsAway {
            nobody_online: true,
            ..
        } => w(Words::AwayNobody).to_owned(),
        ChatEvent::OperatorsAway {
            opens, tomorrow, ..
        } => format!(
            "{} {opens} {}",
            w(if *tomorrow {
                Words::AwayTomorrow
            } else {
                Words::AwayToday
            }),
            w(Words::Moscow)
        ),
        ChatEvent::Marked { helpful, .. } => w(if *helpful {
            Words::MarkedYes
        } else {
            Words::MarkedNo
        })
        .to_owned(),
        ChatEvent::Transferred { department } => {
            format!("{} «{}»", w(Words::Transferred), department.title(lang))
        }
        ChatEvent::RequestMade { number } => format!("{} {number}.", w(Words::Made)),
        ChatEvent::Ended {
            by: Speaker::System,
        } => w(Words::EndedIdle).to_owned(),
        ChatEvent::Ended { by } => w(match (by, staff) {
            (Speaker::Citizen, false) => Words::EndedByYou,
            (Speaker::Citizen, true) => Words::EndedByCitizen,
            _ => Words::EndedByOperator,
        })
        .to_owned(),
        ChatEvent::IdleWarning => w(Words::IdleWarning).to_owned(),
        ChatEvent::HandedOver { name } => format!("{} {name}", w(Words::HandedOver)),
        ChatEvent::RequestOffered if staff => w(Words::OfferedStaff).to_owned(),
        ChatEvent::RequestOffered => w(Words::Offered).to_owned(),
    }
}

/// "Статус обращения 123-456-789: В работе; ожидаемый срок ответа 07.12.2026 03:05."
pub fn status(s: &StatusLine, lang: Lang) -> (String, String) {
    (
        format!("{} {}", Words::Status.text(lang), s.number),
        format!(
            "{}; {} {}.",
            s.status.title(lang),
            Words::Expected.text(lang),
            crate::moscow::format(s.expected_by)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_side_is_named_as_the_reader_sees_it() {
        let mut m = ChatMessage::new(3, time::OffsetDateTime::UNIX_EPOCH, Speaker::Operator);
        m.name = Some("Ольга".into());
        assert_eq!(author(&m, Lang::Ru, false), "Оператор Ольга");
        assert_eq!(author(&m, Lang::Ru, true), "Вы");
        m.from = Speaker::Citizen;
        assert_eq!(author(&m, Lang::Ru, false), "Вы");
        assert_eq!(author(&m, Lang::En, true), "Citizen");
        let idle = ChatEvent::Ended {
            by: Speaker::System,
        };
        assert_eq!(
            event(&idle, Lang::Ru, false),
            "Чат завершён: 15 минут без сообщений."
        );
    }
}

//! What the citizen (or a staff member) is sent: the texts of each event in the
//! recipient's language, and the address as the channel's provider takes it. Pure, so
//! the local outbox and the cloud fan-out send the same words.

use helpdesk_shared::api::OutboxMessage;
use helpdesk_shared::{Lang, Status, TicketNumber};

use crate::events::{DomainEvent, EventKind};
use crate::tickets::TicketRecord;

/// (channel, address) pairs the citizen gave.
fn channels(t: &TicketRecord) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(p) = &t.phone {
        out.push(("sms", p.clone()));
    }
    if let Some(e) = &t.email {
        out.push(("email", e.clone()));
    }
    out
}

/// The one-time sign-in code, to the contact it was asked for.
pub(super) fn render_code(
    event: &DomainEvent,
    to: &str,
    code: &str,
    lang: Lang,
    minutes: u32,
) -> OutboxMessage {
    let channel = if to.contains('@') { "email" } else { "sms" };
    let (subject, body) = match lang {
        Lang::Ru => (
            "Код для входа".to_owned(),
            format!(
                "Код для входа в службу поддержки: {code}. Действует {minutes} мин. \
                 Никому не сообщайте его — сотрудники его не спрашивают."
            ),
        ),
        Lang::En => (
            "Your sign-in code".to_owned(),
            format!(
                "Your helpdesk sign-in code is {code}. It is valid for {minutes} minutes. \
                 Do not share it: our staff never ask for it."
            ),
        ),
    };
    OutboxMessage {
        event_id: event.id.clone(),
        channel: channel.to_owned(),
        to: to.to_owned(),
        subject,
        body,
        html: None,
        at: event.at,
    }
}

/// Tells a staff member their login was locked: in Russian and English (staff choose no
/// language), with the time in Moscow and what to do if it was not them.
pub(super) fn render_staff_locked(
    event: &DomainEvent,
    to: &str,
    login: &str,
    until: time::OffsetDateTime,
) -> OutboxMessage {
    let until = helpdesk_shared::moscow::time_of_day(until);
    OutboxMessage {
        event_id: event.id.clone(),
        channel: "email".to_owned(),
        to: to.to_owned(),
        subject: "Вход заблокирован / Sign-in locked".to_owned(),
        body: format!(
            "Вход в рабочее место службы поддержки под логином {login} заблокирован до {until} МСК \
             после трёх неверных паролей. Если это были не вы, сообщите администратору.\n\n\
             Sign-in to the helpdesk workspace as {login} is locked until {until} Moscow time \
             after three wrong passwords. If it was not you, tell your administrator."
        ),
        html: None,
        at: event.at,
    }
}

/// Tells a supervisor that a chat has waited for a person past the first-reply target:
/// which list, since when (Moscow time), where to take it; never the citizen's words.
pub(super) fn render_chat_waiting(
    event: &DomainEvent,
    to: &str,
    department: Option<helpdesk_shared::auth::Department>,
    since: time::OffsetDateTime,
) -> OutboxMessage {
    let at = helpdesk_shared::moscow::format(since);
    let (ru_list, en_list) = match department {
        Some(d) => (
            format!("в очереди отдела «{}»", d.title(Lang::Ru)),
            format!("in the {} department's list", d.title(Lang::En)),
        ),
        None => (
            "в очереди операторов".to_owned(),
            "in the operators' list".to_owned(),
        ),
    };
    let secs = (event.at - since).whole_seconds().max(0);
    OutboxMessage {
        event_id: event.id.clone(),
        channel: "email".to_owned(),
        to: to.to_owned(),
        subject: "Чат ждёт оператора / A chat is waiting".to_owned(),
        body: format!(
            "Гражданин ждёт ответа в чате {ru_list} с {at} (по Москве), уже {secs} с — дольше обещанного времени первого ответа. \
             Возьмите чат или попросите коллег: /staff/chats\n\n\
             A citizen has waited {en_list} since {at} (Moscow time), {secs} s so far: longer than the promised first reply. \
             Take the chat or ask a colleague: /staff/chats"
        ),
        html: None,
        at: event.at,
    }
}

/// Tells staff that a request's service-level date passed: in Russian and English, with
/// the number, the topic and what happened, never the citizen's data.
pub(super) fn render_sla_alert(
    event: &DomainEvent,
    to: &str,
    t: &TicketRecord,
    stage: helpdesk_shared::sla::Overdue,
) -> OutboxMessage {
    use helpdesk_shared::sla::Overdue;
    let number = helpdesk_shared::TicketNumber::parse(&t.number)
        .map(|n| n.display())
        .unwrap_or_else(|_| t.number.clone());
    let (ru, en) = (t.category.title(Lang::Ru), t.category.title(Lang::En));
    let dept = |l: Lang| t.department.map(|d| d.title(l)).unwrap_or("—");
    let (ru_what, en_what) = match stage {
        Overdue::FirstResponse => (
            "истёк срок первого ответа: заявитель ещё не получил ни ответа, ни вопроса.".to_owned(),
            "its first-response date passed: the citizen has had no answer or question yet."
                .to_owned(),
        ),
        Overdue::Resolution => (
            format!(
                "истёк срок решения, обращение передано в отдел «{}».",
                dept(Lang::Ru)
            ),
            format!(
                "its resolution date passed; it went to the {} department.",
                dept(Lang::En)
            ),
        ),
        Overdue::Unresolved => (
            "истёк срок решения; по правилам этой темы обращение не передаётся в отдел автоматически — решите, кто им займётся.".to_owned(),
            "its resolution date passed; its topic's policy does not send it to a department automatically: decide who takes it."
                .to_owned(),
        ),
        Overdue::Department => (
            format!("истёк срок решения в отделе «{}».", dept(Lang::Ru)),
            format!(
                "its resolution date at the {} department passed.",
                dept(Lang::En)
            ),
        ),
    };
    OutboxMessage {
        event_id: event.id.clone(),
        channel: "email".to_owned(),
        to: to.to_owned(),
        subject: format!("Просрочено обращение {number} / Request {number} overdue"),
        body: format!(
            "Обращение {number} ({ru}): {ru_what} Откройте его в рабочем месте: /staff/t/{number}\n\n\
             Request {number} ({en}): {en_what} Open it in the workspace: /staff/t/{number}"
        ),
        html: None,
        at: event.at,
    }
}

/// Tells the assignee and the supervisors of a citizen's repeat request.
pub(super) fn render_repeat(
    event: &DomainEvent,
    to: &str,
    t: &TicketRecord,
    escalate: bool,
) -> OutboxMessage {
    let number = helpdesk_shared::TicketNumber::parse(&t.number)
        .map(|n| n.display())
        .unwrap_or_else(|_| t.number.clone());
    let (ru, en) = match escalate {
        true => (
            " Заявитель просит передать обращение специалисту.",
            " The citizen asks for a specialist.",
        ),
        false => ("", ""),
    };
    OutboxMessage {
        event_id: event.id.clone(),
        channel: "email".to_owned(),
        to: to.to_owned(),
        subject: format!("Повторный запрос по обращению {number} / Repeat request {number}"),
        body: format!(
            "Заявитель отправил повторный запрос по обращению {number}: 48 рабочих часов без видимых изменений.{ru} \
             Обращение поднято в очереди: /staff/t/{number}\n\n\
             The citizen sent a repeat request for {number}: 48 working hours without a visible change.{en} \
             It is at the top of the queue: /staff/t/{number}"
        ),
        html: None,
        at: event.at,
    }
}

/// Renders the messages an event about a request sends. Pure, so the cloud fan-out
/// renders the same text.
pub fn render(event: &DomainEvent, t: &TicketRecord) -> Vec<OutboxMessage> {
    let number = TicketNumber::parse(&t.number)
        .map(|n| n.display())
        .unwrap_or_else(|_| t.number.clone());
    let due = helpdesk_shared::moscow::format(t.expected_by);
    let (subject, body) = match (&event.kind, t.language) {
        (EventKind::TicketCreated, Lang::Ru) => (
            format!("Обращение № {number} принято"),
            format!(
                "Ваше обращение № {number} принято. Ответ ожидается до {due} (МСК). \
                 Код доступа был показан только на экране после отправки и в сообщениях не \
                 присылается. Если вы его не сохранили, войдите в «Мои обращения» по этому \
                 телефону или адресу почты."
            ),
        ),
        (EventKind::TicketCreated, Lang::En) => (
            format!("Request {number} received"),
            format!(
                "Your request {number} has been received. Expect an answer by {due} (Moscow time). \
                 The access code was shown only on the screen after sending and is never sent \
                 in messages. If you did not keep it, sign in to \"My requests\" with this \
                 phone or e-mail address."
            ),
        ),
        (
            EventKind::StatusChanged {
                to: Status::AwaitingCitizen,
                ..
            },
            Lang::Ru,
        ) => (
            format!("Обращение № {number}: нужна информация"),
            format!(
                "По обращению № {number} нужна дополнительная информация. Что именно и до какого \
                 срока — на странице статуса или в разделе «Мои обращения»."
            ),
        ),
        (
            EventKind::StatusChanged {
                to: Status::AwaitingCitizen,
                ..
            },
            Lang::En,
        ) => (
            format!("Request {number}: information needed"),
            format!(
                "We need more information about request {number}. What and by when: on its \
                 status page or under \"My requests\"."
            ),
        ),
        (EventKind::StaffReplied, Lang::Ru) => (
            format!("Ответ по обращению № {number}"),
            format!(
                "По обращению № {number} есть ответ. Прочитайте его на странице статуса или в \
                 разделе «Мои обращения»."
            ),
        ),
        (EventKind::StaffReplied, Lang::En) => (
            format!("A reply about request {number}"),
            format!(
                "There is a reply about request {number}. Read it on its status page or under \
                 \"My requests\"."
            ),
        ),
        (EventKind::Escalated, Lang::Ru) => (
            format!("Обращение № {number} передано специалистам"),
            format!(
                "Ваше обращение № {number} передано в профильный отдел. Ответ ожидается до \
                 {due} (МСК)."
            ),
        ),
        (EventKind::Escalated, Lang::En) => (
            format!("Request {number} passed to specialists"),
            format!(
                "Your request {number} has been passed to a specialist department. Expect an \
                 answer by {due} (Moscow time)."
            ),
        ),
        (
            EventKind::StatusChanged {
                to: to @ (Status::Resolved | Status::Rejected),
                ..
            },
            Lang::Ru,
        ) => (
            format!("Обращение № {number}: {}", to.title(Lang::Ru)),
            format!(
                "Обращение № {number} {}. Ответ готов: прочитайте его на странице «Проверить \
                 статус» (номер и код доступа) или в разделе «Мои обращения».",
                if *to == Status::Resolved {
                    "завершено"
                } else {
                    "отклонено"
                }
            ),
        ),
        (
            EventKind::StatusChanged {
                to: to @ (Status::Resolved | Status::Rejected),
                ..
            },
            Lang::En,
        ) => (
            format!("Request {number}: {}", to.title(Lang::En)),
            format!(
                "Request {number} has been {}. The answer is ready: read it under \"Check \
                 status\" (number and access code) or under \"My requests\".",
                to.title(Lang::En).to_lowercase()
            ),
        ),
        (EventKind::StatusChanged { to, .. }, lang) => match lang {
            Lang::Ru => (
                format!("Обращение № {number}: {}", to.title(Lang::Ru)),
                format!(
                    "Статус обращения № {number} изменён: «{}».",
                    to.title(Lang::Ru)
                ),
            ),
            Lang::En => (
                format!("Request {number}: {}", to.title(Lang::En)),
                format!(
                    "The status of request {number} is now \"{}\".",
                    to.title(Lang::En)
                ),
            ),
        },
        (EventKind::InfoReminder { due }, Lang::Ru) => (
            format!("Обращение № {number}: напоминание"),
            format!(
                "Напоминаем: по обращению № {number} нужна информация от вас до {} (МСК). \
                 Что именно — на странице статуса или в разделе «Мои обращения».",
                helpdesk_shared::moscow::format(*due)
            ),
        ),
        (EventKind::InfoReminder { due }, Lang::En) => (
            format!("Request {number}: a reminder"),
            format!(
                "A reminder: request {number} needs information from you by {} (Moscow \
                 time). What exactly: on its status page or under \"My requests\".",
                helpdesk_shared::moscow::format(*due)
            ),
        ),
        // The citizen wrote it themselves: nothing to tell them. Codes go by `messages`.
        (
            EventKind::CitizenMessage
            | EventKind::SignInCode { .. }
            | EventKind::StaffLocked { .. }
            | EventKind::ChatTranscript { .. }
            | EventKind::SlaAlert { .. }
            | EventKind::RepeatRequested { .. }
            | EventKind::ChatWaiting { .. }
            | EventKind::ChatReply { .. }
            | EventKind::Appointment { .. }
            // Rendered as the news it resends (`resend::deliver`).
            | EventKind::ResendRequested { .. },
            _,
        ) => return Vec::new(),
    };
    let invite = survey_invite(event, t);
    let sms = super::sms::sms_text(event, t, &number);
    // An e-mail: the text, the survey's invitation when it closes the request, and why it
    // came; as plain text and as HTML.
    let text = match &invite {
        Some(invite) => format!("{body}\n\n{invite}"),
        None => body.clone(),
    };
    let footer = super::html::footer_text(t.language, &number);
    let email = format!("{text}\n\n{footer}");
    let html = super::html::email_html(t.language, &subject, &text, &footer);
    channels(t)
        .into_iter()
        .map(|(channel, to)| OutboxMessage {
            event_id: event.id.clone(),
            channel: channel.to_owned(),
            to,
            subject: subject.clone(),
            // SMS is one short text with the number and what happened, nothing else.
            body: match channel {
                "sms" => sms.clone(),
                _ => email.clone(),
            },
            html: (channel == "email").then(|| html.clone()),
            at: event.at,
        })
        .collect()
}

/// The survey's invitation in an e-mail that closes a request: a link that answers it
/// once, with no sign-in (`tickets::link_token`), where the site's address is known.
fn survey_invite(event: &DomainEvent, t: &TicketRecord) -> Option<String> {
    let EventKind::StatusChanged { to, .. } = &event.kind else {
        return None;
    };
    let base = super::public_url().filter(|_| to.is_final())?;
    let number = TicketNumber::parse(&t.number).ok()?.display();
    let link = format!(
        "{base}/survey?n={number}&t={}",
        crate::tickets::link_token(t)
    );
    Some(match t.language {
        Lang::Ru => format!("Оцените, пожалуйста, решение — это займёт минуту: {link}"),
        Lang::En => format!("Please rate the outcome; it takes a minute: {link}"),
    })
}

/// An address as a channel's provider takes it: an e-mail's internationalised domain
/// (`иван@почта.рф` is refused at the form; `ivan@почта.рф` is not) in its ASCII form.
pub fn deliverable(channel: &str, to: &str) -> String {
    match to.rsplit_once('@') {
        Some((local, domain)) if channel == "email" && !domain.is_ascii() => {
            match idna::domain_to_ascii(domain) {
                Ok(ascii) => format!("{local}@{ascii}"),
                Err(_) => to.to_owned(),
            }
        }
        _ => to.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{event, ticket};
    use super::*;

    #[test]
    fn the_receipt_says_where_the_code_is_and_the_last_word_says_where_to_read_it() {
        let t = ticket("123456782", Lang::Ru);
        let created = render(&event("e1", &t.number, EventKind::TicketCreated), &t);
        let body = &created[1].body;
        assert!(body.contains("только на экране после отправки"), "{body}");
        assert!(!body.contains("код доступа на странице"), "{body}");
        for (to, word) in [
            (Status::Resolved, "завершено"),
            (Status::Rejected, "отклонено"),
        ] {
            let kind = EventKind::StatusChanged {
                from: Status::InProgress,
                to,
            };
            let body = &render(&event("e2", &t.number, kind), &t)[1].body;
            assert!(
                body.contains(word) && body.contains("Ответ готов"),
                "{body}"
            );
        }
        let en = ticket("123456782", Lang::En);
        let kind = EventKind::StatusChanged {
            from: Status::InProgress,
            to: Status::Resolved,
        };
        let body = &render(&event("e3", &en.number, kind), &en)[1].body;
        assert!(
            body.contains("has been resolved. The answer is ready"),
            "{body}"
        );
    }

    #[test]
    fn an_internationalised_domain_goes_out_in_ascii() {
        assert_eq!(
            deliverable("email", "ivan@почта.рф"),
            "ivan@xn--80a1acny.xn--p1ai"
        );
        assert_eq!(deliverable("email", "ivanov@mail.ru"), "ivanov@mail.ru");
        assert_eq!(deliverable("sms", "+79123456789"), "+79123456789");
    }
}

//! SMS texts: the request's number and what happened, in one segment where it can.

use helpdesk_shared::{Lang, Status};

use crate::events::{DomainEvent, EventKind};
use crate::tickets::TicketRecord;

/// An SMS: the request's number and what happened, in one segment where it can (70
/// Cyrillic characters; 160 in English), never the citizen's data or the staff's words.
pub(super) fn sms_text(event: &DomainEvent, t: &TicketRecord, number: &str) -> String {
    let day = |at: time::OffsetDateTime| {
        let fmt = time::macros::format_description!("[day].[month] [hour]:[minute]");
        at.to_offset(helpdesk_shared::moscow::OFFSET)
            .format(&fmt)
            .unwrap_or_default()
    };
    match (&event.kind, t.language) {
        (EventKind::TicketCreated, Lang::Ru) => {
            format!(
                "Обращение {number} принято. Ответ до {} МСК",
                day(t.expected_by)
            )
        }
        (EventKind::TicketCreated, Lang::En) => format!(
            "Request {number} received. Expect an answer by {} Moscow time",
            day(t.expected_by)
        ),
        (
            EventKind::StatusChanged {
                to: Status::AwaitingCitizen,
                ..
            },
            Lang::Ru,
        ) => format!("Обращение {number}: нужна информация, см. сайт"),
        (
            EventKind::StatusChanged {
                to: Status::AwaitingCitizen,
                ..
            },
            Lang::En,
        ) => format!("Request {number}: we need information from you, see the site"),
        (EventKind::StatusChanged { to, .. }, Lang::Ru) => {
            format!("Обращение {number}: статус «{}»", to.title(Lang::Ru))
        }
        (EventKind::StatusChanged { to, .. }, Lang::En) => {
            format!("Request {number}: status \"{}\"", to.title(Lang::En))
        }
        (EventKind::StaffReplied, Lang::Ru) => format!("Обращение {number}: есть ответ, см. сайт"),
        (EventKind::StaffReplied, Lang::En) => {
            format!("Request {number}: there is a reply, see the site")
        }
        (EventKind::Escalated, Lang::Ru) => format!("Обращение {number} передано специалистам"),
        (EventKind::Escalated, Lang::En) => {
            format!("Request {number} passed to specialists")
        }
        (EventKind::InfoReminder { due }, Lang::Ru) => {
            format!("Обращение {number}: ждём информацию до {} МСК", day(*due))
        }
        (EventKind::InfoReminder { due }, Lang::En) => format!(
            "Request {number}: we need your information by {} Moscow time",
            day(*due)
        ),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use helpdesk_shared::{Lang, Status};

    use super::super::render;
    use super::super::tests::{event, ticket};
    use crate::events::EventKind;

    /// Every citizen's message, each kind in each language and channel, as the snapshot
    /// a person has read (`snapshots/texts.txt`; `UPDATE_SNAPSHOTS=1` rewrites it);
    /// SMS in one segment with nothing of the citizen's or the staff's words.
    #[test]
    fn every_message_reads_as_reviewed_and_sms_fit_one_segment() {
        let due = time::macros::datetime!(2026-11-25 09:00 UTC);
        let kinds = [
            EventKind::TicketCreated,
            EventKind::StatusChanged {
                from: Status::Received,
                to: Status::InProgress,
            },
            EventKind::StatusChanged {
                from: Status::InProgress,
                to: Status::AwaitingCitizen,
            },
            EventKind::StaffReplied,
            EventKind::Escalated,
            EventKind::InfoReminder { due },
            EventKind::StatusChanged {
                from: Status::InProgress,
                to: Status::Resolved,
            },
            EventKind::StatusChanged {
                from: Status::InProgress,
                to: Status::Rejected,
            },
        ];
        let mut out = String::new();
        let number = helpdesk_shared::TicketNumber::from_random(12_345_678).key();
        for lang in [Lang::Ru, Lang::En] {
            let t = ticket(&number, lang);
            for kind in &kinds {
                let e = event("e", &t.number, kind.clone());
                for m in render(&e, &t) {
                    out.push_str(&format!(
                        "== {} · {} · {}\nSubject: {}\n{}\n\n",
                        kind.name(),
                        lang.code(),
                        m.channel,
                        m.subject,
                        m.body
                    ));
                    if m.channel == "sms" {
                        let limit = if lang == Lang::Ru { 70 } else { 160 };
                        let len = m.body.chars().count();
                        assert!(len > 0 && len <= limit, "{len} > {limit}: {}", m.body);
                        for private in [&t.full_name, &t.subject, "ivanov"] {
                            assert!(!m.body.contains(private), "{}", m.body);
                        }
                    }
                }
            }
        }
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/notify/snapshots/texts.txt"
        );
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(path, &out).expect("write the snapshot");
        }
        let reviewed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            reviewed == out,
            "the texts changed: read them, then UPDATE_SNAPSHOTS=1 cargo test …\n{out}"
        );
    }
}

//! What a booking's news says, by SMS to a phone or by e-mail, in the citizen's
//! language: the office and its address, the day and time (Moscow), the service, the
//! number, what to bring, and how to change or cancel.

use helpdesk_shared::Lang;
use helpdesk_shared::api::OutboxMessage;
use helpdesk_shared::appointment::{Catalog, hhmm};

use super::{AppointmentError, Appointments, BookingRecord, News, SK, booking_pk};
use crate::events::DomainEvent;
use crate::notify::SendError;
use crate::store::KvStore;

/// The message of a booking's event (none if the booking is gone, or a reminder for one
/// no longer booked).
pub async fn messages(
    store: &dyn KvStore,
    event: &DomainEvent,
    number: &str,
    news: News,
) -> Result<Vec<OutboxMessage>, SendError> {
    let Some(item) = store.get(&booking_pk(number), SK).await? else {
        return Err(SendError::Failed(format!(
            "booking of event {} not found",
            event.id
        )));
    };
    let record: BookingRecord = item.decode()?;
    let (catalog, _) = super::catalog::read(store).await?;
    if news == News::Reminder
        && record.status != helpdesk_shared::appointment::BookingStatus::Booked
    {
        return Ok(Vec::new());
    }
    Ok(vec![render(&catalog, event, &record, news)])
}

fn render(catalog: &Catalog, event: &DomainEvent, r: &BookingRecord, news: News) -> OutboxMessage {
    let lang = r.language;
    let office = catalog.offices.iter().find(|o| o.id == r.office);
    let service = catalog.services.iter().find(|s| s.id == r.service);
    let place = office.as_ref().map_or_else(
        || r.office.clone(),
        |o| format!("{}, {}", o.name.get(lang), o.address.get(lang)),
    );
    let what = service
        .as_ref()
        .map_or_else(|| r.service.clone(), |s| s.name.get(lang).to_owned());
    let bring = service
        .as_ref()
        .map(|s| s.bring.get(lang).replace('\n', ", "))
        .unwrap_or_default();
    let when = format!(
        "{} {}",
        r.date.format(&DATE).unwrap_or_default(),
        hhmm(r.start)
    );
    let n = r.display_number();
    let (subject, body) = match (lang, news) {
        (Lang::Ru, News::Booked) => (
            format!("Запись на приём № {n}"),
            format!(
                "Вы записаны: {when} (мск), {place}. Услуга: {what}. Запись № {n}. \
                 Возьмите с собой: {bring}. Изменить или отменить — в разделе «Мои записи»."
            ),
        ),
        (Lang::Ru, News::Moved) => (
            format!("Запись № {n} перенесена"),
            format!("Запись № {n} перенесена: {when} (мск), {place}. Услуга: {what}."),
        ),
        (Lang::Ru, News::Cancelled) => (
            format!("Запись № {n} отменена"),
            format!("Запись № {n} на {when} (мск) отменена. Записаться снова можно на сайте."),
        ),
        (Lang::Ru, News::Reminder) => (
            format!("Завтра приём: запись № {n}"),
            format!(
                "Напоминаем: завтра, {when} (мск), вас ждут: {place}. Услуга: {what}. \
                 Возьмите с собой: {bring}. Не сможете прийти — отмените запись № {n}, \
                 чтобы время досталось другим."
            ),
        ),
        (Lang::En, News::Booked) => (
            format!("Appointment No. {n}"),
            format!(
                "You are booked: {when} (Moscow time), {place}. Service: {what}. Booking No. {n}. \
                 Bring: {bring}. To change or cancel, see \"My appointments\"."
            ),
        ),
        (Lang::En, News::Moved) => (
            format!("Appointment No. {n} moved"),
            format!("Appointment No. {n} moved: {when} (Moscow time), {place}. Service: {what}."),
        ),
        (Lang::En, News::Cancelled) => (
            format!("Appointment No. {n} cancelled"),
            format!(
                "Appointment No. {n} on {when} (Moscow time) is cancelled. You can book again on the site."
            ),
        ),
        (Lang::En, News::Reminder) => (
            format!("Tomorrow: appointment No. {n}"),
            format!(
                "A reminder: tomorrow, {when} (Moscow time), you are expected at {place}. \
                 Service: {what}. Bring: {bring}. If you cannot come, cancel booking No. {n} \
                 so that someone else can have the time."
            ),
        ),
    };
    OutboxMessage {
        event_id: event.id.clone(),
        channel: if r.contact.contains('@') {
            "email"
        } else {
            "sms"
        }
        .to_owned(),
        to: r.contact.clone(),
        subject,
        body,
        html: None,
        at: event.at,
    }
}

const DATE: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[day].[month].[year]");

impl Appointments {
    /// The confirmation's calendar file (RFC 5545): the visit in Moscow time, the office's
    /// address, and an alarm the day before.
    pub async fn calendar_file(&self, r: &BookingRecord) -> Result<String, AppointmentError> {
        let view = self.view(r).await?;
        let lang = r.language;
        let start = r.starts_at().to_offset(time::UtcOffset::UTC);
        let end = start + time::Duration::minutes(r.minutes.into());
        let stamp = |t: time::OffsetDateTime| {
            t.format(time::macros::format_description!(
                "[year][month][day]T[hour][minute][second]Z"
            ))
            .unwrap_or_default()
        };
        let summary = match lang {
            Lang::Ru => format!("Приём: {}", view.service.name.get(lang)),
            Lang::En => format!("Appointment: {}", view.service.name.get(lang)),
        };
        let description = match lang {
            Lang::Ru => format!(
                "Запись № {}. Возьмите с собой: {}",
                view.number,
                view.service.bring.get(lang).replace('\n', ", ")
            ),
            Lang::En => format!(
                "Booking No. {}. Bring: {}",
                view.number,
                view.service.bring.get(lang).replace('\n', ", ")
            ),
        };
        let location = format!(
            "{}, {}",
            view.office.name.get(lang),
            view.office.address.get(lang)
        );
        Ok([
            "BEGIN:VCALENDAR".to_owned(),
            "VERSION:2.0".to_owned(),
            "PRODID:-//helpdesk//appointments//RU".to_owned(),
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}@helpdesk", r.number),
            format!("DTSTAMP:{}", stamp(r.updated_at)),
            format!("DTSTART:{}", stamp(start)),
            format!("DTEND:{}", stamp(end)),
            format!("SUMMARY:{}", ics_text(&summary)),
            format!("LOCATION:{}", ics_text(&location)),
            format!("DESCRIPTION:{}", ics_text(&description)),
            "BEGIN:VALARM".to_owned(),
            "ACTION:DISPLAY".to_owned(),
            "TRIGGER:-P1D".to_owned(),
            format!("DESCRIPTION:{}", ics_text(&summary)),
            "END:VALARM".to_owned(),
            "END:VEVENT".to_owned(),
            "END:VCALENDAR".to_owned(),
        ]
        .iter()
        .map(|line| fold(line))
        .collect::<String>())
    }
}

/// A content line folded at 75 octets (RFC 5545 §3.1), never inside a character, with
/// its CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped.
fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

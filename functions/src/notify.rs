//! Notifications: what a citizen receives when something happens to their request,
//! rendered in their language, and the local outbox that stands in for SMS and e-mail.

use std::sync::Arc;

use async_trait::async_trait;
use helpdesk_shared::api::OutboxMessage;
use helpdesk_shared::{Lang, Status, TicketNumber};

use crate::clock::sort_key;
use crate::events::{BusError, DomainEvent, EventBus, EventKind};
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError};
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
fn render_code(
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
        at: event.at,
    }
}

/// Tells a staff member their login was locked: in Russian and English (staff choose no
/// language), with the time in Moscow and what to do if it was not them.
fn render_staff_locked(
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
        // The citizen wrote it themselves: nothing to tell them. Codes go by `messages`.
        (
            EventKind::CitizenMessage
            | EventKind::SignInCode { .. }
            | EventKind::StaffLocked { .. },
            _,
        ) => return Vec::new(),
    };
    channels(t)
        .into_iter()
        .map(|(channel, to)| OutboxMessage {
            event_id: event.id.clone(),
            channel: channel.to_owned(),
            to,
            subject: subject.clone(),
            body: body.clone(),
            at: event.at,
        })
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("sending failed: {0}")]
    Failed(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Hands one rendered message to a channel: the local outbox, or SMS (SNS) and e-mail
/// (SES) in the cloud.
#[async_trait]
pub trait Sender: Send + Sync + 'static {
    async fn send(&self, msg: &OutboxMessage) -> Result<(), SendError>;
}

/// How long a delivery record keeps a redelivered event from sending twice.
const DELIVERED_TTL_SECS: i64 = 30 * 86_400;

/// Sends the notifications of one event: loads the request, renders the messages in the
/// citizen's language and sends each one not sent before. Idempotent per event id and
/// channel: a delivery record is written after each send, so a redelivered event sends
/// only what is missing (a crash between a send and its record may repeat that one
/// message: at least once, never lost). Returns how many messages were sent.
pub async fn deliver(
    store: &dyn KvStore,
    sender: &dyn Sender,
    event: &DomainEvent,
) -> Result<usize, SendError> {
    let mut sent = 0;
    for msg in messages(store, event).await? {
        let record_pk = format!("SENT#{}", event.id);
        if store.get(&record_pk, &msg.channel).await?.is_some() {
            continue;
        }
        sender.send(&msg).await?;
        let mut record = Item::new(record_pk, msg.channel.clone(), serde_json::json!({}));
        record.expires_at = Some(event.at.unix_timestamp() + DELIVERED_TTL_SECS);
        match store.put(record, Cond::Absent).await {
            Ok(()) | Err(StoreError::ConditionFailed { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        // The channel, never the address: no personal data in logs.
        tracing::info!(event_id = %event.id, channel = %msg.channel, "notification sent");
        sent += 1;
    }
    Ok(sent)
}

/// What an event sends: a sign-in code is self-contained, the rest concern a request.
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

async fn messages(
    store: &dyn KvStore,
    event: &DomainEvent,
) -> Result<Vec<OutboxMessage>, SendError> {
    let mut all = rendered(store, event).await?;
    for m in &mut all {
        m.to = deliverable(&m.channel, &m.to);
    }
    Ok(all)
}

async fn rendered(
    store: &dyn KvStore,
    event: &DomainEvent,
) -> Result<Vec<OutboxMessage>, SendError> {
    if let EventKind::SignInCode {
        to,
        code,
        language,
        minutes,
    } = &event.kind
    {
        return Ok(vec![render_code(event, to, code, *language, *minutes)]);
    }
    if let EventKind::StaffLocked { login, until } = &event.kind {
        // An unknown login or an account without an address: nothing to send.
        let account = crate::auth::staff::load(store, login).await?;
        return Ok(account
            .and_then(|(_, a)| a.email)
            .map(|to| render_staff_locked(event, &to, login, *until))
            .into_iter()
            .collect());
    }
    let Some(ticket) = store
        .get(&TicketRecord::pk(&event.ticket), TicketRecord::SK)
        .await?
    else {
        return Err(SendError::Failed(format!(
            "request of event {} not found",
            event.id
        )));
    };
    let ticket: TicketRecord = ticket.decode()?;
    Ok(render(event, &ticket))
}

const OUTBOX: &str = "OUTBOX";

/// The local stand-in for SMS and e-mail: messages land in the outbox that the
/// development page shows.
pub struct OutboxSender {
    store: Arc<dyn KvStore>,
}

#[async_trait]
impl Sender for OutboxSender {
    async fn send(&self, msg: &OutboxMessage) -> Result<(), SendError> {
        let sk = format!("{}#{}#{}", sort_key(msg.at), msg.event_id, msg.channel);
        let mut item = Item::new(OUTBOX, sk, crate::store::body(msg));
        item.expires_at = Some(msg.at.unix_timestamp() + 7 * 86_400);
        match self.store.put(item, Cond::Absent).await {
            Ok(()) | Err(StoreError::ConditionFailed { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// The local event bus: fans out in-process, through the same `deliver` as the cloud
/// fan-out function, to the outbox.
pub struct LocalBus {
    store: Arc<dyn KvStore>,
    sender: OutboxSender,
}

impl LocalBus {
    pub fn new(store: Arc<dyn KvStore>) -> LocalBus {
        LocalBus {
            sender: OutboxSender {
                store: store.clone(),
            },
            store,
        }
    }
}

#[async_trait]
impl EventBus for LocalBus {
    async fn publish(&self, event: &DomainEvent) -> Result<(), BusError> {
        deliver(self.store.as_ref(), &self.sender, event)
            .await
            .map(|_| ())
            .map_err(|e| BusError::Unavailable(e.to_string()))
    }
}

/// The newest outbox messages first.
pub async fn outbox(store: &dyn KvStore, limit: usize) -> Result<Vec<OutboxMessage>, StoreError> {
    let mut q = Query::new(Index::Table, OUTBOX, SkRange::All);
    q.forward = false;
    q.limit = limit;
    let page = store.query(q).await?;
    page.items.iter().map(|i| i.decode()).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Mutex;

    use helpdesk_shared::{Category, Level};
    use time::macros::datetime;

    use super::*;
    use crate::store::RedbStore;

    pub fn ticket(number: &str, language: Lang) -> TicketRecord {
        let at = datetime!(2026-11-20 09:00 UTC);
        TicketRecord {
            number: number.to_owned(),
            category: Category::Technical,
            subject: "Не приходит код".into(),
            description: "Код подтверждения не приходит второй день.".into(),
            full_name: "Иванов Иван".into(),
            phone: Some("+79123456789".into()),
            email: Some("ivanov@mail.ru".into()),
            snils: None,
            inn: None,
            application_number: None,
            language,
            status: Status::Received,
            level: Level::Operator,
            department: None,
            assignee: None,
            created_at: at,
            updated_at: at,
            expected_by: at + time::Duration::hours(48),
            code_salt: "salt".into(),
            code_hash: "hash".into(),
        }
    }

    pub fn event(id: &str, number: &str, kind: EventKind) -> DomainEvent {
        DomainEvent {
            id: id.to_owned(),
            at: datetime!(2026-11-20 09:00 UTC),
            ticket: number.to_owned(),
            kind,
        }
    }

    /// Records what it sends; fails the sends it is told to fail.
    #[derive(Default)]
    pub struct FakeSender {
        pub sent: Mutex<Vec<OutboxMessage>>,
        pub fail_channel: Mutex<Option<&'static str>>,
    }

    #[async_trait]
    impl Sender for FakeSender {
        async fn send(&self, msg: &OutboxMessage) -> Result<(), SendError> {
            if *self.fail_channel.lock().expect("lock") == Some(msg.channel.as_str()) {
                return Err(SendError::Failed("provider down".into()));
            }
            self.sent.lock().expect("lock").push(msg.clone());
            Ok(())
        }
    }

    pub async fn store_with(t: &TicketRecord) -> (tempfile::TempDir, RedbStore) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = RedbStore::open(&dir.path().join("t.redb")).expect("open");
        store.put(t.to_item(1), Cond::Absent).await.expect("put");
        (dir, store)
    }

    #[tokio::test]
    async fn a_redelivered_event_sends_only_what_is_missing() {
        let t = ticket("123456782", Lang::En);
        let (_dir, store) = store_with(&t).await;
        let sender = FakeSender::default();
        let e = event("ev1", &t.number, EventKind::TicketCreated);

        // The e-mail provider is down: the SMS goes, the e-mail fails the delivery.
        *sender.fail_channel.lock().expect("lock") = Some("email");
        assert!(deliver(&store, &sender, &e).await.is_err());
        assert_eq!(sender.sent.lock().expect("lock").len(), 1);

        // Retried: only the e-mail is sent; a third delivery sends nothing.
        *sender.fail_channel.lock().expect("lock") = None;
        assert_eq!(deliver(&store, &sender, &e).await.expect("retry"), 1);
        assert_eq!(deliver(&store, &sender, &e).await.expect("again"), 0);
        let sent = sender.sent.lock().expect("lock");
        let channels: Vec<&str> = sent.iter().map(|m| m.channel.as_str()).collect();
        assert_eq!(channels, ["sms", "email"]);
        assert!(
            sent[1].subject.starts_with("Request "),
            "{}",
            sent[1].subject
        );
    }

    #[tokio::test]
    async fn an_event_of_an_unknown_request_fails_instead_of_vanishing() {
        let t = ticket("123456782", Lang::Ru);
        let (_dir, store) = store_with(&t).await;
        let e = event("ev2", "999999990", EventKind::TicketCreated);
        assert!(deliver(&store, &FakeSender::default(), &e).await.is_err());
    }

    #[test]
    fn the_receipt_says_where_the_code_is_and_the_last_word_says_where_to_read_it() {
        let t = ticket("123456782", Lang::Ru);
        let created = render(&event("e1", &t.number, EventKind::TicketCreated), &t);
        let body = &created[0].body;
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
            let body = &render(&event("e2", &t.number, kind), &t)[0].body;
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
        let body = &render(&event("e3", &en.number, kind), &en)[0].body;
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

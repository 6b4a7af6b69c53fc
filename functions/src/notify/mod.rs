//! Notifications: what a citizen receives when something happens to their request,
//! rendered in their language, and the local outbox that stands in for SMS and e-mail.

use std::sync::Arc;

use async_trait::async_trait;
use helpdesk_shared::api::OutboxMessage;

use crate::events::{BusError, DomainEvent, EventBus, EventKind};
use crate::store::{Cond, Item, KvStore, StoreError};
use crate::tickets::TicketRecord;

mod citizen;
mod dispatch;
pub mod feedback;
mod held;
mod html;
mod in_app;
mod outbox;
pub mod push;
mod resend;
mod sms;
mod texts;
mod vapid;

pub use citizen::{
    citizen_prefs, effective, mark_seen, notice_kind, notices, request_notices, save_citizen_prefs,
    save_request_prefs, unread,
};
pub(crate) use dispatch::{Dispatch, dispatch, prepare};
pub use held::release_held;
pub use outbox::{OutboxSender, outbox};
pub use resend::{RESEND_GAP, RESENDS_PER_DAY, last_sent, resend_allowed};
pub use texts::{deliverable, render};
use texts::{render_code, render_staff_locked};

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("sending failed: {0}")]
    Failed(String),
    /// Will never go: the address is gone (a browser turned push off). Marked failed,
    /// not retried.
    #[error("refused: {0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Hands one rendered message to a channel: the local outbox, or SMS (SNS) and e-mail
/// (SES) in the cloud.
#[async_trait]
pub trait Sender: Send + Sync + 'static {
    async fn send(&self, msg: &OutboxMessage) -> Result<(), SendError>;

    /// `send`, returning the provider's id of the message where it gives one (SNS, SES,
    /// the local outbox's key): its delivery reports name it (`feedback`).
    async fn send_tracked(&self, msg: &OutboxMessage) -> Result<Option<String>, SendError> {
        self.send(msg).await.map(|()| None)
    }

    /// For a sender whose sending is itself a write to the store (the local outbox): the
    /// item that sends `msg` and the provider's id it stands for, so the caller commits
    /// it with the message's log line — one commit, and neither without the other.
    /// `None` (every real provider): `send_tracked` sends.
    fn as_write(&self, _msg: &OutboxMessage) -> Option<(Item, String)> {
        None
    }
}

/// How long a delivery record keeps a redelivered event from sending twice.
const DELIVERED_TTL_SECS: i64 = 30 * 86_400;

/// Sends the notifications of one event: loads the request, renders the messages in the
/// citizen's language and sends each one not sent before. Idempotent per event id,
/// channel and recipient (staff alerts go to several addresses; the recipient is in the
/// record's key as a hash, never as text): a delivery record is written after each send,
/// so a redelivered event sends only what is missing (a crash between a send and its
/// record may repeat that one message: at least once, never lost). Returns how many
/// messages were sent.
pub async fn deliver(
    store: &dyn KvStore,
    sender: &dyn Sender,
    event: &DomainEvent,
) -> Result<usize, SendError> {
    deliver_at(store, sender, event, time::OffsetDateTime::now_utc()).await
}

/// `deliver` at `now` (quiet hours are read against it). A request's news to its
/// citizen goes the way they chose (`citizen::deliver`, logged on the request); the
/// rest (codes, staff alerts) as below.
pub async fn deliver_at(
    store: &dyn KvStore,
    sender: &dyn Sender,
    event: &DomainEvent,
    now: time::OffsetDateTime,
) -> Result<usize, SendError> {
    if let EventKind::ResendRequested { of } = &event.kind {
        let ticket = load_ticket(store, event).await?;
        return resend::deliver(store, sender, event, of, &ticket, now).await;
    }
    if notice_kind(&event.kind).is_some() {
        let ticket = load_ticket(store, event).await?;
        return citizen::deliver(store, sender, event, &ticket, now, false).await;
    }
    let mut sent = 0;
    for msg in messages(store, event).await? {
        let record_pk = format!("SENT#{}", event.id);
        let record_sk = recipient_key(&msg);
        if store.get(&record_pk, &record_sk).await?.is_some() {
            continue;
        }
        // Push to the browser it names (a chat's reply); the rest to the sender — a
        // sign-in code even to an address that bounced (entering it clears the bounce),
        // so not `dispatch`, which refuses those. A browser that turned push off since:
        // nothing to send, nothing to retry.
        if msg.channel == "push" {
            match push::send(store, &msg, now).await {
                Ok(()) => {}
                Err(SendError::Refused(why)) => {
                    tracing::info!(event_id = %event.id, why = %why, "push not sent")
                }
                Err(e) => return Err(e),
            }
        } else {
            sender.send(&msg).await?;
        }
        let mut record = Item::new(record_pk, record_sk, serde_json::json!({}));
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

/// What an event sends: a sign-in code is self-contained, the rest concern a request,
/// each to an address its provider takes.
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
    if let EventKind::ChatWaiting {
        department, since, ..
    } = &event.kind
    {
        // The supervisors on duty (at the console now); if none is, every supervisor.
        let on_duty: Vec<String> = crate::chat::online_in(store)
            .await?
            .into_iter()
            .filter(|o| o.role == helpdesk_shared::auth::Role::Supervisor)
            .map(|o| o.login)
            .collect();
        let wanted = |a: &crate::auth::StaffAccount| {
            a.role == helpdesk_shared::auth::Role::Supervisor
                && (on_duty.is_empty() || on_duty.contains(&a.login))
        };
        return Ok(staff_emails(store, wanted)
            .await?
            .iter()
            .map(|to| texts::render_chat_waiting(event, to, *department, *since))
            .collect());
    }
    if let EventKind::Appointment { number, news } = &event.kind {
        return crate::appointments::messages(store, event, number, *news).await;
    }
    if let EventKind::ChatReply { chat } = &event.kind {
        return Ok(push::chat_messages(store, event, chat).await?);
    }
    if let EventKind::ChatTranscript { chat, to, language } = &event.kind {
        return Ok(vec![
            crate::chat::transcript_email(store, event, chat, to, *language).await?,
        ]);
    }
    let ticket = load_ticket(store, event).await?;
    use helpdesk_shared::auth::Role;
    if let EventKind::RepeatRequested { escalate } = &event.kind {
        // The supervisors, and whoever has the request.
        let wanted = |a: &crate::auth::StaffAccount| {
            a.role == Role::Supervisor || ticket.assignee.as_ref() == Some(&a.login)
        };
        return Ok(staff_emails(store, wanted)
            .await?
            .iter()
            .map(|to| texts::render_repeat(event, to, &ticket, *escalate))
            .collect());
    }
    if let EventKind::SlaAlert { stage, department } = &event.kind {
        // An escalation to the department's specialists; the rest to the supervisors.
        let wanted = |a: &crate::auth::StaffAccount| match stage {
            helpdesk_shared::sla::Overdue::Resolution => {
                a.role == Role::Specialist && a.department == *department
            }
            _ => a.role == Role::Supervisor,
        };
        return Ok(staff_emails(store, wanted)
            .await?
            .iter()
            .map(|to| texts::render_sla_alert(event, to, &ticket, *stage))
            .collect());
    }
    // The citizen's own words (`CitizenMessage`): nothing to tell anyone.
    Ok(Vec::new())
}

/// The request an event is about; its absence fails the delivery instead of vanishing.
async fn load_ticket(store: &dyn KvStore, event: &DomainEvent) -> Result<TicketRecord, SendError> {
    match store
        .get(&TicketRecord::pk(&event.ticket), TicketRecord::SK)
        .await?
    {
        Some(item) => Ok(item.decode()?),
        None => Err(SendError::Failed(format!(
            "request of event {} not found",
            event.id
        ))),
    }
}

/// Where citizens open the site, for links in e-mails (`set_public_url`).
static PUBLIC_URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets, once per process, the site's address links in e-mails start with
/// (HELPDESK_PUBLIC_URL; the local server's own address). Without it e-mails carry no
/// links.
pub fn set_public_url(url: &str) {
    let _ = PUBLIC_URL.set(url.trim_end_matches('/').to_owned());
}

/// The site's address for links, if set.
pub fn public_url() -> Option<&'static str> {
    PUBLIC_URL.get().map(String::as_str)
}

/// The e-mail addresses of the enabled staff `wanted` picks (those with one).
async fn staff_emails(
    store: &dyn KvStore,
    wanted: impl Fn(&crate::auth::StaffAccount) -> bool,
) -> Result<Vec<String>, SendError> {
    Ok(crate::auth::staff::list(store)
        .await?
        .into_iter()
        .filter(|a| !a.disabled && wanted(a))
        .filter_map(|a| a.email)
        .collect())
}

/// `<channel>#<16 hex of the address's SHA-256>`: one message of an event, keyed
/// without the address itself.
fn recipient_key(msg: &OutboxMessage) -> String {
    let hash = crate::ids::sha256_hex(&[msg.to.as_bytes()]);
    format!("{}#{}", msg.channel, &hash[..16])
}

/// The local event bus: fans out in-process, through the same `deliver` as the cloud
/// fan-out function, to the outbox.
pub struct LocalBus {
    store: Arc<dyn KvStore>,
    sender: OutboxSender,
    clock: Arc<dyn crate::clock::Clock>,
}

impl LocalBus {
    pub fn new(store: Arc<dyn KvStore>) -> LocalBus {
        LocalBus::with_clock(store, Arc::new(crate::clock::SystemClock))
    }

    /// Reads quiet hours against `clock` (the services' clock).
    pub fn with_clock(store: Arc<dyn KvStore>, clock: Arc<dyn crate::clock::Clock>) -> LocalBus {
        LocalBus {
            sender: OutboxSender::new(store.clone()),
            store,
            clock,
        }
    }

    /// Sends the SMS held through quiet hours that ended (the sweep's step).
    pub async fn release_held(&self) -> Result<usize, SendError> {
        release_held(self.store.as_ref(), &self.sender, self.clock.now()).await
    }
}

#[async_trait]
impl EventBus for LocalBus {
    async fn publish(&self, event: &DomainEvent) -> Result<(), BusError> {
        deliver_at(self.store.as_ref(), &self.sender, event, self.clock.now())
            .await
            .map(|_| ())
            .map_err(|e| BusError::Unavailable(e.to_string()))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Mutex;

    use helpdesk_shared::{Category, Lang};
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
            language,
            created_at: at,
            updated_at: at,
            expected_by: at + time::Duration::hours(48),
            code_salt: "salt".into(),
            code_hash: "hash".into(),
            ..crate::tickets::sample_ticket()
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
    async fn a_failed_message_is_retried_later_each_time_then_marked_failed() {
        let t = ticket("123456782", Lang::En);
        let (_dir, store) = store_with(&t).await;
        let sender = FakeSender::default();
        let e = event("ev1", &t.number, EventKind::TicketCreated);
        let at = e.at;
        let state = |store: &RedbStore| {
            let t = t.clone();
            let store = store.clone();
            async move {
                let log = request_notices(&store, &t).await.expect("log");
                log.deliveries
                    .into_iter()
                    .find(|d| d.channel == helpdesk_shared::notice::Channel::Email)
                    .map(|d| (d.state, d.attempts, d.hold_until))
                    .expect("the e-mail's line")
            }
        };
        use helpdesk_shared::notice::DeliveryState::{Failed, Retrying, Sent};
        use time::Duration;

        // The e-mail provider is down: the SMS and the app's notification go; the
        // e-mail waits a minute; a redelivered event sends nothing more.
        *sender.fail_channel.lock().expect("lock") = Some("email");
        assert_eq!(
            deliver_at(&store, &sender, &e, at).await.expect("deliver"),
            2
        );
        assert_eq!(deliver_at(&store, &sender, &e, at).await.expect("again"), 0);
        let minute = at + Duration::minutes(1);
        assert_eq!(state(&store).await, (Retrying, 1, Some(minute)));
        assert_eq!(
            release_held(&store, &sender, minute - Duration::SECOND)
                .await
                .expect("early"),
            0
        );
        // Still down: 5, 15, 60 minutes later; after the fifth attempt, failed for good.
        let mut now = minute;
        for (attempts, wait) in [(2, 5), (3, 15), (4, 60)] {
            assert_eq!(release_held(&store, &sender, now).await.expect("retry"), 0);
            now += Duration::minutes(wait);
            assert_eq!(state(&store).await, (Retrying, attempts, Some(now)));
        }
        assert_eq!(release_held(&store, &sender, now).await.expect("last"), 0);
        assert_eq!(state(&store).await, (Failed, 5, None));
        assert_eq!(
            release_held(&store, &sender, now + Duration::days(1))
                .await
                .expect("none"),
            0
        );

        // Another event, the provider back on the second attempt: sent, once.
        let e2 = event("ev2", &t.number, EventKind::StaffReplied);
        assert_eq!(
            deliver_at(&store, &sender, &e2, at).await.expect("deliver"),
            2
        );
        *sender.fail_channel.lock().expect("lock") = None;
        assert_eq!(
            release_held(&store, &sender, minute).await.expect("retry"),
            1
        );
        assert_eq!(
            release_held(&store, &sender, minute).await.expect("again"),
            0
        );
        assert_eq!(
            state(&store).await.0,
            Sent,
            "the newest e-mail line is the reply's"
        );
        let sent = sender.sent.lock().expect("lock");
        let channels: Vec<&str> = sent.iter().map(|m| m.channel.as_str()).collect();
        assert_eq!(channels, ["sms", "sms", "email"]);
        assert!(
            sent[2].subject.starts_with("A reply"),
            "{}",
            sent[2].subject
        );
    }

    #[test]
    fn provider_errors_lose_their_addresses() {
        assert_eq!(
            held::redacted("InvalidParameter: +79123456789 is not valid for ivanov@mail.ru today"),
            "InvalidParameter: … is not valid for … today"
        );
    }

    #[tokio::test]
    async fn an_event_of_an_unknown_request_fails_instead_of_vanishing() {
        let t = ticket("123456782", Lang::Ru);
        let (_dir, store) = store_with(&t).await;
        let e = event("ev2", "999999990", EventKind::TicketCreated);
        assert!(deliver(&store, &FakeSender::default(), &e).await.is_err());
    }
}

//! Notifications: what a citizen receives when something happens to their request,
//! rendered in their language, and the local outbox that stands in for SMS and e-mail.

use std::sync::Arc;

use async_trait::async_trait;
use helpdesk_shared::api::OutboxMessage;
use helpdesk_shared::{Lang, TicketNumber};

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

/// Renders the messages an event sends. Pure, so the cloud fan-out renders the same text.
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
                 Статус: номер обращения и код доступа на странице «Проверить статус»."
            ),
        ),
        (EventKind::TicketCreated, Lang::En) => (
            format!("Request {number} received"),
            format!(
                "Your request {number} has been received. Expect an answer by {due} (Moscow time). \
                 Check its status with the request number and access code."
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
        // The citizen wrote it themselves: nothing to tell them.
        (EventKind::CitizenMessage, _) => return Vec::new(),
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

const OUTBOX: &str = "OUTBOX";

/// The local event bus: fans out in-process and "sends" by writing to the outbox, which
/// the development page shows. Idempotent: one outbox item per event and channel.
pub struct LocalBus {
    store: Arc<dyn KvStore>,
}

impl LocalBus {
    pub fn new(store: Arc<dyn KvStore>) -> LocalBus {
        LocalBus { store }
    }
}

#[async_trait]
impl EventBus for LocalBus {
    async fn publish(&self, event: &DomainEvent) -> Result<(), BusError> {
        let Some(ticket) = self
            .store
            .get(&TicketRecord::pk(&event.ticket), TicketRecord::SK)
            .await?
        else {
            return Err(BusError::Unavailable(format!(
                "ticket of event {} not found",
                event.id
            )));
        };
        let ticket: TicketRecord = ticket.decode()?;
        for msg in render(event, &ticket) {
            let sk = format!("{}#{}#{}", sort_key(event.at), event.id, msg.channel);
            let mut item = Item::new(OUTBOX, sk, serde_json::to_value(&msg).unwrap_or_default());
            item.expires_at = Some(event.at.unix_timestamp() + 7 * 86_400);
            match self.store.put(item, Cond::Absent).await {
                Ok(()) => {
                    tracing::info!(event_id = %event.id, channel = %msg.channel, "notification written to outbox")
                }
                Err(StoreError::ConditionFailed { .. }) => {} // delivered before
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
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

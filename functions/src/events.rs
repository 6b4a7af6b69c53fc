//! Domain events: recorded in the same transaction as the change that caused them, then
//! published to the `EventBus`. An event that was recorded but not published (a crash, a
//! bus outage) stays pending and is published again by `redeliver_pending`.

use async_trait::async_trait;
use helpdesk_shared::Status;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::clock::sort_key;
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainEvent {
    pub id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The ticket number (storage key form); empty for events about no request.
    #[serde(default)]
    pub ticket: String,
    #[serde(flatten)]
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    TicketCreated,
    StatusChanged {
        from: Status,
        to: Status,
    },
    CitizenMessage,
    /// Staff replied publicly.
    StaffReplied,
    /// Handed to a specialist department; the expected date changed.
    Escalated,
    /// A citizen's one-time sign-in code, to their phone or e-mail. Carries the code
    /// itself (the only event that does), so it expires with the code.
    SignInCode {
        to: String,
        code: String,
        language: helpdesk_shared::Lang,
        /// How long the code is valid, as the message says.
        minutes: u32,
    },
    /// A booked visit to an office was made, moved or cancelled, or is tomorrow: its
    /// citizen is told (`appointments`; the booking names where to).
    Appointment {
        number: String,
        news: crate::appointments::News,
    },
    /// A staff login was locked after wrong passwords; its owner is told by e-mail (if
    /// the account has one), so a lock they did not cause does not go unnoticed.
    StaffLocked {
        login: String,
        #[serde(with = "time::serde::rfc3339")]
        until: OffsetDateTime,
    },
    /// A chat's transcript, to the e-mail address the citizen gave for it (rendered from
    /// the chat's messages when delivered).
    ChatTranscript {
        chat: String,
        to: String,
        language: helpdesk_shared::Lang,
    },
    /// The citizen's repeat request: the assignee and the supervisors are told.
    RepeatRequested {
        #[serde(default)]
        escalate: bool,
    },
    /// A service-level date passed (the sweep): the supervisors are told, or, when it
    /// escalated the request, the specialists of its department.
    SlaAlert {
        stage: helpdesk_shared::sla::Overdue,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        department: Option<helpdesk_shared::auth::Department>,
    },
    /// A chat has waited for a person past the first-reply target: the supervisors on
    /// duty are told (`chat::wait`).
    /// The citizen asked for the request's last news (event `of`) again.
    ResendRequested {
        of: String,
    },
    /// A day before the date the citizen was asked to answer by (the sweep), once.
    InfoReminder {
        #[serde(with = "time::serde::rfc3339")]
        due: OffsetDateTime,
    },
    /// An operator wrote in a signed-in citizen's chat and that citizen has browsers
    /// with push on: each is told (`notify::push::chat_messages`), the tap opening it.
    ChatReply {
        chat: String,
    },
    ChatWaiting {
        chat: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        department: Option<helpdesk_shared::auth::Department>,
        #[serde(with = "time::serde::rfc3339")]
        since: OffsetDateTime,
    },
}

impl EventKind {
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::TicketCreated => "ticket_created",
            EventKind::StatusChanged { .. } => "status_changed",
            EventKind::CitizenMessage => "citizen_message",
            EventKind::StaffReplied => "staff_replied",
            EventKind::Escalated => "escalated",
            EventKind::SignInCode { .. } => "sign_in_code",
            EventKind::StaffLocked { .. } => "staff_locked",
            EventKind::ChatTranscript { .. } => "chat_transcript",
            EventKind::SlaAlert { .. } => "sla_alert",
            EventKind::RepeatRequested { .. } => "repeat_requested",
            EventKind::ChatWaiting { .. } => "chat_waiting",
            EventKind::ChatReply { .. } => "chat_reply",
            EventKind::InfoReminder { .. } => "info_reminder",
            EventKind::ResendRequested { .. } => "resend_requested",
            EventKind::Appointment { .. } => "appointment",
        }
    }

    /// The kinds that send a message, by `name`: the fan-out's subscription filter in
    /// `infra/template.yaml` lists exactly these (a test compares them).
    pub const NOTIFYING: [&'static str; 14] = [
        "ticket_created",
        "status_changed",
        "staff_replied",
        "escalated",
        "sign_in_code",
        "staff_locked",
        "chat_transcript",
        "sla_alert",
        "repeat_requested",
        "chat_waiting",
        "chat_reply",
        "info_reminder",
        "resend_requested",
        "appointment",
    ];
}

#[derive(Debug, thiserror::Error)]
pub enum BusError {
    #[error("event bus unavailable: {0}")]
    Unavailable(String),
}

impl From<StoreError> for BusError {
    fn from(e: StoreError) -> Self {
        BusError::Unavailable(e.to_string())
    }
}

#[async_trait]
pub trait EventBus: Send + Sync + 'static {
    /// Accepts an event for delivery. Delivery is idempotent per event id, so publishing
    /// the same event twice is harmless.
    async fn publish(&self, event: &DomainEvent) -> Result<(), BusError>;
}

const PENDING: &str = "EVENTS#PENDING";

pub(crate) fn event_pk(id: &str) -> String {
    format!("EV#{id}")
}

/// The item that records an event, pending until published.
pub fn pending_item(event: &DomainEvent) -> Item {
    let mut item = Item::new(event_pk(&event.id), "EVENT", crate::store::body(event));
    item.gsi1 = Some((
        PENDING.to_owned(),
        format!("{}#{}", sort_key(event.at), event.id),
    ));
    item
}

/// Publishes events and marks them delivered; failures are logged and left pending.
pub async fn publish_all(store: &dyn KvStore, bus: &dyn EventBus, events: &[DomainEvent]) {
    for event in events {
        if let Err(e) = bus.publish(event).await {
            tracing::warn!(event_id = %event.id, kind = event.kind.name(), error = %e, "event left pending");
            continue;
        }
        if let Err(e) = mark_delivered(store, event).await {
            tracing::warn!(event_id = %event.id, error = %e, "event delivered but not marked");
        }
    }
}

async fn mark_delivered(store: &dyn KvStore, event: &DomainEvent) -> Result<(), StoreError> {
    let Some(mut item) = store.get(&event_pk(&event.id), "EVENT").await? else {
        return Ok(());
    };
    let version = item.version;
    item.version += 1;
    item.gsi1 = None;
    // Delivered events are kept for a while for inquiries, then expire; a sign-in code
    // is of no use to anyone once delivered.
    item.expires_at = Some(match event.kind {
        EventKind::SignInCode { .. } => event.at.unix_timestamp() + 600,
        // The address given for one e-mail: kept a day for inquiries, no longer.
        EventKind::ChatTranscript { .. } => event.at.unix_timestamp() + 86_400,
        // A chat's "new message" is news for minutes; a day covers inquiries.
        EventKind::ChatReply { .. } => event.at.unix_timestamp() + 86_400,
        _ => event.at.unix_timestamp() + 200 * 86_400,
    });
    match store.put(item, Cond::Version(version)).await {
        // Someone else marked it meanwhile: fine.
        Err(StoreError::ConditionFailed { .. }) => Ok(()),
        other => other,
    }
}

/// Publishes events recorded before `older_than` that are still pending. Returns how
/// many were published.
pub async fn redeliver_pending(
    store: &dyn KvStore,
    bus: &dyn EventBus,
    older_than: OffsetDateTime,
) -> Result<usize, StoreError> {
    let mut q = Query::new(
        Index::Gsi1,
        PENDING,
        SkRange::Between(String::new(), sort_key(older_than)),
    );
    q.limit = 100;
    let mut published = 0;
    loop {
        let page = store.query(q.clone()).await?;
        let events: Vec<DomainEvent> = page
            .items
            .iter()
            .filter_map(|i| match i.decode() {
                Ok(event) => Some(event),
                Err(e) => {
                    // Left pending, so it stays visible to whoever reads this line.
                    tracing::error!(pk = %i.pk, error = %e, "pending event cannot be read; not published");
                    None
                }
            })
            .collect();
        publish_all(store, bus, &events).await;
        published += events.len();
        match page.cursor {
            Some(c) => q.cursor = Some(c),
            None => return Ok(published),
        }
    }
}

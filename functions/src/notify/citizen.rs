//! A request's news to its citizen, the way they chose (`helpdesk_shared::notice`): the
//! preferences in force (the request's own, else a signed-in owner's, else what they
//! gave), the channels and times these decide, the in-app notifications, and the
//! request's delivery log (messages held through quiet hours or for a retry: `held`).
//!
//! The log item (`T#<number>` / `D#<event time>#<event id>#<channel>#<address hash>`)
//! is also what makes a redelivered event send nothing twice: a message with a log item
//! is done (sent, held or failed).

use helpdesk_shared::api::OutboxMessage;
use helpdesk_shared::auth::Contact;
use helpdesk_shared::notice::{
    Channel, Delivery, DeliveryState, Notice, NoticeKind, Notices, Planned, Prefs, RequestNotices,
    SeenRequest, UNREAD_MAX, mask_email, mask_phone,
};
use helpdesk_shared::{Status, TicketNumber};
use time::OffsetDateTime;

use super::held::{backoff, hold, redacted};
use super::in_app;
use super::{SendError, Sender, deliverable, render};
use crate::clock::sort_key;
use crate::events::{DomainEvent, EventKind};
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError};
use crate::tickets::TicketRecord;

const PREFS_SK: &str = "PREFS";
const SEEN_SK: &str = "NSEEN";
/// Notifications the centre lists.
const NOTICES_SHOWN: usize = 50;

/// What an event about a request tells its citizen, if anything.
pub fn notice_kind(kind: &EventKind) -> Option<NoticeKind> {
    Some(match kind {
        EventKind::TicketCreated => NoticeKind::Received,
        EventKind::StatusChanged {
            to: Status::AwaitingCitizen,
            ..
        } => NoticeKind::InfoAsked,
        EventKind::StatusChanged { to, .. } => NoticeKind::StatusChanged { status: *to },
        EventKind::StaffReplied => NoticeKind::Answered,
        EventKind::Escalated => NoticeKind::Escalated,
        EventKind::InfoReminder { .. } => NoticeKind::Reminder,
        _ => return None,
    })
}

impl TicketRecord {
    /// The owner keys (`CIT#<hash>`) of whoever may see the request when signed in: its
    /// contacts' and its signed-in submitter's.
    pub fn owner_pks(&self) -> Vec<String> {
        let mut pks: Vec<String> = self
            .contacts()
            .iter()
            .map(crate::tickets::owner_pk)
            .collect();
        if let Some(s) = &self.submitter
            && !pks.contains(s)
        {
            pks.push(s.clone());
        }
        pks
    }

    /// The channels it has an address for (the app: always, through its owners; push
    /// is looked up: `push::any_subscribed`).
    pub fn channels_available(&self) -> Vec<Channel> {
        let mut out = Vec::new();
        if self.phone.is_some() {
            out.push(Channel::Sms);
        }
        if self.email.is_some() {
            out.push(Channel::Email);
        }
        out.push(Channel::App);
        out
    }
}

/// The preferences in force for a request, and whether they are its own.
pub async fn effective(store: &dyn KvStore, t: &TicketRecord) -> Result<(Prefs, bool), StoreError> {
    if let Some(item) = store.get(&TicketRecord::pk(&t.number), PREFS_SK).await? {
        return Ok((item.decode()?, true));
    }
    for pk in t.owner_pks() {
        if let Some(item) = store.get(&pk, PREFS_SK).await? {
            return Ok((item.decode()?, false));
        }
    }
    Ok((Prefs::defaults(t.language), false))
}

/// A signed-in citizen's preferences for all their requests (the defaults in `lang`
/// until saved).
pub async fn citizen_prefs(
    store: &dyn KvStore,
    contact: &Contact,
    lang: helpdesk_shared::Lang,
) -> Result<Prefs, StoreError> {
    Ok(
        match store
            .get(&crate::tickets::owner_pk(contact), PREFS_SK)
            .await?
        {
            Some(item) => item.decode()?,
            None => Prefs::defaults(lang),
        },
    )
}

/// Saves a citizen's preferences (already checked).
pub async fn save_citizen_prefs(
    store: &dyn KvStore,
    contact: &Contact,
    prefs: &Prefs,
) -> Result<(), StoreError> {
    let item = Item::new(
        crate::tickets::owner_pk(contact),
        PREFS_SK,
        crate::store::body(prefs),
    );
    store.put(item, Cond::Always).await
}

/// Saves one request's preferences (already checked); they win over its owner's.
pub async fn save_request_prefs(
    store: &dyn KvStore,
    number: &str,
    prefs: &Prefs,
) -> Result<(), StoreError> {
    let item = Item::new(
        TicketRecord::pk(number),
        PREFS_SK,
        crate::store::body(prefs),
    );
    store.put(item, Cond::Always).await
}

/// A request's preferences and delivery log, as its citizen (and staff) see them.
pub async fn request_notices(
    store: &dyn KvStore,
    t: &TicketRecord,
) -> Result<RequestNotices, StoreError> {
    let (prefs, own) = effective(store, t).await?;
    let mut q = Query::new(
        Index::Table,
        TicketRecord::pk(&t.number),
        SkRange::Prefix("D#".into()),
    );
    q.forward = false;
    q.limit = 100;
    let deliveries = store
        .query(q)
        .await?
        .items
        .iter()
        .map(Item::decode)
        .collect::<Result<Vec<Delivery>, _>>()?;
    let mut available = t.channels_available();
    if super::push::any_subscribed(store, &t.owner_pks()).await? {
        available.push(Channel::Push);
    }
    Ok(RequestNotices {
        prefs,
        own,
        available,
        deliveries,
    })
}

pub(super) fn log_sk(event: &DomainEvent, channel: Channel, to: &str) -> String {
    let hash = crate::ids::sha256_hex(&[to.as_bytes()]);
    format!(
        "D#{}#{}#{}#{}",
        sort_key(event.at),
        event.id,
        channel.name(),
        &hash[..16]
    )
}

/// A log line; one with the provider's message id is also found by it (GSI1
/// `PMSG#<id>`), for the provider's delivery reports (`feedback`).
pub(super) fn log_item(number: &str, sk: &str, delivery: &Delivery) -> Item {
    let mut item = Item::new(TicketRecord::pk(number), sk, crate::store::body(delivery));
    if let Some(id) = &delivery.provider_id {
        item.gsi1 = Some((super::feedback::provider_pk(id), "PMSG".into()));
    }
    item
}

fn masked(channel: Channel, to: &str) -> String {
    match channel {
        Channel::Sms => mask_phone(to),
        Channel::Email => mask_email(to),
        Channel::App | Channel::Push => String::new(),
    }
}

/// Sends a request's news to its citizen as their preferences say, at `now`. Returns
/// how many messages went out (the app's notifications included). `resend`: sent again
/// at the citizen's request, by SMS and e-mail only and at once (they asked for it now).
pub(super) async fn deliver(
    store: &dyn KvStore,
    sender: &dyn Sender,
    event: &DomainEvent,
    t: &TicketRecord,
    now: OffsetDateTime,
    resend: bool,
) -> Result<usize, SendError> {
    let Some(kind) = notice_kind(&event.kind) else {
        return Ok(0);
    };
    let (prefs, _) = effective(store, t).await?;
    let mut worded = t.clone();
    worded.language = prefs.language;
    let messages = render(event, &worded);
    let mut available = t.channels_available();
    available.push(Channel::Push);
    let mut sent = 0;
    // The app's notification joins the commit of the first message sent by a store write
    // (the local outbox), or is committed alone at the end.
    let plan = prefs.plan(kind.topic(), &available, now);
    let mut app_pending = !resend && plan.iter().any(|p| p.channel == Channel::App);
    for planned in plan {
        if planned.channel == Channel::App {
            continue;
        }
        // SMS and e-mail go again on request; the app and push do not.
        if resend && planned.channel == Channel::Push {
            continue;
        }
        let planned = Planned {
            hold_until: planned.hold_until.filter(|_| !resend),
            ..planned
        };
        let outgoing: Vec<(String, OutboxMessage)> = if planned.channel == Channel::Push {
            let number = display_number(t);
            let text = super::sms::sms_text(event, &worded, &number);
            let template = OutboxMessage {
                event_id: event.id.clone(),
                channel: "push".into(),
                to: String::new(),
                subject: String::new(),
                body: text,
                html: None,
                at: event.at,
            };
            super::push::messages(store, &t.owner_pks(), &template, &number, prefs.language).await?
        } else {
            messages
                .iter()
                .filter(|m| m.channel == planned.channel.name())
                .map(|m| {
                    let mut m = m.clone();
                    m.to = deliverable(&m.channel, &m.to);
                    (masked(planned.channel, &m.to), m)
                })
                .collect()
        };
        for (to, msg) in outgoing {
            let logged = Logged { to, msg, resend };
            sent += send_logged(
                store,
                sender,
                event,
                t,
                kind,
                planned,
                logged,
                now,
                &mut app_pending,
            )
            .await?;
        }
    }
    if app_pending {
        sent += usize::from(in_app::commit(store, in_app::writes(event, t, kind)).await?);
    }
    Ok(sent)
}

/// One message to send and log: to whom (masked, for the log), what, and whether the
/// citizen asked for it again.
struct Logged {
    to: String,
    msg: OutboxMessage,
    resend: bool,
}

/// Sends one message unless its log line exists: now, or held for quiet hours, or
/// kept for a retry after a failure; marked failed when it will never go. Returns how
/// many messages went now: this one, and the app's notification when it was pending
/// and joined this message's commit.
#[allow(clippy::too_many_arguments)]
async fn send_logged(
    store: &dyn KvStore,
    sender: &dyn Sender,
    event: &DomainEvent,
    t: &TicketRecord,
    kind: NoticeKind,
    planned: Planned,
    logged: Logged,
    now: OffsetDateTime,
    app_pending: &mut bool,
) -> Result<usize, SendError> {
    let Logged { to, msg, resend } = logged;
    let sk = log_sk(event, planned.channel, &msg.to);
    if store
        .get(&TicketRecord::pk(&t.number), &sk)
        .await?
        .is_some()
    {
        return Ok(0);
    }
    let delivery = Delivery {
        kind,
        channel: planned.channel,
        to,
        state: DeliveryState::Sent,
        at: now,
        hold_until: None,
        error: None,
        attempts: 0,
        resent: resend,
        provider_id: None,
    };
    let channel = planned.channel.name();
    if let Some(until) = planned.hold_until {
        let delivery = Delivery {
            state: DeliveryState::Held,
            hold_until: Some(until),
            ..delivery
        };
        hold(store, &t.number, &sk, delivery, msg, None).await?;
        tracing::info!(event_id = %event.id, channel, "notification held for quiet hours");
        return Ok(0);
    }
    let delivery = match super::prepare(store, sender, &msg, now).await {
        Ok(super::Dispatch::Sent(provider_id)) => Delivery {
            provider_id,
            ..delivery
        },
        Ok(super::Dispatch::Write(item, provider_id)) => {
            let delivery = Delivery {
                provider_id: Some(provider_id),
                ..delivery
            };
            let log = log_item(&t.number, &sk, &delivery);
            let with_app = std::mem::take(app_pending).then(|| in_app::writes(event, t, kind));
            let sent = in_app::commit_sent(store, item, log, with_app).await?;
            if sent > 0 {
                tracing::info!(event_id = %event.id, channel, "notification sent");
            }
            return Ok(sent);
        }
        Err(SendError::Refused(e)) => {
            let error = redacted(&e);
            tracing::warn!(event_id = %event.id, channel, %error, "notification refused; marked failed");
            Delivery {
                state: DeliveryState::Failed,
                error: Some(error),
                attempts: 1,
                ..delivery
            }
        }
        Err(e) => {
            // Tried again by the sweep, later each time; never silently dropped.
            let error = redacted(&e.to_string());
            tracing::warn!(event_id = %event.id, channel, %error, "notification failed; to be retried");
            let delivery = Delivery {
                state: DeliveryState::Retrying,
                hold_until: Some(now + backoff(1)),
                error: Some(error),
                attempts: 1,
                ..delivery
            };
            hold(store, &t.number, &sk, delivery, msg, None).await?;
            return Ok(0);
        }
    };
    put_absent(store, log_item(&t.number, &sk, &delivery)).await?;
    let went = delivery.state == DeliveryState::Sent;
    if went {
        tracing::info!(event_id = %event.id, channel, "notification sent");
    }
    Ok(usize::from(went))
}

pub(super) fn display_number(t: &TicketRecord) -> String {
    TicketNumber::parse(&t.number)
        .map(|n| n.display())
        .unwrap_or_else(|_| t.number.clone())
}

async fn put_absent(store: &dyn KvStore, item: Item) -> Result<(), StoreError> {
    match store.put(item, Cond::Absent).await {
        Ok(()) | Err(StoreError::ConditionFailed { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

/// A signed-in citizen's notification centre, newest first, with the unread count.
pub async fn notices(store: &dyn KvStore, contact: &Contact) -> Result<Notices, StoreError> {
    let pk = crate::tickets::owner_pk(contact);
    let seen = seen_up_to(store, &pk).await?;
    let unread = count_after(store, &pk, seen).await?;
    let mut q = Query::new(Index::Table, pk, SkRange::Prefix("N#".into()));
    q.forward = false;
    q.limit = NOTICES_SHOWN;
    let mut items = store
        .query(q)
        .await?
        .items
        .iter()
        .map(Item::decode)
        .collect::<Result<Vec<Notice>, _>>()?;
    for n in &mut items {
        n.unread = seen.is_none_or(|s| n.at > s);
    }
    Ok(Notices { items, unread })
}

/// The bell's count: only the notifications after the last seen are read (up to
/// `UNREAD_MAX`), so asking every 30 s costs what is new, not the whole centre.
pub async fn unread(store: &dyn KvStore, contact: &Contact) -> Result<u32, StoreError> {
    let pk = crate::tickets::owner_pk(contact);
    let seen = seen_up_to(store, &pk).await?;
    count_after(store, &pk, seen).await
}

async fn count_after(
    store: &dyn KvStore,
    pk: &str,
    seen: Option<OffsetDateTime>,
) -> Result<u32, StoreError> {
    // `N#<time>#<id>`: everything after `N#<seen time>~` is newer than what was seen.
    let from = seen.map_or_else(|| "N#".to_owned(), |s| format!("N#{}~", sort_key(s)));
    let mut q = Query::new(Index::Table, pk, SkRange::Between(from, "N#~".into()));
    q.limit = UNREAD_MAX as usize;
    Ok(store.query(q).await?.items.len() as u32)
}

async fn seen_up_to(store: &dyn KvStore, pk: &str) -> Result<Option<OffsetDateTime>, StoreError> {
    Ok(match store.get(pk, SEEN_SK).await? {
        Some(item) => Some(item.decode::<SeenRequest>()?.up_to),
        None => None,
    })
}

/// Marks the centre's notifications up to `up_to` as seen (never moves backwards).
pub async fn mark_seen(
    store: &dyn KvStore,
    contact: &Contact,
    up_to: OffsetDateTime,
) -> Result<(), StoreError> {
    let pk = crate::tickets::owner_pk(contact);
    if seen_up_to(store, &pk).await?.is_some_and(|s| s >= up_to) {
        return Ok(());
    }
    let body = crate::store::body(&SeenRequest { up_to });
    store.put(Item::new(pk, SEEN_SK, body), Cond::Always).await
}

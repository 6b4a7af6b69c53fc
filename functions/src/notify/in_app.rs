//! The app's notification of a request's news: an item in the centre of each of the
//! request's owners and its line in the request's delivery log, committed together —
//! and, over the local outbox, in the same commit as the first message that goes with
//! it, so one event's delivery writes the request's log page once, not once a channel.

use helpdesk_shared::notice::{Channel, Delivery, DeliveryState, Notice, NoticeKind};

use super::citizen::{display_number, log_item, log_sk};
use crate::clock::sort_key;
use crate::events::DomainEvent;
use crate::store::{Cond, Item, KvStore, StoreError, Write};
use crate::tickets::TicketRecord;

/// How long the notification centre keeps a notification.
const NOTICE_TTL_SECS: i64 = 365 * 86_400;

/// The notification's writes: its log line first (absent: a redelivered event finds it
/// and writes nothing), then the centres' items.
pub(super) fn writes(event: &DomainEvent, t: &TicketRecord, kind: NoticeKind) -> Vec<Write> {
    let notice = Notice {
        id: event.id.clone(),
        number: display_number(t),
        kind,
        at: event.at,
        unread: true,
    };
    let delivery = Delivery {
        kind,
        channel: Channel::App,
        to: String::new(),
        state: DeliveryState::Sent,
        at: event.at,
        hold_until: None,
        error: None,
        attempts: 0,
        resent: false,
        provider_id: None,
    };
    let sk = log_sk(event, Channel::App, "");
    let mut writes = vec![Write::put(
        log_item(&t.number, &sk, &delivery),
        Cond::Absent,
    )];
    for pk in t.owner_pks() {
        let mut item = Item::new(
            pk,
            format!("N#{}#{}", sort_key(event.at), event.id),
            crate::store::body(&notice),
        );
        item.expires_at = Some(event.at.unix_timestamp() + NOTICE_TTL_SECS);
        writes.push(Write::put(item, Cond::Always));
    }
    writes
}

/// Commits the notification's `writes`; `false` when it was there already.
pub(super) async fn commit(store: &dyn KvStore, writes: Vec<Write>) -> Result<bool, StoreError> {
    match store.transact(writes).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Sends a message by writing its outbox item with its log line (absent), and the app's
/// notification with them when it is given: one commit. Returns how many went: none
/// when the message was logged already (a delivery of the same event meanwhile).
pub(super) async fn commit_sent(
    store: &dyn KvStore,
    outbox: Item,
    log: Item,
    app: Option<Vec<Write>>,
) -> Result<usize, StoreError> {
    let message = vec![
        Write::put(outbox, Cond::Always),
        Write::put(log, Cond::Absent),
    ];
    let Some(app) = app else {
        return Ok(usize::from(commit(store, message).await?));
    };
    let together: Vec<Write> = message.iter().cloned().chain(app.iter().cloned()).collect();
    match store.transact(together).await {
        Ok(()) => Ok(2),
        // One of the two was there already (a redelivery): each on its own.
        Err(StoreError::ConditionFailed { .. }) => {
            Ok(usize::from(commit(store, message).await?) + usize::from(commit(store, app).await?))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use helpdesk_shared::Lang;
    use helpdesk_shared::notice::{Channel, DeliveryState};

    use super::super::tests::{event, store_with, ticket};
    use super::*;
    use crate::events::EventKind;
    use crate::notify::{OutboxSender, deliver_at, outbox, request_notices};

    #[tokio::test]
    async fn over_the_outbox_a_message_its_log_line_and_the_notice_go_once() {
        let t = ticket("123456782", Lang::Ru);
        let (_dir, store) = store_with(&t).await;
        let sender = OutboxSender::new(Arc::new(store.clone()));
        let mut e = event("ev1", &t.number, EventKind::TicketCreated);
        // Now, or the outbox's week would be over.
        e.at = time::OffsetDateTime::now_utc();
        // The SMS, the e-mail and the app's notification.
        assert_eq!(
            deliver_at(&store, &sender, &e, e.at)
                .await
                .expect("deliver"),
            3
        );
        // Delivered again (a crash before the event was marked): nothing twice.
        assert_eq!(
            deliver_at(&store, &sender, &e, e.at).await.expect("again"),
            0
        );
        let sent = outbox(&store, 10).await.expect("outbox");
        let mut channels: Vec<&str> = sent.iter().map(|m| m.channel.as_str()).collect();
        channels.sort_unstable();
        assert_eq!(channels, ["email", "sms"]);
        let log = request_notices(&store, &t).await.expect("log").deliveries;
        assert_eq!(log.len(), 3, "{log:?}");
        assert!(log.iter().all(|d| d.state == DeliveryState::Sent));
        let outbox_ids = log
            .iter()
            .filter(|d| d.channel != Channel::App)
            .filter_map(|d| d.provider_id.as_deref());
        assert_eq!(outbox_ids.filter(|id| id.starts_with("outbox-")).count(), 2);
    }

    #[tokio::test]
    async fn a_notice_there_already_leaves_the_message_to_go_alone() {
        let t = ticket("123456782", Lang::Ru);
        let (_dir, store) = store_with(&t).await;
        let e = event("ev1", &t.number, EventKind::StaffReplied);
        let kind = crate::notify::notice_kind(&e.kind).expect("a request's news");
        assert!(commit(&store, writes(&e, &t, kind)).await.expect("notice"));
        assert!(!commit(&store, writes(&e, &t, kind)).await.expect("again"));
        let log = |to: &str| {
            let sk = log_sk(&e, Channel::Sms, to);
            let mut d = request_delivery();
            d.channel = Channel::Sms;
            log_item(&t.number, &sk, &d)
        };
        let outbox_item = |sk: &str| Item::new("OUTBOX", sk, serde_json::json!({}));
        let send = || {
            let app = Some(writes(&e, &t, kind));
            commit_sent(&store, outbox_item("1"), log("+7912"), app)
        };
        // Joined with the notice that is there: the message still goes, on its own.
        assert_eq!(send().await.expect("sent"), 1);
        // The same message again: nothing.
        assert_eq!(send().await.expect("again"), 0);
    }

    fn request_delivery() -> Delivery {
        Delivery {
            kind: NoticeKind::Answered,
            channel: Channel::App,
            to: String::new(),
            state: DeliveryState::Sent,
            at: time::OffsetDateTime::UNIX_EPOCH,
            hold_until: None,
            error: None,
            attempts: 0,
            resent: false,
            provider_id: None,
        }
    }
}

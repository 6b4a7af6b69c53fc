//! Messages to citizens kept for later: SMS held through quiet hours, and messages whose
//! provider failed, tried again later each time (1, 5, 15, 60 minutes) and marked failed
//! after the fifth attempt. The sweep sends what is due (`release_held`), the same
//! locally and in AWS, so a failure is recorded and retried, never dropped.

use helpdesk_shared::api::OutboxMessage;
use helpdesk_shared::notice::{Delivery, DeliveryState};
use time::OffsetDateTime;

use super::citizen::{effective, log_item};
use super::{SendError, Sender};
use crate::clock::sort_key;
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError, Write};
use crate::tickets::TicketRecord;

/// SMS waiting for quiet hours to end: `<release time>#<number>#<log key>`.
pub(super) const HELD_PK: &str = "NHELD";
/// Attempts at a message before it is marked failed (the first and four retries).
const ATTEMPTS: u32 = 5;
/// How long after its `n`th failure a message is tried again: 1, 5, 15, 60 minutes.
pub(super) fn backoff(failures: u32) -> time::Duration {
    time::Duration::minutes(match failures {
        0 | 1 => 1,
        2 => 5,
        3 => 15,
        _ => 60,
    })
}

/// A provider's error as the log may show it: no address (runs of digits and words
/// with `@` masked), at most 200 characters.
pub(super) fn redacted(error: &str) -> String {
    let mut out = String::new();
    for word in error.split_inclusive(char::is_whitespace) {
        let digits = word.chars().filter(char::is_ascii_digit).count();
        if word.contains('@') || digits >= 4 {
            out.push('…');
            if word.ends_with(char::is_whitespace) {
                out.push(' ');
            }
        } else {
            out.push_str(word);
        }
    }
    out.chars().take(200).collect()
}

/// An SMS kept until quiet hours end.
#[derive(serde::Serialize, serde::Deserialize)]
struct Held {
    number: String,
    log_sk: String,
    delivery: Delivery,
    msg: OutboxMessage,
}

/// Keeps a message to send at `delivery.hold_until` (quiet hours, or a retry), with its
/// log line; `replacing` the held item it was kept as before.
pub(super) async fn hold(
    store: &dyn KvStore,
    number: &str,
    sk: &str,
    delivery: Delivery,
    msg: OutboxMessage,
    replacing: Option<&Item>,
) -> Result<(), StoreError> {
    let until = delivery.hold_until.unwrap_or(delivery.at);
    let held = Held {
        number: number.to_owned(),
        log_sk: sk.to_owned(),
        delivery: delivery.clone(),
        msg,
    };
    // No expiry: the sweep sends or marks every one (an expiry read by the wall clock
    // could hide one from a sweep on the services' clock).
    let held_item = Item::new(
        HELD_PK,
        format!("{}#{number}#{sk}", sort_key(until)),
        crate::store::body(&held),
    );
    let mut writes = vec![Write::put(held_item, Cond::Absent)];
    match replacing {
        // Its line exists: replaced; the old held item goes.
        Some(old) => {
            writes.push(Write::put(log_item(number, sk, &delivery), Cond::Always));
            writes.push(Write::Delete {
                pk: old.pk.clone(),
                sk: old.sk.clone(),
                cond: Cond::Always,
            });
        }
        None => writes.push(Write::put(log_item(number, sk, &delivery), Cond::Absent)),
    }
    match store.transact(writes).await {
        Ok(()) | Err(StoreError::ConditionFailed { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Sends the messages whose time came by `now` — quiet hours ended, or the next attempt
/// after a refusal — unless the citizen has since turned that channel off for that
/// topic (then the log says so). The sweep's step; one sweep runs at a time (the local
/// loop; in AWS the function's reserved concurrency of 1). Returns how many were sent.
pub async fn release_held(
    store: &dyn KvStore,
    sender: &dyn Sender,
    now: OffsetDateTime,
) -> Result<usize, SendError> {
    let mut q = Query::new(
        Index::Table,
        HELD_PK,
        SkRange::Between(String::new(), format!("{}~", sort_key(now))),
    );
    q.limit = 100;
    let page = store.query(q).await?;
    let mut sent = 0;
    for item in &page.items {
        let held: Held = item.decode()?;
        let mut delivery = held.delivery.clone();
        let still_wanted = match store
            .get(&TicketRecord::pk(&held.number), TicketRecord::SK)
            .await?
        {
            Some(t) => {
                let t: TicketRecord = t.decode()?;
                effective(store, &t)
                    .await?
                    .0
                    .channels
                    .get(delivery.kind.topic())
                    .contains(&delivery.channel)
            }
            None => false,
        };
        delivery.at = now;
        delivery.hold_until = None;
        if !still_wanted {
            delivery.state = DeliveryState::Failed;
            delivery.error = Some(helpdesk_shared::notice::ERROR_TURNED_OFF.into());
        } else if let Err(e) = super::dispatch(store, sender, &held.msg, now)
            .await
            .map(|id| delivery.provider_id = id)
        {
            let (refused, error) = match &e {
                SendError::Refused(why) => (true, redacted(why)),
                e => (false, redacted(&e.to_string())),
            };
            delivery.attempts += 1;
            delivery.error = Some(error.clone());
            if delivery.attempts < ATTEMPTS && !refused {
                delivery.state = DeliveryState::Retrying;
                delivery.hold_until = Some(now + backoff(delivery.attempts));
                tracing::warn!(event_id = %held.msg.event_id, channel = %delivery.channel.name(), attempts = delivery.attempts, %error, "notification failed again; to be retried");
                let msg = held.msg.clone();
                hold(store, &held.number, &held.log_sk, delivery, msg, Some(item)).await?;
                continue;
            }
            delivery.state = DeliveryState::Failed;
            tracing::error!(event_id = %held.msg.event_id, channel = %delivery.channel.name(), attempts = delivery.attempts, %error, "notification failed for good; marked failed");
        } else {
            delivery.state = DeliveryState::Sent;
            delivery.error = None;
            sent += 1;
        }
        store
            .transact(vec![
                Write::put(
                    log_item(&held.number, &held.log_sk, &delivery),
                    Cond::Always,
                ),
                Write::Delete {
                    pk: item.pk.clone(),
                    sk: item.sk.clone(),
                    cond: Cond::Always,
                },
            ])
            .await?;
        tracing::info!(event_id = %held.msg.event_id, channel = %delivery.channel.name(), state = ?delivery.state, "held notification released");
    }
    Ok(sent)
}

//! "Отправить ещё раз": a request's last news that went by SMS or e-mail, sent again to
//! the channels its citizen chose, at once. The citizen's call records a
//! `ResendRequested` event (`Tickets::request_resend`, where the limits are checked
//! against the request's own record of resends); the fan-out sends it here, like any
//! other news, with its log lines marked as resent.

use helpdesk_shared::notice::{Channel, Delivery};
use time::{Duration, OffsetDateTime};

use super::{SendError, Sender};
use crate::events::DomainEvent;
use crate::store::{Index, KvStore, Query, SkRange, StoreError};
use crate::tickets::TicketRecord;

/// The least time between two resends of one request.
pub const RESEND_GAP: Duration = Duration::minutes(10);
/// Resends of one request in 24 hours.
pub const RESENDS_PER_DAY: usize = 3;

/// Whether another resend is allowed at `now` after those at `times` (oldest first);
/// if not, from when.
pub fn resend_allowed(times: &[OffsetDateTime], now: OffsetDateTime) -> Result<(), OffsetDateTime> {
    let recent: Vec<OffsetDateTime> = times
        .iter()
        .copied()
        .filter(|t| *t > now - Duration::DAY)
        .collect();
    if let Some(last) = recent.last()
        && *last + RESEND_GAP > now
    {
        return Err(*last + RESEND_GAP);
    }
    if recent.len() >= RESENDS_PER_DAY {
        return Err(recent[0] + Duration::DAY);
    }
    Ok(())
}

/// The newest news of request `t` that went (or was to go) by SMS or e-mail, not itself
/// a resend: its event id.
pub async fn last_sent(
    store: &dyn KvStore,
    t: &TicketRecord,
) -> Result<Option<String>, StoreError> {
    let mut q = Query::new(
        Index::Table,
        TicketRecord::pk(&t.number),
        SkRange::Prefix("D#".into()),
    );
    q.forward = false;
    q.limit = 200;
    for item in store.query(q).await?.items {
        let d: Delivery = item.decode()?;
        if matches!(d.channel, Channel::Sms | Channel::Email) && !d.resent {
            // `D#<time>#<event id>#<channel>#<hash>`
            return Ok(item.sk.split('#').nth(2).map(str::to_owned));
        }
    }
    Ok(None)
}

/// Sends event `of` again for `event` (the request to resend it): by SMS and e-mail, at
/// once. An original gone (kept 200 days) sends nothing.
pub(super) async fn deliver(
    store: &dyn KvStore,
    sender: &dyn Sender,
    event: &DomainEvent,
    of: &str,
    t: &TicketRecord,
    now: OffsetDateTime,
) -> Result<usize, SendError> {
    let Some(item) = store.get(&crate::events::event_pk(of), "EVENT").await? else {
        tracing::warn!(event_id = %event.id, "the news to send again is gone");
        return Ok(0);
    };
    let original: DomainEvent = item.decode()?;
    let again = DomainEvent {
        id: event.id.clone(),
        at: event.at,
        ticket: original.ticket,
        kind: original.kind,
    };
    let n = super::citizen::deliver(store, sender, &again, t, now, true).await?;
    tracing::info!(event_id = %event.id, messages = n, "notification sent again");
    Ok(n)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn once_in_ten_minutes_and_three_times_a_day() {
        let at = datetime!(2026-12-07 09:00 UTC);
        assert_eq!(resend_allowed(&[], at), Ok(()));
        let m = |min: i64| at + Duration::minutes(min);
        assert_eq!(resend_allowed(&[at], m(9)), Err(m(10)));
        assert_eq!(resend_allowed(&[at], m(10)), Ok(()));
        let three = [at, m(30), m(60)];
        assert_eq!(resend_allowed(&three, m(120)), Err(at + Duration::DAY));
        assert_eq!(resend_allowed(&three, at + Duration::DAY), Ok(()));
    }
}

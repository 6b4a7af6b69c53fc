//! A request's notifications as its citizen manages them: the preferences in force and
//! the delivery log (`notify::request_notices`), changed for this request only.

use helpdesk_shared::notice::{Prefs, RequestNotices};

use super::{Access, TicketError, TicketRecord, Tickets, event};
use crate::events::{EventKind, pending_item, publish_all};
use crate::store::{Cond, Item, StoreError, Write};

/// The request's resends so far (Unix seconds, oldest first): the limits' record.
const RESENDS_SK: &str = "RESENDS";

impl Tickets {
    /// The language of requests that name none (and of preferences not yet saved).
    pub fn default_language(&self) -> helpdesk_shared::Lang {
        self.default_language
    }

    /// The request's preferences in force and what was sent for it.
    pub async fn notices_of(&self, access: &Access<'_>) -> Result<RequestNotices, TicketError> {
        let looked = self.open_with(access).await?;
        Ok(crate::notify::request_notices(self.store.as_ref(), &looked.record).await?)
    }

    /// The same for staff who may open the request.
    pub async fn staff_notices(
        &self,
        a: &crate::auth::StaffAccount,
        number: &str,
    ) -> Result<RequestNotices, TicketError> {
        let looked = self.open_staff(a, number).await?;
        Ok(crate::notify::request_notices(self.store.as_ref(), &looked.record).await?)
    }

    /// Sets the request's own preferences (they win over the citizen's for it).
    pub async fn set_prefs(
        &self,
        access: &Access<'_>,
        prefs: &Prefs,
    ) -> Result<RequestNotices, TicketError> {
        let prefs = prefs.checked().map_err(TicketError::Validation)?;
        let looked = self.open_with(access).await?;
        let store = self.store.as_ref();
        crate::notify::save_request_prefs(store, &looked.record.number, &prefs).await?;
        tracing::info!(number = %looked.record.number, "request notification preferences saved");
        Ok(crate::notify::request_notices(store, &looked.record).await?)
    }

    /// "Отправить ещё раз": the request's last news by SMS or e-mail, again (the fan-out
    /// sends it). At most once in 10 minutes and three times a day per request
    /// (`notify::resend_allowed`), counted in one item written with the event, on its
    /// version, so two calls at once cannot both pass.
    pub async fn request_resend(&self, access: &Access<'_>) -> Result<RequestNotices, TicketError> {
        let looked = self.open_with(access).await?;
        let t = &looked.record;
        let store = self.store.as_ref();
        let now = self.clock.now();
        let pk = TicketRecord::pk(&t.number);
        let (mut times, cond, version) = match store.get(&pk, RESENDS_SK).await? {
            Some(item) => (
                item.decode::<Vec<i64>>()?,
                Cond::Version(item.version),
                item.version + 1,
            ),
            None => (Vec::new(), Cond::Absent, 1),
        };
        let at: Vec<time::OffsetDateTime> = times
            .iter()
            .filter_map(|s| time::OffsetDateTime::from_unix_timestamp(*s).ok())
            .collect();
        if let Err(from) = crate::notify::resend_allowed(&at, now) {
            let retry_after = (from - now).whole_seconds().max(1) as u64;
            return Err(TicketError::ResendTooSoon { retry_after });
        }
        let Some(of) = crate::notify::last_sent(store, t).await? else {
            return Err(TicketError::Refused(super::Refusal::NothingToResend));
        };
        times.retain(|s| *s > (now - time::Duration::DAY).unix_timestamp());
        times.push(now.unix_timestamp());
        let mut record = Item::new(pk, RESENDS_SK, serde_json::json!(times));
        record.version = version;
        let resend = event(&t.number, now, EventKind::ResendRequested { of });
        match store
            .transact(vec![
                Write::put(record, cond),
                Write::put(pending_item(&resend), Cond::Absent),
            ])
            .await
        {
            Ok(()) => {}
            // Another call at the same moment won: this one is too soon.
            Err(StoreError::ConditionFailed { .. }) => {
                let retry_after = crate::notify::RESEND_GAP.whole_seconds() as u64;
                return Err(TicketError::ResendTooSoon { retry_after });
            }
            Err(e) => return Err(e.into()),
        }
        tracing::info!(number = %t.number, event_id = %resend.id, "resend requested");
        publish_all(store, self.bus.as_ref(), &[resend]).await;
        Ok(crate::notify::request_notices(store, t).await?)
    }

    /// Sends the SMS held through quiet hours that have ended, by the services' clock.
    pub async fn release_held(
        &self,
        sender: &dyn crate::notify::Sender,
    ) -> Result<usize, crate::notify::SendError> {
        crate::notify::release_held(self.store.as_ref(), sender, self.clock.now()).await
    }
}

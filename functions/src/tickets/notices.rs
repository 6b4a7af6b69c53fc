//! A request's notifications as its citizen manages them: the preferences in force and
//! the delivery log (`notify::request_notices`), changed for this request only.

use helpdesk_shared::notice::{Prefs, RequestNotices};

use super::{Access, TicketError, Tickets};

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

    /// Sends the SMS held through quiet hours that have ended, by the services' clock.
    pub async fn release_held(
        &self,
        sender: &dyn crate::notify::Sender,
    ) -> Result<usize, crate::notify::SendError> {
        crate::notify::release_held(self.store.as_ref(), sender, self.clock.now()).await
    }
}

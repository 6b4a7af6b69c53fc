//! The citizen's survey of a closed request (`shared::survey`): CSAT 1–5 with a comment,
//! NPS 0–10. One answer per request, kept on its record (so the status page shows it
//! with no further read), changeable for a day, in the staff's history each time.
//!
//! The closing e-mail carries a one-time link (`link_token`): derived from the request's
//! random salt, so it is neither stored nor sent anywhere but in that e-mail; it answers
//! the survey once (`survey_link_used`) and opens nothing else — the page it leads to
//! shows no personal data. Later changes go through the request's page.

use helpdesk_shared::api::{TicketView, TimelineEvent};
use helpdesk_shared::survey::{SurveyAnswer, SurveyRequest};

use super::staff::Refusal;
use super::status::Access;
use super::{Looked, TicketError, TicketRecord, Tickets};
use crate::ids::{same_secret, sha256_hex};
use crate::store::StoreError;

/// The survey link's token of a request: 32 hex digits of SHA-256 over its salt.
pub fn link_token(t: &TicketRecord) -> String {
    let mut token = sha256_hex(&[b"survey-link:", t.code_salt.as_bytes(), t.number.as_bytes()]);
    token.truncate(32);
    token
}

impl Tickets {
    /// Answers (or changes, within a day) the survey; the request as its citizen sees it.
    pub async fn survey(
        &self,
        access: &Access<'_>,
        req: &SurveyRequest,
    ) -> Result<TicketView, TicketError> {
        let record = self.answer(access, req).await?;
        self.view(&record).await
    }

    /// Answers the survey through the e-mail's link, once; only the answer comes back.
    pub async fn survey_by_link(
        &self,
        number: &str,
        req: &SurveyRequest,
    ) -> Result<SurveyAnswer, TicketError> {
        let access = Access::Link {
            number,
            token: &req.token,
        };
        let record = self.answer(&access, req).await?;
        record.survey.ok_or(TicketError::NotFound)
    }

    /// The request opened by its one-time link, if the link is right and unused.
    pub(super) async fn open_link(&self, number: &str, token: &str) -> Result<Looked, TicketError> {
        let looked = self.by_number(number).await?;
        let record = &looked.record;
        if record.survey_link_used || !same_secret(&link_token(record), token) {
            return Err(TicketError::NotFound);
        }
        Ok(looked)
    }

    async fn answer(
        &self,
        access: &Access<'_>,
        req: &SurveyRequest,
    ) -> Result<TicketRecord, TicketError> {
        let (csat, nps, comment) = req.parse().map_err(TicketError::Validation)?;
        for _ in 0..3 {
            let Looked { item, mut record } = self.open_with(access).await?;
            let now = self.clock.now();
            if !record.status.is_final() {
                return Err(TicketError::Refused(Refusal::SurveyNotYet));
            }
            let answered_at = match &record.survey {
                Some(s) if now >= s.editable_until() => {
                    return Err(TicketError::Refused(Refusal::SurveyDone));
                }
                Some(s) => s.answered_at,
                None => now,
            };
            let before = record.clone();
            record.survey = Some(SurveyAnswer {
                csat,
                nps,
                comment: comment.clone(),
                answered_at,
                updated_at: now,
            });
            if matches!(access, Access::Link { .. }) {
                record.survey_link_used = true;
            }
            let mut writes = super::change_writes(&before, item.version, &record);
            let step = TimelineEvent::SurveyAnswered {
                csat,
                nps,
                comment: comment.clone(),
            };
            super::step_writes(&mut writes, &record.number, now, None, vec![step], vec![]);
            match self.store.transact(writes).await {
                Ok(()) => {
                    tracing::info!(ticket = %record.number, csat, nps, "survey answered");
                    return Ok(record);
                }
                Err(StoreError::ConditionFailed { index: 0 }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(TicketError::Busy)
    }
}

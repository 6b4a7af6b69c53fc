//! "Повторный запрос": a request in work with no change the citizen could see for 48
//! working hours (`sla::REPEAT_AFTER`) may be brought up again by its citizen, with an
//! optional message and, if they wish, a request for a specialist (the operator
//! decides). It goes to the top of the queue (and counts as overdue) until staff
//! answer publicly (`TicketRecord::to_item`), the assignee and the supervisors are told, and the timeline keeps
//! it; the next one is possible 48 working hours later.

use helpdesk_shared::Status;
use helpdesk_shared::api::{RepeatRequest, TicketView, TimelineEvent};
use helpdesk_shared::validate::Feedback;

use super::staff::Refusal;
use super::status::Access;
use super::{Looked, TicketError, Tickets};
use crate::events::{EventKind, publish_all};
use crate::store::StoreError;

impl Tickets {
    pub async fn repeat(
        &self,
        access: &Access<'_>,
        req: &RepeatRequest,
    ) -> Result<TicketView, TicketError> {
        let text = match req
            .message
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
        {
            None => String::new(),
            Some(m) => Feedback::parse(m)
                .map_err(|e| TicketError::Validation(vec![e.at("message")]))?
                .into_string(),
        };
        for _ in 0..3 {
            let Looked { item, mut record } = self.open_with(access).await?;
            let now = self.clock.now();
            if record.status.is_final() {
                return Err(TicketError::Closed);
            }
            match record.repeat_from(&self.levels.in_force().await?.calendar) {
                Some(from) if from <= now => {}
                _ if record.status != Status::InProgress => {
                    return Err(TicketError::Refused(Refusal::Transition {
                        from: record.status,
                        to: Status::InProgress,
                    }));
                }
                _ => return Err(TicketError::Refused(Refusal::TooSoon)),
            }
            let before = record.clone();
            record.repeat_at = Some(now);
            record.repeat_open = true;
            let mut writes = super::change_writes(&before, item.version, &record);
            let step = TimelineEvent::RepeatRequested {
                text: text.clone(),
                escalate: req.escalate,
            };
            let raised = EventKind::RepeatRequested {
                escalate: req.escalate,
            };
            let events = super::step_writes(
                &mut writes,
                &record.number,
                now,
                None,
                vec![step],
                vec![raised],
            );
            match self.store.transact(writes).await {
                Ok(()) => {
                    tracing::info!(ticket = %record.number, escalate = req.escalate, "repeat request");
                    publish_all(self.store.as_ref(), self.bus.as_ref(), &events).await;
                    return self.view(&record).await;
                }
                Err(StoreError::ConditionFailed { index: 0 }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(TicketError::Busy)
    }
}

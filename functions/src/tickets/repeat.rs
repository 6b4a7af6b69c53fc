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
use super::{Looked, TicketError, Tickets, entry, event, timeline_item};
use crate::events::{EventKind, pending_item, publish_all};
use crate::store::{Cond, StoreError, Write};

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
            match record.repeat_from(&self.calendar) {
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
            let step = entry(
                now,
                TimelineEvent::RepeatRequested {
                    text: text.clone(),
                    escalate: req.escalate,
                },
            );
            let raised = event(
                &record.number,
                now,
                EventKind::RepeatRequested {
                    escalate: req.escalate,
                },
            );
            let mut writes = vec![Write::put(
                record.to_item(item.version + 1),
                Cond::Version(item.version),
            )];
            writes.extend(super::counts::counter_writes(Some(&before), &record));
            writes.extend(super::schedule::schedule_writes(Some(&before), &record));
            writes.push(Write::put(
                timeline_item(&record.number, 0, &step),
                Cond::Absent,
            ));
            writes.push(Write::put(pending_item(&raised), Cond::Absent));
            match self.store.transact(writes).await {
                Ok(()) => {
                    tracing::info!(ticket = %record.number, escalate = req.escalate, "repeat request");
                    publish_all(self.store.as_ref(), self.bus.as_ref(), &[raised]).await;
                    return self.view(&record).await;
                }
                Err(StoreError::ConditionFailed { index: 0 }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(TicketError::Busy)
    }
}

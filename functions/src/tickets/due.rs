//! A request's due dates by its service level (`shared::sla`): set when it arrives or
//! reaches a department, the first-response clock stopped by the first answer the
//! citizen sees, and both clocks stopped while it waits for the citizen ("Ожидание")
//! and started again, with what was left, when it leaves that status.

use helpdesk_shared::Status;
use helpdesk_shared::api::TimelineEvent;
use helpdesk_shared::calendar::Calendar;
use helpdesk_shared::sla::{Clocks, Policy};
use time::OffsetDateTime;

use super::TicketRecord;

impl TicketRecord {
    /// The promise made to this request (older requests: their category's default).
    pub fn policy(&self) -> Policy {
        self.policy
            .unwrap_or_else(|| Policy::default_for(self.category))
    }

    /// Sets the due dates from `at` by the request's policy.
    pub fn start_clocks(&mut self, at: OffsetDateTime, cal: &Calendar) {
        let clocks = self.policy().start(at, cal);
        self.respond_by = clocks.respond_by.filter(|_| self.responded_at.is_none());
        self.expected_by = clocks.resolve_by;
    }

    /// The first answer the citizen sees (a reply, a question, the outcome): the
    /// first-response clock stops.
    pub fn responded(&mut self, now: OffsetDateTime, cal: &Calendar) {
        self.measure_first(now, cal);
        if self.responded_at.is_none() {
            self.responded_at = Some(now);
            self.respond_by = None;
        }
    }

    /// A status change from `from` to `to`: entering "Ожидание" stops the clocks;
    /// leaving it for work starts them again with what was left at the pause. The
    /// timeline step when the citizen's date moved.
    pub fn on_status(
        &mut self,
        from: Status,
        to: Status,
        now: OffsetDateTime,
        cal: &Calendar,
    ) -> Option<TimelineEvent> {
        self.measure_status(from, to, now, cal);
        if to == Status::AwaitingCitizen && from != to {
            self.paused_at = Some(now);
            return None;
        }
        if from != Status::AwaitingCitizen || to == from {
            return None;
        }
        let paused = self.paused_at.take()?;
        if to.is_final() {
            return None;
        }
        let before = Clocks {
            respond_by: self.respond_by,
            resolve_by: self.expected_by,
        };
        let after = self.policy().resume(before, paused, now, cal);
        self.respond_by = after.respond_by;
        self.expected_by = after.resolve_by;
        // A pause of seconds moves nothing the citizen would see.
        let moved = (after.resolve_by - before.resolve_by).abs() >= time::Duration::MINUTE;
        moved.then_some(TimelineEvent::DueMoved {
            due: after.resolve_by,
        })
    }

    /// A change the citizen sees (a reply, a question, an outcome, a new status): the
    /// repeat request's 48 hours start again, and an open one is answered.
    pub fn public_change(&mut self, now: OffsetDateTime) {
        self.public_at = Some(now);
        self.repeat_open = false;
    }

    /// While it is in work: from when the citizen may send a repeat request.
    pub fn repeat_from(&self, cal: &Calendar) -> Option<OffsetDateTime> {
        repeat_from(
            self.status,
            self.public_at,
            self.created_at,
            self.repeat_at,
            cal,
        )
    }

    /// Whether the clocks are stopped (waiting for the citizen).
    pub fn paused(&self) -> bool {
        self.paused_at.is_some() && self.status == Status::AwaitingCitizen
    }
}

/// From when a repeat request may be sent: 48 working hours after the last change the
/// citizen saw or their last repeat request, while the request is in work.
pub(super) fn repeat_from(
    status: Status,
    public_at: Option<OffsetDateTime>,
    created_at: OffsetDateTime,
    repeat_at: Option<OffsetDateTime>,
    cal: &Calendar,
) -> Option<OffsetDateTime> {
    if status != Status::InProgress {
        return None;
    }
    let seen = public_at.unwrap_or(created_at);
    let base = repeat_at.map_or(seen, |r| r.max(seen));
    Some(helpdesk_shared::sla::REPEAT_AFTER.after(base, cal))
}

#[cfg(test)]
mod tests {
    use helpdesk_shared::calendar::shipped;
    use time::macros::datetime;

    use super::super::sample_ticket;
    use super::*;

    fn msk(at: time::PrimitiveDateTime) -> OffsetDateTime {
        at.assume_offset(helpdesk_shared::moscow::OFFSET)
    }

    #[test]
    fn the_citizens_wait_moves_the_date_and_the_timeline_says_so() {
        let cal = shipped();
        let mut t = sample_ticket();
        // Payments: 8 working hours to respond, 48 calendar hours to resolve.
        t.start_clocks(msk(datetime!(2026-12-07 10:00)), &cal);
        assert_eq!(t.respond_by, Some(msk(datetime!(2026-12-07 18:00))));
        assert_eq!(t.expected_by, msk(datetime!(2026-12-09 10:00)));
        // A question to the citizen is a response, and stops the clocks.
        let asked = msk(datetime!(2026-12-07 12:00));
        t.responded(asked, &cal);
        assert_eq!(t.respond_by, None);
        assert_eq!(
            t.on_status(Status::InProgress, Status::AwaitingCitizen, asked, &cal),
            None
        );
        t.status = Status::AwaitingCitizen;
        assert!(t.paused());
        // They answer a day and a half later: the date moves by as much.
        let back = msk(datetime!(2026-12-09 00:00));
        let moved = t.on_status(Status::AwaitingCitizen, Status::InProgress, back, &cal);
        assert_eq!(t.expected_by, msk(datetime!(2026-12-10 22:00)));
        assert_eq!(
            moved,
            Some(TimelineEvent::DueMoved {
                due: msk(datetime!(2026-12-10 22:00))
            })
        );
        assert_eq!(t.paused_at, None);
        // Resolved while waiting: nothing to move.
        t.status = Status::AwaitingCitizen;
        t.paused_at = Some(back);
        let done = msk(datetime!(2026-12-09 08:00));
        assert_eq!(
            t.on_status(Status::AwaitingCitizen, Status::Resolved, done, &cal),
            None
        );
    }
}

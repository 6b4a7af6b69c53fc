//! What the reports measure of a request, fixed when it happens: how long the first
//! answer and the resolution took (in working and calendar time, and whether within the
//! promise), how long it waited for the citizen, whether it was escalated and by whom,
//! whether the citizen was asked for more. Kept with the request so its report counts
//! (`crate::reports`) are a function of the request alone — an edited calendar or policy
//! never changes what was already counted.

use helpdesk_shared::Status;
use helpdesk_shared::calendar::Calendar;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::TicketRecord;

/// How long something took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Took {
    /// Seconds within the operators' hours of the business calendar.
    pub work: u32,
    /// Seconds on the wall clock.
    pub wall: u32,
    /// Whether it came by the date promised (absent: nothing was promised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_time: Option<bool>,
}

/// Who escalated a request to a department first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalatedBy {
    /// The sweep, when the resolution date passed.
    Sweep,
    Staff,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Measures {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<Took>,
    /// From arrival to closing, less the waits for the citizen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Took>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub closed_at: Option<OffsetDateTime>,
    /// Seconds it waited for the citizen, on the wall clock and in working time.
    #[serde(skip_serializing_if = "is_zero")]
    pub waited_wall: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub waited_work: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalated: Option<EscalatedBy>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub info_asked: bool,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Measures {
    pub fn is_empty(&self) -> bool {
        *self == Measures::default()
    }
}

fn secs(from: OffsetDateTime, to: OffsetDateTime) -> u32 {
    u32::try_from((to - from).whole_seconds().max(0)).unwrap_or(u32::MAX)
}

fn work_secs(from: OffsetDateTime, to: OffsetDateTime, cal: &Calendar) -> u32 {
    cal.working_between(from, to).saturating_mul(60)
}

impl TicketRecord {
    /// The first answer the citizen sees came at `now` (called before `responded`
    /// clears the date it was due by).
    pub(super) fn measure_first(&mut self, now: OffsetDateTime, cal: &Calendar) {
        if self.measures.first.is_some() || self.responded_at.is_some() {
            return;
        }
        self.measures.first = Some(Took {
            work: work_secs(self.created_at, now, cal),
            wall: secs(self.created_at, now),
            // Late once the sweep found the date passed, whatever date an escalation
            // set since.
            in_time: self.respond_by.map(|due| now <= due && !self.first_late),
        });
    }

    /// A status change at `now`: a wait for the citizen that ends is added up; closing
    /// fixes the resolution's time (in time if by the date shown to the citizen and
    /// not escalated by the sweep for being late).
    pub(super) fn measure_status(
        &mut self,
        from: Status,
        to: Status,
        now: OffsetDateTime,
        cal: &Calendar,
    ) {
        if from == to {
            return;
        }
        if from == Status::AwaitingCitizen
            && let Some(paused) = self.paused_at
        {
            let m = &mut self.measures;
            m.waited_wall = m.waited_wall.saturating_add(secs(paused, now));
            m.waited_work = m.waited_work.saturating_add(work_secs(paused, now, cal));
        }
        if to.is_final() && !from.is_final() {
            let m = &mut self.measures;
            m.closed_at = Some(now);
            m.resolution = Some(Took {
                work: work_secs(self.created_at, now, cal).saturating_sub(m.waited_work),
                wall: secs(self.created_at, now).saturating_sub(m.waited_wall),
                // Escalated by the sweep: the date passed at level 2.
                in_time: Some(now <= self.expected_by && m.escalated != Some(EscalatedBy::Sweep)),
            });
        }
    }

    /// Escalated to a department by `by` (the first escalation is the one counted).
    pub(super) fn measure_escalation(&mut self, by: EscalatedBy) {
        self.measures.escalated.get_or_insert(by);
    }

    /// When it was closed (older requests: their last change).
    pub fn closed_at(&self) -> Option<OffsetDateTime> {
        self.status
            .is_final()
            .then(|| self.measures.closed_at.unwrap_or(self.updated_at))
    }

    /// Resolved at the first contact: never escalated, never repeated, never asked for
    /// more (a closed request is never reopened).
    pub fn first_contact(&self) -> bool {
        self.status == Status::Resolved
            && self.measures.escalated.is_none()
            && self.repeat_at.is_none()
            && !self.measures.info_asked
    }
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
    fn a_request_answered_after_a_pause_counts_its_work_without_the_wait() {
        let cal = shipped();
        let mut t = sample_ticket();
        // Monday 10:00; payments: first response within 8 working hours.
        t.created_at = msk(datetime!(2026-12-07 10:00));
        t.start_clocks(t.created_at, &cal);
        let asked = msk(datetime!(2026-12-07 12:00));
        t.responded(asked, &cal);
        assert_eq!(
            t.measures.first,
            Some(Took {
                work: 2 * 3600,
                wall: 2 * 3600,
                in_time: Some(true)
            })
        );
        t.measures.info_asked = true;
        t.on_status(Status::InProgress, Status::AwaitingCitizen, asked, &cal);
        t.status = Status::AwaitingCitizen;
        // The citizen answers the next morning: the wait's working part is what the
        // calendar says it is.
        let back = msk(datetime!(2026-12-08 09:00));
        t.on_status(Status::AwaitingCitizen, Status::InProgress, back, &cal);
        t.status = Status::InProgress;
        assert_eq!(t.measures.waited_wall, 21 * 3600);
        assert_eq!(
            t.measures.waited_work,
            cal.working_between(asked, back) * 60
        );
        let done = msk(datetime!(2026-12-08 11:00));
        t.on_status(Status::InProgress, Status::Resolved, done, &cal);
        t.status = Status::Resolved;
        let r = t.measures.resolution.expect("measured");
        assert_eq!(r.wall, 25 * 3600 - 21 * 3600);
        assert_eq!(
            r.work,
            (cal.working_between(t.created_at, done) - cal.working_between(asked, back)) * 60
        );
        assert_eq!(r.in_time, Some(true));
        assert_eq!(t.closed_at(), Some(done));
        // Asked for more: not resolved at the first contact.
        assert!(!t.first_contact());
        t.measures.info_asked = false;
        assert!(t.first_contact());
        t.measure_escalation(EscalatedBy::Sweep);
        t.measure_escalation(EscalatedBy::Staff);
        assert_eq!(t.measures.escalated, Some(EscalatedBy::Sweep));
        assert!(!t.first_contact());
    }

    #[test]
    fn a_late_first_answer_is_out_of_time() {
        let cal = shipped();
        let mut t = sample_ticket();
        t.created_at = msk(datetime!(2026-12-07 10:00));
        t.start_clocks(t.created_at, &cal);
        t.responded(msk(datetime!(2026-12-09 10:00)), &cal);
        assert_eq!(t.measures.first.expect("measured").in_time, Some(false));
        // A second answer changes nothing.
        let first = t.measures.first;
        t.responded(msk(datetime!(2026-12-10 10:00)), &cal);
        assert_eq!(t.measures.first, first);
    }
}

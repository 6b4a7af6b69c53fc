//! Service levels: how long a request may wait for its first response and for its
//! resolution, per category, counted in working time (the business calendar's
//! operators' hours) or in calendar time as the policy says. The seeds' figures are the
//! defaults: a form or e-mail answered within 48 hours, access recovery within 24 hours,
//! a status enquiry within one or two working days.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::auth::Department;
use crate::calendar::{Calendar, SpecialDay, SpecialKind};
use crate::{Category, FieldCode, FieldError};

/// How long a request in work may go without a change the citizen sees before they may
/// send a repeat request (and between two of them).
pub const REPEAT_AFTER: Span = Span::working_hours(48);

/// How often a request overdue at its department is brought to the supervisors again
/// (the default of `OnLate::remind_hours`).
pub const REMIND_HOURS: u32 = 24;

/// The longest span a policy may set: 30 days of minutes.
pub const SPAN_MAX_MINUTES: u32 = 30 * 24 * 60;
/// The longest interval between two reminders: a week.
pub const REMIND_MAX_HOURS: u32 = 7 * 24;

/// The department (level 3) a category's overdue requests go to.
pub fn department_for(category: Category) -> Department {
    match category {
        Category::Registration | Category::Technical | Category::Notifications => {
            Department::Technical
        }
        Category::Payments => Department::Payments,
        Category::Legal | Category::Complaint => Department::Legal,
        Category::Applications
        | Category::ApplicationStatus
        | Category::Appointments
        | Category::Suggestion => Department::Services,
    }
}

/// Which promise a request broke (the sweep's finding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Overdue {
    /// No answer the citizen could see by the first-response date: supervisors told.
    FirstResponse,
    /// Not resolved at level 2 by its date: escalated to its department.
    Resolution,
    /// Not resolved at its department by its date: supervisors told (again every
    /// `OnLate::remind_hours`).
    Department,
    /// Not resolved at level 2 by its date, under a policy that does not escalate:
    /// supervisors told (again every `OnLate::remind_hours`).
    Unresolved,
}

/// Which clock a span runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SlaClock {
    /// Only the operators' hours count (evenings, nights and holidays' closed hours
    /// do not).
    Working,
    /// Every minute counts.
    Calendar,
}

/// A length of time on one clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Span {
    pub minutes: u32,
    pub clock: SlaClock,
}

impl Span {
    pub const fn working_hours(hours: u32) -> Span {
        Span {
            minutes: hours * 60,
            clock: SlaClock::Working,
        }
    }

    pub const fn hours(hours: u32) -> Span {
        Span {
            minutes: hours * 60,
            clock: SlaClock::Calendar,
        }
    }

    /// `start` plus this span.
    pub fn after(self, start: OffsetDateTime, cal: &Calendar) -> OffsetDateTime {
        self.clock.add(start, self.minutes, cal)
    }
}

impl SlaClock {
    /// `start` plus `minutes` on this clock.
    pub fn add(self, start: OffsetDateTime, minutes: u32, cal: &Calendar) -> OffsetDateTime {
        match self {
            SlaClock::Working => cal.add_working(start, minutes),
            SlaClock::Calendar => start + Duration::minutes(minutes.into()),
        }
    }

    /// Minutes on this clock from `from` to `to` (0 if `to` is not later).
    pub fn between(self, from: OffsetDateTime, to: OffsetDateTime, cal: &Calendar) -> u32 {
        match self {
            SlaClock::Working => cal.working_between(from, to),
            SlaClock::Calendar => {
                u32::try_from((to - from).whole_minutes().max(0)).unwrap_or(u32::MAX)
            }
        }
    }
}

/// What the sweep does when a policy's date passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnLate {
    /// The first-response date passed: the supervisors are told (the request is marked
    /// in its timeline either way).
    pub alert: bool,
    /// The resolution date passed at level 2: the request goes to its category's
    /// department (level 3); if not, the supervisors are told instead.
    pub escalate: bool,
    /// Still overdue: the supervisors are told again every this many hours (1–168).
    pub remind_hours: u32,
}

impl Default for OnLate {
    fn default() -> OnLate {
        OnLate {
            alert: true,
            escalate: true,
            remind_hours: REMIND_HOURS,
        }
    }
}

/// A category's promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Policy {
    /// Until the first answer the citizen sees (a reply, a question, the outcome).
    pub first_response: Span,
    /// Until the request is resolved or rejected: the date the citizen is shown.
    pub resolution: Span,
    /// What the sweep does when a date passes (requests from before this field: the
    /// defaults).
    #[serde(default)]
    pub on_late: OnLate,
}

impl Policy {
    /// The seeds' figures.
    pub fn default_for(category: Category) -> Policy {
        match category {
            // Restoring access: within 24 hours.
            Category::Registration => Policy {
                first_response: Span::working_hours(4),
                resolution: Span::hours(24),
                on_late: OnLate::default(),
            },
            // A status enquiry: one or two working days (two days of a weekday's
            // twelve operators' hours).
            Category::ApplicationStatus => Policy {
                first_response: Span::working_hours(4),
                resolution: Span::working_hours(24),
                on_late: OnLate::default(),
            },
            // A form or an e-mail: answered within 48 hours.
            _ => Policy {
                first_response: Span::working_hours(8),
                resolution: Span::hours(48),
                on_late: OnLate::default(),
            },
        }
    }

    /// What is wrong with an edited policy: spans of 1 minute to 30 days, reminders
    /// every 1 to 168 hours (fields `first_response`, `resolution`, `remind_hours`).
    pub fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (field, minutes) in [
            ("first_response", self.first_response.minutes),
            ("resolution", self.resolution.minutes),
        ] {
            if !(1..=SPAN_MAX_MINUTES).contains(&minutes) {
                errors.push(FieldError::with_limit(
                    field,
                    FieldCode::OutOfRange,
                    SPAN_MAX_MINUTES / 60,
                ));
            }
        }
        if !(1..=REMIND_MAX_HOURS).contains(&self.on_late.remind_hours) {
            errors.push(FieldError::with_limit(
                "remind_hours",
                FieldCode::OutOfRange,
                REMIND_MAX_HOURS,
            ));
        }
        errors
    }

    /// How often an overdue request is brought to the supervisors again.
    pub fn remind_every(&self) -> Duration {
        Duration::hours(self.on_late.remind_hours.max(1).into())
    }
}

/// The chat's promise: a person's first reply within this many seconds of the hand-off
/// (the seeds: 30). A chat waiting longer is marked on the consoles and the supervisors
/// on duty are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatPolicy {
    pub first_reply_seconds: u32,
}

/// The longest first-reply target a chat may have: an hour.
pub const CHAT_REPLY_MAX_SECONDS: u32 = 3600;

impl Default for ChatPolicy {
    fn default() -> ChatPolicy {
        ChatPolicy {
            first_reply_seconds: crate::chat_console::FIRST_REPLY_SECS as u32,
        }
    }
}

impl ChatPolicy {
    /// What is wrong with an edited one: 1 second to an hour (`first_reply_seconds`).
    pub fn problems(&self) -> Vec<FieldError> {
        if (1..=CHAT_REPLY_MAX_SECONDS).contains(&self.first_reply_seconds) {
            return Vec::new();
        }
        vec![FieldError::with_limit(
            "first_reply_seconds",
            FieldCode::OutOfRange,
            CHAT_REPLY_MAX_SECONDS,
        )]
    }

    pub fn first_reply(&self) -> Duration {
        Duration::seconds(self.first_reply_seconds.into())
    }
}

/// A category's policy as the admins' page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryPolicy {
    pub category: Category,
    pub policy: Policy,
    /// Whether it is the shipped default (never edited, or edited back to it).
    pub default: bool,
}

/// The service levels in force: every category's policy and the calendar's special
/// days (new requests take them; requests in work keep the promise they were given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceLevels {
    pub policies: Vec<CategoryPolicy>,
    /// The chat's first-reply target.
    #[serde(default)]
    pub chat: ChatPolicy,
    /// The dates that are not what their weekday says, sorted.
    pub days: Vec<SpecialDay>,
}

/// A calendar date set to a kind (admins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayPut {
    pub kind: SpecialKind,
}

/// Where a request's clocks stand: its due dates, and the pause while it waits for the
/// citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clocks {
    pub respond_by: Option<OffsetDateTime>,
    pub resolve_by: OffsetDateTime,
}

impl Policy {
    /// The due dates of a request that arrives at `at`.
    pub fn start(&self, at: OffsetDateTime, cal: &Calendar) -> Clocks {
        Clocks {
            respond_by: Some(self.first_response.after(at, cal)),
            resolve_by: self.resolution.after(at, cal),
        }
    }

    /// The due dates after a pause from `paused` to `resumed`: what was left of each at
    /// the pause is left from the resumption (an overdue date stays overdue by as much).
    pub fn resume(
        &self,
        clocks: Clocks,
        paused: OffsetDateTime,
        resumed: OffsetDateTime,
        cal: &Calendar,
    ) -> Clocks {
        let moved = |due: OffsetDateTime, clock: SlaClock| {
            if due <= paused {
                // Overdue when the pause began: it stays as late as it was.
                return due;
            }
            match clock {
                SlaClock::Calendar => due + (resumed - paused),
                SlaClock::Working => clock.add(resumed, clock.between(paused, due, cal), cal),
            }
        };
        Clocks {
            respond_by: clocks
                .respond_by
                .map(|d| moved(d, self.first_response.clock)),
            resolve_by: moved(clocks.resolve_by, self.resolution.clock),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::calendar::shipped;

    fn msk(at: time::PrimitiveDateTime) -> OffsetDateTime {
        at.assume_offset(crate::moscow::OFFSET)
    }

    #[test]
    fn a_form_request_on_a_friday_evening() {
        let cal = shipped();
        let p = Policy::default_for(Category::Payments);
        // Friday 11 Dec 2026 19:50: first response 8 working hours (10 min Friday, then
        // Saturday 09:00–16:50), resolution 48 calendar hours.
        let c = p.start(msk(datetime!(2026-12-11 19:50)), &cal);
        assert_eq!(c.respond_by, Some(msk(datetime!(2026-12-12 16:50))));
        assert_eq!(c.resolve_by, msk(datetime!(2026-12-13 19:50)));
    }

    #[test]
    fn a_status_enquiry_takes_two_working_days() {
        let cal = shipped();
        let p = Policy::default_for(Category::ApplicationStatus);
        // Monday 10:00 + 24 working hours: Monday 10 h, Tuesday 12 h, Wednesday 2 h.
        let c = p.start(msk(datetime!(2026-12-07 10:00)), &cal);
        assert_eq!(c.resolve_by, msk(datetime!(2026-12-09 10:00)));
        assert_eq!(c.respond_by, Some(msk(datetime!(2026-12-07 14:00))));
    }

    #[test]
    fn waiting_for_the_citizen_stops_the_clock() {
        let cal = shipped();
        let p = Policy::default_for(Category::ApplicationStatus);
        let c = p.start(msk(datetime!(2026-12-07 10:00)), &cal);
        let answered = Clocks {
            respond_by: None,
            ..c
        };
        // Paused Monday 12:00 (22 working hours left), resumed Wednesday 19:00: 1 h
        // Wednesday, 12 h Thursday, 9 h Friday → Friday 17:00.
        let moved = p.resume(
            answered,
            msk(datetime!(2026-12-07 12:00)),
            msk(datetime!(2026-12-09 19:00)),
            &cal,
        );
        assert_eq!(moved.resolve_by, msk(datetime!(2026-12-11 17:00)));
        assert_eq!(moved.respond_by, None);
        // On the calendar clock the due date moves by the pause itself.
        let form = Policy::default_for(Category::Payments);
        let c = form.start(msk(datetime!(2026-12-07 10:00)), &cal);
        let moved = form.resume(
            c,
            msk(datetime!(2026-12-07 11:00)),
            msk(datetime!(2026-12-08 11:30)),
            &cal,
        );
        assert_eq!(moved.resolve_by, msk(datetime!(2026-12-10 10:30)));
        // An overdue date stays where it was.
        let late = form.resume(
            c,
            msk(datetime!(2026-12-10 11:00)),
            msk(datetime!(2026-12-11 11:00)),
            &cal,
        );
        assert_eq!(late.resolve_by, c.resolve_by);
    }
}

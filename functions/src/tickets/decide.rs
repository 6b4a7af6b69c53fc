//! What a staff action does to a request — who may, what changes, whether the status
//! machine allows it — decided without the store, so every rule is unit-tested here;
//! `staff::act` reads the request, calls `decide` and writes the result.

use helpdesk_shared::api::TimelineEvent;
use helpdesk_shared::workspace::CheckedAction;
use helpdesk_shared::{FieldCode, FieldError, Level, Status};
use time::{Duration, OffsetDateTime};

use helpdesk_shared::calendar::Calendar;

use super::staff::{Refusal, can_act, fits};
use super::{TicketError, TicketRecord};
use crate::auth::StaffAccount;
use crate::events::EventKind;

/// What an action does to a request, decided without the store.
#[derive(Debug)]
pub struct Decision {
    /// The request after the action (not yet stamped `updated_at`).
    pub record: TicketRecord,
    /// Timeline entries, in order.
    pub steps: Vec<TimelineEvent>,
    /// The events to publish.
    pub kinds: Vec<EventKind>,
    /// The status change, if any: (from, to).
    pub change: Option<(Status, Status)>,
}

/// Decides one action of `a` on `record`: whether the role may act on it, what changes,
/// and whether the status machine allows the change. `assignee` is the account an
/// `Assign` names, as loaded (absent if there is none). The due dates follow the
/// service level in `cal`'s working time. Pure: unit-tested below.
pub fn decide(
    a: &StaffAccount,
    record: &TicketRecord,
    action: &CheckedAction,
    assignee: Option<&StaffAccount>,
    now: OffsetDateTime,
    cal: &Calendar,
) -> Result<Decision, TicketError> {
    if !can_act(a, record) {
        return Err(TicketError::Refused(Refusal::NotYours));
    }
    if record.status.is_final() {
        return Err(TicketError::Refused(Refusal::Closed));
    }
    let mut record = record.clone();
    let from = record.status;
    // A received request that someone starts working on goes to work.
    let starts_work = (from == Status::Received).then_some(Status::InProgress);
    let mut to = action.target_status();
    let mut steps: Vec<TimelineEvent> = Vec::new();
    let mut kinds: Vec<EventKind> = Vec::new();
    match action {
        CheckedAction::Take => {
            record.assignee = Some(a.login.clone());
            steps.push(TimelineEvent::AssignedTo {
                login: a.login.clone(),
                name: Some(a.name.clone()),
            });
            to = to.or(starts_work);
        }
        CheckedAction::Assign { .. } => {
            let target = assignee.filter(|t| fits(t, &record)).ok_or_else(|| {
                TicketError::Validation(vec![FieldError::new("login", FieldCode::StaffUnknown)])
            })?;
            record.assignee = Some(target.login.clone());
            steps.push(TimelineEvent::AssignedTo {
                login: target.login.clone(),
                name: Some(target.name.clone()),
            });
        }
        CheckedAction::Reply { text } => {
            steps.push(TimelineEvent::StaffComment {
                text: text.as_str().to_owned(),
            });
            kinds.push(EventKind::StaffReplied);
            to = to.or(starts_work);
        }
        CheckedAction::AskInfo { text, days } => {
            record.measures.info_asked = true;
            let due = now + Duration::days((*days).into());
            // The citizen is reminded a day before (`schedule`), once per question.
            record.info_due = Some(due);
            record.info_reminded = false;
            steps.push(TimelineEvent::InfoRequested {
                text: text.as_str().to_owned(),
                due,
            })
        }
        CheckedAction::Resolve { answer } => steps.push(TimelineEvent::Answer {
            text: answer.as_str().to_owned(),
        }),
        CheckedAction::Reject {
            reason,
            alternatives,
        } => steps.push(TimelineEvent::Rejection {
            reason: reason.as_str().to_owned(),
            alternatives: alternatives.as_str().to_owned(),
        }),
        CheckedAction::Escalate { department, reason } => {
            if record.level == Level::Specialist && record.department == Some(*department) {
                return Err(TicketError::Refused(Refusal::SameDepartment));
            }
            record.level = Level::Specialist;
            record.department = Some(*department);
            record.measure_escalation(super::measure::EscalatedBy::Staff);
            record.assignee = None;
            // The department's own answer time starts now.
            record.start_clocks(now, cal);
            steps.push(TimelineEvent::Escalated {
                department: *department,
            });
            steps.push(TimelineEvent::InternalNote {
                text: reason.as_str().to_owned(),
            });
            kinds.push(EventKind::Escalated);
        }
        CheckedAction::Note { text } => steps.push(TimelineEvent::InternalNote {
            text: text.as_str().to_owned(),
        }),
    }
    if action.is_public() {
        record.responded(now, cal);
    }
    if action.is_public() || to.is_some() {
        record.public_change(now);
    }
    if let Some(to) = to {
        if !from.can_become(to) {
            return Err(TicketError::Refused(Refusal::Transition { from, to }));
        }
        record.status = to;
        steps.push(TimelineEvent::StatusChanged { from, to });
        kinds.push(EventKind::StatusChanged { from, to });
        steps.extend(record.on_status(from, to, now, cal));
    }
    Ok(Decision {
        record,
        steps,
        kinds,
        change: to.map(|to| (from, to)),
    })
}

#[cfg(test)]
mod tests {
    use super::super::sample_ticket;
    use super::*;
    use helpdesk_shared::auth::Department;
    use helpdesk_shared::auth::Role;
    use helpdesk_shared::validate::Message;

    fn account(login: &str, role: Role, department: Option<Department>) -> StaffAccount {
        StaffAccount {
            login: login.into(),
            name: login.into(),
            role,
            department,
            password_hash: String::new(),
            disabled: false,
            created_at: OffsetDateTime::UNIX_EPOCH,
            email: None,
        }
    }

    /// `super::decide` over the shipped calendar.
    fn decide(
        a: &StaffAccount,
        record: &TicketRecord,
        action: &CheckedAction,
        assignee: Option<&StaffAccount>,
        now: OffsetDateTime,
    ) -> Result<Decision, TicketError> {
        super::decide(
            a,
            record,
            action,
            assignee,
            now,
            &helpdesk_shared::calendar::shipped(),
        )
    }

    fn text() -> Message {
        Message::parse("Проверили, всё в порядке").expect("message")
    }

    fn now() -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + Duration::days(1)
    }

    fn refused(r: Result<Decision, TicketError>) -> Refusal {
        match r {
            Err(TicketError::Refused(why)) => why,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn taking_or_replying_to_a_received_request_puts_it_to_work() {
        let op = account("olga", Role::Operator, None);
        let t = sample_ticket();
        let d = decide(&op, &t, &CheckedAction::Take, None, now()).expect("take");
        assert_eq!(d.record.assignee.as_deref(), Some("olga"));
        assert_eq!(d.change, Some((Status::Received, Status::InProgress)));
        assert_eq!(
            d.kinds,
            [EventKind::StatusChanged {
                from: Status::Received,
                to: Status::InProgress
            }]
        );
        let d =
            decide(&op, &t, &CheckedAction::Reply { text: text() }, None, now()).expect("reply");
        assert_eq!(d.kinds[0], EventKind::StaffReplied);
        assert_eq!(d.record.status, Status::InProgress);
        // In work already: a reply changes no status.
        let working = TicketRecord {
            status: Status::InProgress,
            ..t
        };
        let d = decide(
            &op,
            &working,
            &CheckedAction::Reply { text: text() },
            None,
            now(),
        )
        .expect("reply");
        assert_eq!(d.change, None);
        assert_eq!(d.kinds, [EventKind::StaffReplied]);
    }

    #[test]
    fn asking_for_information_sets_the_citizens_due_date() {
        let op = account("olga", Role::Operator, None);
        let d = decide(
            &op,
            &sample_ticket(),
            &CheckedAction::AskInfo {
                text: text(),
                days: 5,
            },
            None,
            now(),
        )
        .expect("ask");
        assert_eq!(d.record.status, Status::AwaitingCitizen);
        assert!(
            matches!(&d.steps[0], TimelineEvent::InfoRequested { due, .. } if *due == now() + Duration::days(5))
        );
    }

    #[test]
    fn escalation_hands_the_request_to_a_department_with_a_new_clock() {
        let op = account("olga", Role::Operator, None);
        let t = TicketRecord {
            assignee: Some("olga".into()),
            ..sample_ticket()
        };
        let action = CheckedAction::Escalate {
            department: Department::Legal,
            reason: text(),
        };
        let d = decide(&op, &t, &action, None, now()).expect("escalate");
        assert_eq!(
            (d.record.level, d.record.department),
            (Level::Specialist, Some(Department::Legal))
        );
        assert_eq!(d.record.assignee, None);
        // Payments: 48 calendar hours from the escalation.
        assert_eq!(d.record.expected_by, now() + Duration::hours(48));
        assert_eq!(d.kinds, [EventKind::Escalated]);
        // Once there, operators may no longer act, and the same department is refused.
        assert_eq!(
            refused(decide(&op, &d.record, &CheckedAction::Take, None, now())),
            Refusal::NotYours
        );
        let boss = account("marina", Role::Supervisor, None);
        assert_eq!(
            refused(decide(&boss, &d.record, &action, None, now())),
            Refusal::SameDepartment
        );
    }

    #[test]
    fn roles_closed_requests_and_the_status_machine_refuse() {
        let admin = account("andrey", Role::Admin, None);
        assert_eq!(
            refused(decide(
                &admin,
                &sample_ticket(),
                &CheckedAction::Take,
                None,
                now()
            )),
            Refusal::NotYours
        );
        let op = account("olga", Role::Operator, None);
        let closed = TicketRecord {
            status: Status::Resolved,
            ..sample_ticket()
        };
        assert_eq!(
            refused(decide(
                &op,
                &closed,
                &CheckedAction::Note { text: text() },
                None,
                now()
            )),
            Refusal::Closed
        );
        let spec = account("sergey", Role::Specialist, Some(Department::Technical));
        let elsewhere = TicketRecord {
            level: Level::Specialist,
            department: Some(Department::Legal),
            ..sample_ticket()
        };
        assert_eq!(
            refused(decide(&spec, &elsewhere, &CheckedAction::Take, None, now())),
            Refusal::NotYours
        );
        let waiting = TicketRecord {
            status: Status::AwaitingCitizen,
            ..sample_ticket()
        };
        let again = CheckedAction::AskInfo {
            text: text(),
            days: 3,
        };
        assert_eq!(
            refused(decide(&op, &waiting, &again, None, now())),
            Refusal::Transition {
                from: Status::AwaitingCitizen,
                to: Status::AwaitingCitizen
            }
        );
    }

    #[test]
    fn only_people_who_fit_the_level_can_be_assigned() {
        let boss = account("marina", Role::Supervisor, None);
        let assign = CheckedAction::Assign { login: "x".into() };
        let t = sample_ticket();
        let op = account("olga", Role::Operator, None);
        let d = decide(&boss, &t, &assign, Some(&op), now()).expect("assign");
        assert_eq!(d.record.assignee.as_deref(), Some("olga"));
        assert_eq!(d.change, None, "assigning changes no status");
        for wrong in [
            None,
            Some(account(
                "sergey",
                Role::Specialist,
                Some(Department::Technical),
            )),
            Some(StaffAccount {
                disabled: true,
                ..op.clone()
            }),
            Some(account("andrey", Role::Admin, None)),
        ] {
            let r = decide(&boss, &t, &assign, wrong.as_ref(), now());
            assert!(
                matches!(r, Err(TicketError::Validation(ref e)) if e[0].code == FieldCode::StaffUnknown),
                "{wrong:?}"
            );
        }
    }
}

use serde::{Deserialize, Serialize};

use crate::Lang;

/// Where a request stands. Resolved and Rejected are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    InProgress,
    AwaitingCitizen,
    Resolved,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Received,
        Status::InProgress,
        Status::AwaitingCitizen,
        Status::Resolved,
        Status::Rejected,
    ];

    /// The status machine: which changes are allowed at all. Who may make them is the
    /// services' business.
    pub fn can_become(self, next: Status) -> bool {
        use Status::*;
        matches!(
            (self, next),
            (Received, InProgress | AwaitingCitizen | Resolved | Rejected)
                | (InProgress, AwaitingCitizen | Resolved | Rejected)
                | (AwaitingCitizen, InProgress | Resolved | Rejected)
        )
    }

    pub fn is_final(self) -> bool {
        matches!(self, Status::Resolved | Status::Rejected)
    }

    /// The status after the citizen adds information: a request that waited for them
    /// goes back to work; others keep their status.
    pub fn after_citizen_message(self) -> Status {
        match self {
            Status::AwaitingCitizen => Status::InProgress,
            other => other,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InProgress => "in_progress",
            Status::AwaitingCitizen => "awaiting_citizen",
            Status::Resolved => "resolved",
            Status::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Ru, Status::Received) => "Получено",
            (Lang::Ru, Status::InProgress) => "В работе",
            (Lang::Ru, Status::AwaitingCitizen) => "Ожидание",
            (Lang::Ru, Status::Resolved) => "Завершено",
            (Lang::Ru, Status::Rejected) => "Отказ",
            (Lang::En, Status::Received) => "Received",
            (Lang::En, Status::InProgress) => "In progress",
            (Lang::En, Status::AwaitingCitizen) => "Waiting for you",
            (Lang::En, Status::Resolved) => "Resolved",
            (Lang::En, Status::Rejected) => "Rejected",
        }
    }
}

/// Escalation level: 1 = bot and FAQ, 2 = operator, 3 = specialist department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Bot,
    Operator,
    Specialist,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Bot, Level::Operator, Level::Specialist];

    pub fn code(self) -> &'static str {
        match self {
            Level::Bot => "bot",
            Level::Operator => "operator",
            Level::Specialist => "specialist",
        }
    }

    pub fn from_code(code: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::Status::*;
    use super::*;

    #[test]
    fn codes_read_back() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        for l in Level::ALL {
            assert_eq!(Level::from_code(l.code()), Some(l));
        }
        assert_eq!(Status::from_code("lost"), None);
        assert_eq!(Level::from_code(""), None);
    }

    #[test]
    fn final_statuses_go_nowhere() {
        for next in Status::ALL {
            assert!(!Resolved.can_become(next));
            assert!(!Rejected.can_become(next));
        }
    }

    #[test]
    fn no_status_becomes_itself_or_received() {
        for s in Status::ALL {
            assert!(!s.can_become(s), "{s:?} -> itself");
            assert!(!s.can_become(Received), "{s:?} -> Received");
        }
    }

    #[test]
    fn the_working_transitions_are_allowed() {
        assert!(Received.can_become(InProgress));
        assert!(InProgress.can_become(AwaitingCitizen));
        assert!(AwaitingCitizen.can_become(InProgress));
        assert!(InProgress.can_become(Resolved));
        assert!(AwaitingCitizen.can_become(Rejected));
    }

    #[test]
    fn citizen_message_wakes_only_a_waiting_request() {
        assert_eq!(AwaitingCitizen.after_citizen_message(), InProgress);
        assert_eq!(Received.after_citizen_message(), Received);
        assert_eq!(InProgress.after_citizen_message(), InProgress);
        // And the wake-up is itself an allowed transition.
        assert!(AwaitingCitizen.can_become(AwaitingCitizen.after_citizen_message()));
    }
}

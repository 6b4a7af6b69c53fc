//! What staff do to a request, as JSON (`StaffAction`, with the version it was decided
//! on) and once checked (`CheckedAction`: trimmed texts, a login in stored form), and the
//! action's kind (`ActionKind`) that the form offers and the audit records.

use serde::{Deserialize, Serialize};

use crate::auth::{Department, LOGIN_MAX, normalise_login};
use crate::validate::Message;
use crate::{FieldCode, FieldError, Status};

/// What staff do to a request. Texts are checked like the citizen's messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum StaffAction {
    /// Assign to oneself; a received request goes to work.
    Take,
    /// Assign to a staff member (supervisors; operators to operators).
    Assign { login: String },
    /// A public reply; a received request goes to work.
    Reply { text: String },
    /// → Ожидание: what is needed, and within how many days (1–30).
    AskInfo {
        text: String,
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 30))]
        days: u32,
    },
    /// → Завершено, with the answer.
    Resolve { answer: String },
    /// → Отказ, with the reason and what the citizen can do instead.
    Reject {
        reason: String,
        alternatives: String,
    },
    /// To a specialist department (level 3), with the reason (internal).
    Escalate {
        department: Department,
        reason: String,
    },
    /// Visible to staff only.
    Note { text: String },
}

/// Which action, without its fields: what the action form offers and the audit records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionKind {
    Take,
    Assign,
    Reply,
    AskInfo,
    Resolve,
    Reject,
    Escalate,
    Note,
}

impl ActionKind {
    /// In the order the action form offers them.
    pub const ALL: [ActionKind; 8] = [
        ActionKind::Take,
        ActionKind::Reply,
        ActionKind::AskInfo,
        ActionKind::Resolve,
        ActionKind::Reject,
        ActionKind::Escalate,
        ActionKind::Assign,
        ActionKind::Note,
    ];

    /// The `action` tag of the JSON.
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Take => "take",
            ActionKind::Assign => "assign",
            ActionKind::Reply => "reply",
            ActionKind::AskInfo => "ask_info",
            ActionKind::Resolve => "resolve",
            ActionKind::Reject => "reject",
            ActionKind::Escalate => "escalate",
            ActionKind::Note => "note",
        }
    }

    pub fn from_code(code: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl StaffAction {
    pub fn kind(&self) -> ActionKind {
        match self {
            StaffAction::Take => ActionKind::Take,
            StaffAction::Assign { .. } => ActionKind::Assign,
            StaffAction::Reply { .. } => ActionKind::Reply,
            StaffAction::AskInfo { .. } => ActionKind::AskInfo,
            StaffAction::Resolve { .. } => ActionKind::Resolve,
            StaffAction::Reject { .. } => ActionKind::Reject,
            StaffAction::Escalate { .. } => ActionKind::Escalate,
            StaffAction::Note { .. } => ActionKind::Note,
        }
    }

    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// Field by field: every text 2–5000 characters (trimmed), the days 1–30, the login
    /// one that can exist. What the server acts on; the SPA runs it before sending.
    pub fn parse(&self) -> Result<CheckedAction, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text = |field: &str, value: &str| match Message::parse(value) {
            Ok(m) => Some(m),
            Err(e) => {
                errors.push(e.at(field));
                None
            }
        };
        let checked = match self {
            StaffAction::Take => Some(CheckedAction::Take),
            StaffAction::Assign { login } => {
                let login = login.trim();
                if login.is_empty() {
                    errors.push(FieldError::new("login", FieldCode::Required));
                } else if login.len() > LOGIN_MAX {
                    let limit = LOGIN_MAX as u32;
                    errors.push(FieldError::with_limit("login", FieldCode::TooLong, limit));
                } else if normalise_login(login).is_none() {
                    errors.push(FieldError::new("login", FieldCode::StaffUnknown));
                }
                normalise_login(login).map(|login| CheckedAction::Assign { login })
            }
            StaffAction::Reply { text: t } => {
                text("text", t).map(|text| CheckedAction::Reply { text })
            }
            StaffAction::Note { text: t } => {
                text("text", t).map(|text| CheckedAction::Note { text })
            }
            StaffAction::AskInfo { text: t, days } => {
                let t = text("text", t);
                let days = u8::try_from(*days).ok().filter(|d| (1..=30).contains(d));
                if days.is_none() {
                    errors.push(FieldError::with_limit("days", FieldCode::TooLong, 30));
                }
                t.zip(days)
                    .map(|(text, days)| CheckedAction::AskInfo { text, days })
            }
            StaffAction::Resolve { answer } => {
                text("answer", answer).map(|answer| CheckedAction::Resolve { answer })
            }
            StaffAction::Reject {
                reason,
                alternatives,
            } => {
                let (r, a) = (text("reason", reason), text("alternatives", alternatives));
                r.zip(a)
                    .map(|(reason, alternatives)| CheckedAction::Reject {
                        reason,
                        alternatives,
                    })
            }
            StaffAction::Escalate { department, reason } => {
                text("reason", reason).map(|reason| CheckedAction::Escalate {
                    department: *department,
                    reason,
                })
            }
        };
        match checked {
            Some(action) if errors.is_empty() => Ok(action),
            _ => Err(errors),
        }
    }

    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        self.parse().map(|_| ())
    }
}

/// A staff action whose every field is checked and cleaned: what the server acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckedAction {
    Take,
    /// A login in its stored form (whether such an account may take the request is the
    /// server's to check).
    Assign {
        login: String,
    },
    Reply {
        text: Message,
    },
    AskInfo {
        text: Message,
        days: u8,
    },
    Resolve {
        answer: Message,
    },
    Reject {
        reason: Message,
        alternatives: Message,
    },
    Escalate {
        department: Department,
        reason: Message,
    },
    Note {
        text: Message,
    },
}

impl CheckedAction {
    pub fn kind(&self) -> ActionKind {
        match self {
            CheckedAction::Take => ActionKind::Take,
            CheckedAction::Assign { .. } => ActionKind::Assign,
            CheckedAction::Reply { .. } => ActionKind::Reply,
            CheckedAction::AskInfo { .. } => ActionKind::AskInfo,
            CheckedAction::Resolve { .. } => ActionKind::Resolve,
            CheckedAction::Reject { .. } => ActionKind::Reject,
            CheckedAction::Escalate { .. } => ActionKind::Escalate,
            CheckedAction::Note { .. } => ActionKind::Note,
        }
    }

    /// The status this action leads to, if it changes it by itself.
    pub fn target_status(&self) -> Option<Status> {
        match self {
            CheckedAction::AskInfo { .. } => Some(Status::AwaitingCitizen),
            CheckedAction::Resolve { .. } => Some(Status::Resolved),
            CheckedAction::Reject { .. } => Some(Status::Rejected),
            _ => None,
        }
    }

    /// Whether the citizen sees it (a reply, a question, the outcome): the first such
    /// one is the request's first response.
    pub fn is_public(&self) -> bool {
        matches!(
            self,
            CheckedAction::Reply { .. }
                | CheckedAction::AskInfo { .. }
                | CheckedAction::Resolve { .. }
                | CheckedAction::Reject { .. }
        )
    }
}

/// An action with the version of the request it was decided on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionRequest {
    /// `version` of the `StaffTicketView` the decision was made on.
    pub version: u64,
    #[serde(flatten)]
    pub action: StaffAction,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_kinds_are_the_json_tags() {
        let t = || "текст".to_owned();
        let every = [
            StaffAction::Take,
            StaffAction::Assign {
                login: "ivanova".into(),
            },
            StaffAction::Reply { text: t() },
            StaffAction::AskInfo { text: t(), days: 3 },
            StaffAction::Resolve { answer: t() },
            StaffAction::Reject {
                reason: t(),
                alternatives: t(),
            },
            StaffAction::Escalate {
                department: Department::Legal,
                reason: t(),
            },
            StaffAction::Note { text: t() },
        ];
        let mut kinds: Vec<ActionKind> = every.iter().map(StaffAction::kind).collect();
        for a in &every {
            let json = serde_json::to_value(a).expect("json");
            assert_eq!(json["action"], a.kind().code(), "{a:?}");
            assert_eq!(ActionKind::from_code(a.code()), Some(a.kind()));
        }
        kinds.sort_by_key(|k| k.code());
        let mut all = ActionKind::ALL.to_vec();
        all.sort_by_key(|k| k.code());
        assert_eq!(kinds, all, "ALL lists every action once");
    }

    #[test]
    fn actions_are_tagged_and_checked() {
        let a: ActionRequest = serde_json::from_str(
            r#"{"version":3,"action":"reject","reason":"Н","alternatives":"Обратитесь в МФЦ"}"#,
        )
        .expect("parse");
        assert_eq!(a.version, 3);
        let errors = a.action.check().expect_err("reason too short");
        assert_eq!(errors[0].field, "reason");
        let ask = StaffAction::AskInfo {
            text: "  Пришлите скан паспорта \r\n".into(),
            days: 31,
        };
        assert_eq!(ask.check().expect_err("days")[0].field, "days");
        // Parsed, the texts are trimmed and the action knows where it leads.
        let ok = StaffAction::AskInfo {
            text: "  Пришлите скан паспорта \r\n".into(),
            days: 7,
        }
        .parse()
        .expect("valid");
        assert_eq!(ok.target_status(), Some(Status::AwaitingCitizen));
        match ok {
            CheckedAction::AskInfo { text, days } => {
                assert_eq!((text.as_str(), days), ("Пришлите скан паспорта", 7));
            }
            other => panic!("{other:?}"),
        }
        let assign = |login: &str| {
            StaffAction::Assign {
                login: login.into(),
            }
            .parse()
        };
        assert_eq!(
            assign(" Ivanova.A "),
            Ok(CheckedAction::Assign {
                login: "ivanova.a".into()
            })
        );
        for (login, code) in [
            ("", FieldCode::Required),
            ("x".repeat(33).as_str(), FieldCode::TooLong),
            ("иванова", FieldCode::StaffUnknown),
        ] {
            assert_eq!(assign(login).expect_err(login)[0].code, code, "{login}");
        }
        assert!(
            serde_json::from_str::<ActionRequest>(r#"{"version":1,"action":"delete"}"#).is_err()
        );
    }
}

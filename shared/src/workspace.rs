//! The operator workspace's JSON: the queue, a request as staff see it, the actions on
//! it, canned responses and the audit trail.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use crate::action::{ActionKind, ActionRequest, CheckedAction, StaffAction};
use crate::api::TimelineEntry;
use crate::auth::{Department, Role};
use crate::validate::{Message, Title};
use crate::{Category, FieldCode, FieldError, Lang, Level, Status};

/// One row of the queue. No personal data: that is on the request page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub number: String,
    pub subject: String,
    pub category: Category,
    pub status: Status,
    pub level: Level,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Department>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expected_by: OffsetDateTime,
    pub overdue: bool,
    /// Working minutes (the operators' hours) until `expected_by`, negative when
    /// overdue; absent while the request waits for the citizen (its clocks stand
    /// still) and once it is closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_in_minutes: Option<i64>,
    /// The citizen sent a repeat request not yet answered: at the top of the queue and
    /// counted overdue until staff answer publicly.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeat: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueuePage {
    /// Soonest due first (closed requests: most recently closed first).
    pub items: Vec<QueueItem>,
    /// Pass back as `cursor` for the next page; absent on the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// How many open requests the caller can see, per filter value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueCounts {
    pub open: u32,
    pub overdue: u32,
    /// More than `overdue` are overdue: counting them stops there.
    #[serde(default)]
    pub overdue_more: bool,
    pub unassigned: u32,
    pub mine: u32,
    /// Status code → count.
    pub by_status: std::collections::BTreeMap<String, u32>,
    pub by_category: std::collections::BTreeMap<String, u32>,
    pub by_level: std::collections::BTreeMap<String, u32>,
}

/// A request as staff see it: the citizen's data and the whole timeline, internal
/// notes included. `version` goes back with every action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffTicketView {
    pub number: String,
    pub version: u64,
    pub category: Category,
    pub subject: String,
    pub description: String,
    pub status: Status,
    pub level: Level,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Department>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// The assignee's name, as colleagues know them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_name: Option<String>,
    pub language: Lang,
    pub full_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snils: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_number: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expected_by: OffsetDateTime,
    pub timeline: Vec<TimelineEntry>,
}

/// A ready answer staff insert into a reply, in both languages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CannedResponse {
    /// Lower-case latin letters, digits and `-`, up to 40.
    pub id: String,
    pub title_ru: String,
    pub title_en: String,
    pub text_ru: String,
    pub text_en: String,
}

impl CannedResponse {
    pub const ID_MAX: usize = 40;

    /// Every field checked and cleaned: the id's shape, titles (`Title`: one line,
    /// 2–100 characters, no hidden characters), texts as messages; what is stored.
    pub fn parse(&self) -> Result<CannedResponse, Vec<FieldError>> {
        let mut errors = Vec::new();
        let id_ok = (1..=Self::ID_MAX).contains(&self.id.len())
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if self.id.is_empty() {
            errors.push(FieldError::new("id", FieldCode::Required));
        } else if !id_ok {
            errors.push(FieldError::with_limit(
                "id",
                FieldCode::IdFormat,
                Self::ID_MAX as u32,
            ));
        }
        let mut title = |field: &str, value: &str| match Title::parse(value) {
            Ok(t) => t.into_string(),
            Err(e) => {
                errors.push(e.at(field));
                String::new()
            }
        };
        let (title_ru, title_en) = (
            title("title_ru", &self.title_ru),
            title("title_en", &self.title_en),
        );
        let mut text = |field: &str, value: &str| match Message::parse(value) {
            Ok(t) => t.into_string(),
            Err(e) => {
                errors.push(e.at(field));
                String::new()
            }
        };
        let (text_ru, text_en) = (
            text("text_ru", &self.text_ru),
            text("text_en", &self.text_en),
        );
        if errors.is_empty() {
            Ok(CannedResponse {
                id: self.id.clone(),
                title_ru,
                title_en,
                text_ru,
                text_en,
            })
        } else {
            Err(errors)
        }
    }

    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        self.parse().map(|_| ())
    }
}

/// A staff member who may be assigned a request (the assign picker).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignee {
    pub login: String,
    pub name: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Department>,
}

/// One line of the audit trail: who did what, when, from where. Append-only.
/// What an audit entry records: a staff action on a request, or one of the account's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignIn,
    /// A wrong password for an existing account (`detail`: the tries left).
    SignInFailed,
    /// A sign-in refused because the account is locked after wrong passwords
    /// (`detail`: until when, Moscow time).
    SignInLocked,
    /// A file of a request downloaded.
    Download,
    CannedPut,
    CannedDelete,
    /// A knowledge-base article saved (`detail`: its slug, published or not).
    FaqArticlePut,
    /// The knowledge base's list reordered.
    FaqOrder,
    Take,
    Assign,
    Reply,
    AskInfo,
    Resolve,
    Reject,
    Escalate,
    Note,
    /// The service levels' sweep found a date passed and told the supervisors
    /// (`detail`: which date); its escalations are `Escalate`.
    Overdue,
    /// A service-level policy or a calendar date changed by an admin (`detail`: which,
    /// and to what).
    ServiceLevels,
    /// A booked visit marked by the office (`detail`: the number and the mark).
    Appointment,
    /// The staff member set up an authenticator app (the second factor).
    SecondFactorSet,
    /// A wrong or reused code at the second step (`detail`: the tries left).
    SecondFactorFailed,
    /// Signed in (or confirmed) with a recovery code (`detail`: how many are left).
    RecoveryCodeUsed,
    /// The second factor removed by an admin on the command line (the next sign-in
    /// sets up a new one).
    SecondFactorReset,
    /// Recorded by a newer server than this reader.
    #[serde(other)]
    Unknown,
}

impl From<ActionKind> for AuditAction {
    fn from(k: ActionKind) -> AuditAction {
        match k {
            ActionKind::Take => AuditAction::Take,
            ActionKind::Assign => AuditAction::Assign,
            ActionKind::Reply => AuditAction::Reply,
            ActionKind::AskInfo => AuditAction::AskInfo,
            ActionKind::Resolve => AuditAction::Resolve,
            ActionKind::Reject => AuditAction::Reject,
            ActionKind::Escalate => AuditAction::Escalate,
            ActionKind::Note => AuditAction::Note,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// A staff login, or `system` (the service levels' sweep).
    pub actor: String,
    /// Absent for the system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    pub action: AuditAction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// The client address the action came from.
    pub from: String,
    /// What changed, e.g. `received → in_progress`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_actions_are_the_action_codes() {
        for k in ActionKind::ALL {
            let json = serde_json::to_value(AuditAction::from(k)).expect("json");
            assert_eq!(json, k.code());
        }
        let old: AuditAction = serde_json::from_str("\"sign_in\"").expect("parse");
        assert_eq!(old, AuditAction::SignIn);
        let newer: AuditAction = serde_json::from_str("\"export\"").expect("parse");
        assert_eq!(newer, AuditAction::Unknown);
    }

    #[test]
    fn canned_responses_are_checked_field_by_field() {
        let good = CannedResponse {
            id: "sms-code-2".into(),
            title_ru: "Код".into(),
            title_en: "Code".into(),
            text_ru: "Запросите код ещё раз.".into(),
            text_en: "Ask for a new code.".into(),
        };
        assert_eq!(good.check(), Ok(()));
        let hidden = CannedResponse {
            title_en: "Co\u{202E}de".into(),
            ..good.clone()
        };
        assert_eq!(
            hidden.check().expect_err("refused")[0].code,
            FieldCode::ForbiddenChars
        );
        let bad = CannedResponse {
            id: "SMS code".into(),
            title_ru: "К".into(),
            title_en: "x".repeat(101),
            text_ru: String::new(),
            ..good
        };
        let fields: Vec<_> = bad
            .check()
            .expect_err("refused")
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                ("id".to_owned(), FieldCode::IdFormat),
                ("title_ru".to_owned(), FieldCode::TooShort),
                ("title_en".to_owned(), FieldCode::TooLong),
                ("text_ru".to_owned(), FieldCode::Required),
            ]
        );
    }
}

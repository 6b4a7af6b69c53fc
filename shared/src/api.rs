//! The JSON contract of `/api/v1`. Requests take strings as typed so that every mistake
//! comes back as a field error (not a parse failure); responses carry checked values.
//! Unknown fields are refused.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::attachment::AttachmentKind;
use crate::{Category, Lang, Status};

pub const PREFIX: &str = "/api/v1";

/// Every write the SPA sends carries this header with the value `1`; the server refuses
/// writes that carry the session cookie without it (CSRF: no form can send a custom
/// header, and no other site's script can without a preflight the API never grants).
pub const CSRF_HEADER: &str = "x-helpdesk-request";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SubmitTicketRequest {
    /// One of the category codes, e.g. `technical`.
    pub category: String,
    pub subject: String,
    pub description: String,
    pub full_name: String,
    /// Phone and/or e-mail: at least one.
    pub phone: String,
    pub email: String,
    pub snils: String,
    pub inn: String,
    /// The portal application this request is about, if any.
    pub application_number: String,
    /// Ids returned by the attachment upload; at most 5 (`attachment::MAX_FILES`).
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub attachments: Vec<String>,
    /// Consent to personal-data processing (152-ФЗ); must be true.
    pub consent: bool,
    /// Language of the notifications; the deployment's default when absent.
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmitTicketResponse {
    /// `123-456-789`
    pub number: String,
    /// `ABCD-EFGH`; shown once, stored only hashed.
    pub access_code: String,
    pub status: Status,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expected_by: OffsetDateTime,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct LookupRequest {
    pub number: String,
    pub access_code: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AddInfoRequest {
    pub access_code: String,
    pub message: String,
    /// At most 5 (`attachment::MAX_FILES`).
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub attachments: Vec<String>,
}

/// Asks where to upload one file: its name, exact size in bytes and MIME type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct UploadRequest {
    pub name: String,
    /// 1 byte to 5 MB (`attachment::MAX_BYTES`).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5242880))]
    pub size: u64,
    /// `application/pdf`, `image/jpeg` or `image/png`; the content decides in the end.
    pub content_type: String,
}

/// Where to send the file: one `PUT` of the bytes to `url` with exactly these headers
/// within `expires_in` seconds (a presigned S3 URL in the cloud, the server itself
/// locally), then `POST /attachments/{id}/complete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadTarget {
    pub id: String,
    pub url: String,
    pub headers: std::collections::BTreeMap<String, String>,
    pub expires_in: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentInfo {
    pub id: String,
    pub name: String,
    pub size: u64,
    pub kind: AttachmentKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketView {
    pub number: String,
    pub category: Category,
    pub subject: String,
    pub status: Status,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expected_by: OffsetDateTime,
    /// While it is in work: from when the citizen may send a repeat request (48 working
    /// hours after the last change they could see, or their last repeat request).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub repeat_from: Option<OffsetDateTime>,
    /// Whether a repeat request is possible now (by the server's clock).
    #[serde(default)]
    pub can_repeat: bool,
    /// The citizen's opinion of the outcome, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<crate::survey::SurveyAnswer>,
    /// Whether the citizen may answer the survey now (closed, and not answered or within
    /// a day of the answer).
    #[serde(default)]
    pub can_survey: bool,
    /// Oldest first.
    pub timeline: Vec<TimelineEntry>,
}

/// "Повторный запрос": a request in work with nothing visible happening for 48 working
/// hours is brought up again (`access_code` as for adding information; ignored on
/// one's own request).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct RepeatRequest {
    pub access_code: String,
    /// Optional, up to 1000 characters.
    pub message: Option<String>,
    /// The citizen asks for a specialist (the operator decides).
    pub escalate: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    #[serde(flatten)]
    pub event: TimelineEvent,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentInfo>,
    /// The staff login behind the step; shown to staff only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// One step in a request's history. `AssignedTo` and `InternalNote` are shown to staff
/// only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineEvent {
    Created {
        status: Status,
    },
    StatusChanged {
        from: Status,
        to: Status,
    },
    CitizenMessage {
        text: String,
    },
    /// A public reply from staff.
    StaffComment {
        text: String,
    },
    /// Staff ask the citizen for something, by a date.
    InfoRequested {
        text: String,
        #[serde(with = "time::serde::rfc3339")]
        due: OffsetDateTime,
    },
    /// The answer that resolved the request.
    Answer {
        text: String,
    },
    /// Why the request was rejected and what the citizen can do instead.
    Rejection {
        reason: String,
        alternatives: String,
    },
    /// Handed to a specialist department (level 3).
    Escalated {
        department: crate::auth::Department,
    },
    AssignedTo {
        login: String,
        /// The person's name when it was assigned (absent in older entries).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    InternalNote {
        text: String,
    },
    /// The citizen's repeat request (`escalate`: they ask for a specialist).
    RepeatRequested {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        text: String,
        #[serde(default)]
        escalate: bool,
    },
    /// The service level's sweep found a date passed (staff only): what it did is the
    /// step after (an escalation), or the supervisors were told.
    Overdue {
        stage: crate::sla::Overdue,
    },
    /// The answer's date moved: the time the request waited for the citizen does not
    /// count.
    DueMoved {
        #[serde(with = "time::serde::rfc3339")]
        due: OffsetDateTime,
    },
    /// The citizen's survey answer, or its change (staff only: the citizen sees their
    /// answer on the page).
    SurveyAnswered {
        csat: u8,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nps: Option<u8>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        comment: String,
    },
}

impl TimelineEvent {
    /// Whether the citizen sees this step.
    pub fn is_public(&self) -> bool {
        !matches!(
            self,
            TimelineEvent::AssignedTo { .. }
                | TimelineEvent::InternalNote { .. }
                | TimelineEvent::Overdue { .. }
                | TimelineEvent::SurveyAnswered { .. }
        )
    }
}

/// One of a signed-in citizen's requests, in "My requests".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketSummary {
    pub number: String,
    pub category: Category,
    pub subject: String,
    pub status: Status,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expected_by: OffsetDateTime,
}

/// A signed-in citizen's requests, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyTickets {
    pub tickets: Vec<TicketSummary>,
}

/// A message as the citizen would receive it, kept in the local outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    pub event_id: String,
    /// `sms` or `email`.
    pub channel: String,
    pub to: String,
    pub subject: String,
    /// The plain text (an e-mail's text part).
    pub body: String,
    /// An e-mail's HTML part, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_refused_and_missing_ones_default() {
        let err = serde_json::from_str::<SubmitTicketRequest>(r#"{"subject":"x","admin":true}"#);
        assert!(err.is_err());
        let ok: SubmitTicketRequest = serde_json::from_str(r#"{"subject":"x"}"#).expect("valid");
        assert_eq!(ok.language, None);
        assert!(!ok.consent);
    }

    #[test]
    fn timeline_entries_are_tagged() {
        let e = TimelineEntry {
            at: OffsetDateTime::UNIX_EPOCH,
            event: TimelineEvent::StatusChanged {
                from: Status::Received,
                to: Status::InProgress,
            },
            attachments: vec![],
            by: None,
        };
        let json = serde_json::to_value(&e).expect("serialize");
        assert_eq!(json["type"], "status_changed");
        assert_eq!(json["to"], "in_progress");
        assert_eq!(json["at"], "1970-01-01T00:00:00Z");
        let back: TimelineEntry = serde_json::from_value(json).expect("deserialize");
        assert_eq!(back, e);
    }

    #[test]
    fn the_documented_bounds_are_the_validators() {
        // The schema attributes above are literals (attributes take no constants).
        assert_eq!(crate::attachment::MAX_BYTES, 5_242_880);
        assert_eq!(crate::attachment::MAX_FILES, 5);
    }
}

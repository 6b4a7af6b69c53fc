//! The error shape of the API: `application/problem+json` (RFC 9457) with a stable
//! `code`, and for validation the list of fields with a code each, so the SPA can show the
//! message in the reader's language beside the field.

use serde::{Deserialize, Serialize};

/// Why a field was refused. Stable: the SPA's message catalog is keyed by these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldCode {
    Required,
    TooShort,
    TooLong,
    ForbiddenChars,
    UnknownCategory,
    SnilsFormat,
    SnilsChecksum,
    InnFormat,
    InnChecksum,
    PhoneFormat,
    PhoneNotRussian,
    EmailFormat,
    ContactRequired,
    ApplicationNumberFormat,
    ConsentRequired,
    TicketNumberFormat,
    AccessCodeFormat,
    TooManyAttachments,
    AttachmentUnknown,
    AttachmentType,
    AttachmentTooLarge,
    AttachmentEmpty,
    /// The one-time sign-in code is not six digits.
    SignInCodeFormat,
    /// No enabled staff account that may take this request under this login.
    StaffUnknown,
    /// Not one of the values this parameter takes.
    UnknownValue,
    /// An identifier (a canned response's) is not lower-case latin letters, digits and
    /// `-`, up to its limit.
    IdFormat,
    /// Creating something whose identifier is already in use.
    IdTaken,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The request field, as named in the JSON body (`attachments` for files).
    pub field: String,
    pub code: FieldCode,
    /// The bound that was crossed, for length and count errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl FieldError {
    pub fn new(field: &str, code: FieldCode) -> Self {
        FieldError {
            field: field.to_owned(),
            code,
            limit: None,
        }
    }

    pub fn with_limit(field: &str, code: FieldCode, limit: u32) -> Self {
        FieldError {
            field: field.to_owned(),
            code,
            limit: Some(limit),
        }
    }
}

/// A problem details document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// Stable machine-readable code (`validation`, `not_found`, `rate_limited`, ...).
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Attempts left before a lock, after a wrong code or password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tries_left: Option<u32>,
    /// Seconds to wait before trying again; the same as the Retry-After header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: u16, code: &str, title: &str) -> Self {
        Problem {
            kind: format!("https://helpdesk.example/problems/{code}"),
            title: title.to_owned(),
            status,
            code: code.to_owned(),
            detail: None,
            errors: Vec::new(),
            tries_left: None,
            retry_after: None,
        }
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        Problem {
            errors,
            ..Problem::new(422, "validation", "Some fields need fixing")
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

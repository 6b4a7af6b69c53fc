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
    /// Letters other than Latin before the `@` (`иван@почта.рф`): almost no mail system
    /// delivers to such addresses, so they are refused with their own message.
    EmailLocalNotAscii,
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
    /// More items in a list than it takes (`limit`: how many).
    TooManyItems,
    /// A number outside its range (`limit`: the largest allowed; the smallest is 1).
    OutOfRange,
    /// Not a date in `YYYY-MM-DD`, or outside the years the service counts (2000–2100).
    DateFormat,
    /// Not a time of day as `HH:MM` (00:00–23:59).
    TimeFormat,
    /// Not one of the office's slots that can be booked now (closed, past, too soon).
    SlotUnavailable,
    /// A code from the authenticator app is not six digits.
    AuthenticatorCodeFormat,
    /// A recovery code is not sixteen of its letters and digits.
    RecoveryCodeFormat,
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

/// What went wrong, as a stable machine-readable code: the server sends it, the SPA
/// chooses its message by it. One enum for both sides, so a code cannot drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// Fields to fix: `errors` lists them.
    Validation,
    /// No request with this number and access code (or not visible to the caller).
    NotFound,
    UploadNotFound,
    FileNotFound,
    /// No published knowledge-base article with this address.
    ArticleNotFound,
    /// No chat with this id, or the key (or session) is not its citizen's.
    ChatNotFound,
    /// The chat has ended: nothing more can be said in it.
    ChatEnded,
    /// Another operator has the chat (or took it first).
    ChatTaken,
    /// Rated already, or not ended yet.
    ChatNotRateable,
    /// The chat's transcript was e-mailed as many times as a chat allows.
    ChatEmailsUsed,
    NoRoute,
    MethodNotAllowed,
    IdempotencyKeyReused,
    BadIdempotencyKey,
    BadCursor,
    TicketClosed,
    Busy,
    RateLimited,
    PayloadTooLarge,
    BadJson,
    Unavailable,
    Internal,
    Unauthorized,
    VersionConflict,
    InvalidTransition,
    Forbidden,
    Csrf,
    /// A development endpoint asked for under a host name that is not the loopback.
    LoopbackOnly,
    Locked,
    CodeTooSoon,
    CodeExpired,
    WrongCode,
    WrongCredentials,
    /// A sensitive action (exporting reports, editing canned responses, articles or
    /// settings) more than 12 hours after the second factor: the code is asked again.
    SecondFactorRequired,
    /// An authenticator is set up already: only an admin's reset starts another.
    AlreadyEnrolled,
    /// No password step waiting for its second factor (expired, or never made).
    SecondStepExpired,
    /// No booking with this number and access code (or not the caller's).
    BookingNotFound,
    /// The slot has no free place left (someone took it just now).
    SlotTaken,
    /// The booking is cancelled, attended or past: it cannot be changed.
    BookingClosed,
    /// Made by the SPA, never sent: an answer that is not a problem document this
    /// version knows (a proxy's error page, a newer server's code).
    #[serde(other)]
    Unknown,
}

impl ProblemCode {
    /// Every code the server sends.
    pub const ALL: [ProblemCode; 36] = [
        ProblemCode::Validation,
        ProblemCode::NotFound,
        ProblemCode::UploadNotFound,
        ProblemCode::FileNotFound,
        ProblemCode::ArticleNotFound,
        ProblemCode::ChatNotFound,
        ProblemCode::ChatEnded,
        ProblemCode::ChatTaken,
        ProblemCode::ChatNotRateable,
        ProblemCode::ChatEmailsUsed,
        ProblemCode::NoRoute,
        ProblemCode::MethodNotAllowed,
        ProblemCode::IdempotencyKeyReused,
        ProblemCode::BadIdempotencyKey,
        ProblemCode::BadCursor,
        ProblemCode::TicketClosed,
        ProblemCode::Busy,
        ProblemCode::RateLimited,
        ProblemCode::PayloadTooLarge,
        ProblemCode::BadJson,
        ProblemCode::Unavailable,
        ProblemCode::Internal,
        ProblemCode::Unauthorized,
        ProblemCode::VersionConflict,
        ProblemCode::InvalidTransition,
        ProblemCode::Forbidden,
        ProblemCode::Csrf,
        ProblemCode::LoopbackOnly,
        ProblemCode::Locked,
        ProblemCode::CodeTooSoon,
        ProblemCode::CodeExpired,
        ProblemCode::WrongCode,
        ProblemCode::WrongCredentials,
        ProblemCode::BookingNotFound,
        ProblemCode::SlotTaken,
        ProblemCode::BookingClosed,
    ];

    /// The HTTP status this code is sent with (`bad_json` may also be 400 or 415, as the
    /// body's fault is decided by the parser).
    pub fn status(self) -> u16 {
        use ProblemCode::*;
        match self {
            BadIdempotencyKey | BadCursor => 400,
            Unauthorized | WrongCredentials | SecondStepExpired => 401,
            Forbidden | Csrf | LoopbackOnly | SecondFactorRequired => 403,
            NotFound | UploadNotFound | FileNotFound | ArticleNotFound | ChatNotFound | NoRoute
            | BookingNotFound => 404,
            MethodNotAllowed => 405,
            TicketClosed | VersionConflict | InvalidTransition | ChatEnded | ChatTaken
            | ChatNotRateable | ChatEmailsUsed | SlotTaken | BookingClosed | AlreadyEnrolled => 409,
            PayloadTooLarge => 413,
            Validation | IdempotencyKeyReused | BadJson | CodeExpired | WrongCode => 422,
            RateLimited | Locked | CodeTooSoon => 429,
            Internal | Unknown => 500,
            Busy | Unavailable => 503,
        }
    }

    /// The snake_case code as sent.
    pub fn as_str(self) -> &'static str {
        use ProblemCode::*;
        match self {
            Validation => "validation",
            NotFound => "not_found",
            UploadNotFound => "upload_not_found",
            FileNotFound => "file_not_found",
            ArticleNotFound => "article_not_found",
            ChatNotFound => "chat_not_found",
            ChatEnded => "chat_ended",
            ChatTaken => "chat_taken",
            ChatNotRateable => "chat_not_rateable",
            ChatEmailsUsed => "chat_emails_used",
            NoRoute => "no_route",
            MethodNotAllowed => "method_not_allowed",
            IdempotencyKeyReused => "idempotency_key_reused",
            BadIdempotencyKey => "bad_idempotency_key",
            BadCursor => "bad_cursor",
            TicketClosed => "ticket_closed",
            Busy => "busy",
            RateLimited => "rate_limited",
            PayloadTooLarge => "payload_too_large",
            BadJson => "bad_json",
            Unavailable => "unavailable",
            Internal => "internal",
            Unauthorized => "unauthorized",
            VersionConflict => "version_conflict",
            InvalidTransition => "invalid_transition",
            Forbidden => "forbidden",
            Csrf => "csrf",
            LoopbackOnly => "loopback_only",
            Locked => "locked",
            CodeTooSoon => "code_too_soon",
            CodeExpired => "code_expired",
            WrongCode => "wrong_code",
            WrongCredentials => "wrong_credentials",
            BookingNotFound => "booking_not_found",
            SlotTaken => "slot_taken",
            BookingClosed => "booking_closed",
            SecondFactorRequired => "second_factor_required",
            AlreadyEnrolled => "already_enrolled",
            SecondStepExpired => "second_step_expired",
            Unknown => "unknown",
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
    pub code: ProblemCode,
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
    /// A problem with its code's usual status.
    pub fn new(code: ProblemCode, title: &str) -> Self {
        Self::with_status(code.status(), code, title)
    }

    pub fn with_status(status: u16, code: ProblemCode, title: &str) -> Self {
        Problem {
            kind: format!("https://helpdesk.example/problems/{}", code.as_str()),
            title: title.to_owned(),
            status,
            code,
            detail: None,
            errors: Vec::new(),
            tries_left: None,
            retry_after: None,
        }
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        Problem {
            errors,
            ..Problem::new(ProblemCode::Validation, "Some fields need fixing")
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_names_and_unknown_ones_are_tolerated() {
        for code in ProblemCode::ALL {
            let json = serde_json::to_string(&code).expect("serialise");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: ProblemCode = serde_json::from_str(&json).expect("parse");
            assert_eq!(back, code);
            assert!((400..600).contains(&code.status()), "{code:?}");
        }
        let newer: ProblemCode = serde_json::from_str("\"quota_exceeded\"").expect("parse");
        assert_eq!(newer, ProblemCode::Unknown);
        let mut names: Vec<_> = ProblemCode::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ProblemCode::ALL.len());
    }
}

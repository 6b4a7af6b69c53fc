//! One error type for the HTTP layer: every failure becomes `application/problem+json`
//! with a stable code. Internal details are logged, never sent.

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use helpdesk_shared::{FieldCode, FieldError, Problem, ProblemCode};
use serde::de::DeserializeOwned;

use crate::attachments::UploadError;
use crate::auth::AuthError;
use crate::store::StoreError;
use crate::tickets::{Refusal, TicketError};

#[derive(Debug)]
pub enum ApiError {
    Validation(Vec<FieldError>),
    NotFound,
    NoUpload,
    /// A staff download of a file that does not exist or is not visible to the caller.
    NoFile,
    /// No published knowledge-base article under this address.
    NoArticle,
    NoChat,
    ChatEnded,
    ChatTaken,
    ChatNotRateable,
    ChatEmailsUsed,
    NoRoute,
    MethodNotAllowed,
    IdempotencyMismatch,
    BadIdempotencyKey,
    BadCursor,
    Closed,
    Busy,
    RateLimited {
        retry_after: u64,
    },
    TooLarge {
        field: Option<&'static str>,
        limit_mb: u32,
    },
    BadJson {
        status: StatusCode,
        detail: String,
    },
    Unavailable,
    Internal,
    /// Staff acted on a stale version of a request.
    VersionConflict,
    InvalidTransition {
        detail: String,
    },
    /// No live session.
    Unauthorized,
    /// Signed in, but not allowed this.
    Forbidden,
    /// A cookie-authenticated write without the SPA's request header.
    Csrf,
    /// A development endpoint asked for under a host name other than the loopback's.
    LoopbackOnly,
    Locked {
        retry_after: u64,
    },
    CodeTooSoon {
        retry_after: u64,
    },
    CodeExpired,
    WrongCode {
        tries_left: u32,
    },
    WrongCredentials {
        tries_left: u32,
    },
    NoBooking,
    SlotTaken,
    BookingClosed,
    /// A sensitive action more than 12 hours after the second factor.
    SecondFactorRequired,
    AlreadyEnrolled,
    /// No password step waiting for its second factor.
    SecondStepExpired,
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::Validation(errors) => ApiError::Validation(errors),
            AuthError::Locked(until) => ApiError::Locked {
                retry_after: (until - time::OffsetDateTime::now_utc())
                    .whole_seconds()
                    .max(1) as u64,
            },
            AuthError::TooSoon { retry_after } => ApiError::CodeTooSoon { retry_after },
            AuthError::CodeExpired => ApiError::CodeExpired,
            AuthError::WrongCode { tries_left } => ApiError::WrongCode { tries_left },
            AuthError::WrongCredentials { tries_left } => ApiError::WrongCredentials { tries_left },
            AuthError::NoSecondStep => ApiError::SecondStepExpired,
            AuthError::AlreadyEnrolled => ApiError::AlreadyEnrolled,
            AuthError::NotStaff => ApiError::Forbidden,
            AuthError::Store(e) => e.into(),
        }
    }
}

impl From<TicketError> for ApiError {
    fn from(e: TicketError) -> Self {
        match e {
            TicketError::Validation(errors) => ApiError::Validation(errors),
            TicketError::NotFound => ApiError::NotFound,
            TicketError::IdempotencyMismatch => ApiError::IdempotencyMismatch,
            TicketError::Closed => ApiError::Closed,
            TicketError::Busy => ApiError::Busy,
            TicketError::VersionConflict => ApiError::VersionConflict,
            TicketError::Refused(Refusal::NotYours) => ApiError::Forbidden,
            TicketError::Refused(Refusal::Closed) => ApiError::Closed,
            TicketError::Refused(Refusal::Transition { from, to }) => ApiError::InvalidTransition {
                detail: format!("{} → {} is not allowed", from.code(), to.code()),
            },
            TicketError::Refused(Refusal::SameDepartment) => ApiError::InvalidTransition {
                detail: "the request is already in this department".into(),
            },
            TicketError::Refused(Refusal::TooSoon) => ApiError::InvalidTransition {
                detail: "a repeat request is possible 48 working hours after the last change you saw (see repeat_from)".into(),
            },
            TicketError::Refused(Refusal::SurveyNotYet) => ApiError::InvalidTransition {
                detail: "the survey opens when the request is resolved or rejected".into(),
            },
            TicketError::Refused(Refusal::SurveyDone) => ApiError::InvalidTransition {
                detail: "an answer can be changed for a day after it was given".into(),
            },
            TicketError::Refused(Refusal::NothingToResend) => ApiError::InvalidTransition {
                detail: "nothing about this request went by SMS or e-mail yet".into(),
            },
            TicketError::ResendTooSoon { retry_after } => ApiError::RateLimited { retry_after },
            TicketError::Store(e) => e.into(),
        }
    }
}

impl From<crate::faq::FaqError> for ApiError {
    fn from(e: crate::faq::FaqError) -> Self {
        match e {
            crate::faq::FaqError::NotFound => ApiError::NoArticle,
            crate::faq::FaqError::Validation(errors) => ApiError::Validation(errors),
            crate::faq::FaqError::Store(e) => e.into(),
        }
    }
}

impl From<crate::chat::ChatError> for ApiError {
    fn from(e: crate::chat::ChatError) -> Self {
        use crate::chat::ChatError;
        match e {
            ChatError::NotFound => ApiError::NoChat,
            ChatError::Ended => ApiError::ChatEnded,
            ChatError::Taken => ApiError::ChatTaken,
            ChatError::NotRateable => ApiError::ChatNotRateable,
            ChatError::EmailsUsed => ApiError::ChatEmailsUsed,
            ChatError::Validation(errors) => ApiError::Validation(errors),
            ChatError::Busy => ApiError::Busy,
            ChatError::Store(e) => e.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable(_) => {
                tracing::error!(error = %e, "store unavailable");
                ApiError::Unavailable
            }
            StoreError::BadCursor => ApiError::BadCursor,
            // Services handle the conditions they set; one escaping is a bug.
            StoreError::ConditionFailed { .. }
            | StoreError::BadRequest(_)
            | StoreError::Corrupt(_) => {
                tracing::error!(error = %e, "store error");
                ApiError::Internal
            }
        }
    }
}

impl From<UploadError> for ApiError {
    fn from(e: UploadError) -> Self {
        match e {
            UploadError::Refused(FieldCode::AttachmentTooLarge) => ApiError::TooLarge {
                field: Some("file"),
                limit_mb: 5,
            },
            UploadError::Refused(code) => ApiError::Validation(vec![FieldError::new("file", code)]),
            UploadError::Unknown => ApiError::NoUpload,
            UploadError::Store(e) => e.into(),
            UploadError::Blob(e) => {
                tracing::error!(error = %e, "blob store failed");
                ApiError::Unavailable
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut retry_after = None;
        let problem = match self {
            ApiError::Validation(errors) => Problem::validation(errors),
            ApiError::NotFound => Problem::new(
                ProblemCode::NotFound,
                "No request with this number and access code",
            ),
            ApiError::NoUpload => Problem::new(
                ProblemCode::UploadNotFound,
                "No upload waits under this id; it expired or was completed: upload the file again",
            ),
            ApiError::NoFile => Problem::new(
                ProblemCode::FileNotFound,
                "No such file among the requests you can see",
            ),
            ApiError::NoArticle => Problem::new(
                ProblemCode::ArticleNotFound,
                "No published article with this address",
            ),
            ApiError::NoChat => Problem::new(
                ProblemCode::ChatNotFound,
                "No chat with this id and key; start a new one",
            ),
            ApiError::ChatEnded => Problem::new(
                ProblemCode::ChatEnded,
                "The chat has ended; start a new one to write again",
            ),
            ApiError::ChatTaken => {
                Problem::new(ProblemCode::ChatTaken, "Another operator has this chat")
            }
            ApiError::ChatNotRateable => Problem::new(
                ProblemCode::ChatNotRateable,
                "A chat is rated once, after it has ended",
            ),
            ApiError::ChatEmailsUsed => Problem::new(
                ProblemCode::ChatEmailsUsed,
                "This chat's transcript has been e-mailed as many times as a chat allows",
            ),
            ApiError::NoBooking => Problem::new(
                ProblemCode::BookingNotFound,
                "No booking with this number and access code",
            ),
            ApiError::SlotTaken => Problem::new(
                ProblemCode::SlotTaken,
                "This time was taken just now: choose another from the free slots",
            ),
            ApiError::BookingClosed => Problem::new(
                ProblemCode::BookingClosed,
                "This booking is cancelled, attended or past: it cannot be changed",
            ),
            ApiError::NoRoute => Problem::new(ProblemCode::NoRoute, "No such endpoint"),
            ApiError::MethodNotAllowed => Problem::new(
                ProblemCode::MethodNotAllowed,
                "This endpoint does not take this method",
            ),
            ApiError::IdempotencyMismatch => Problem::new(
                ProblemCode::IdempotencyKeyReused,
                "This Idempotency-Key was already used with a different request",
            ),
            ApiError::BadIdempotencyKey => Problem::new(
                ProblemCode::BadIdempotencyKey,
                "Idempotency-Key must be 16-128 characters: letters, digits, - _ : .",
            ),
            ApiError::BadCursor => Problem::new(
                ProblemCode::BadCursor,
                "The paging cursor is not valid; start from the first page",
            ),
            ApiError::Closed => Problem::new(
                ProblemCode::TicketClosed,
                "The request is closed; submit a new one",
            ),
            ApiError::Busy => {
                retry_after = Some(1);
                Problem::new(ProblemCode::Busy, "Too many changes at once; try again")
            }
            ApiError::RateLimited { retry_after: secs } => {
                retry_after = Some(secs);
                Problem::new(
                    ProblemCode::RateLimited,
                    "Too many requests; wait and try again",
                )
            }
            ApiError::TooLarge { field, limit_mb } => {
                let mut p = Problem::new(
                    ProblemCode::PayloadTooLarge,
                    "The request body is too large",
                );
                if let Some(field) = field {
                    p.errors.push(FieldError::with_limit(
                        field,
                        FieldCode::AttachmentTooLarge,
                        limit_mb,
                    ));
                }
                p
            }
            ApiError::BadJson { status, detail } => Problem::with_status(
                status.as_u16(),
                ProblemCode::BadJson,
                "The request body is not valid JSON for this endpoint",
            )
            .with_detail(detail),
            ApiError::Unavailable => {
                retry_after = Some(5);
                Problem::new(
                    ProblemCode::Unavailable,
                    "The service is temporarily unavailable; nothing was lost, try again",
                )
            }
            ApiError::Internal => {
                Problem::new(ProblemCode::Internal, "Something went wrong on our side")
            }
            ApiError::Unauthorized => Problem::new(ProblemCode::Unauthorized, "Sign in to do this"),
            ApiError::VersionConflict => Problem::new(
                ProblemCode::VersionConflict,
                "Someone changed this request meanwhile; reload it and decide again",
            ),
            ApiError::InvalidTransition { detail } => Problem::new(
                ProblemCode::InvalidTransition,
                "This action is not possible in the request's current state",
            )
            .with_detail(detail),
            ApiError::Forbidden => Problem::new(
                ProblemCode::Forbidden,
                "Your account is not allowed to do this",
            ),
            ApiError::Csrf => Problem::new(
                ProblemCode::Csrf,
                "A signed-in change must come from the helpdesk pages (X-Helpdesk-Request header)",
            ),
            ApiError::LoopbackOnly => Problem::new(
                ProblemCode::LoopbackOnly,
                "Development pages answer only at localhost, 127.0.0.1 or [::1]",
            ),
            ApiError::Locked { retry_after: secs } => {
                retry_after = Some(secs);
                Problem::new(
                    ProblemCode::Locked,
                    "Too many wrong attempts; sign-in is locked for a while",
                )
            }
            ApiError::CodeTooSoon { retry_after: secs } => {
                retry_after = Some(secs);
                Problem::new(
                    ProblemCode::CodeTooSoon,
                    "A code was sent recently; wait before asking for another",
                )
            }
            ApiError::CodeExpired => Problem::new(
                ProblemCode::CodeExpired,
                "This code is no longer valid; ask for a new one",
            ),
            ApiError::WrongCode { tries_left } => Problem {
                tries_left: Some(tries_left),
                ..Problem::new(ProblemCode::WrongCode, "The code is wrong")
            },
            ApiError::WrongCredentials { tries_left } => Problem {
                tries_left: Some(tries_left),
                ..Problem::new(ProblemCode::WrongCredentials, "Wrong login or password")
            },
            ApiError::SecondFactorRequired => Problem::new(
                ProblemCode::SecondFactorRequired,
                "Confirm with a code from your authenticator app to do this",
            ),
            ApiError::AlreadyEnrolled => Problem::new(
                ProblemCode::AlreadyEnrolled,
                "An authenticator app is set up already; an administrator can reset it",
            ),
            ApiError::SecondStepExpired => Problem::new(
                ProblemCode::SecondStepExpired,
                "No sign-in is waiting for a code (it lasts 10 minutes); enter the password again",
            ),
        };
        problem_response(&problem, retry_after)
    }
}

/// A file made for this caller (a transcript, a report): its type, saved as `filename`,
/// never cached, never sniffed.
pub fn generated_file(
    body: impl IntoResponse,
    content_type: &'static str,
    filename: &str,
) -> Result<Response, ApiError> {
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
            .map_err(|_| ApiError::Internal)?,
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    Ok(resp)
}

pub fn problem_response(problem: &Problem, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(&Problem {
        retry_after,
        ..problem.clone()
    })
    .unwrap_or_default();
    let mut resp = (status, body).into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    if let Some(secs) = retry_after {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    resp
}

/// `axum::Json` whose rejections are problem documents.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    /// The common case the short way: `Content-Type: application/json` exactly, and a body
    /// that decodes. axum's own extractor parses the header as a MIME type and decodes
    /// through `serde_path_to_error` (a status lookup's profile: 1 % of the server's time
    /// for the two); it still decides every other header, and gives a body that does not
    /// decode its error text, with the path of the field at fault.
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let plain_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"application/json"));
        let decoded = if plain_json {
            let bytes = Bytes::from_request(req, state)
                .await
                .map_err(|r| json_rejection(r.into()))?;
            match serde_json::from_slice(&bytes) {
                Ok(v) => Ok(axum::Json(v)),
                Err(_) => axum::Json::<T>::from_bytes(&bytes),
            }
        } else {
            axum::Json::<T>::from_request(req, state).await
        };
        match decoded {
            Ok(axum::Json(v)) => Ok(JsonBody(v)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(r: JsonRejection) -> ApiError {
    let status = r.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::TooLarge {
            field: None,
            limit_mb: 0,
        };
    }
    ApiError::BadJson {
        status,
        detail: r.body_text(),
    }
}

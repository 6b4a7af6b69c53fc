//! The staff's second factor over HTTP: the code after a right password, setting up an
//! authenticator (its QR code and key, then a code to confirm, then the recovery codes
//! shown once), and the check sensitive actions make (`RecentFactor`).

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use helpdesk_shared::Problem;
use helpdesk_shared::auth::Me;
use helpdesk_shared::two_factor::{Enrolled, Enrolment, StaffCodeRequest};
use helpdesk_shared::workspace::AuditAction;

use super::error::{ApiError, JsonBody};
use super::{AppState, Client, session};
use crate::auth::{Caller, NewSession};

/// The session cookie's token, after the sign-in attempts' limit: none is
/// `second_step_expired` (a citizen's session is refused by the step itself: 403).
fn token(state: &AppState, client: &Client, headers: &HeaderMap) -> Result<String, ApiError> {
    state.limit(
        &format!("{}:sign_in", client.0),
        state.limits.sign_in_per_client,
    )?;
    session::token(headers).ok_or(ApiError::SecondStepExpired)
}

fn with_cookie(session: &NewSession, body: impl IntoResponse) -> Response {
    let mut resp = body.into_response();
    resp.headers_mut()
        .insert(header::SET_COOKIE, session::set_cookie(session));
    resp
}

/// The code from the authenticator app (or a recovery code) after the password; also,
/// signed in, to confirm a sensitive action. Sets a new session cookie.
#[utoipa::path(
    post,
    path = "/api/v1/auth/staff/code",
    tag = "account",
    request_body = StaffCodeRequest,
    responses(
        (status = 200, description = "Signed in with the second factor; `Set-Cookie: hd_session=…` (a new session)", body = Me),
        (status = 401, description = "No password step waiting for a code (`second_step_expired`: it lasts 10 minutes)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A citizen's session", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not six digits or not a recovery code (`validation`), or a wrong or used code (`wrong_code`, with `tries_left`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Locked after three wrong codes or passwords (`locked`) or too many attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn code(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    JsonBody(req): JsonBody<StaffCodeRequest>,
) -> Result<Response, ApiError> {
    let (session, _left) = state
        .auth
        .second_step(&token(&state, &client, &headers)?, &req, &client.0)
        .await?;
    if let Caller::Staff(account) = &session.caller {
        crate::audit::record(
            state.store.as_ref(),
            account,
            AuditAction::SignIn,
            None,
            &client.0,
            "with the second factor",
        )
        .await?;
    }
    let me = axum::Json(session.caller.me());
    Ok(with_cookie(&session, me))
}

/// A new key for the authenticator app: at the second step of an account that must set
/// one up, or for a signed-in staff member who has none. Shown until confirmed; asking
/// again replaces it.
#[utoipa::path(
    post,
    path = "/api/v1/auth/staff/enrol",
    tag = "account",
    responses(
        (status = 200, description = "The key, its otpauth address and that address as a QR code (SVG)", body = Enrolment),
        (status = 401, description = "No password step or session (`second_step_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A citizen's session", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An authenticator is set up already (`already_enrolled`): an admin resets it", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn enrol(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let enrolment = state.auth.enrol(&token(&state, &client, &headers)?).await?;
    let mut resp = axum::Json(enrolment).into_response();
    // The key is a secret: never kept by a cache.
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

/// Confirms the new key with a code from the app: set up, signed in, and the ten
/// recovery codes (shown this once).
#[utoipa::path(
    post,
    path = "/api/v1/auth/staff/enrol/confirm",
    tag = "account",
    request_body = StaffCodeRequest,
    responses(
        (status = 200, description = "Set up and signed in; `Set-Cookie: hd_session=…`; the recovery codes", body = Enrolled),
        (status = 401, description = "No password step or session, or no key asked for (`second_step_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A citizen's session", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Set up already (`already_enrolled`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not six digits (`validation`) or a wrong code (`wrong_code`, with `tries_left`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Locked after three wrong codes or passwords (`locked`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    JsonBody(req): JsonBody<StaffCodeRequest>,
) -> Result<Response, ApiError> {
    let (session, recovery_codes) = state
        .auth
        .confirm_enrolment(&token(&state, &client, &headers)?, &req.code, &client.0)
        .await?;
    let body = Enrolled {
        recovery_codes,
        me: session.caller.me(),
    };
    let mut resp = with_cookie(&session, axum::Json(body));
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

/// A sensitive action's check (exporting reports, editing canned responses, articles,
/// service levels, offices): the session passed the second factor within 12 hours, or
/// its account has none and need not (403 `second_factor_required` otherwise: the SPA
/// asks for a code and tries again). Put after the role's check, as a handler's
/// argument.
pub struct RecentFactor;

impl FromRequestParts<AppState> for RecentFactor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(token) = session::token(&parts.headers) else {
            return Err(ApiError::Unauthorized);
        };
        if state.auth.factor_fresh(&token).await? {
            Ok(RecentFactor)
        } else {
            Err(ApiError::SecondFactorRequired)
        }
    }
}

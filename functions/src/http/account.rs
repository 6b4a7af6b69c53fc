//! Account group: sign-in (citizens by one-time code, staff by password), sign-out, who
//! am I, and a signed-in citizen's own requests ("Мои обращения").

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use helpdesk_shared::api::{AddInfoRequest, MyTickets, RepeatRequest, TicketView};
use helpdesk_shared::auth::{
    CodeRequest, CodeSent, Contact, Me, SessionState, StaffSignInRequest, VerifyCodeRequest,
};
use helpdesk_shared::survey::SurveyRequest;
use helpdesk_shared::two_factor::SecondStep;
use helpdesk_shared::{Lang, Problem};

use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::session::{self, Citizen, MaybeCaller};
use super::{AppState, Client};
use crate::auth::{Caller, NewSession};
use crate::tickets::Access;

pub fn routes() -> Routes {
    Routes::new(Group::Account)
        .at(Verb::Post, "/auth/code", send_code)
        .at(Verb::Post, "/auth/verify", verify_code)
        .at(Verb::Post, "/auth/staff", staff_sign_in)
        .at(Verb::Post, "/auth/staff/code", super::two_factor::code)
        .at(Verb::Post, "/auth/staff/enrol", super::two_factor::enrol)
        .at(
            Verb::Post,
            "/auth/staff/enrol/confirm",
            super::two_factor::confirm,
        )
        .at(Verb::Get, "/auth/me", me)
        .at(Verb::Get, "/auth/session", session_state)
        .at(Verb::Post, "/auth/sign-out", sign_out)
        .at(Verb::Post, "/auth/sign-out-everywhere", sign_out_everywhere)
        .at(Verb::Get, "/my/tickets", my_tickets)
        .at(Verb::Get, "/my/tickets/{number}", my_ticket)
        .at(Verb::Post, "/my/tickets/{number}/messages", my_add_info)
        .at(Verb::Post, "/my/tickets/{number}/repeat", my_repeat)
        .at(Verb::Post, "/my/tickets/{number}/survey", my_survey)
        .at(Verb::Get, "/my/chats", my_chats)
}

fn signed_in(session: NewSession) -> Response {
    let cookie = session::set_cookie(&session);
    let mut resp = axum::Json(session.caller.me()).into_response();
    resp.headers_mut().insert(header::SET_COOKIE, cookie);
    resp
}

/// Send a one-time sign-in code to a phone (SMS) or e-mail.
#[utoipa::path(
    post,
    path = "/api/v1/auth/code",
    tag = "account",
    request_body = CodeRequest,
    responses(
        (status = 202, description = "A code is on its way", body = CodeSent),
        (status = 422, description = "Not a phone or e-mail", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too soon for another code (`code_too_soon`), the contact is locked (`locked`) or too many requests (`rate_limited`); see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn send_code(
    State(state): State<AppState>,
    client: Client,
    JsonBody(req): JsonBody<CodeRequest>,
) -> Result<impl IntoResponse, ApiError> {
    state.limit(&format!("{}:code", client.0), state.limits.code_per_client)?;
    // Each code is an SMS or an e-mail paid for: counted once for all instances too.
    state
        .limit_everywhere("code", &client.0, state.limits.code_per_client)
        .await?;
    let language = req.language.unwrap_or(Lang::Ru);
    let sent = state.auth.send_code(&req.contact, language).await?;
    let body = CodeSent {
        channel: sent.contact.channel().to_owned(),
        to: sent.contact.masked(),
        expires_in: sent.expires_in,
        resend_in: sent.resend_in,
    };
    Ok((StatusCode::ACCEPTED, axum::Json(body)))
}

/// Sign a citizen in with the code; sets the session cookie.
#[utoipa::path(
    post,
    path = "/api/v1/auth/verify",
    tag = "account",
    request_body = VerifyCodeRequest,
    responses(
        (status = 200, description = "Signed in; `Set-Cookie: hd_session=…`", body = Me),
        (status = 422, description = "Malformed (`validation`), wrong (`wrong_code`, with `tries_left`) or expired code (`code_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Locked after three wrong codes (`locked`) or too many attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn verify_code(
    State(state): State<AppState>,
    client: Client,
    JsonBody(req): JsonBody<VerifyCodeRequest>,
) -> Result<Response, ApiError> {
    state.limit(
        &format!("{}:sign_in", client.0),
        state.limits.sign_in_per_client,
    )?;
    let session = state.auth.verify_code(&req.contact, &req.code).await?;
    Ok(signed_in(session))
}

/// Sign a staff member in with login and password; sets the session cookie.
#[utoipa::path(
    post,
    path = "/api/v1/auth/staff",
    tag = "account",
    request_body = StaffSignInRequest,
    responses(
        (status = 200, description = "Signed in; `Set-Cookie: hd_session=…`", body = Me),
        (status = 202, description = "The password is right and a second step is due (`code` from the authenticator app, or `enrol`: set one up first); `Set-Cookie: hd_session=…` holds the step, which signs nobody in", body = SecondStep),
        (status = 401, description = "Wrong login or password (`wrong_credentials`, with `tries_left`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Locked after three wrong passwords (`locked`) or too many attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn staff_sign_in(
    State(state): State<AppState>,
    client: Client,
    JsonBody(req): JsonBody<StaffSignInRequest>,
) -> Result<Response, ApiError> {
    state.limit(
        &format!("{}:sign_in", client.0),
        state.limits.sign_in_per_client,
    )?;
    let session = match state.auth.sign_in_staff(&req.login, &req.password).await {
        Ok(session) => session,
        Err(e) => {
            audit_refusal(&state, &req.login, &e, &client.0).await?;
            return Err(e.into());
        }
    };
    if let Some(second_factor) = session.second {
        let step = SecondStep {
            second_factor,
            expires_in: session.max_age.whole_seconds().max(0) as u32,
        };
        let cookie = session::set_cookie(&session);
        let mut resp = (StatusCode::ACCEPTED, axum::Json(step)).into_response();
        resp.headers_mut().insert(header::SET_COOKIE, cookie);
        return Ok(resp);
    }
    if let Caller::Staff(account) = &session.caller {
        crate::audit::record(
            state.store.as_ref(),
            account,
            helpdesk_shared::workspace::AuditAction::SignIn,
            None,
            &client.0,
            "",
        )
        .await?;
    }
    Ok(signed_in(session))
}

/// Puts a refused staff sign-in into the audit trail, for an account that exists: a
/// wrong password (with the tries left) or an attempt while locked. A login that names
/// no account is only logged (without the login): it may be a password typed into the
/// wrong field, and the audit trail keeps what it holds for years.
async fn audit_refusal(
    state: &AppState,
    login: &str,
    refusal: &crate::auth::AuthError,
    from: &str,
) -> Result<(), ApiError> {
    use crate::auth::AuthError;
    use helpdesk_shared::workspace::AuditAction;
    let (action, detail) = match refusal {
        AuthError::WrongCredentials { tries_left } => (
            AuditAction::SignInFailed,
            format!("tries left: {tries_left}"),
        ),
        AuthError::Locked(until) => (
            AuditAction::SignInLocked,
            format!("until {} MSK", helpdesk_shared::moscow::format(*until)),
        ),
        _ => return Ok(()),
    };
    let Some(login) = helpdesk_shared::auth::normalise_login(login) else {
        return Ok(());
    };
    if let Some((_, account)) = crate::auth::staff::load(state.store.as_ref(), &login).await? {
        crate::audit::record(state.store.as_ref(), &account, action, None, from, &detail).await?;
    }
    Ok(())
}

/// Who is signed in.
#[utoipa::path(
    get,
    path = "/api/v1/auth/me",
    tag = "account",
    responses(
        (status = 200, description = "The signed-in citizen or staff member", body = Me),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn me(caller: Caller) -> axum::Json<Me> {
    axum::Json(caller.me())
}

/// Whether anyone is signed in: 200 with `me: null` for nobody, so the SPA can ask on
/// every page load without an error in every anonymous visitor's console.
#[utoipa::path(
    get,
    path = "/api/v1/auth/session",
    tag = "account",
    responses((status = 200, description = "The signed-in citizen or staff member, or `me: null`", body = SessionState)),
)]
pub async fn session_state(MaybeCaller(caller): MaybeCaller) -> axum::Json<SessionState> {
    axum::Json(SessionState {
        me: caller.map(|c| c.me()),
    })
}

/// End this session.
#[utoipa::path(
    post,
    path = "/api/v1/auth/sign-out",
    tag = "account",
    responses((status = 204, description = "Signed out; the cookie is cleared")),
)]
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = session::token(&headers) {
        state.auth.sign_out(&token).await?;
    }
    let mut resp = StatusCode::NO_CONTENT.into_response();
    resp.headers_mut()
        .insert(header::SET_COOKIE, session::clear_cookie());
    Ok(resp)
}

/// End every session of the signed-in person, on every device.
#[utoipa::path(
    post,
    path = "/api/v1/auth/sign-out-everywhere",
    tag = "account",
    responses(
        (status = 204, description = "Every session ended; the cookie is cleared"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    let ended = state.auth.sign_out_everywhere(&caller).await?;
    tracing::info!(ended, "signed out everywhere");
    let mut resp = StatusCode::NO_CONTENT.into_response();
    resp.headers_mut()
        .insert(header::SET_COOKIE, session::clear_cookie());
    Ok(resp)
}

/// The signed-in citizen's requests, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/my/tickets",
    tag = "account",
    responses(
        (status = 200, description = "Requests naming the verified contact or submitted while signed in", body = MyTickets),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff accounts have no requests of their own", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_tickets(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
) -> Result<axum::Json<MyTickets>, ApiError> {
    let tickets = state.tickets.mine(&contact).await?;
    Ok(axum::Json(MyTickets { tickets }))
}

/// The signed-in citizen's chats (those started while signed in), newest first.
#[utoipa::path(
    get,
    path = "/api/v1/my/chats",
    tag = "account",
    responses(
        (status = 200, description = "Up to 50 chats, newest first", body = Vec<helpdesk_shared::chat::MyChat>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff accounts have no chats of their own", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_chats(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
) -> Result<axum::Json<Vec<helpdesk_shared::chat::MyChat>>, ApiError> {
    Ok(axum::Json(state.chats.mine(&contact).await?))
}

/// One of the signed-in citizen's requests, without its access code.
#[utoipa::path(
    get,
    path = "/api/v1/my/tickets/{number}",
    tag = "account",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    responses(
        (status = 200, description = "The request and its timeline", body = TicketView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's requests", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_ticket(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
    Path(number): Path<String>,
) -> Result<axum::Json<TicketView>, ApiError> {
    Ok(axum::Json(
        state.tickets.view_owned(&contact, &number).await?,
    ))
}

/// Add a message and/or files to one's own request (no access code needed; the body's
/// `access_code` is ignored).
#[utoipa::path(
    post,
    path = "/api/v1/my/tickets/{number}/messages",
    tag = "account",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    request_body = AddInfoRequest,
    responses(
        (status = 200, description = "The updated request", body = TicketView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's requests", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The request is closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_add_info(
    State(state): State<AppState>,
    client: Client,
    Citizen(contact): Citizen,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<AddInfoRequest>,
) -> Result<axum::Json<TicketView>, ApiError> {
    let access = own(&state, &client, &contact, &number)?;
    Ok(axum::Json(state.tickets.add_info(&access, &req).await?))
}

/// A signed-in citizen's change of their own request: limited per client as adding
/// information by code is.
pub(super) fn own<'a>(
    state: &AppState,
    client: &Client,
    contact: &'a Contact,
    number: &'a str,
) -> Result<Access<'a>, ApiError> {
    state.limit(
        &format!("{}:add_info", client.0),
        state.limits.add_info_per_client,
    )?;
    Ok(Access::Owner { contact, number })
}

/// "Повторный запрос" on one's own request (no access code needed).
#[utoipa::path(
    post,
    path = "/api/v1/my/tickets/{number}/repeat",
    tag = "account",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    request_body = RepeatRequest,
    responses(
        (status = 200, description = "The request, with the repeat request in its history", body = TicketView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's requests", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed, not in work, or before `repeat_from`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The message is too long", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_repeat(
    State(state): State<AppState>,
    client: Client,
    Citizen(contact): Citizen,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<RepeatRequest>,
) -> Result<axum::Json<TicketView>, ApiError> {
    let access = own(&state, &client, &contact, &number)?;
    Ok(axum::Json(state.tickets.repeat(&access, &req).await?))
}

/// The citizen's opinion of their closed request: CSAT 1–5 (required), NPS 0–10, a
/// comment; changeable for a day.
#[utoipa::path(
    post,
    path = "/api/v1/my/tickets/{number}/survey",
    tag = "account",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    request_body = SurveyRequest,
    responses(
        (status = 200, description = "The request, with the answer", body = TicketView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's requests", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not closed yet, or answered more than a day ago", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `csat`, `nps`, `comment`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_survey(
    State(state): State<AppState>,
    client: Client,
    Citizen(contact): Citizen,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<SurveyRequest>,
) -> Result<axum::Json<TicketView>, ApiError> {
    let access = own(&state, &client, &contact, &number)?;
    Ok(axum::Json(state.tickets.survey(&access, &req).await?))
}

//! Notifications over HTTP: a signed-in citizen's notification centre and preferences
//! (account group, `/my/notifications…`), and one request's preferences and delivery
//! log by number and access code (status group) or as its signed-in owner.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use helpdesk_shared::Problem;
use helpdesk_shared::api::LookupRequest;
use helpdesk_shared::notice::{
    Notices, Prefs, RequestNotices, RequestPrefs, SeenRequest, UnreadCount,
};

use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::session::{Citizen, Staff};
use super::status::with_code;
use super::{AppState, Client};
use crate::tickets::Access;

/// The signed-in citizen's side (`/my/…`, the account function).
pub fn citizen_routes() -> Routes {
    Routes::new(Group::Account)
        .at(Verb::Get, "/my/notifications", my_notices)
        .at(Verb::Get, "/my/notifications/unread", my_unread)
        .at(Verb::Post, "/my/notifications/seen", my_seen)
        .at(Verb::Get, "/my/notifications/prefs", my_prefs)
        .at(Verb::Post, "/my/notifications/prefs", my_set_prefs)
        .at(
            Verb::Get,
            "/my/tickets/{number}/notifications",
            my_ticket_notices,
        )
        .at(
            Verb::Post,
            "/my/tickets/{number}/notifications/prefs",
            my_ticket_prefs,
        )
        .at(
            Verb::Post,
            "/my/tickets/{number}/notifications/resend",
            my_resend,
        )
}

/// One request by number and access code (the status function).
pub fn request_routes() -> Routes {
    Routes::new(Group::Status)
        .at(
            Verb::Post,
            "/tickets/{number}/notifications",
            ticket_notices,
        )
        .at(
            Verb::Post,
            "/tickets/{number}/notifications/prefs",
            ticket_prefs,
        )
        .at(Verb::Post, "/tickets/{number}/notifications/resend", resend)
}

/// Staff's view of a request's messages to its citizen (the workspace function).
pub fn staff_routes() -> Routes {
    Routes::new(Group::Workspace).at(
        Verb::Get,
        "/staff/tickets/{number}/notifications",
        staff_deliveries,
    )
}

/// What the citizen was sent about a request, where (masked) and in what state: for
/// whoever may open the request.
#[utoipa::path(
    get,
    path = "/api/v1/staff/tickets/{number}/notifications",
    tag = "workspace",
    params(("number" = String, Path, description = "e.g. 123-456-789")),
    responses(
        (status = 200, description = "The preferences in force and the delivery log, newest first", body = RequestNotices),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a role that works requests", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request, or not the caller's department", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn staff_deliveries(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
) -> Result<axum::Json<RequestNotices>, ApiError> {
    staff.require(super::workspace::WORKERS)?;
    Ok(axum::Json(
        state.tickets.staff_notices(&staff.0, &number).await?,
    ))
}

/// The notification centre: the newest 50 notifications about the citizen's requests,
/// and how many are unread.
#[utoipa::path(
    get,
    path = "/api/v1/my/notifications",
    tag = "account",
    responses(
        (status = 200, description = "Newest first", body = Notices),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff accounts have no notifications of their own", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_notices(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
) -> Result<axum::Json<Notices>, ApiError> {
    Ok(axum::Json(
        crate::notify::notices(state.store.as_ref(), &contact).await?,
    ))
}

/// The bell's count: notifications newer than the last seen, up to 99.
#[utoipa::path(
    get,
    path = "/api/v1/my/notifications/unread",
    tag = "account",
    responses(
        (status = 200, description = "How many are unread", body = UnreadCount),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff accounts have no notifications of their own", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_unread(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
) -> Result<axum::Json<UnreadCount>, ApiError> {
    let unread = crate::notify::unread(state.store.as_ref(), &contact).await?;
    Ok(axum::Json(UnreadCount { unread }))
}

/// Marks the notifications up to `up_to` (the newest one shown) as read.
#[utoipa::path(
    post,
    path = "/api/v1/my/notifications/seen",
    tag = "account",
    request_body = SeenRequest,
    responses(
        (status = 204, description = "Marked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff accounts have no notifications of their own", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_seen(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
    JsonBody(req): JsonBody<SeenRequest>,
) -> Result<StatusCode, ApiError> {
    // Never past now: a clock ahead in the browser cannot hide tomorrow's news.
    let up_to = req.up_to.min(state.clock.now());
    crate::notify::mark_seen(state.store.as_ref(), &contact, up_to).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The citizen's preferences for all their requests (the defaults until saved).
#[utoipa::path(
    get,
    path = "/api/v1/my/notifications/prefs",
    tag = "account",
    responses(
        (status = 200, description = "Channels per topic, language, quiet hours", body = Prefs),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff accounts have no preferences here", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_prefs(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
) -> Result<axum::Json<Prefs>, ApiError> {
    let lang = state.tickets.default_language();
    Ok(axum::Json(
        crate::notify::citizen_prefs(state.store.as_ref(), &contact, lang).await?,
    ))
}

/// Saves the citizen's preferences for all their requests (a request's own, set on its
/// page, still win for it).
#[utoipa::path(
    post,
    path = "/api/v1/my/notifications/prefs",
    tag = "account",
    request_body = Prefs,
    responses(
        (status = 200, description = "Saved, as kept", body = Prefs),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff accounts have no preferences here", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `quiet_from`, `quiet_to`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_set_prefs(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
    JsonBody(prefs): JsonBody<Prefs>,
) -> Result<axum::Json<Prefs>, ApiError> {
    let prefs = prefs.checked().map_err(ApiError::Validation)?;
    crate::notify::save_citizen_prefs(state.store.as_ref(), &contact, &prefs).await?;
    tracing::info!("citizen notification preferences saved");
    Ok(axum::Json(prefs))
}

/// One of the citizen's requests: its preferences in force and its delivery log.
#[utoipa::path(
    get,
    path = "/api/v1/my/tickets/{number}/notifications",
    tag = "account",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    responses(
        (status = 200, description = "Preferences and what was sent where", body = RequestNotices),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's requests", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_ticket_notices(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
    Path(number): Path<String>,
) -> Result<axum::Json<RequestNotices>, ApiError> {
    let access = Access::Owner {
        contact: &contact,
        number: &number,
    };
    Ok(axum::Json(state.tickets.notices_of(&access).await?))
}

/// Sets one's own request's preferences (the body's `access_code` is ignored).
#[utoipa::path(
    post,
    path = "/api/v1/my/tickets/{number}/notifications/prefs",
    tag = "account",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    request_body = RequestPrefs,
    responses(
        (status = 200, description = "Saved: the request's notifications", body = RequestNotices),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's requests", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `quiet_from`, `quiet_to`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_ticket_prefs(
    State(state): State<AppState>,
    client: Client,
    Citizen(contact): Citizen,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<RequestPrefs>,
) -> Result<axum::Json<RequestNotices>, ApiError> {
    let access = super::account::own(&state, &client, &contact, &number)?;
    Ok(axum::Json(
        state.tickets.set_prefs(&access, &req.prefs).await?,
    ))
}

/// A request's preferences in force and delivery log, by number and access code.
#[utoipa::path(
    post,
    path = "/api/v1/tickets/{number}/notifications",
    tag = "status",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    request_body = LookupRequest,
    responses(
        (status = 200, description = "Preferences and what was sent where", body = RequestNotices),
        (status = 404, description = "No request with this number and code", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed number or code", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many calls", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn ticket_notices(
    State(state): State<AppState>,
    client: Client,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<LookupRequest>,
) -> Result<axum::Json<RequestNotices>, ApiError> {
    let call = async |a: &Access<'_>| state.tickets.notices_of(a).await;
    let notices = with_code(&state, &client, &number, &req.access_code, call).await?;
    Ok(axum::Json(notices))
}

/// Sets a request's own preferences, by number and access code.
#[utoipa::path(
    post,
    path = "/api/v1/tickets/{number}/notifications/prefs",
    tag = "status",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    request_body = RequestPrefs,
    responses(
        (status = 200, description = "Saved: the request's notifications", body = RequestNotices),
        (status = 404, description = "No request with this number and code", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `quiet_from`, `quiet_to`, or a malformed number or code", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many calls", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn ticket_prefs(
    State(state): State<AppState>,
    client: Client,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<RequestPrefs>,
) -> Result<axum::Json<RequestNotices>, ApiError> {
    let call = async |a: &Access<'_>| state.tickets.set_prefs(a, &req.prefs).await;
    let notices = with_code(&state, &client, &number, &req.access_code, call).await?;
    Ok(axum::Json(notices))
}

/// "Отправить ещё раз" on one's own request: its last news by SMS or e-mail, again.
#[utoipa::path(
    post,
    path = "/api/v1/my/tickets/{number}/notifications/resend",
    tag = "account",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    responses(
        (status = 200, description = "On its way: the request's notifications", body = RequestNotices),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's requests", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nothing went by SMS or e-mail yet (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Once in 10 minutes, three times a day per request; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_resend(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
    Path(number): Path<String>,
) -> Result<axum::Json<RequestNotices>, ApiError> {
    let access = Access::Owner {
        contact: &contact,
        number: &number,
    };
    Ok(axum::Json(state.tickets.request_resend(&access).await?))
}

/// "Отправить ещё раз" by number and access code.
#[utoipa::path(
    post,
    path = "/api/v1/tickets/{number}/notifications/resend",
    tag = "status",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    request_body = LookupRequest,
    responses(
        (status = 200, description = "On its way: the request's notifications", body = RequestNotices),
        (status = 404, description = "No request with this number and code", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nothing went by SMS or e-mail yet (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed number or code", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Once in 10 minutes, three times a day per request, or too many calls; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn resend(
    State(state): State<AppState>,
    client: Client,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<LookupRequest>,
) -> Result<axum::Json<RequestNotices>, ApiError> {
    let call = async |a: &Access<'_>| state.tickets.request_resend(a).await;
    let notices = with_code(&state, &client, &number, &req.access_code, call).await?;
    Ok(axum::Json(notices))
}

//! Workspace group: the queue, a request as staff see it, actions on it, canned
//! responses, and (admins) the audit trail and the canned responses' editing. Every
//! handler checks the caller's role through the `Staff` extractor and `require`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use helpdesk_shared::auth::Role;
use helpdesk_shared::queue::QueuePageRequest;
use helpdesk_shared::workspace::{
    ActionRequest, Assignee, AuditAction, AuditPage, CannedResponse, QueueCounts, QueuePage,
    StaffTicketView,
};
use helpdesk_shared::{FieldCode, FieldError, Problem};

use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::session::Staff;
use super::{AppState, Client};
use crate::tickets::Actor;

pub(super) const WORKERS: &[Role] = &[Role::Operator, Role::Specialist, Role::Supervisor];

pub fn routes() -> Routes {
    Routes::new(Group::Workspace)
        .at(Verb::Get, "/staff/queue", queue)
        .at(Verb::Get, "/staff/queue/counts", counts)
        .at(Verb::Get, "/staff/tickets/{number}", ticket)
        .at(Verb::Post, "/staff/tickets/{number}/actions", act)
        .at(Verb::Get, "/staff/tickets/{number}/assignees", assignees)
        .at(Verb::Get, "/staff/attachments/{id}", attachment)
        .at(Verb::Get, "/staff/canned", canned_list)
        .at(Verb::Put, "/admin/canned/{id}", canned_put)
        .at(Verb::Delete, "/admin/canned/{id}", canned_delete)
        .at(Verb::Get, "/admin/audit", audit)
        .at(Verb::Get, "/admin/faq/feedback", faq_feedback)
}

/// The queue: open requests soonest due first, filtered; one page per call.
#[utoipa::path(
    get,
    path = "/api/v1/staff/queue",
    tag = "workspace",
    params(
        ("status" = Option<String>, Query, description = "received, in_progress, awaiting_citizen, resolved, rejected"),
        ("category" = Option<String>, Query, description = "a category code"),
        ("level" = Option<String>, Query, description = "operator or specialist"),
        ("department" = Option<String>, Query, description = "technical, payments, legal, services"),
        ("assignee" = Option<String>, Query, description = "`me`, `none` or a login"),
        ("overdue" = Option<bool>, Query, description = "only requests past their expected date"),
        ("cursor" = Option<String>, Query, description = "from the previous page"),
        ("limit" = Option<u32>, Query, description = "1–100, default 25"),
    ),
    responses(
        (status = 200, description = "One page", body = QueuePage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a role that works requests", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A filter value is unknown", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<axum::Json<QueuePage>, ApiError> {
    staff.require(WORKERS)?;
    let q = QueuePageRequest::parse(params.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(ApiError::Validation)?;
    Ok(axum::Json(state.tickets.queue(&staff.0, q).await?))
}

/// Open requests the caller can see, counted per filter value (refreshed every 30 s).
#[utoipa::path(
    get,
    path = "/api/v1/staff/queue/counts",
    tag = "workspace",
    responses(
        (status = 200, description = "Counts", body = QueueCounts),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a role that works requests", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn counts(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<axum::Json<QueueCounts>, ApiError> {
    staff.require(WORKERS)?;
    Ok(axum::Json(state.tickets.queue_counts(&staff.0).await?))
}

/// A request with the citizen's data and the whole timeline, internal notes included.
#[utoipa::path(
    get,
    path = "/api/v1/staff/tickets/{number}",
    tag = "workspace",
    params(("number" = String, Path, description = "e.g. 123-456-789")),
    responses(
        (status = 200, description = "The request", body = StaffTicketView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a role that works requests", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request, or not the caller's department", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn ticket(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
) -> Result<axum::Json<StaffTicketView>, ApiError> {
    staff.require(WORKERS)?;
    Ok(axum::Json(
        state.tickets.staff_view(&staff.0, &number).await?,
    ))
}

/// Act on a request: take, assign, reply, ask_info, resolve, reject, escalate, note.
#[utoipa::path(
    post,
    path = "/api/v1/staff/tickets/{number}/actions",
    tag = "workspace",
    params(("number" = String, Path, description = "e.g. 123-456-789")),
    request_body = ActionRequest,
    responses(
        (status = 200, description = "The request after the action", body = StaffTicketView),
        (status = 403, description = "The role may not change this request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request, or not the caller's department", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed meanwhile (`version_conflict`: reload), closed (`ticket_closed`), or not allowed in this status (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    client: Client,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<ActionRequest>,
) -> Result<axum::Json<StaffTicketView>, ApiError> {
    staff.require(WORKERS)?;
    let actor = Actor {
        account: &staff.0,
        from: &client.0,
    };
    Ok(axum::Json(state.tickets.act(&actor, &number, &req).await?))
}

/// Who may be assigned the request: enabled staff whose role (and department, on
/// level 3) fit it, by name. For callers who may act on it.
#[utoipa::path(
    get,
    path = "/api/v1/staff/tickets/{number}/assignees",
    tag = "workspace",
    params(("number" = String, Path, description = "e.g. 123-456-789")),
    responses(
        (status = 200, description = "The people who fit", body = Vec<Assignee>),
        (status = 403, description = "The role may not change this request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request, or not the caller's department", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn assignees(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
) -> Result<axum::Json<Vec<Assignee>>, ApiError> {
    staff.require(WORKERS)?;
    Ok(axum::Json(
        state.tickets.assignees(&staff.0, &number).await?,
    ))
}

/// A file of a request the caller may see: a redirect to a short-lived S3 URL in the
/// cloud, the bytes locally; always as an attachment. Every download is audited.
#[utoipa::path(
    get,
    path = "/api/v1/staff/attachments/{id}",
    tag = "workspace",
    params(("id" = String, Path, description = "the attachment id from the timeline")),
    responses(
        (status = 200, description = "The file (local server), as its detected type", content(
            ("application/pdf"), ("image/jpeg"), ("image/png")
        )),
        (status = 303, description = "Where to fetch it (cloud; valid for 60 s)"),
        (status = 403, description = "Not a role that works requests", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file, or its request is not visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn attachment(
    State(state): State<AppState>,
    staff: Staff,
    client: Client,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    staff.require(WORKERS)?;
    let Some((info, ticket)) = state.attachments.claimed(&id).await? else {
        return Err(ApiError::NoFile);
    };
    if !state.tickets.staff_may_see(&staff.0, &ticket).await? {
        return Err(ApiError::NoFile);
    }
    let entry = helpdesk_shared::workspace::AuditEntry {
        at: time::OffsetDateTime::now_utc(),
        actor: staff.0.login.clone(),
        role: Some(staff.0.role),
        action: AuditAction::Download,
        ticket: Some(ticket),
        from: client.0.clone(),
        detail: info.id.clone(),
    };
    state
        .store
        .transact(vec![crate::audit::append(&entry)])
        .await?;
    super::submission::file_response(&state, &info).await
}

/// The canned responses, for inserting into replies.
#[utoipa::path(
    get,
    path = "/api/v1/staff/canned",
    tag = "workspace",
    responses(
        (status = 200, description = "Every canned response", body = Vec<CannedResponse>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn canned_list(
    State(state): State<AppState>,
    _staff: Staff,
) -> Result<axum::Json<Vec<CannedResponse>>, ApiError> {
    Ok(axum::Json(crate::canned::list(state.store.as_ref()).await?))
}

/// Create or replace a canned response (admins).
#[utoipa::path(
    put,
    path = "/api/v1/admin/canned/{id}",
    tag = "admin",
    params(
        ("id" = String, Path, description = "lower-case latin letters, digits, `-`"),
        ("If-None-Match" = Option<String>, Header, description = "`*`: create only; an id in use is refused (`id_taken`)"),
    ),
    request_body = CannedResponse,
    responses(
        (status = 200, description = "Saved", body = CannedResponse),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix (`id_taken` when creating with an id in use)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn canned_put(
    State(state): State<AppState>,
    staff: Staff,
    _fresh: super::two_factor::RecentFactor,
    client: Client,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    JsonBody(sent): JsonBody<CannedResponse>,
) -> Result<axum::Json<CannedResponse>, ApiError> {
    staff.require(&[Role::Admin])?;
    let c = CannedResponse { id, ..sent }
        .parse()
        .map_err(ApiError::Validation)?;
    if !crate::canned::put(state.store.as_ref(), &c, create_only(&headers)).await? {
        return Err(ApiError::Validation(vec![FieldError::new(
            "id",
            FieldCode::IdTaken,
        )]));
    }
    admin_audit(&state, &staff, &client, AuditAction::CannedPut, &c.id).await?;
    Ok(axum::Json(c))
}

/// Delete a canned response (admins).
#[utoipa::path(
    delete,
    path = "/api/v1/admin/canned/{id}",
    tag = "admin",
    params(("id" = String, Path, description = "the response's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such response", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn canned_delete(
    State(state): State<AppState>,
    staff: Staff,
    _fresh: super::two_factor::RecentFactor,
    client: Client,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    staff.require(&[Role::Admin])?;
    if !crate::canned::delete(state.store.as_ref(), &id).await? {
        return Err(ApiError::NoRoute);
    }
    admin_audit(&state, &staff, &client, AuditAction::CannedDelete, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `If-None-Match: *` asks to create only: a new item never replaces another.
pub(super) fn create_only(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == b"*")
}

/// Writes an admin's change to the audit trail.
pub(super) async fn admin_audit(
    state: &AppState,
    staff: &Staff,
    client: &Client,
    action: AuditAction,
    detail: &str,
) -> Result<(), ApiError> {
    crate::audit::record(
        state.store.as_ref(),
        &staff.0,
        action,
        None,
        &client.0,
        detail,
    )
    .await?;
    Ok(())
}

/// The audit trail of one day (Moscow time), oldest first (admins).
#[utoipa::path(
    get,
    path = "/api/v1/admin/audit",
    tag = "admin",
    params(
        ("day" = String, Query, description = "YYYY-MM-DD, a day in Moscow time"),
        ("cursor" = Option<String>, Query, description = "from the previous page"),
    ),
    responses(
        (status = 200, description = "One page", body = AuditPage),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a date", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn audit(
    State(state): State<AppState>,
    staff: Staff,
    Query(params): Query<std::collections::HashMap<String, String>>,
) -> Result<axum::Json<AuditPage>, ApiError> {
    staff.require(&[Role::Admin])?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = params
        .get("day")
        .and_then(|d| time::Date::parse(d, format).ok())
        .ok_or_else(|| {
            ApiError::Validation(vec![FieldError::new("day", FieldCode::UnknownValue)])
        })?;
    let cursor = params.get("cursor").filter(|c| !c.is_empty()).cloned();
    Ok(axum::Json(
        crate::audit::read_day(state.store.as_ref(), day, cursor, 100).await?,
    ))
}

/// What readers said about the knowledge base's articles: "helpful" and "not helpful"
/// counts and what was missing, least helpful first (admins).
#[utoipa::path(
    get,
    path = "/api/v1/admin/faq/feedback",
    tag = "admin",
    responses(
        (status = 200, description = "Every published article with its votes", body = Vec<helpdesk_shared::faq::ArticleFeedback>),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn faq_feedback(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<axum::Json<Vec<helpdesk_shared::faq::ArticleFeedback>>, ApiError> {
    staff.require(&[Role::Admin])?;
    Ok(axum::Json(state.faq.feedback().await?))
}

//! The office's day over HTTP (workspace group): operators and supervisors read an
//! office's bookings of a date and mark who came.

use axum::extract::{Path, State};
use helpdesk_shared::Problem;
use helpdesk_shared::appointment::{BookingMark, DayList, StaffBooking};
use helpdesk_shared::auth::Role;
use helpdesk_shared::workspace::{AuditAction, AuditEntry};

use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::session::Staff;
use super::{AppState, Client};

/// Who keeps an office's day: the operators who meet citizens, and supervisors.
const OFFICE_STAFF: &[Role] = &[Role::Operator, Role::Supervisor];

pub fn routes() -> Routes {
    Routes::new(Group::Workspace)
        .at(Verb::Get, "/staff/appointments/{office}/{date}", day)
        .at(Verb::Post, "/staff/appointments/{number}/mark", mark)
}

/// An office's bookings of a date (Moscow), by time, with the citizens' contacts.
#[utoipa::path(get, path = "/api/v1/staff/appointments/{office}/{date}", tag = "workspace",
    params(("office" = String, Path, description = "The office's id"),
           ("date" = String, Path, description = "`YYYY-MM-DD`")),
    responses(
        (status = 200, description = "The day's bookings", body = DayList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator or supervisor", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`date` is not a date", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn day(
    State(state): State<AppState>,
    staff: Staff,
    Path((office, date)): Path<(String, String)>,
) -> Result<axum::Json<DayList>, ApiError> {
    staff.require(OFFICE_STAFF)?;
    let date = super::appointments::path_date(&date)?;
    Ok(axum::Json(
        state.appointments.office_day(&office, date).await?,
    ))
}

/// Marks a booking on its day or after: `attended`, `no_show`, or back to `booked`;
/// with a note (≤ 500 characters). Audited.
#[utoipa::path(post, path = "/api/v1/staff/appointments/{number}/mark", tag = "workspace",
    params(("number" = String, Path, description = "The booking's number")),
    request_body = BookingMark,
    responses(
        (status = 200, description = "Marked", body = StaffBooking),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator or supervisor", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such booking", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`booking_closed`: cancelled; `invalid_transition`: before its day", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `status`, `note`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn mark(
    State(state): State<AppState>,
    staff: Staff,
    client: Client,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<BookingMark>,
) -> Result<axum::Json<StaffBooking>, ApiError> {
    staff.require(OFFICE_STAFF)?;
    let account = staff.0;
    let now = state.clock.now();
    let from = client.0.clone();
    let audit = move |detail: String| AuditEntry {
        at: now,
        actor: account.login.clone(),
        role: Some(account.role),
        action: AuditAction::Appointment,
        ticket: None,
        from: from.clone(),
        detail,
    };
    let marked = state.appointments.mark(&number, &req, audit).await?;
    Ok(axum::Json(
        state.appointments.staff_view_now(&marked).await?,
    ))
}

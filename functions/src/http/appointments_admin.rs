//! Offices and services on the admins' page (workspace group): admins add and change
//! them, each change audited; an office's bookings ahead that its new hours, services or
//! windows leave out are answered with the save and listed for the office's staff.

use axum::extract::{Path, State};
use helpdesk_shared::Problem;
use helpdesk_shared::appointment::{Catalog, Office, Service};
use helpdesk_shared::appointment_edit::{OfficeSaved, OfficeUnplaced};
use helpdesk_shared::auth::Role;
use helpdesk_shared::workspace::{AuditAction, AuditEntry};

use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::session::Staff;
use super::{AppState, Client};

pub fn routes() -> Routes {
    Routes::new(Group::Workspace)
        .at(
            Verb::Put,
            "/admin/appointments/offices/{office}",
            office_put,
        )
        .at(
            Verb::Put,
            "/admin/appointments/services/{service}",
            service_put,
        )
        .at(Verb::Get, "/staff/appointments/{office}/unplaced", unplaced)
}

/// Adds or changes an office (admins): names, address, accessibility, hours per
/// weekday, dated exceptions, the visit's length, windows and services. Bookings are
/// never dropped: those ahead that no longer fit are in the answer.
#[utoipa::path(put, path = "/api/v1/admin/appointments/offices/{office}", tag = "admin",
    params(("office" = String, Path, description = "The office's id (its `id` in the body is taken from here)")),
    request_body = Office,
    responses(
        (status = 200, description = "Saved: the catalog in force and the bookings ahead outside the office's hours", body = OfficeSaved),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `office_id`, `title_ru`, `title_en`, `address_ru`, `address_en`, `access_ru`, `access_en`, `hours.0`–`hours.6`, `exceptions`, `slot_minutes`, `windows`, `services`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn office_put(
    State(state): State<AppState>,
    staff: Staff,
    _fresh: super::two_factor::RecentFactor,
    client: Client,
    Path(id): Path<String>,
    JsonBody(office): JsonBody<Office>,
) -> Result<axum::Json<OfficeSaved>, ApiError> {
    staff.require(&[Role::Admin])?;
    let office = Office { id, ..office };
    let saved = state
        .appointments
        .save_office(&office, audit(&state, &staff, &client))
        .await?;
    Ok(axum::Json(saved))
}

/// Adds or renames a service (admins): its names and what to bring.
#[utoipa::path(put, path = "/api/v1/admin/appointments/services/{service}", tag = "admin",
    params(("service" = String, Path, description = "The service's id (its `id` in the body is taken from here)")),
    request_body = Service,
    responses(
        (status = 200, description = "Saved: the catalog in force", body = Catalog),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `service_id`, `title_ru`, `title_en`, `bring_ru`, `bring_en`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn service_put(
    State(state): State<AppState>,
    staff: Staff,
    _fresh: super::two_factor::RecentFactor,
    client: Client,
    Path(id): Path<String>,
    JsonBody(service): JsonBody<Service>,
) -> Result<axum::Json<Catalog>, ApiError> {
    staff.require(&[Role::Admin])?;
    let service = Service { id, ..service };
    let catalog = state
        .appointments
        .save_service(&service, audit(&state, &staff, &client))
        .await?;
    Ok(axum::Json((*catalog).clone()))
}

/// An office's bookings ahead that its hours, services or windows no longer hold, by
/// date and time, with the citizens' contacts: the staff call them.
#[utoipa::path(get, path = "/api/v1/staff/appointments/{office}/unplaced", tag = "workspace",
    params(("office" = String, Path, description = "The office's id")),
    responses(
        (status = 200, description = "The bookings to rearrange", body = OfficeUnplaced),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator, supervisor or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn unplaced(
    State(state): State<AppState>,
    staff: Staff,
    Path(office): Path<String>,
) -> Result<axum::Json<OfficeUnplaced>, ApiError> {
    staff.require(&[Role::Operator, Role::Supervisor, Role::Admin])?;
    let unplaced = state.appointments.unplaced(&office).await?;
    Ok(axum::Json(OfficeUnplaced { office, unplaced }))
}

/// The audit entry of an admin's edit, its detail given by the catalog.
fn audit(state: &AppState, staff: &Staff, client: &Client) -> impl Fn(String) -> AuditEntry {
    let (at, account, from) = (state.clock.now(), staff.0.clone(), client.0.clone());
    move |detail| AuditEntry {
        at,
        actor: account.login.clone(),
        role: Some(account.role),
        action: AuditAction::Appointment,
        ticket: None,
        from: from.clone(),
        detail,
    }
}

//! The service levels on the admins' page: each category's policy (how long to the first
//! response and to resolution, on which clock, what the sweep does when a date passes)
//! and the business calendar's special dates. Supervisors read them; admins change them;
//! every change is audited in its own transaction (`crate::levels`).

use axum::extract::{Path, State};
use helpdesk_shared::auth::Role;
use helpdesk_shared::calendar::SpecialKind;
use helpdesk_shared::sla::{ChatPolicy, DayPut, Policy, ServiceLevels, SlaClock, Span};
use helpdesk_shared::workspace::{AuditAction, AuditEntry};
use helpdesk_shared::{Category, FieldCode, FieldError, Problem};
use time::Date;

use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::session::Staff;
use super::{AppState, Client};
use crate::levels::{DAY_EDITS_MAX, LevelsError};

pub fn routes() -> Routes {
    Routes::new(Group::Workspace)
        .at(Verb::Get, "/admin/service-levels", levels)
        .at(
            Verb::Put,
            "/admin/service-levels/policies/{category}",
            policy_put,
        )
        .at(Verb::Put, "/admin/service-levels/chat", chat_put)
        .at(Verb::Put, "/admin/service-levels/days/{date}", day_put)
        .at(
            Verb::Delete,
            "/admin/service-levels/days/{date}",
            day_delete,
        )
}

/// The policies and the calendar in force (supervisors and admins).
#[utoipa::path(
    get,
    path = "/api/v1/admin/service-levels",
    tag = "admin",
    responses(
        (status = 200, description = "Every category's policy and the calendar's special dates", body = ServiceLevels),
        (status = 403, description = "Supervisors and admins only", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn levels(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<axum::Json<ServiceLevels>, ApiError> {
    staff.require(&[Role::Supervisor, Role::Admin])?;
    Ok(axum::Json(state.tickets.levels().in_force().await?.view()))
}

/// Change a category's policy (admins). New requests of the category take it; requests
/// in work keep the promise they were given.
#[utoipa::path(
    put,
    path = "/api/v1/admin/service-levels/policies/{category}",
    tag = "admin",
    params(("category" = String, Path, description = "a category's code, e.g. `payments`")),
    request_body = Policy,
    responses(
        (status = 200, description = "Saved: the settings now in force", body = ServiceLevels),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `category`, `first_response`, `resolution`, `remind_hours`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn policy_put(
    State(state): State<AppState>,
    staff: Staff,
    _fresh: super::two_factor::RecentFactor,
    client: Client,
    Path(category): Path<String>,
    JsonBody(policy): JsonBody<Policy>,
) -> Result<axum::Json<ServiceLevels>, ApiError> {
    staff.require(&[Role::Admin])?;
    let Some(category) = Category::from_code(&category) else {
        return Err(ApiError::Validation(vec![FieldError::new(
            "category",
            FieldCode::UnknownCategory,
        )]));
    };
    let problems = policy.problems();
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let l = policy.on_late;
    let detail = format!(
        "{}: first response {}, resolution {}, {}alert, {}escalate, remind every {} h",
        category.code(),
        span(policy.first_response),
        span(policy.resolution),
        if l.alert { "" } else { "no " },
        if l.escalate { "" } else { "no " },
        l.remind_hours,
    );
    let entry = entry(&state, &staff, &client, detail);
    let levels = state.tickets.levels();
    Ok(axum::Json(
        levels
            .set_policy(category, policy, &entry)
            .await
            .map_err(failed)?,
    ))
}

/// Change the chat's first-reply target (admins): chats waiting longer are marked on the
/// consoles and the supervisors on duty are told.
#[utoipa::path(
    put,
    path = "/api/v1/admin/service-levels/chat",
    tag = "admin",
    request_body = ChatPolicy,
    responses(
        (status = 200, description = "Saved: the settings now in force", body = ServiceLevels),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `first_reply_seconds` (1–3600)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn chat_put(
    State(state): State<AppState>,
    staff: Staff,
    _fresh: super::two_factor::RecentFactor,
    client: Client,
    JsonBody(chat): JsonBody<ChatPolicy>,
) -> Result<axum::Json<ServiceLevels>, ApiError> {
    staff.require(&[Role::Admin])?;
    let problems = chat.problems();
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let detail = format!("chat: first reply within {} s", chat.first_reply_seconds);
    let entry = entry(&state, &staff, &client, detail);
    let levels = state.tickets.levels();
    Ok(axum::Json(
        levels.set_chat(chat, &entry).await.map_err(failed)?,
    ))
}

/// Make a date a holiday, a day off, a working day or a short day (admins).
#[utoipa::path(
    put,
    path = "/api/v1/admin/service-levels/days/{date}",
    tag = "admin",
    params(("date" = String, Path, description = "YYYY-MM-DD, 2000–2100")),
    request_body = DayPut,
    responses(
        (status = 200, description = "Saved: the settings now in force", body = ServiceLevels),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `date`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn day_put(
    State(state): State<AppState>,
    staff: Staff,
    _fresh: super::two_factor::RecentFactor,
    client: Client,
    Path(date): Path<String>,
    JsonBody(day): JsonBody<DayPut>,
) -> Result<axum::Json<ServiceLevels>, ApiError> {
    set_day(&state, &staff, &client, &date, Some(day.kind)).await
}

/// Make a date an ordinary day of its weekday again (admins), also a shipped holiday.
#[utoipa::path(
    delete,
    path = "/api/v1/admin/service-levels/days/{date}",
    tag = "admin",
    params(("date" = String, Path, description = "YYYY-MM-DD, 2000–2100")),
    responses(
        (status = 200, description = "Saved: the settings now in force", body = ServiceLevels),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `date`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn day_delete(
    State(state): State<AppState>,
    staff: Staff,
    _fresh: super::two_factor::RecentFactor,
    client: Client,
    Path(date): Path<String>,
) -> Result<axum::Json<ServiceLevels>, ApiError> {
    set_day(&state, &staff, &client, &date, None).await
}

async fn set_day(
    state: &AppState,
    staff: &Staff,
    client: &Client,
    date: &str,
    kind: Option<SpecialKind>,
) -> Result<axum::Json<ServiceLevels>, ApiError> {
    staff.require(&[Role::Admin])?;
    let Some(date) = parse_date(date) else {
        return Err(ApiError::Validation(vec![FieldError::new(
            "date",
            FieldCode::DateFormat,
        )]));
    };
    let detail = format!("{date}: {}", kind.map_or("ordinary", SpecialKind::code));
    let entry = entry(state, staff, client, detail);
    let levels = state.tickets.levels();
    Ok(axum::Json(
        levels.set_day(date, kind, &entry).await.map_err(failed)?,
    ))
}

/// `YYYY-MM-DD` in the years the service counts.
fn parse_date(s: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &format)
        .ok()
        .filter(|d| (2000..=2100).contains(&d.year()))
}

fn span(s: Span) -> String {
    let clock = match s.clock {
        SlaClock::Working => "working",
        SlaClock::Calendar => "calendar",
    };
    format!("{} min {clock}", s.minutes)
}

fn entry(state: &AppState, staff: &Staff, client: &Client, detail: String) -> AuditEntry {
    AuditEntry {
        at: state.clock.now(),
        actor: staff.0.login.clone(),
        role: Some(staff.0.role),
        action: AuditAction::ServiceLevels,
        ticket: None,
        from: client.0.clone(),
        detail,
    }
}

fn failed(e: LevelsError) -> ApiError {
    match e {
        LevelsError::TooManyDays => ApiError::Validation(vec![FieldError::with_limit(
            "date",
            FieldCode::TooManyItems,
            DAY_EDITS_MAX as u32,
        )]),
        LevelsError::Busy => ApiError::Busy,
        LevelsError::Store(e) => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_and_in_range() {
        assert!(parse_date("2027-01-08").is_some());
        for bad in [
            "2027-1-8",
            "08.01.2027",
            "2027-02-30",
            "1999-12-31",
            "2101-01-01",
            "",
        ] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }
}

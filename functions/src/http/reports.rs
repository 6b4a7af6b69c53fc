//! Reports for supervisors and admins: the figures of a date range from the rollups
//! (`crate::reports`), as JSON for the page and as CSV for a spreadsheet.

use axum::extract::{Query, State};
use helpdesk_shared::auth::Role;
use helpdesk_shared::report::ReportQuery;
use helpdesk_shared::report_view::{ReportView, to_csv};
use helpdesk_shared::{FieldCode, FieldError, Lang, Problem, moscow};

use super::AppState;
use super::endpoints::{Group, Routes, Verb};
use super::error::ApiError;
use super::session::Staff;

const READERS: &[Role] = &[Role::Supervisor, Role::Admin];

pub fn routes() -> Routes {
    Routes::new(Group::Workspace)
        .at(Verb::Get, "/staff/reports", report)
        .at(Verb::Get, "/staff/reports/csv", csv)
}

async fn build(
    state: &AppState,
    staff: &Staff,
    params: &[(String, String)],
) -> Result<ReportView, ApiError> {
    staff.require(READERS)?;
    let today = moscow::date(state.clock.now());
    let q = ReportQuery::parse(
        params
            .iter()
            .filter(|(k, _)| k != "lang")
            .map(|(k, v)| (k.as_str(), v.as_str())),
        today,
    )
    .map_err(ApiError::Validation)?;
    let started = std::time::Instant::now();
    let view = crate::reports::report(state.store.as_ref(), &q, today).await?;
    tracing::info!(
        login = %staff.0.login,
        days = view.days.len(),
        items = view.items_read,
        ms = started.elapsed().as_millis() as u64,
        "report read"
    );
    Ok(view)
}

/// The figures of a range of Moscow days (default: the last 30), filtered.
#[utoipa::path(
    get,
    path = "/api/v1/staff/reports",
    tag = "workspace",
    params(
        ("from" = Option<String>, Query, description = "first day, YYYY-MM-DD (default: 29 days before `to`)"),
        ("to" = Option<String>, Query, description = "last day, YYYY-MM-DD (default: today, Moscow); at most 366 days in all"),
        ("category" = Option<String>, Query, description = "a category code"),
        ("channel" = Option<String>, Query, description = "form or chat"),
        ("level" = Option<String>, Query, description = "bot, operator or specialist"),
        ("department" = Option<String>, Query, description = "technical, payments, legal, services"),
    ),
    responses(
        (status = 200, description = "The report", body = ReportView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Supervisors and admins only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A date or filter to fix", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    staff: Staff,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<axum::Json<ReportView>, ApiError> {
    Ok(axum::Json(build(&state, &staff, &params).await?))
}

/// The report's days as CSV (UTF-8 with a byte-order mark, `;`-separated, headers in
/// `lang`), for a spreadsheet.
#[utoipa::path(
    get,
    path = "/api/v1/staff/reports/csv",
    tag = "workspace",
    params(
        ("from" = Option<String>, Query, description = "as for the report"),
        ("to" = Option<String>, Query, description = "as for the report"),
        ("category" = Option<String>, Query, description = "as for the report"),
        ("channel" = Option<String>, Query, description = "as for the report"),
        ("level" = Option<String>, Query, description = "as for the report"),
        ("department" = Option<String>, Query, description = "as for the report"),
        ("lang" = Option<String>, Query, description = "ru (default) or en: the header row's language"),
    ),
    responses(
        (status = 200, description = "text/csv; charset=utf-8", body = String, content_type = "text/csv"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Supervisors and admins only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A date or filter to fix", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn csv(
    State(state): State<AppState>,
    staff: Staff,
    _fresh: super::two_factor::RecentFactor,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<axum::response::Response, ApiError> {
    let lang = match params
        .iter()
        .find(|(k, _)| k == "lang")
        .map(|(_, v)| v.as_str())
    {
        None | Some("ru") => Lang::Ru,
        Some("en") => Lang::En,
        Some(_) => {
            return Err(ApiError::Validation(vec![FieldError::new(
                "lang",
                FieldCode::UnknownValue,
            )]));
        }
    };
    let view = build(&state, &staff, &params).await?;
    super::error::generated_file(
        to_csv(&view, lang),
        "text/csv; charset=utf-8",
        &format!("report-{}-{}.csv", view.from, view.to),
    )
}

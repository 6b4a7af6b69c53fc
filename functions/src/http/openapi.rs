use axum::Router;
use axum::routing::get;
use utoipa::OpenApi;

use super::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "helpdesk API", description = "Citizen support desk: requests, status, attachments"),
    paths(
        super::submission::submit,
        super::submission::begin_upload,
        super::submission::upload_content,
        super::submission::complete_upload,
        super::status::lookup,
        super::status::add_info
    ),
    tags((name = "submission"), (name = "status"))
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/openapi.json",
        get(|| async { axum::Json(ApiDoc::openapi()) }),
    )
}

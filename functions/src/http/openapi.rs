use axum::Router;
use axum::routing::get;
use utoipa::OpenApi;

use super::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "helpdesk API", description = "Citizen support desk: requests, status, attachments, sign-in"),
    paths(
        super::submission::submit,
        super::submission::begin_upload,
        super::submission::upload_content,
        super::submission::complete_upload,
        super::status::lookup,
        super::status::add_info,
        super::account::send_code,
        super::account::verify_code,
        super::account::staff_sign_in,
        super::account::me,
        super::account::sign_out,
        super::account::sign_out_everywhere,
        super::account::my_tickets,
        super::account::my_ticket,
        super::account::my_add_info,
        super::workspace::queue,
        super::workspace::counts,
        super::workspace::ticket,
        super::workspace::act,
        super::workspace::assignees,
        super::workspace::attachment,
        super::workspace::canned_list,
        super::workspace::canned_put,
        super::workspace::canned_delete,
        super::workspace::audit
    ),
    tags((name = "submission"), (name = "status"), (name = "account"), (name = "workspace"), (name = "admin"))
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/openapi.json",
        get(|| async { axum::Json(ApiDoc::openapi()) }),
    )
}

use utoipa::{Modify, OpenApi};

use super::endpoints::{Group, Routes, Verb};

#[derive(OpenApi)]
#[openapi(
    info(title = "helpdesk API", description = "Citizen support desk: requests, status, attachments, sign-in, the knowledge base, the chat"),
    paths(
        super::submission::submit,
        super::submission::begin_upload,
        super::submission::upload_content,
        super::submission::complete_upload,
        super::status::lookup,
        super::status::add_info,
        super::status::repeat,
        super::status::survey,
        super::status::survey_link,
        super::faq::articles,
        super::faq::search,
        super::faq::topic,
        super::faq::vote,
        super::appointments::catalog,
        super::appointments::days,
        super::appointments::slots,
        super::appointments::lookup,
        super::appointments::cancel,
        super::appointments::move_booking,
        super::appointments::calendar,
        super::appointments::mine,
        super::appointments::book,
        super::appointments::my_cancel,
        super::appointments::my_move,
        super::appointments::my_calendar,
        super::appointments_staff::day,
        super::appointments_staff::mark,
        super::appointments_admin::office_put,
        super::appointments_admin::service_put,
        super::appointments_admin::unplaced,
        super::account::send_code,
        super::account::verify_code,
        super::account::staff_sign_in,
        super::two_factor::code,
        super::two_factor::enrol,
        super::two_factor::confirm,
        super::account::me,
        super::account::session_state,
        super::account::sign_out,
        super::account::sign_out_everywhere,
        super::account::my_tickets,
        super::account::my_ticket,
        super::account::my_add_info,
        super::account::my_repeat,
        super::account::my_survey,
        super::account::my_chats,
        super::notices::my_notices,
        super::notices::my_unread,
        super::notices::my_seen,
        super::notices::my_prefs,
        super::notices::my_set_prefs,
        super::notices::my_ticket_notices,
        super::notices::my_ticket_prefs,
        super::notices::ticket_notices,
        super::notices::ticket_prefs,
        super::notices::staff_deliveries,
        super::notices::my_resend,
        super::notices::resend,
        super::push::info,
        super::push::subscribe,
        super::push::unsubscribe,
        super::workspace::queue,
        super::workspace::counts,
        super::workspace::ticket,
        super::workspace::act,
        super::workspace::assignees,
        super::workspace::attachment,
        super::workspace::canned_list,
        super::workspace::canned_put,
        super::workspace::canned_delete,
        super::workspace::audit,
        super::workspace::faq_feedback,
        super::faq_admin::articles,
        super::faq_admin::article_put,
        super::faq_admin::order,
        super::levels_admin::levels,
        super::levels_admin::policy_put,
        super::levels_admin::chat_put,
        super::levels_admin::day_put,
        super::levels_admin::day_delete,
        super::reports::report,
        super::reports::csv,
        super::chat::start,
        super::chat::read,
        super::chat::say,
        super::chat::mark,
        super::chat::operator,
        super::chat::status,
        super::chat::end,
        super::chat::rate,
        super::chat::request,
        super::chat_transcript::pdf,
        super::chat_transcript::email,
        super::chat_staff::offer,
        super::chat_staff::transfer,
        super::chat_files::send,
        super::chat_files::fetch,
        super::chat_files::staff_send,
        super::chat_files::staff_fetch,
        super::chat_socket::socket,
        super::chat_staff::console,
        super::chat_staff::read,
        super::chat_staff::take,
        super::chat_staff::reply,
        super::chat_staff::end
    ),
    tags((name = "submission"), (name = "status"), (name = "account"), (name = "workspace"), (name = "admin"), (name = "chat"), (name = "appointments")),
    modifiers(&ProblemResponses)
)]
pub struct ApiDoc;

/// Adds the problem answers every operation of a kind can give, where its annotation
/// does not already describe that status: the ones decided before the handler runs
/// (body parsing and limits, the session and CSRF extractors) and the store's failures.
/// Which operations take a session comes from the route tables (`Endpoint::needs_session`).
struct ProblemResponses;

impl Modify for ProblemResponses {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let endpoints = super::endpoints();
        for (path, item) in doc.paths.paths.iter_mut() {
            for (verb, op) in [
                (Verb::Get, item.get.as_mut()),
                (Verb::Post, item.post.as_mut()),
                (Verb::Put, item.put.as_mut()),
                (Verb::Delete, item.delete.as_mut()),
            ] {
                let Some(op) = op else { continue };
                let session = endpoints
                    .iter()
                    .any(|e| e.verb == verb && e.full_path() == *path && e.needs_session());
                let json_body = op
                    .request_body
                    .as_ref()
                    .is_some_and(|b| b.content.contains_key("application/json"));
                let mut add = |status: &str, text: &str| {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| problem(text).into());
                };
                if json_body {
                    add("400", "The body is not JSON (`bad_json`)");
                    add("413", "The body is over the limit (`payload_too_large`)");
                    add("415", "The body is not `application/json` (`bad_json`)");
                    add(
                        "422",
                        "Fields to fix (`validation`), or fields this endpoint does not take (`bad_json`)",
                    );
                }
                if session {
                    add("401", "Not signed in (`unauthorized`)");
                    add(
                        "403",
                        "Not allowed for this account (`forbidden`), or a signed-in write without the X-Helpdesk-Request header (`csrf`)",
                    );
                } else if verb != Verb::Get {
                    add(
                        "403",
                        "A write carrying a session cookie without the X-Helpdesk-Request header (`csrf`)",
                    );
                }
                add(
                    "500",
                    "A fault on our side (`internal`); nothing was half-done",
                );
                add(
                    "503",
                    "The store is unavailable or busy (`unavailable`, `busy`): try again after Retry-After",
                );
            }
        }
    }
}

fn problem(description: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

/// The API description, served by the status function (the light, read-mostly one).
pub fn routes() -> Routes {
    Routes::new(Group::Status).at(Verb::Get, "/openapi.json", || async {
        axum::Json(ApiDoc::openapi())
    })
}

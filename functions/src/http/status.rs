use axum::extract::{Path, State};
use helpdesk_shared::Problem;
use helpdesk_shared::api::{AddInfoRequest, LookupRequest, RepeatRequest, TicketView};
use helpdesk_shared::survey::{SurveyAnswer, SurveyRequest};

use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::{AppState, Client};
use crate::ratelimit::{Ask, Limit};
use crate::tickets::{Access, Lookup, TicketError};

pub fn routes() -> Routes {
    Routes::new(Group::Status)
        .at(Verb::Post, "/tickets/lookup", lookup)
        .at(Verb::Post, "/tickets/{number}/messages", add_info)
        .at(Verb::Post, "/tickets/{number}/repeat", repeat)
        .at(Verb::Post, "/tickets/{number}/survey", survey)
        .at(Verb::Post, "/survey/{number}", survey_link)
}

/// Look up a request by number and access code (in the body, so they stay out of URLs
/// and logs). A wrong code and an unknown number give the same 404.
#[utoipa::path(
    post,
    path = "/api/v1/tickets/lookup",
    tag = "status",
    request_body = LookupRequest,
    responses(
        (status = 200, description = "The request and its timeline", body = TicketView),
        (status = 404, description = "No request with this number and code", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed number or code", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many lookups", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn lookup(
    State(state): State<AppState>,
    client: Client,
    JsonBody(req): JsonBody<LookupRequest>,
) -> Result<axum::Json<TicketView>, ApiError> {
    let lookup = Lookup {
        number: &req.number,
        access_code: &req.access_code,
    };
    let wrong = limit(
        &state,
        &client,
        "lookup",
        state.limits.lookup_per_client,
        &lookup,
    )?;
    let view = wrong.count(&state, state.tickets.lookup(&lookup).await)?;
    Ok(axum::Json(view))
}

/// Add a message and/or files to a request. A request waiting for the citizen goes back
/// to "in progress".
#[utoipa::path(
    post,
    path = "/api/v1/tickets/{number}/messages",
    tag = "status",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    request_body = AddInfoRequest,
    responses(
        (status = 200, description = "The updated request", body = TicketView),
        (status = 404, description = "No request with this number and code", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The request is closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many messages", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn add_info(
    State(state): State<AppState>,
    client: Client,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<AddInfoRequest>,
) -> Result<axum::Json<TicketView>, ApiError> {
    let call = async |a: &Access<'_>| state.tickets.add_info(a, &req).await;
    let view = with_code(&state, &client, &number, &req.access_code, call).await?;
    Ok(axum::Json(view))
}

/// A citizen's change of a request by number and access code: limited per client as
/// adding information is, and wrong codes counted against guessing.
pub(super) async fn with_code<T>(
    state: &AppState,
    client: &Client,
    number: &str,
    access_code: &str,
    call: impl AsyncFnOnce(&Access<'_>) -> Result<T, TicketError>,
) -> Result<T, ApiError> {
    let lookup = Lookup {
        number,
        access_code,
    };
    let wrong = limit(
        state,
        client,
        "add_info",
        state.limits.add_info_per_client,
        &lookup,
    )?;
    wrong.count(state, call(&Access::Code(lookup)).await)
}

/// "Повторный запрос": a request in work with no visible change for 48 working hours
/// is brought up again (from `repeat_from` of its view).
#[utoipa::path(
    post,
    path = "/api/v1/tickets/{number}/repeat",
    tag = "status",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    request_body = RepeatRequest,
    responses(
        (status = 200, description = "The request, with the repeat request in its history", body = TicketView),
        (status = 404, description = "No request with this number and code", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed, not in work, or before `repeat_from`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The message is too long", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many calls", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn repeat(
    State(state): State<AppState>,
    client: Client,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<RepeatRequest>,
) -> Result<axum::Json<TicketView>, ApiError> {
    let call = async |a: &Access<'_>| state.tickets.repeat(a, &req).await;
    let view = with_code(&state, &client, &number, &req.access_code, call).await?;
    Ok(axum::Json(view))
}

/// The citizen's opinion of a closed request (`can_survey` of its view): CSAT 1–5
/// (required), NPS 0–10, a comment; changeable for a day.
#[utoipa::path(
    post,
    path = "/api/v1/tickets/{number}/survey",
    tag = "status",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    request_body = SurveyRequest,
    responses(
        (status = 200, description = "The request, with the answer", body = TicketView),
        (status = 404, description = "No request with this number and code", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not closed yet, or answered more than a day ago", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `csat`, `nps`, `comment`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many calls", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn survey(
    State(state): State<AppState>,
    client: Client,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<SurveyRequest>,
) -> Result<axum::Json<TicketView>, ApiError> {
    let call = async |a: &Access<'_>| state.tickets.survey(a, &req).await;
    let view = with_code(&state, &client, &number, &req.access_code, call).await?;
    Ok(axum::Json(view))
}

/// The survey through the one-time link of the closing e-mail (`token`): no sign-in, no
/// access code, answers once and shows nothing of the request but the answer.
#[utoipa::path(
    post,
    path = "/api/v1/survey/{number}",
    tag = "status",
    params(("number" = String, Path, description = "The request number, e.g. 123-456-789")),
    request_body = SurveyRequest,
    responses(
        (status = 200, description = "The answer kept", body = SurveyAnswer),
        (status = 404, description = "A wrong or used link", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not closed yet, or answered more than a day ago", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `csat`, `nps`, `comment`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many calls", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn survey_link(
    State(state): State<AppState>,
    client: Client,
    Path(number): Path<String>,
    JsonBody(req): JsonBody<SurveyRequest>,
) -> Result<axum::Json<SurveyAnswer>, ApiError> {
    state.limit(
        &format!("{}:survey", client.0),
        state.limits.lookup_per_client,
    )?;
    Ok(axum::Json(
        state.tickets.survey_by_link(&number, &req).await?,
    ))
}

/// Counts the call against the client, and refuses a client that gave too many wrong
/// codes for this number (or a number that got far too many from everywhere). A
/// malformed number or code is a field error before anything is looked at.
pub(super) fn limit(
    state: &AppState,
    client: &Client,
    kind: &str,
    per_client: Limit,
    lookup: &Lookup<'_>,
) -> Result<WrongCodeKeys, ApiError> {
    limit_of(state, client, kind, per_client, lookup, Numbers::Requests)
}

/// Whose number a lookup names: requests' and bookings' numbers have one format, and
/// their wrong codes are counted apart.
#[derive(Clone, Copy)]
pub(super) enum Numbers {
    Requests,
    Bookings,
}

/// `limit`, for the numbers of `numbers`.
pub(super) fn limit_of(
    state: &AppState,
    client: &Client,
    kind: &str,
    per_client: Limit,
    lookup: &Lookup<'_>,
    numbers: Numbers,
) -> Result<WrongCodeKeys, ApiError> {
    let count = [&client.0, kind].join(":");
    let number = match lookup.parse() {
        Ok((number, _)) => number.key(),
        // A malformed number or code is a call too: counted, refused over the limit.
        Err(malformed) => {
            state.limit(&count, per_client)?;
            return Err(malformed.into());
        }
    };
    let wrong = match numbers {
        Numbers::Requests => "wrong",
        Numbers::Bookings => "wrong-booking",
    };
    let keys = WrongCodeKeys {
        client: [wrong, &client.0, &number].join(":"),
        number: [wrong, &number].join(":"),
    };
    let limits = &state.limits;
    // One lock for the three (`RateLimiter::check_all`).
    let asks = [
        Ask::Count(&count, per_client),
        Ask::Peek(&keys.client, limits.wrong_code_per_client_and_number),
        Ask::Peek(&keys.number, limits.wrong_code_per_number),
    ];
    match state.limiter.check_all(&asks) {
        Ok(()) => Ok(keys),
        Err((which, retry_after)) => {
            match which {
                0 => super::log_refused(kind, Some(&client.0)),
                1 => super::log_refused("wrong_code", Some(&client.0)),
                _ => super::log_refused("wrong_code_per_number", None),
            }
            Err(ApiError::RateLimited { retry_after })
        }
    }
}

/// Where a wrong code for one number is counted: against the caller, and against the
/// number from everywhere. The right code counts nothing, so the owner is never locked
/// out by someone else's guessing until the number-wide count is reached.
pub(super) struct WrongCodeKeys {
    client: String,
    number: String,
}

impl WrongCodeKeys {
    pub(super) fn count<T>(
        &self,
        state: &AppState,
        result: Result<T, TicketError>,
    ) -> Result<T, ApiError> {
        self.note(state, matches!(result, Err(TicketError::NotFound)));
        Ok(result?)
    }

    /// Counts a wrong code (or an unknown number) if `wrong`.
    pub(super) fn note(&self, state: &AppState, wrong: bool) {
        if wrong {
            state
                .limiter
                .count(&self.client, state.limits.wrong_code_per_client_and_number);
            state
                .limiter
                .count(&self.number, state.limits.wrong_code_per_number);
        }
    }
}

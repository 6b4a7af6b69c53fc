//! Appointments over HTTP: what is free and a booking named by number and code (status
//! group: anyone), booking and the citizen's own bookings (account group: signed in).

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use helpdesk_shared::Problem;
use helpdesk_shared::appointment::{
    Booked, BookingKey, BookingMove, BookingView, Catalog, FreeDay, FreeSlots, NewBooking,
    SlotChoice,
};

use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::session::Citizen;
use super::status::{Numbers, limit_of};
use super::{AppState, Client};
use crate::appointments::{AppointmentError, BookingRecord};
use crate::tickets::Lookup;

pub fn public_routes() -> Routes {
    Routes::new(Group::Status)
        .at(Verb::Get, "/appointments/catalog", catalog)
        .at(Verb::Get, "/appointments/offices/{office}/days", days)
        .at(
            Verb::Get,
            "/appointments/offices/{office}/days/{date}",
            slots,
        )
        .at(Verb::Post, "/appointments/lookup", lookup)
        .at(Verb::Post, "/appointments/cancel", cancel)
        .at(Verb::Post, "/appointments/move", move_booking)
        .at(Verb::Post, "/appointments/calendar", calendar)
}

pub fn citizen_routes() -> Routes {
    Routes::new(Group::Account)
        .at(Verb::Get, "/my/appointments", mine)
        .at(Verb::Post, "/my/appointments", book)
        .at(Verb::Post, "/my/appointments/{number}/cancel", my_cancel)
        .at(Verb::Post, "/my/appointments/{number}/move", my_move)
        .at(Verb::Get, "/my/appointments/{number}/calendar", my_calendar)
}

impl From<AppointmentError> for ApiError {
    fn from(e: AppointmentError) -> Self {
        match e {
            AppointmentError::Validation(errors) => ApiError::Validation(errors),
            AppointmentError::NotFound => ApiError::NoBooking,
            AppointmentError::Taken => ApiError::SlotTaken,
            AppointmentError::Closed => ApiError::BookingClosed,
            AppointmentError::NotYet => ApiError::InvalidTransition {
                detail: "a visit is marked on its day or after".into(),
            },
            AppointmentError::Busy => ApiError::Busy,
            AppointmentError::Store(e) => e.into(),
        }
    }
}

/// The services and the offices (hours, address, accessibility, what each offers).
#[utoipa::path(get, path = "/api/v1/appointments/catalog", tag = "appointments",
    responses((status = 200, description = "Services and offices", body = Catalog)))]
pub async fn catalog(State(state): State<AppState>) -> Result<axum::Json<Catalog>, ApiError> {
    Ok(axum::Json((*state.appointments.catalog().await?).clone()))
}

/// Today and the next 30 days of an office: open or not, free places.
#[utoipa::path(get, path = "/api/v1/appointments/offices/{office}/days", tag = "appointments",
    params(("office" = String, Path, description = "The office's id")),
    responses(
        (status = 200, description = "The days", body = [FreeDay]),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn days(
    State(state): State<AppState>,
    Path(office): Path<String>,
) -> Result<axum::Json<Vec<FreeDay>>, ApiError> {
    Ok(axum::Json(state.appointments.free_days(&office).await?))
}

/// An office's slots on a date (Moscow time) with their free places; slots less than
/// an hour ahead are not offered.
#[utoipa::path(get, path = "/api/v1/appointments/offices/{office}/days/{date}", tag = "appointments",
    params(("office" = String, Path, description = "The office's id"),
           ("date" = String, Path, description = "`YYYY-MM-DD`")),
    responses(
        (status = 200, description = "The slots", body = FreeSlots),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`date` is not a date", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn slots(
    State(state): State<AppState>,
    Path((office, date)): Path<(String, String)>,
) -> Result<axum::Json<FreeSlots>, ApiError> {
    let date = path_date(&date)?;
    Ok(axum::Json(
        state.appointments.free_slots(&office, date).await?,
    ))
}

/// A `YYYY-MM-DD` of the path, or the field error saying so.
pub(super) fn path_date(date: &str) -> Result<time::Date, ApiError> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(date, &fmt).map_err(|_| {
        ApiError::Validation(vec![helpdesk_shared::FieldError::new(
            "date",
            helpdesk_shared::FieldCode::DateFormat,
        )])
    })
}

/// The booking named by number and code; wrong codes are counted as for requests.
async fn named(
    state: &AppState,
    client: &Client,
    number: &str,
    code: &str,
) -> Result<(BookingRecord, u64), ApiError> {
    let lookup = Lookup {
        number,
        access_code: code,
    };
    let wrong = limit_of(
        state,
        client,
        "booking",
        state.limits.lookup_per_client,
        &lookup,
        Numbers::Bookings,
    )?;
    let found = state.appointments.find(number, code).await;
    wrong.note(state, matches!(found, Err(AppointmentError::NotFound)));
    Ok(found?)
}

/// A booking by its number and access code.
#[utoipa::path(post, path = "/api/v1/appointments/lookup", tag = "appointments",
    request_body = BookingKey,
    responses(
        (status = 200, description = "The booking", body = BookingView),
        (status = 404, description = "No booking with this number and code", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed number or code", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many tries", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn lookup(
    State(state): State<AppState>,
    client: Client,
    JsonBody(req): JsonBody<BookingKey>,
) -> Result<axum::Json<BookingView>, ApiError> {
    let (record, _) = named(&state, &client, &req.number, &req.access_code).await?;
    Ok(axum::Json(state.appointments.view(&record).await?))
}

/// Cancels a booking named by number and code: its place is free at once.
#[utoipa::path(post, path = "/api/v1/appointments/cancel", tag = "appointments",
    request_body = BookingKey,
    responses(
        (status = 200, description = "Cancelled", body = BookingView),
        (status = 404, description = "No booking with this number and code", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already cancelled, attended or past", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    client: Client,
    JsonBody(req): JsonBody<BookingKey>,
) -> Result<axum::Json<BookingView>, ApiError> {
    let (record, version) = named(&state, &client, &req.number, &req.access_code).await?;
    let done = state.appointments.cancel(record, version).await?;
    Ok(axum::Json(state.appointments.view(&done).await?))
}

/// Moves a booking named by number and code to another slot of its office, at once or
/// not at all.
#[utoipa::path(post, path = "/api/v1/appointments/move", tag = "appointments",
    request_body = BookingMove,
    responses(
        (status = 200, description = "Moved", body = BookingView),
        (status = 404, description = "No booking with this number and code", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slot_taken`: no place left at that time; `booking_closed`: cancelled, attended or past", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `date`, `time`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn move_booking(
    State(state): State<AppState>,
    client: Client,
    JsonBody(req): JsonBody<BookingMove>,
) -> Result<axum::Json<BookingView>, ApiError> {
    let (record, version) = named(&state, &client, &req.number, &req.access_code).await?;
    let to = SlotChoice {
        date: req.date,
        time: req.time,
    };
    let done = state.appointments.change(record, version, &to).await?;
    Ok(axum::Json(state.appointments.view(&done).await?))
}

async fn calendar_file(
    state: &AppState,
    record: &BookingRecord,
) -> Result<impl IntoResponse + use<>, ApiError> {
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"booking-{}.ics\"", record.number),
            ),
        ],
        state.appointments.calendar_file(record).await?,
    ))
}

/// The booking as a calendar file (`.ics`: the visit, the office's address, an alarm
/// the day before).
#[utoipa::path(post, path = "/api/v1/appointments/calendar", tag = "appointments",
    request_body = BookingKey,
    responses(
        (status = 200, description = "An iCalendar file", content_type = "text/calendar"),
        (status = 404, description = "No booking with this number and code", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn calendar(
    State(state): State<AppState>,
    client: Client,
    JsonBody(req): JsonBody<BookingKey>,
) -> Result<impl IntoResponse, ApiError> {
    let (record, _) = named(&state, &client, &req.number, &req.access_code).await?;
    calendar_file(&state, &record).await
}

/// The signed-in citizen's bookings, the latest first.
#[utoipa::path(get, path = "/api/v1/my/appointments", tag = "appointments",
    responses(
        (status = 200, description = "The bookings", body = [BookingView]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn mine(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
) -> Result<axum::Json<Vec<BookingView>>, ApiError> {
    Ok(axum::Json(state.appointments.mine(&contact).await?))
}

/// Books a slot; the confirmation goes to the citizen's phone or e-mail, and the access
/// code (shown once) lets it be looked up, changed or cancelled without signing in.
#[utoipa::path(post, path = "/api/v1/my/appointments", tag = "appointments",
    request_body = NewBooking,
    responses(
        (status = 201, description = "Booked", body = Booked),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slot_taken`: no place left at that time", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `service`, `office`, `date`, `time`, `terms`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many bookings from this address", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Too many people booking this slot at once: try again", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn book(
    State(state): State<AppState>,
    client: Client,
    Citizen(contact): Citizen,
    JsonBody(req): JsonBody<NewBooking>,
) -> Result<(StatusCode, axum::Json<Booked>), ApiError> {
    state.limit(
        &format!("{}:book", client.0),
        state.limits.submit_per_client,
    )?;
    let lang = state.tickets.default_language();
    let (record, code) = state.appointments.book(&contact, lang, &req).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(Booked {
            booking: state.appointments.view(&record).await?,
            access_code: code.display(),
        }),
    ))
}

/// Cancels one of the signed-in citizen's bookings.
#[utoipa::path(post, path = "/api/v1/my/appointments/{number}/cancel", tag = "appointments",
    params(("number" = String, Path, description = "The booking's number")),
    responses(
        (status = 200, description = "Cancelled", body = BookingView),
        (status = 404, description = "Not one of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already cancelled, attended or past", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn my_cancel(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
    Path(number): Path<String>,
) -> Result<axum::Json<BookingView>, ApiError> {
    let (record, version) = state.appointments.find_owned(&number, &contact).await?;
    let done = state.appointments.cancel(record, version).await?;
    Ok(axum::Json(state.appointments.view(&done).await?))
}

/// Moves one of the signed-in citizen's bookings to another slot of its office.
#[utoipa::path(post, path = "/api/v1/my/appointments/{number}/move", tag = "appointments",
    params(("number" = String, Path, description = "The booking's number")),
    request_body = SlotChoice,
    responses(
        (status = 200, description = "Moved", body = BookingView),
        (status = 404, description = "Not one of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slot_taken` or `booking_closed`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `date`, `time`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn my_move(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
    Path(number): Path<String>,
    JsonBody(to): JsonBody<SlotChoice>,
) -> Result<axum::Json<BookingView>, ApiError> {
    let (record, version) = state.appointments.find_owned(&number, &contact).await?;
    let done = state.appointments.change(record, version, &to).await?;
    Ok(axum::Json(state.appointments.view(&done).await?))
}

/// One of the signed-in citizen's bookings as a calendar file.
#[utoipa::path(get, path = "/api/v1/my/appointments/{number}/calendar", tag = "appointments",
    params(("number" = String, Path, description = "The booking's number")),
    responses(
        (status = 200, description = "An iCalendar file", content_type = "text/calendar"),
        (status = 404, description = "Not one of yours", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn my_calendar(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
    Path(number): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let (record, _) = state.appointments.find_owned(&number, &contact).await?;
    calendar_file(&state, &record).await
}

//! Browser push over HTTP (account group): whether this server pushes and to how many
//! of the signed-in citizen's browsers, turning it on in one (after the citizen's click
//! and the browser's permission) and off.

use axum::extract::State;
use axum::http::StatusCode;
use helpdesk_shared::Problem;
use helpdesk_shared::notice::{PushInfo, PushRemove, PushSubscription};

use super::AppState;
use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::session::Citizen;
use crate::notify::push::{self, PushError};

pub fn routes() -> Routes {
    Routes::new(Group::Account)
        .at(Verb::Get, "/my/push", info)
        .at(Verb::Post, "/my/push", subscribe)
        .at(Verb::Post, "/my/push/remove", unsubscribe)
}

/// The key browsers subscribe with (`null`: this deployment does not push) and how
/// many of the citizen's browsers receive push.
#[utoipa::path(
    get,
    path = "/api/v1/my/push",
    tag = "account",
    responses(
        (status = 200, description = "The VAPID public key and the browsers subscribed", body = PushInfo),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff accounts receive no push here", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn info(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
) -> Result<axum::Json<PushInfo>, ApiError> {
    Ok(axum::Json(PushInfo {
        public_key: push::public_key().map(str::to_owned),
        devices: push::devices(state.store.as_ref(), &contact).await?,
    }))
}

/// Turns push on in this browser: keeps its subscription (`PushSubscription.toJSON()`)
/// and adds push to every kind of news in the citizen's preferences.
#[utoipa::path(
    post,
    path = "/api/v1/my/push",
    tag = "account",
    request_body = PushSubscription,
    responses(
        (status = 200, description = "Subscribed: the browsers now receiving push", body = PushInfo),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff accounts receive no push here", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix: `endpoint` (not a known push service), `p256dh`, `auth`", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "This deployment does not push (no VAPID key)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn subscribe(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
    JsonBody(sub): JsonBody<PushSubscription>,
) -> Result<axum::Json<PushInfo>, ApiError> {
    let lang = state.tickets.default_language();
    let now = state.clock.now();
    let devices = push::subscribe(state.store.as_ref(), &contact, &sub, lang, now)
        .await
        .map_err(|e| match e {
            PushError::Off => ApiError::Unavailable,
            PushError::Validation(errors) => ApiError::Validation(errors),
            PushError::Store(e) => e.into(),
        })?;
    tracing::info!(devices, "browser push turned on");
    Ok(axum::Json(PushInfo {
        public_key: push::public_key().map(str::to_owned),
        devices,
    }))
}

/// Stops pushing to a browser (its subscription's endpoint); done also when it was not
/// subscribed.
#[utoipa::path(
    post,
    path = "/api/v1/my/push/remove",
    tag = "account",
    request_body = PushRemove,
    responses(
        (status = 204, description = "Not pushed to any more"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff accounts receive no push here", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn unsubscribe(
    State(state): State<AppState>,
    Citizen(contact): Citizen,
    JsonBody(req): JsonBody<PushRemove>,
) -> Result<StatusCode, ApiError> {
    push::unsubscribe(state.store.as_ref(), &contact, &req.endpoint).await?;
    tracing::info!("browser push turned off");
    Ok(StatusCode::NO_CONTENT)
}

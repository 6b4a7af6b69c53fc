//! Development-only endpoints, mounted in local mode: what the outbox "sent".

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use helpdesk_shared::api::OutboxMessage;

use super::AppState;
use super::error::ApiError;
use crate::notify::outbox;

pub fn routes() -> Router<AppState> {
    Router::new().route("/dev/outbox", get(list))
}

async fn list(State(state): State<AppState>) -> Result<axum::Json<Vec<OutboxMessage>>, ApiError> {
    Ok(axum::Json(outbox(state.store.as_ref(), 100).await?))
}

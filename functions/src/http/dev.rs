//! Development-only endpoints, mounted in local mode: what the outbox "sent".
//!
//! The outbox holds every sign-in code, so it answers only when the browser asked for a
//! loopback host name: a web page elsewhere that points its own domain at 127.0.0.1 (DNS
//! rebinding) sends its own `Host` and is refused.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::routing::{get, post};
use helpdesk_shared::api::OutboxMessage;

use super::AppState;
use super::endpoints::{Group, Routes, Verb};
use super::error::ApiError;
use crate::notify::outbox;

pub fn routes() -> Routes {
    Routes::new(Group::Dev)
        .local(Verb::Get, "/dev/outbox", get(list))
        .local(Verb::Post, "/dev/clock", post(advance))
        .local(Verb::Post, "/dev/sweep", post(sweep))
}

/// `POST /dev/sweep`: the service levels' sweep now, as the minute's timer runs it:
/// what it did, the items it read and how long it took (`scripts/bench-sweep.sh`).
async fn sweep(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(is_loopback_host) {
        return Err(ApiError::LoopbackOnly);
    }
    let started = std::time::Instant::now();
    let s = state
        .tickets
        .sweep_due(crate::tickets::SWEEP_MAX)
        .await
        .map_err(ApiError::from)?;
    Ok(axum::Json(serde_json::json!({
        "examined": s.examined, "flagged": s.flagged, "escalated": s.escalated,
        "reminded": s.reminded, "citizens_reminded": s.citizens_reminded, "raced": s.raced, "read": s.read,
        "ms": started.elapsed().as_secs_f64() * 1000.0,
    })))
}

/// `POST /dev/clock {"minutes": n}`: moves the services' time forward (only with a
/// movable clock: the local server started with HELPDESK_DEV_CLOCK=1). Answers the new
/// time.
async fn advance(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<serde_json::Value>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(is_loopback_host) {
        return Err(ApiError::LoopbackOnly);
    }
    let minutes = body["minutes"]
        .as_i64()
        .filter(|m| (0..=527_040).contains(m));
    let Some(minutes) = minutes else {
        return Err(ApiError::Validation(vec![
            helpdesk_shared::FieldError::new("minutes", helpdesk_shared::FieldCode::UnknownValue),
        ]));
    };
    if !state.clock.advance_by(time::Duration::minutes(minutes)) {
        return Err(ApiError::NotFound);
    }
    tracing::warn!(minutes, "development clock moved forward");
    let now = state.clock.now();
    Ok(axum::Json(
        serde_json::json!({ "now": now.unix_timestamp() }),
    ))
}

async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<axum::Json<Vec<OutboxMessage>>, ApiError> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(is_loopback_host) {
        tracing::warn!("outbox asked for under a host name that is not the loopback");
        return Err(ApiError::LoopbackOnly);
    }
    Ok(axum::Json(outbox(state.store.as_ref(), 100).await?))
}

/// `localhost`, `*.localhost`, `127.x.y.z` or `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => return v6.split_once(']').map(|(ip, _)| ip) == Some("::1"),
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn only_loopback_names() {
        for ok in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:8080",
            "127.1.2.3",
            "[::1]:8080",
            "[::1]",
            "app.localhost:3000",
            "LOCALHOST",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "192.168.1.10:8080",
            "0.0.0.0:8080",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "[::2]:80",
            "",
            "[::1",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }
}

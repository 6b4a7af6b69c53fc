//! The ceiling for `scripts/bench-lookup.sh`: a minimal axum server with one handler that
//! parses a JSON body and answers it back as JSON — the same HTTP stack, runtime and JSON
//! library as the real server, and nothing else (no store, no middleware).
//!
//! usage: cargo run --release --example echo_server -p helpdesk-functions -- ADDR

use axum::Json;
use axum::routing::post;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18090".into());
    let app = axum::Router::new().route(
        "/api/v1/tickets/lookup",
        post(|Json(body): Json<serde_json::Value>| async move { Json(body) }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

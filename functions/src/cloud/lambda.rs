//! What every Lambda entry point shares: logging, the API Gateway adapter around an
//! endpoint group's router, and the SQS batch handler of the notification fan-out.
//! The functions themselves are in `handlers`, a few lines each; no logic lives only there.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use aws_lambda_events::sqs::{SqsBatchResponse, SqsEvent};
use axum::Router;
use axum::extract::ConnectInfo;
use lambda_http::request::RequestContext;
use lambda_http::{RequestExt, Service};
use tower::ServiceExt;

use crate::events::DomainEvent;
use crate::notify::{Sender, deliver_at};
use crate::store::KvStore;

/// One JSON-free line per event, no colours, no timestamps (CloudWatch adds them).
pub fn init_tracing() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_ansi(false)
        .without_time()
        .init();
}

/// Browser push as the function's environment configures it (`notify::push::from_env`):
/// the fan-out and the sweep sign with the private key, the account function hands out
/// the public one.
pub fn configure_push() -> Result<(), String> {
    crate::notify::push::configure(crate::notify::push::from_env(None)?);
    Ok(())
}

/// Adapts a request from API Gateway (HTTP API, payload v2) to the shared router:
/// removes a named stage from the path (`/prod/api/v1/…` → `/api/v1/…`; lambda_http
/// keeps it) and gives the `Client` extractor the caller's address from the request
/// context, as the local server's socket would.
pub fn from_gateway(mut req: lambda_http::Request) -> lambda_http::Request {
    let (stage, source_ip) = match req.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => (ctx.stage.clone(), ctx.http.source_ip.clone()),
        _ => (None, None),
    };
    if let Some(stage) = stage.filter(|s| s != "$default") {
        let prefix = format!("/{stage}");
        let path = req.uri().path();
        if let Some(rest) = path.strip_prefix(&prefix)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            let rest = if rest.is_empty() { "/" } else { rest };
            let pq = match req.uri().query() {
                Some(q) => format!("{rest}?{q}"),
                None => rest.to_owned(),
            };
            let mut parts = req.uri().clone().into_parts();
            parts.path_and_query = pq.parse().ok();
            if let Ok(uri) = axum::http::Uri::from_parts(parts) {
                *req.uri_mut() = uri;
            }
        }
    }
    let ip = source_ip
        .and_then(|ip| ip.parse::<IpAddr>().ok())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::new(ip, 0)));
    req
}

/// The service `lambda_http::run` drives: `from_gateway`, then the router.
pub fn gateway_service(
    router: Router,
) -> impl Service<
    lambda_http::Request,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
+ Send {
    router.map_request(from_gateway)
}

/// Runs an endpoint group as a Lambda function until the runtime stops it.
pub async fn run_http(router: Router) -> Result<(), lambda_http::Error> {
    lambda_http::run(gateway_service(router)).await
}

/// The event inside an SQS record: SNS's envelope (`{"Type":"Notification","Message":…}`)
/// or, with raw message delivery, the event itself.
pub fn event_of(body: &str) -> Result<DomainEvent, serde_json::Error> {
    #[derive(serde::Deserialize)]
    struct Envelope {
        #[serde(rename = "Message")]
        message: String,
    }
    match serde_json::from_str::<Envelope>(body) {
        Ok(envelope) => serde_json::from_str(&envelope.message),
        Err(_) => serde_json::from_str(body),
    }
}

/// The notification fan-out: delivers each record's event; a record that fails is
/// reported back to SQS alone (ReportBatchItemFailures), retried, and after the queue's
/// maxReceiveCount moved to the dead-letter queue. The request itself is never touched.
pub async fn fan_out(
    store: &dyn KvStore,
    sender: &dyn Sender,
    batch: SqsEvent,
) -> SqsBatchResponse {
    fan_out_at(store, sender, batch, time::OffsetDateTime::now_utc()).await
}

/// `fan_out` at `now` (quiet hours are read against it).
pub async fn fan_out_at(
    store: &dyn KvStore,
    sender: &dyn Sender,
    batch: SqsEvent,
    now: time::OffsetDateTime,
) -> SqsBatchResponse {
    let mut response = SqsBatchResponse::default();
    for record in batch.records {
        let id = record.message_id.clone().unwrap_or_default();
        let result = match event_of(record.body.as_deref().unwrap_or_default()) {
            Ok(event) => deliver_at(store, sender, &event, now)
                .await
                .map_err(|e| format!("event {}: {e}", event.id)),
            Err(e) => Err(format!("unreadable message: {e}")),
        };
        if let Err(error) = result {
            tracing::error!(message_id = %id, %error, "notification not sent; SQS will retry it");
            response.add_failure(id);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use helpdesk_shared::Lang;
    use serde_json::json;

    use super::*;
    use crate::events::EventKind;
    use crate::notify::tests::{FakeSender, event, store_with, ticket};

    fn batch(records: &[(&str, String)]) -> SqsEvent {
        let records: Vec<_> = records
            .iter()
            .map(|(id, body)| json!({ "messageId": id, "body": body }))
            .collect();
        serde_json::from_value(json!({ "Records": records })).expect("sqs event")
    }

    #[tokio::test]
    async fn only_the_failed_records_go_back_to_the_queue() {
        let t = ticket("123456782", Lang::Ru);
        let (_dir, store) = store_with(&t).await;
        let ok =
            serde_json::to_string(&event("e1", &t.number, EventKind::TicketCreated)).expect("json");
        // The same event inside SNS's envelope (no raw message delivery).
        let enveloped = json!({ "Type": "Notification", "Message": ok }).to_string();
        let unknown = serde_json::to_string(&event("e3", "999999990", EventKind::TicketCreated))
            .expect("json");
        let sender = FakeSender::default();
        let response = fan_out(
            &store,
            &sender,
            batch(&[
                ("m1", ok.clone()),
                ("m2", enveloped),
                ("m3", unknown),
                ("m4", "not json".to_owned()),
            ]),
        )
        .await;
        let failed: Vec<&str> = response
            .batch_item_failures
            .iter()
            .map(|f| f.item_identifier.as_str())
            .collect();
        assert_eq!(failed, ["m3", "m4"]);
        // m1 sent SMS and e-mail; m2 is the same event: nothing more.
        assert_eq!(sender.sent.lock().expect("lock").len(), 2);
    }
}

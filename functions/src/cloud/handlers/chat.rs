//! The Lambda function of the chat endpoint group: the citizen's chat and the operators'
//! console over the HTTP API, and the chat's socket over the WebSocket API (its
//! `$connect`, `$disconnect` and frames): one function, told apart by the event.

use crate::cloud::socket::{is_socket_event, on_event};
use crate::cloud::{Cloud, CloudConfig, lambda};
use crate::http::chat_router;
use crate::local::default_language_from_env;
use crate::ratelimit::Limits;
use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Service};
use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::Value;

pub(super) async fn run() -> Result<(), Error> {
    let cloud = Cloud::connect(CloudConfig::from_env()?).await;
    let mut state = cloud.app_state(Limits::default(), default_language_from_env()?);
    let push = cloud.chat_push();
    if let Some(p) = &push {
        state = state.with_push(p.clone(), None);
    }
    let http = lambda::gateway_service(chat_router(state.clone()));
    let (state, push, http) = (&state, &push, &http);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let (payload, context) = event.into_parts();
        if is_socket_event(&payload) {
            return match push {
                Some(p) => Ok::<Value, Error>(on_event(state, p, &payload).await),
                None => Ok(serde_json::json!({ "statusCode": 404 })),
            };
        }
        let request: LambdaRequest = serde_json::from_value(payload)?;
        let mut adapter = Adapter::from(http.clone());
        let response = adapter.call(LambdaEvent::new(request, context)).await?;
        Ok(serde_json::to_value(response)?)
    }))
    .await
}

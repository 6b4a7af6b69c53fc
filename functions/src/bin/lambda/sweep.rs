//! Lambda function run every minute: publishes domain events that were recorded with
//! their change but not published (the function that made them failed or timed out
//! between commit and publish), and warns and ends chats left silent (`chat::idle`).

use std::sync::Arc;

use helpdesk_functions::chat::Chats;
use helpdesk_functions::clock::SystemClock;
use helpdesk_functions::cloud::{Cloud, CloudConfig, lambda};
use helpdesk_functions::events::redeliver_pending;
use helpdesk_functions::faq::Faq;
use lambda_runtime::{Error, LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    let cloud = Cloud::connect(CloudConfig::from_env()?).await;
    // Warnings and ends reach open pages through the WebSocket API when there is one.
    let push = cloud
        .chat_push()
        .map(|p| p as Arc<dyn helpdesk_functions::chat::ChatPush>);
    let chats = Chats::new(
        cloud.store.clone(),
        Arc::new(SystemClock),
        Arc::new(Faq::new(cloud.store.clone())),
        push,
    );
    let (cloud, chats) = (&cloud, &chats);
    lambda_runtime::run(service_fn(
        move |_: LambdaEvent<serde_json::Value>| async move {
            let cutoff = time::OffsetDateTime::now_utc() - time::Duration::seconds(30);
            let published =
                redeliver_pending(cloud.store.as_ref(), cloud.bus.as_ref(), cutoff).await?;
            tracing::info!(published, "pending events redelivered");
            // Each part runs even if the other failed; the failure is the function's.
            let swept = chats.sweep_idle().await;
            let swept = swept.map_err(|e| Error::from(e.to_string()))?;
            Ok::<_, Error>(serde_json::json!({
                "published": published,
                "chats_warned": swept.warned,
                "chats_ended": swept.ended,
            }))
        },
    ))
    .await
}

//! Lambda function run on a schedule: publishes domain events that were recorded with
//! their change but not published (the function that made them failed or timed out
//! between commit and publish).

use helpdesk_functions::cloud::{Cloud, CloudConfig, lambda};
use helpdesk_functions::events::redeliver_pending;
use lambda_runtime::{Error, LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    let cloud = Cloud::connect(CloudConfig::from_env()?).await;
    let cloud = &cloud;
    lambda_runtime::run(service_fn(
        move |_: LambdaEvent<serde_json::Value>| async move {
            let cutoff = time::OffsetDateTime::now_utc() - time::Duration::seconds(30);
            let published =
                redeliver_pending(cloud.store.as_ref(), cloud.bus.as_ref(), cutoff).await?;
            tracing::info!(published, "pending events redelivered");
            Ok::<_, Error>(serde_json::json!({ "published": published }))
        },
    ))
    .await
}

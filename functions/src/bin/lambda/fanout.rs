//! Lambda function of the notification fan-out: SNS topic → SQS queue (with a
//! dead-letter queue) → this function, which renders and sends SMS and e-mail.

use aws_lambda_events::sqs::{SqsBatchResponse, SqsEvent};
use helpdesk_functions::cloud::{Cloud, CloudConfig, lambda};
use lambda_runtime::{Error, LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    if let Ok(url) = std::env::var("HELPDESK_PUBLIC_URL") {
        helpdesk_functions::notify::set_public_url(&url);
    }
    lambda::configure_push()?;
    let cloud = Cloud::connect(CloudConfig::from_env()?).await;
    let sender = cloud.sender();
    let (store, sender) = (&cloud.store, &sender);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        Ok::<SqsBatchResponse, Error>(lambda::fan_out(store.as_ref(), sender, event.payload).await)
    }))
    .await
}

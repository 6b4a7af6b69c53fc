//! The Lambda function of the notification fan-out: SNS topic → SQS queue (with a
//! dead-letter queue) → this function, which renders and sends SMS and e-mail.

use crate::cloud::{Cloud, CloudConfig, lambda};
use aws_lambda_events::sqs::{SqsBatchResponse, SqsEvent};
use lambda_runtime::{Error, LambdaEvent, service_fn};

pub(super) async fn run() -> Result<(), Error> {
    if let Ok(url) = std::env::var("HELPDESK_PUBLIC_URL") {
        crate::notify::set_public_url(&url);
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

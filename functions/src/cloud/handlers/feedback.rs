//! The Lambda function of the providers' delivery reports: SES's events for e-mail (through
//! the SNS topic its configuration set publishes to) and SNS's SMS delivery status log
//! (a CloudWatch Logs subscription) mark the requests' delivery log lines delivered or
//! not sent, and refuse addresses that bounced for good (`notify::feedback`).

use crate::cloud::{Cloud, CloudConfig};
use crate::notify::feedback;
use lambda_runtime::{Error, LambdaEvent, service_fn};

pub(super) async fn run() -> Result<(), Error> {
    let cloud = Cloud::connect(CloudConfig::from_env()?).await;
    let store = &cloud.store;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<serde_json::Value>| async move {
            let reports = feedback::reports_in(&event.payload).map_err(Error::from)?;
            let now = time::OffsetDateTime::now_utc();
            let mut applied = 0;
            for report in &reports {
                // A store failure fails the invocation: SNS and CloudWatch Logs retry it,
                // and applying a report twice changes nothing.
                if feedback::apply(store.as_ref(), report, now).await? {
                    applied += 1;
                }
            }
            tracing::info!(reports = reports.len(), applied, "delivery reports");
            Ok::<(), Error>(())
        },
    ))
    .await
}

//! The Lambda function of the status endpoint group: look up a request, add information.

use crate::cloud::{Cloud, CloudConfig, lambda};
use crate::http::status_router;
use crate::local::default_language_from_env;
use crate::ratelimit::Limits;
use lambda_runtime::Error;

pub(super) async fn run() -> Result<(), Error> {
    let cloud = Cloud::connect(CloudConfig::from_env()?).await;
    lambda::run_http(status_router(
        cloud.app_state(Limits::default(), default_language_from_env()?),
    ))
    .await
}

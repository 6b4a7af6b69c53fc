//! The Lambda function of the submission endpoint group: submit a request, upload files.

use crate::cloud::{Cloud, CloudConfig, lambda};
use crate::http::submission_router;
use crate::local::default_language_from_env;
use crate::ratelimit::Limits;
use lambda_runtime::Error;

pub(super) async fn run() -> Result<(), Error> {
    let cloud = Cloud::connect(CloudConfig::from_env()?).await;
    lambda::run_http(submission_router(
        cloud.app_state(Limits::default(), default_language_from_env()?),
    ))
    .await
}

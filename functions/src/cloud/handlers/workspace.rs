//! The Lambda function of the workspace endpoint group: the queue, staff actions, canned responses, the audit trail.

use crate::cloud::{Cloud, CloudConfig, lambda};
use crate::http::workspace_router;
use crate::local::default_language_from_env;
use crate::ratelimit::Limits;
use lambda_runtime::Error;

pub(super) async fn run() -> Result<(), Error> {
    let cloud = Cloud::connect(CloudConfig::from_env()?).await;
    lambda::run_http(workspace_router(
        cloud.app_state(Limits::default(), default_language_from_env()?),
    ))
    .await
}

//! The Lambda function of the account endpoint group: sign-in, sign-out, a citizen's own requests.

use crate::cloud::{Cloud, CloudConfig, lambda};
use crate::http::account_router;
use crate::local::default_language_from_env;
use crate::ratelimit::Limits;
use lambda_runtime::Error;

pub(super) async fn run() -> Result<(), Error> {
    lambda::configure_push()?;
    let cloud = Cloud::connect(CloudConfig::from_env()?).await;
    lambda::run_http(account_router(
        cloud.app_state(Limits::default(), default_language_from_env()?),
    ))
    .await
}

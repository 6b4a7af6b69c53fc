//! Lambda function of the account endpoint group: sign-in, sign-out, a citizen's own requests.

use helpdesk_functions::cloud::{Cloud, CloudConfig, lambda};
use helpdesk_functions::http::account_router;
use helpdesk_functions::local::default_language_from_env;
use helpdesk_functions::ratelimit::Limits;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    lambda::init_tracing();
    lambda::configure_push()?;
    let cloud = Cloud::connect(CloudConfig::from_env()?).await;
    lambda::run_http(account_router(
        cloud.app_state(Limits::default(), default_language_from_env()?),
    ))
    .await
}

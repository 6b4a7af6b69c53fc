//! Lambda function of the chat endpoint group: the citizen's chat and the operators' console.

use helpdesk_functions::cloud::{Cloud, CloudConfig, lambda};
use helpdesk_functions::http::chat_router;
use helpdesk_functions::local::default_language_from_env;
use helpdesk_functions::ratelimit::Limits;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    lambda::init_tracing();
    let cloud = Cloud::connect(CloudConfig::from_env()?).await;
    lambda::run_http(chat_router(
        cloud.app_state(Limits::default(), default_language_from_env()?),
    ))
    .await
}

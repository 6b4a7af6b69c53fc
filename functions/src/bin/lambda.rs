//! Every Lambda function of the deployment, chosen by the function's `Handler` setting
//! (`cloud::handlers`).

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    helpdesk_functions::cloud::handlers::main().await
}

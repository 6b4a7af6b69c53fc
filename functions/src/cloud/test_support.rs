//! The DynamoDB/SNS/SQS/SES/S3-compatible server the test command starts (moto), reached
//! through `AWS_ENDPOINT_URL`. Tests that need it fail, never skip, without it.

use crate::store::DynamoStore;

pub async fn sdk() -> aws_config::SdkConfig {
    assert!(
        std::env::var("AWS_ENDPOINT_URL").is_ok(),
        "AWS_ENDPOINT_URL is not set: the cloud adapter tests need the moto server that \
         scripts/test.sh starts (or run scripts/moto.sh and export what it prints)"
    );
    aws_config::load_from_env().await
}

/// A new, empty table with a unique name.
pub async fn fresh_table() -> DynamoStore {
    let name = format!("helpdesk-test-{}", crate::ids::new_id());
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&sdk().await), name);
    store.create_table().await.expect("create table");
    store
}

//! The table's shape, for tests and local runs against a DynamoDB-compatible server; in
//! AWS `infra/template.yaml` creates the same table.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TimeToLiveSpecification,
};

use super::{DynamoStore, built, unavailable};
use crate::store::StoreError;

impl DynamoStore {
    /// Creates the table with both indexes and TTL (tests and local runs against a
    /// DynamoDB-compatible server; in AWS the template creates it).
    pub async fn create_table(&self) -> Result<(), StoreError> {
        let attr = |name: &str| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
        };
        let key = |name: &str, kind: KeyType| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(kind)
                .build()
        };
        let gsi = |name: &str, p: &str, k: &str| -> Result<GlobalSecondaryIndex, StoreError> {
            built(
                GlobalSecondaryIndex::builder()
                    .index_name(name)
                    .key_schema(built(key(p, KeyType::Hash))?)
                    .key_schema(built(key(k, KeyType::Range))?)
                    .projection(
                        Projection::builder()
                            .projection_type(ProjectionType::All)
                            .build(),
                    )
                    .build(),
            )
        };
        let mut create = self
            .client
            .create_table()
            .table_name(&self.table)
            .billing_mode(BillingMode::PayPerRequest)
            .key_schema(built(key("pk", KeyType::Hash))?)
            .key_schema(built(key("sk", KeyType::Range))?)
            .global_secondary_indexes(gsi("gsi1", "gsi1pk", "gsi1sk")?)
            .global_secondary_indexes(gsi("gsi2", "gsi2pk", "gsi2sk")?);
        for name in ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"] {
            create = create.attribute_definitions(built(attr(name))?);
        }
        create.send().await.map_err(unavailable)?;
        self.client
            .update_time_to_live()
            .table_name(&self.table)
            .time_to_live_specification(built(
                TimeToLiveSpecification::builder()
                    .attribute_name("ttl")
                    .enabled(true)
                    .build(),
            )?)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

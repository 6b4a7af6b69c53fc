//! The DynamoDB adapter: one table with two indexes (`gsi1`, `gsi2`); how an item maps
//! to attributes is in `attrs.rs`, the table's shape in `schema.rs`.
//!
//! DynamoDB deletes expired items lazily (within days), so every read filters them out
//! and every condition treats them as absent: readers see exactly what the embedded
//! store shows. Cursors have the same shape as the embedded store's (the last item's
//! key), and pages are filled up to their limit, so the two adapters are interchangeable.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{ConditionCheck, Delete, Put, TransactWriteItem, Update};

mod attrs;
mod schema;

use attrs::{Attrs, add_expression, from_attrs, key, n, s, to_attrs};

use super::{
    Cond, Index, Item, KvStore, Page, Query, SkRange, StoreError, Write, decode_cursor,
    encode_cursor, now_unix,
};

/// Attempts of a transaction that DynamoDB cancels because another one touched the same
/// items at the same moment (`TransactionConflict`).
const CONFLICT_ATTEMPTS: u32 = 4;

#[derive(Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

fn unavailable<E>(e: SdkError<E>) -> StoreError
where
    E: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static,
{
    StoreError::Unavailable(match &e {
        // The service's code and message; the raw response would flood the log.
        SdkError::ServiceError(se) => format!(
            "{}: {}",
            se.err().code().unwrap_or("unknown"),
            se.err().message().unwrap_or_default()
        ),
        _ => DisplayErrorContext(e).to_string(),
    })
}

fn index_names(index: Index) -> Option<(&'static str, &'static str, &'static str)> {
    match index {
        Index::Table => None,
        Index::Gsi1 => Some(("gsi1", "gsi1pk", "gsi1sk")),
        Index::Gsi2 => Some(("gsi2", "gsi2pk", "gsi2sk")),
    }
}

/// A condition as (expression, names, values); `None` for `Always`.
fn condition(cond: Cond, now: i64) -> Option<(String, Attrs)> {
    match cond {
        Cond::Always => None,
        // An expired item that DynamoDB has not removed yet counts as absent.
        Cond::Absent => Some((
            "attribute_not_exists(#pk) OR #ttl <= :now".into(),
            HashMap::from([(":now".to_owned(), n(now))]),
        )),
        Cond::Version(v) => Some((
            "#v = :v AND (attribute_not_exists(#ttl) OR #ttl > :now)".into(),
            HashMap::from([(":v".to_owned(), n(v)), (":now".to_owned(), n(now))]),
        )),
    }
}

fn condition_names(expr: &str) -> HashMap<String, String> {
    [("#pk", "pk"), ("#v", "v"), ("#ttl", "ttl")]
        .into_iter()
        .filter(|(alias, _)| expr.contains(alias))
        .map(|(a, n)| (a.to_owned(), n.to_owned()))
        .collect()
}

fn built<T>(r: Result<T, aws_sdk_dynamodb::error::BuildError>) -> Result<T, StoreError> {
    r.map_err(|e| StoreError::BadRequest(e.to_string()))
}

impl DynamoStore {
    /// `client` is built once at cold start (aws-config reads the region, credentials and
    /// `AWS_ENDPOINT_URL` from the environment) and shared by every call.
    pub fn new(client: Client, table: impl Into<String>) -> DynamoStore {
        DynamoStore {
            client,
            table: table.into(),
        }
    }

    fn transact_item(&self, w: Write, now: i64) -> Result<TransactWriteItem, StoreError> {
        let cond = condition(w.cond(), now);
        let (expr, values) = cond.map_or((None, None), |(e, v)| (Some(e), Some(v)));
        let names = expr.as_deref().map(condition_names);
        let b = TransactWriteItem::builder();
        Ok(match w {
            Write::Put { item, .. } => b.put(built(
                Put::builder()
                    .table_name(&self.table)
                    .set_item(Some(to_attrs(&item)?))
                    .set_condition_expression(expr)
                    .set_expression_attribute_names(names)
                    .set_expression_attribute_values(values)
                    .build(),
            )?),
            Write::Delete { pk, sk, .. } => b.delete(built(
                Delete::builder()
                    .table_name(&self.table)
                    .set_key(Some(key(&pk, &sk)))
                    .set_condition_expression(expr)
                    .set_expression_attribute_names(names)
                    .set_expression_attribute_values(values)
                    .build(),
            )?),
            Write::Add { pk, sk, counts } => {
                let (expr, names, values) = add_expression(&counts);
                b.update(built(
                    Update::builder()
                        .table_name(&self.table)
                        .set_key(Some(key(&pk, &sk)))
                        .update_expression(expr)
                        .set_expression_attribute_names(Some(names))
                        .set_expression_attribute_values(Some(values))
                        .build(),
                )?)
            }
            Write::Check { pk, sk, .. } => {
                b.condition_check(built(
                    ConditionCheck::builder()
                        .table_name(&self.table)
                        .set_key(Some(key(&pk, &sk)))
                        // A check must say something; `Always` checks that nothing is odd.
                        .condition_expression(expr.unwrap_or_else(|| {
                            "attribute_exists(#pk) OR attribute_not_exists(#pk)".into()
                        }))
                        .set_expression_attribute_names(Some(names.unwrap_or_else(|| {
                            HashMap::from([("#pk".to_owned(), "pk".to_owned())])
                        })))
                        .set_expression_attribute_values(values)
                        .build(),
                )?)
            }
        }
        .build())
    }

    /// One write without a transaction (half the cost of a transactional write).
    async fn write_one(&self, w: Write, now: i64) -> Result<(), StoreError> {
        let cond = condition(w.cond(), now);
        let (expr, values) = cond.map_or((None, None), |(e, v)| (Some(e), Some(v)));
        let names = expr.as_deref().map(condition_names);
        match w {
            Write::Put { item, .. } => single(
                self.client
                    .put_item()
                    .table_name(&self.table)
                    .set_item(Some(to_attrs(&item)?))
                    .set_condition_expression(expr)
                    .set_expression_attribute_names(names)
                    .set_expression_attribute_values(values)
                    .send()
                    .await,
                |e| e.is_conditional_check_failed_exception(),
            ),
            Write::Delete { pk, sk, .. } => single(
                self.client
                    .delete_item()
                    .table_name(&self.table)
                    .set_key(Some(key(&pk, &sk)))
                    .set_condition_expression(expr)
                    .set_expression_attribute_names(names)
                    .set_expression_attribute_values(values)
                    .send()
                    .await,
                |e| e.is_conditional_check_failed_exception(),
            ),
            Write::Add { pk, sk, counts } => {
                let (expr, names, values) = add_expression(&counts);
                self.client
                    .update_item()
                    .table_name(&self.table)
                    .set_key(Some(key(&pk, &sk)))
                    .update_expression(expr)
                    .set_expression_attribute_names(Some(names))
                    .set_expression_attribute_values(Some(values))
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(unavailable)
            }
            Write::Check { .. } => Err(StoreError::BadRequest(
                "a lone check goes through a transaction".into(),
            )),
        }
    }
}

/// The outcome of a single conditional write: its condition failing is ours to report.
fn single<T, E>(
    sent: Result<T, SdkError<E>>,
    condition_failed: impl Fn(&E) -> bool,
) -> Result<(), StoreError>
where
    E: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static,
{
    match sent {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(&condition_failed) => {
            Err(StoreError::ConditionFailed { index: 0 })
        }
        Err(e) => Err(unavailable(e)),
    }
}

/// The query's key condition: expression and values.
fn key_condition(pk_name: &str, sk_name: &str, q: &Query) -> (String, Attrs) {
    let mut values = HashMap::from([(":p".to_owned(), s(&q.pk))]);
    // DynamoDB refuses empty strings as key values: an empty prefix is everything and
    // an empty lower bound is no lower bound.
    let expr = match &q.range {
        SkRange::All => format!("{pk_name} = :p"),
        SkRange::Prefix(p) if p.is_empty() => format!("{pk_name} = :p"),
        SkRange::Between(a, b) if a.is_empty() => {
            values.insert(":b".into(), s(b));
            format!("{pk_name} = :p AND {sk_name} <= :b")
        }
        SkRange::Prefix(p) => {
            values.insert(":a".into(), s(p));
            format!("{pk_name} = :p AND begins_with({sk_name}, :a)")
        }
        SkRange::Between(a, b) => {
            values.insert(":a".into(), s(a));
            values.insert(":b".into(), s(b));
            format!("{pk_name} = :p AND {sk_name} BETWEEN :a AND :b")
        }
    };
    (expr, values)
}

#[async_trait]
impl KvStore for DynamoStore {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(pk, sk)))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        let now = now_unix();
        out.item()
            .map(from_attrs)
            .transpose()
            .map(|i| i.filter(|i| i.is_live(now)))
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        super::check_writes(&writes)?;
        let now = now_unix();
        if writes.len() == 1 && !matches!(writes[0], Write::Check { .. }) {
            let w = writes.into_iter().next().expect("one write");
            return self.write_one(w, now).await;
        }
        let items = writes
            .into_iter()
            .map(|w| self.transact_item(w, now))
            .collect::<Result<Vec<_>, _>>()?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self
                .client
                .transact_write_items()
                .set_transact_items(Some(items.clone()))
                .send()
                .await;
            let err = match result {
                Ok(_) => return Ok(()),
                Err(e) => e,
            };
            let reasons: Vec<String> = match &err {
                SdkError::ServiceError(se) if se.err().is_transaction_canceled_exception() => {
                    match se.err() {
                        aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(c) => c
                            .cancellation_reasons()
                            .iter()
                            .map(|r| r.code().unwrap_or("None").to_owned())
                            .collect(),
                        _ => Vec::new(),
                    }
                }
                _ => return Err(unavailable(err)),
            };
            if let Some(index) = reasons.iter().position(|c| c == "ConditionalCheckFailed") {
                return Err(StoreError::ConditionFailed { index });
            }
            if reasons.iter().any(|c| c == "TransactionConflict") && attempt < CONFLICT_ATTEMPTS {
                let jitter = u64::from(crate::ids::random_u32() % 50);
                tokio::time::sleep(Duration::from_millis(20 * u64::from(attempt) + jitter)).await;
                continue;
            }
            return Err(StoreError::Unavailable(format!(
                "transaction cancelled: {}",
                reasons.join(", ")
            )));
        }
    }

    async fn query(&self, q: Query) -> Result<Page, StoreError> {
        let index = index_names(q.index);
        let (pk_name, sk_name) = index.map_or(("pk", "sk"), |(_, p, k)| (p, k));
        let mut start: Option<Attrs> = match &q.cursor {
            None => None,
            Some(c) => Some(match index {
                None => {
                    let parts = decode_cursor(c, 1)?;
                    key(&q.pk, &parts[0])
                }
                Some((_, p, k)) => {
                    let parts = decode_cursor(c, 3)?;
                    let mut start = key(&parts[1], &parts[2]);
                    start.insert(p.to_owned(), s(&q.pk));
                    start.insert(k.to_owned(), s(&parts[0]));
                    start
                }
            }),
        };
        let (expr, mut values) = key_condition("#kp", "#ks", &q);
        let mut names = HashMap::from([
            ("#kp".to_owned(), pk_name.to_owned()),
            ("#ttl".to_owned(), "ttl".to_owned()),
        ]);
        // DynamoDB refuses names the expressions do not use.
        if expr.contains("#ks") {
            names.insert("#ks".to_owned(), sk_name.to_owned());
        }
        values.insert(":now".into(), n(now_unix()));
        let limit = q.limit.clamp(1, 1000);
        let mut items = Vec::new();
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .set_index_name(index.map(|(i, _, _)| i.to_owned()))
                .key_condition_expression(&expr)
                .filter_expression("attribute_not_exists(#ttl) OR #ttl > :now")
                .set_expression_attribute_names(Some(names.clone()))
                .set_expression_attribute_values(Some(values.clone()))
                .scan_index_forward(q.forward)
                .limit(i32::try_from(limit - items.len()).unwrap_or(i32::MAX))
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(unavailable)?;
            for a in out.items() {
                items.push(from_attrs(a)?);
            }
            match out.last_evaluated_key() {
                Some(k) if items.len() < limit => start = Some(k.clone()),
                _ => break,
            }
        }
        let cursor = match items.last() {
            Some(last) if items.len() == limit => Some(match &q.index {
                Index::Table => encode_cursor(&[&last.sk]),
                Index::Gsi1 | Index::Gsi2 => {
                    let g = if q.index == Index::Gsi1 {
                        &last.gsi1
                    } else {
                        &last.gsi2
                    };
                    let gsk = g.as_ref().map(|(_, k)| k.as_str()).unwrap_or_default();
                    encode_cursor(&[gsk, &last.pk, &last.sk])
                }
            }),
            _ => None,
        };
        Ok(Page { items, cursor })
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn contract() {
        let store = crate::cloud::test_support::fresh_table().await;
        crate::store::contract::run_all(&store).await;
    }
}

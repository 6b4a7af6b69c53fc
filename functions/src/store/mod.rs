//! The storage port: DynamoDB's semantics and nothing more. Items keyed by (pk, sk), two
//! global secondary indexes, conditional and transactional writes, ordered queries with
//! an opaque cursor, and a TTL after which an item reads as absent.
//!
//! The key design (which item lives where) is in ARCHITECTURE.md.

mod body;
#[cfg(feature = "aws")]
mod dynamo;
mod group;
mod redb_codec;
mod redb_store;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

pub use body::Body;
#[cfg(feature = "aws")]
pub use dynamo::DynamoStore;
pub use redb_store::{MAX_BATCH, RedbStore};

/// One stored item. `body` is the service's record as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub pk: String,
    pub sk: String,
    /// (partition, sort) of the item in GSI1, if it is indexed there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gsi1: Option<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gsi2: Option<(String, String)>,
    /// Incremented by the writer on every update; conditions compare it.
    pub version: u64,
    /// Unix seconds after which the item no longer exists for readers (DynamoDB TTL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    pub body: Body,
}

impl Item {
    pub fn new(pk: impl Into<String>, sk: impl Into<String>, body: impl Into<Body>) -> Item {
        Item {
            pk: pk.into(),
            sk: sk.into(),
            gsi1: None,
            gsi2: None,
            version: 1,
            expires_at: None,
            body: body.into(),
        }
    }

    pub fn is_live(&self, now_unix: i64) -> bool {
        self.expires_at.is_none_or(|t| t > now_unix)
    }

    /// An item whose body is `record` as JSON (the mirror of `decode`).
    pub fn of<T: serde::Serialize>(
        pk: impl Into<String>,
        sk: impl Into<String>,
        record: &T,
    ) -> Item {
        Item::new(pk, sk, body(record))
    }

    /// Decodes the body into a service record.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, StoreError> {
        self.body
            .decode()
            .map_err(|e| StoreError::Corrupt(format!("{}/{}: {e}", self.pk, self.sk)))
    }
}

/// A record as an item body (`Body::of`).
pub fn body<T: serde::Serialize>(record: &T) -> Body {
    Body::of(record)
}

/// What must hold for a write to happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cond {
    Always,
    /// No live item with this key.
    Absent,
    /// A live item with this key and exactly this version.
    Version(u64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Put {
        item: Item,
        cond: Cond,
    },
    Delete {
        pk: String,
        sk: String,
        cond: Cond,
    },
    /// Writes nothing; fails the transaction if the condition does not hold.
    Check {
        pk: String,
        sk: String,
        cond: Cond,
    },
    /// Adds to named counters atomically, as DynamoDB's `ADD` does: a missing item or
    /// counter starts at 0, and the item's version goes up by one (a new item has
    /// version 1). A counter item's body is a JSON object of integers; such items are
    /// written only with `Add` (or deleted), never with `Put`, and carry no index keys.
    Add {
        pk: String,
        sk: String,
        counts: Vec<(String, i64)>,
    },
}

impl Write {
    pub fn put(item: Item, cond: Cond) -> Write {
        Write::Put { item, cond }
    }

    fn key(&self) -> (&str, &str) {
        match self {
            Write::Put { item, .. } => (&item.pk, &item.sk),
            Write::Delete { pk, sk, .. }
            | Write::Check { pk, sk, .. }
            | Write::Add { pk, sk, .. } => (pk, sk),
        }
    }

    fn cond(&self) -> Cond {
        match self {
            Write::Put { cond, .. } | Write::Delete { cond, .. } | Write::Check { cond, .. } => {
                *cond
            }
            Write::Add { .. } => Cond::Always,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    Table,
    Gsi1,
    Gsi2,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkRange {
    All,
    Prefix(String),
    /// Inclusive at both ends, like DynamoDB's BETWEEN.
    Between(String, String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub index: Index,
    pub pk: String,
    pub range: SkRange,
    pub forward: bool,
    pub limit: usize,
    /// From a previous page; opaque.
    pub cursor: Option<String>,
}

impl Query {
    pub fn new(index: Index, pk: impl Into<String>, range: SkRange) -> Query {
        Query {
            index,
            pk: pk.into(),
            range,
            forward: true,
            limit: 100,
            cursor: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    /// Present when more items may follow.
    pub cursor: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The write at this position of the transaction did not meet its condition;
    /// nothing was written.
    #[error("condition failed at write {index}")]
    ConditionFailed { index: usize },
    #[error("invalid cursor")]
    BadCursor,
    #[error("transaction too large or duplicate keys: {0}")]
    BadRequest(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("store unavailable: {0}")]
    Unavailable(String),
}

/// At most this many writes in one transaction (DynamoDB's limit).
pub const MAX_TRANSACTION_WRITES: usize = 100;

/// Longest counter name `Write::Add` takes (DynamoDB's attribute names go to 64 KB; ours
/// are short codes).
pub const MAX_COUNTER_NAME: usize = 200;

#[async_trait]
pub trait KvStore: Send + Sync + 'static {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError>;

    /// All writes or none. Fails with `ConditionFailed` naming the first failing write.
    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError>;

    async fn query(&self, query: Query) -> Result<Page, StoreError>;

    async fn put(&self, item: Item, cond: Cond) -> Result<(), StoreError> {
        self.transact(vec![Write::Put { item, cond }]).await
    }
}

/// Refuses what DynamoDB refuses: empty or oversized transactions, two writes to one item,
/// an `Add` of nothing or of one counter twice.
pub(crate) fn check_writes(writes: &[Write]) -> Result<(), StoreError> {
    if writes.is_empty() || writes.len() > MAX_TRANSACTION_WRITES {
        return Err(StoreError::BadRequest(format!("{} writes", writes.len())));
    }
    for w in writes {
        if let Write::Add { counts, .. } = w {
            let mut names: Vec<&str> = counts.iter().map(|(n, _)| n.as_str()).collect();
            names.sort_unstable();
            let bad_name = |n: &&str| n.is_empty() || n.len() > MAX_COUNTER_NAME;
            if names.is_empty()
                || names.iter().any(bad_name)
                || names.windows(2).any(|w| w[0] == w[1])
            {
                return Err(StoreError::BadRequest(
                    "counters to add: none, empty, too long or repeated".into(),
                ));
            }
        }
    }
    let mut keys: Vec<(&str, &str)> = writes.iter().map(Write::key).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|w| w[0] == w[1]) {
        return Err(StoreError::BadRequest("two writes to one item".into()));
    }
    Ok(())
}

/// Cursors are the last returned key, hex-encoded JSON: opaque to clients, checked on the
/// way back in.
pub(crate) fn encode_cursor(parts: &[&str]) -> String {
    let json = serde_json::Value::from(parts.to_vec())
        .to_string()
        .into_bytes();
    json.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn decode_cursor(cursor: &str, parts: usize) -> Result<Vec<String>, StoreError> {
    // Works on bytes, never on `str` slices: a cursor comes from the client and may hold
    // any UTF-8, where slicing by byte offsets would panic mid-character.
    let hex = cursor.as_bytes();
    if !hex.len().is_multiple_of(2) || hex.len() > 4096 {
        return Err(StoreError::BadCursor);
    }
    let nibble = |c: u8| (c as char).to_digit(16).ok_or(StoreError::BadCursor);
    let bytes = hex
        .chunks_exact(2)
        .map(|pair| Ok((nibble(pair[0])? * 16 + nibble(pair[1])?) as u8))
        .collect::<Result<Vec<u8>, StoreError>>()?;
    let v: Vec<String> = serde_json::from_slice(&bytes).map_err(|_| StoreError::BadCursor)?;
    if v.len() != parts {
        return Err(StoreError::BadCursor);
    }
    Ok(v)
}

pub(crate) fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
pub(crate) mod contract;

//! The embedded adapter: one redb file. Index tables are written in the same write
//! transaction as the items they index, and every commit is durable (fsync) before it
//! returns.

use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};

use super::{
    Cond, Index, Item, KvStore, Page, Query, SkRange, StoreError, Write, decode_cursor,
    encode_cursor, now_unix,
};

const ITEMS: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("items");
/// (gsi pk, gsi sk, pk, sk) → ()
const GSI1: TableDefinition<(&str, &str, &str, &str), ()> = TableDefinition::new("gsi1");
const GSI2: TableDefinition<(&str, &str, &str, &str), ()> = TableDefinition::new("gsi2");

/// Sorts after every key we write (our keys are ASCII).
const MAX: &str = "\u{10FFFF}";

#[derive(Clone)]
pub struct RedbStore {
    db: Arc<Database>,
}

fn unavailable(e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

impl RedbStore {
    pub fn open(path: &Path) -> Result<RedbStore, StoreError> {
        let db = Database::create(path).map_err(unavailable)?;
        let txn = db.begin_write().map_err(unavailable)?;
        txn.open_table(ITEMS).map_err(unavailable)?;
        txn.open_table(GSI1).map_err(unavailable)?;
        txn.open_table(GSI2).map_err(unavailable)?;
        txn.commit().map_err(unavailable)?;
        Ok(RedbStore { db: Arc::new(db) })
    }

    async fn blocking<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Database) -> Result<T, StoreError> + Send + 'static,
    {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || f(&db))
            .await
            .map_err(unavailable)?
    }
}

fn decode(bytes: &[u8]) -> Result<Item, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn holds(cond: Cond, current: Option<&Item>) -> bool {
    match (cond, current) {
        (Cond::Always, _) => true,
        (Cond::Absent, current) => current.is_none(),
        (Cond::Version(v), Some(item)) => item.version == v,
        (Cond::Version(_), None) => false,
    }
}

fn transact_sync(db: &Database, writes: Vec<Write>) -> Result<(), StoreError> {
    super::check_writes(&writes)?;
    let now = now_unix();
    let txn = db.begin_write().map_err(unavailable)?;
    {
        let mut items = txn.open_table(ITEMS).map_err(unavailable)?;
        let mut gsi1 = txn.open_table(GSI1).map_err(unavailable)?;
        let mut gsi2 = txn.open_table(GSI2).map_err(unavailable)?;
        // Check every condition before touching anything; dropping the transaction
        // without commit discards it.
        let mut current = Vec::with_capacity(writes.len());
        for (index, w) in writes.iter().enumerate() {
            let existing = items
                .get(w.key())
                .map_err(unavailable)?
                .map(|g| decode(g.value()))
                .transpose()?
                .filter(|i| i.is_live(now));
            if !holds(w.cond(), existing.as_ref()) {
                return Err(StoreError::ConditionFailed { index });
            }
            current.push(existing);
        }
        for (w, live) in writes.iter().zip(current) {
            if let Write::Add { pk, sk, counts } = w {
                let item = added(pk, sk, live, counts)?;
                let bytes =
                    serde_json::to_vec(&item).map_err(|e| StoreError::BadRequest(e.to_string()))?;
                items
                    .insert((pk.as_str(), sk.as_str()), bytes.as_slice())
                    .map_err(unavailable)?;
                continue;
            }
            // Stale index entries of the old item go first (expired items included).
            let old = match live {
                Some(old) => Some(old),
                None => items
                    .get(w.key())
                    .map_err(unavailable)?
                    .map(|g| decode(g.value()))
                    .transpose()?,
            };
            if let (Some(old), false) = (&old, matches!(w, Write::Check { .. })) {
                if let Some((g, s)) = &old.gsi1 {
                    gsi1.remove((g.as_str(), s.as_str(), old.pk.as_str(), old.sk.as_str()))
                        .map_err(unavailable)?;
                }
                if let Some((g, s)) = &old.gsi2 {
                    gsi2.remove((g.as_str(), s.as_str(), old.pk.as_str(), old.sk.as_str()))
                        .map_err(unavailable)?;
                }
            }
            match w {
                Write::Put { item, .. } => {
                    let bytes = serde_json::to_vec(item)
                        .map_err(|e| StoreError::BadRequest(e.to_string()))?;
                    items
                        .insert((item.pk.as_str(), item.sk.as_str()), bytes.as_slice())
                        .map_err(unavailable)?;
                    if let Some((g, s)) = &item.gsi1 {
                        gsi1.insert(
                            (g.as_str(), s.as_str(), item.pk.as_str(), item.sk.as_str()),
                            (),
                        )
                        .map_err(unavailable)?;
                    }
                    if let Some((g, s)) = &item.gsi2 {
                        gsi2.insert(
                            (g.as_str(), s.as_str(), item.pk.as_str(), item.sk.as_str()),
                            (),
                        )
                        .map_err(unavailable)?;
                    }
                }
                Write::Delete { pk, sk, .. } => {
                    items
                        .remove((pk.as_str(), sk.as_str()))
                        .map_err(unavailable)?;
                }
                Write::Check { .. } | Write::Add { .. } => {}
            }
        }
    }
    txn.commit().map_err(unavailable)
}

/// A counter item after `counts` are added to what is live of it.
fn added(
    pk: &str,
    sk: &str,
    live: Option<Item>,
    counts: &[(String, i64)],
) -> Result<Item, StoreError> {
    let mut item = match live {
        Some(mut item) => {
            item.version += 1;
            item
        }
        None => Item::new(pk, sk, serde_json::json!({})),
    };
    let body = item
        .body
        .as_object_mut()
        .ok_or_else(|| StoreError::Corrupt(format!("{pk}/{sk}: not a counter item")))?;
    for (name, delta) in counts {
        let was = match body.get(name) {
            None => 0,
            Some(v) => v
                .as_i64()
                .ok_or_else(|| StoreError::Corrupt(format!("{pk}/{sk}: {name} is not a number")))?,
        };
        body.insert(name.clone(), (was + delta).into());
    }
    Ok(item)
}

/// Lower and upper sort-key bounds of a range.
fn sk_bounds(range: &SkRange) -> (Bound<String>, Bound<String>) {
    match range {
        SkRange::All => (
            Bound::Included(String::new()),
            Bound::Excluded(MAX.to_owned()),
        ),
        SkRange::Prefix(p) => (
            Bound::Included(p.clone()),
            Bound::Excluded(format!("{p}{MAX}")),
        ),
        SkRange::Between(a, b) => (Bound::Included(a.clone()), Bound::Included(b.clone())),
    }
}

fn query_table(db: &Database, q: &Query) -> Result<Page, StoreError> {
    let (lo, hi) = sk_bounds(&q.range);
    let cursor = q
        .cursor
        .as_deref()
        .map(|c| decode_cursor(c, 1))
        .transpose()?;
    let txn = db.begin_read().map_err(unavailable)?;
    let items = txn.open_table(ITEMS).map_err(unavailable)?;
    let pk = q.pk.as_str();
    let mut lower = lo.as_ref().map(|s| (pk, s.as_str()));
    let mut upper = hi.as_ref().map(|s| (pk, s.as_str()));
    if let Some(c) = &cursor {
        let after = Bound::Excluded((pk, c[0].as_str()));
        if q.forward {
            lower = after
        } else {
            upper = after
        }
    }
    let range = items
        .range::<(&str, &str)>((lower, upper))
        .map_err(unavailable)?;
    let entries = range.map(|entry| {
        let (_, v) = entry.map_err(unavailable)?;
        let item = decode(v.value())?;
        let key = vec![item.sk.clone()];
        Ok(Some((item, key)))
    });
    if q.forward {
        page_of(entries, q.limit)
    } else {
        page_of(entries.rev(), q.limit)
    }
}

fn query_gsi(db: &Database, q: &Query) -> Result<Page, StoreError> {
    let (lo, hi) = sk_bounds(&q.range);
    let cursor = q
        .cursor
        .as_deref()
        .map(|c| decode_cursor(c, 3))
        .transpose()?;
    let txn = db.begin_read().map_err(unavailable)?;
    let def = if q.index == Index::Gsi1 { GSI1 } else { GSI2 };
    let index = txn.open_table(def).map_err(unavailable)?;
    let items = txn.open_table(ITEMS).map_err(unavailable)?;
    let g = q.pk.as_str();
    let mut lower = match &lo {
        Bound::Included(s) => Bound::Included((g, s.as_str(), "", "")),
        Bound::Excluded(s) => Bound::Excluded((g, s.as_str(), MAX, MAX)),
        Bound::Unbounded => Bound::Unbounded,
    };
    let mut upper = match &hi {
        Bound::Included(s) => Bound::Included((g, s.as_str(), MAX, MAX)),
        Bound::Excluded(s) => Bound::Excluded((g, s.as_str(), "", "")),
        Bound::Unbounded => Bound::Unbounded,
    };
    if let Some(c) = &cursor {
        let after = Bound::Excluded((g, c[0].as_str(), c[1].as_str(), c[2].as_str()));
        if q.forward {
            lower = after
        } else {
            upper = after
        }
    }
    let range = index
        .range::<(&str, &str, &str, &str)>((lower, upper))
        .map_err(unavailable)?;
    let entries = range.map(|entry| {
        let (k, _) = entry.map_err(unavailable)?;
        let (_, gsk, pk, sk) = k.value();
        // An index entry always has its item (same transaction); skip defensively.
        let Some(v) = items.get((pk, sk)).map_err(unavailable)? else {
            return Ok(None);
        };
        Ok(Some((
            decode(v.value())?,
            vec![gsk.to_owned(), pk.to_owned(), sk.to_owned()],
        )))
    });
    if q.forward {
        page_of(entries, q.limit)
    } else {
        page_of(entries.rev(), q.limit)
    }
}

/// Takes live items in order up to `limit`; the cursor is the key of the last one taken.
fn page_of(
    entries: impl Iterator<Item = Result<Option<(Item, Vec<String>)>, StoreError>>,
    limit: usize,
) -> Result<Page, StoreError> {
    let now = now_unix();
    let mut items = Vec::new();
    let mut last = None;
    for entry in entries {
        let Some((item, key)) = entry? else { continue };
        if item.is_live(now) {
            items.push(item);
            last = Some(key);
            if items.len() == limit {
                break;
            }
        }
    }
    let cursor = match last {
        Some(key) if limit > 0 && items.len() == limit => Some(encode_cursor(
            &key.iter().map(String::as_str).collect::<Vec<_>>(),
        )),
        _ => None,
    };
    Ok(Page { items, cursor })
}

#[async_trait]
impl KvStore for RedbStore {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let (pk, sk) = (pk.to_owned(), sk.to_owned());
        self.blocking(move |db| {
            let txn = db.begin_read().map_err(unavailable)?;
            let items = txn.open_table(ITEMS).map_err(unavailable)?;
            let item = items.get((pk.as_str(), sk.as_str())).map_err(unavailable)?;
            Ok(item
                .map(|g| decode(g.value()))
                .transpose()?
                .filter(|i| i.is_live(now_unix())))
        })
        .await
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        self.blocking(move |db| transact_sync(db, writes)).await
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        self.blocking(move |db| match query.index {
            Index::Table => query_table(db, &query),
            Index::Gsi1 | Index::Gsi2 => query_gsi(db, &query),
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn contract() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = RedbStore::open(&dir.path().join("t.redb")).expect("open");
        crate::store::contract::run_all(&store).await;
    }
}

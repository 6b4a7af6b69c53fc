//! The embedded adapter: one redb file. Index tables are written in the same write
//! transaction as the items they index, and every commit is durable (fsync) before it
//! returns. Writes go through one writer thread that commits concurrent callers'
//! transactions together (group commit, `group.rs`): one fsync per batch, not per caller.

use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};

use super::group::GroupCommit;
use super::redb_codec::{decode, encode};
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

/// Most callers' transactions in one commit: bounds a batch's latency and memory.
pub const MAX_BATCH: usize = 256;

/// redb's page cache (its default is 1 GiB, which a busy server fills with pages it
/// wrote once): the hot pages of the indexes and recent items fit, the rest is read from
/// the operating system's file cache. 8, 16 and 32 MiB gave the same commit and apply
/// times under `scripts/bench-submit.sh` (three runs each, alternating); 16 keeps the
/// server near 50 MB resident under that load, 32 near 70.
const CACHE_BYTES: usize = 16 * 1024 * 1024;

type Writer = GroupCommit<Vec<Write>, Result<(), StoreError>>;

#[derive(Clone)]
pub struct RedbStore {
    db: Arc<Database>,
    writer: Arc<Writer>,
}

fn unavailable(e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

impl RedbStore {
    pub fn open(path: &Path) -> Result<RedbStore, StoreError> {
        RedbStore::open_batched(path, MAX_BATCH)
    }

    /// With at most `max_batch` callers' transactions per commit; 1 commits each on its
    /// own (the benchmark's baseline).
    pub fn open_batched(path: &Path, max_batch: usize) -> Result<RedbStore, StoreError> {
        let db = redb::Builder::new()
            .set_cache_size(CACHE_BYTES)
            .create(path)
            .map_err(unavailable)?;
        let txn = db.begin_write().map_err(unavailable)?;
        txn.open_table(ITEMS).map_err(unavailable)?;
        txn.open_table(GSI1).map_err(unavailable)?;
        txn.open_table(GSI2).map_err(unavailable)?;
        txn.commit().map_err(unavailable)?;
        let db = Arc::new(db);
        let committing = db.clone();
        let writer = GroupCommit::start("redb-writer", max_batch.max(1), move |batch| {
            commit_batch(&committing, batch)
        })
        .map_err(unavailable)?;
        Ok(RedbStore {
            db,
            writer: Arc::new(writer),
        })
    }
}

fn holds(cond: Cond, current: Option<&Item>) -> bool {
    match (cond, current) {
        (Cond::Always, _) => true,
        (Cond::Absent, current) => current.is_none(),
        (Cond::Version(v), Some(item)) => item.version == v,
        (Cond::Version(_), None) => false,
    }
}

/// What one caller's transaction does to the tables, worked out before any of it is
/// done: so a caller whose condition fails, or whose item cannot be written, leaves the
/// batch's transaction untouched.
enum Op {
    PutItem(String, String, Vec<u8>),
    RemoveItem(String, String),
    /// An entry of GSI1 (or GSI2 when `second`), inserted or removed.
    Index {
        second: bool,
        key: [String; 4],
        insert: bool,
    },
}

type Tables<'t> = (
    redb::Table<'t, (&'static str, &'static str), &'static [u8]>,
    redb::Table<'t, (&'static str, &'static str, &'static str, &'static str), ()>,
    redb::Table<'t, (&'static str, &'static str, &'static str, &'static str), ()>,
);

/// The item's entries in GSI1 and GSI2, to insert or to remove.
fn index_ops(item: &Item, insert: bool, ops: &mut Vec<Op>) {
    for (second, g) in [(false, &item.gsi1), (true, &item.gsi2)] {
        if let Some((g, s)) = g {
            let key = [g.clone(), s.clone(), item.pk.clone(), item.sk.clone()];
            ops.push(Op::Index {
                second,
                key,
                insert,
            });
        }
    }
}

/// Checks one caller's conditions against the state so far (earlier callers of the batch
/// included) and lists its changes. Reads only.
/// `writes` passed `check_writes` on the caller's side.
fn plan(tables: &Tables<'_>, writes: &[Write], now: i64) -> Result<Vec<Op>, StoreError> {
    let (items, ..) = tables;
    let stored = |key: (&str, &str)| -> Result<Option<Item>, StoreError> {
        items
            .get(key)
            .map_err(unavailable)?
            .map(|g| decode(g.value()))
            .transpose()
    };
    // Every condition before anything else.
    let mut current = Vec::with_capacity(writes.len());
    for (index, w) in writes.iter().enumerate() {
        let old = stored(w.key())?;
        let live = old.as_ref().is_some_and(|i| i.is_live(now));
        if !holds(w.cond(), old.as_ref().filter(|_| live)) {
            return Err(StoreError::ConditionFailed { index });
        }
        current.push((old, live));
    }
    let mut ops = Vec::new();
    for (w, (old, live)) in writes.iter().zip(current) {
        if let Write::Add { pk, sk, counts } = w {
            let item = added(pk, sk, old.filter(|_| live), counts)?;
            ops.push(Op::PutItem(pk.clone(), sk.clone(), encode(&item)));
            continue;
        }
        if matches!(w, Write::Check { .. }) {
            continue;
        }
        // Stale index entries of the old item go first (expired items included).
        if let Some(old) = &old {
            index_ops(old, false, &mut ops);
        }
        match w {
            Write::Put { item, .. } => {
                ops.push(Op::PutItem(item.pk.clone(), item.sk.clone(), encode(item)));
                index_ops(item, true, &mut ops);
            }
            Write::Delete { pk, sk, .. } => ops.push(Op::RemoveItem(pk.clone(), sk.clone())),
            Write::Check { .. } | Write::Add { .. } => {}
        }
    }
    Ok(ops)
}

/// Makes one caller's changes. An error here leaves the transaction half-changed, so the
/// whole batch is given up.
fn apply(tables: &mut Tables<'_>, ops: Vec<Op>) -> Result<(), redb::StorageError> {
    let (items, gsi1, gsi2) = tables;
    for op in ops {
        match op {
            Op::PutItem(pk, sk, bytes) => {
                items.insert((pk.as_str(), sk.as_str()), bytes.as_slice())?;
            }
            Op::RemoveItem(pk, sk) => {
                items.remove((pk.as_str(), sk.as_str()))?;
            }
            Op::Index {
                second,
                key: [g, s, pk, sk],
                insert,
            } => {
                let table = if second { &mut *gsi2 } else { &mut *gsi1 };
                let key = (g.as_str(), s.as_str(), pk.as_str(), sk.as_str());
                if insert {
                    table.insert(key, ())?;
                } else {
                    table.remove(key)?;
                }
            }
        }
    }
    Ok(())
}

/// Commits a batch of callers' transactions as one redb transaction: one fsync for all.
/// Each caller's transaction is all or nothing on its own (a failed condition skips it);
/// if the commit itself fails, every caller of the batch hears so.
fn commit_batch(db: &Database, batch: Vec<Vec<Write>>) -> Vec<Result<(), StoreError>> {
    let size = batch.len();
    let all_failed =
        |e: &dyn std::fmt::Display| (0..size).map(|_| Err(unavailable(e))).collect::<Vec<_>>();
    let txn = match db.begin_write() {
        Ok(txn) => txn,
        Err(e) => return all_failed(&e),
    };
    let now = now_unix();
    let mut results = Vec::with_capacity(size);
    let mut changed = false;
    {
        let opened = (|| {
            Ok::<_, redb::TableError>((
                txn.open_table(ITEMS)?,
                txn.open_table(GSI1)?,
                txn.open_table(GSI2)?,
            ))
        })();
        let mut tables = match opened {
            Ok(tables) => tables,
            Err(e) => return all_failed(&e),
        };
        for writes in batch {
            match plan(&tables, &writes, now) {
                Ok(ops) => {
                    if let Err(e) = apply(&mut tables, ops) {
                        tracing::error!(error = %e, callers = size, "store write failed; batch given up");
                        return all_failed(&e);
                    }
                    changed = true;
                    results.push(Ok(()));
                }
                Err(e) => results.push(Err(e)),
            }
        }
    }
    if !changed {
        // Nothing to make durable: every caller failed a check and wrote nothing.
        let _ = txn.abort();
        return results;
    }
    match txn.commit() {
        Ok(()) => results,
        Err(e) => {
            tracing::error!(error = %e, callers = size, "store commit failed");
            all_failed(&e)
        }
    }
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
    let mut body: serde_json::Map<String, serde_json::Value> = item
        .body
        .decode()
        .map_err(|_| StoreError::Corrupt(format!("{pk}/{sk}: not a counter item")))?;
    for (name, delta) in counts {
        let was = match body.get(name) {
            None => 0,
            Some(v) => v
                .as_i64()
                .ok_or_else(|| StoreError::Corrupt(format!("{pk}/{sk}: {name} is not a number")))?,
        };
        body.insert(name.clone(), (was + delta).into());
    }
    item.body = super::Body::of(&body);
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
    /// Read on the caller's thread: a point read takes microseconds from redb's cache,
    /// less than handing it to a blocking thread and back (the context switches were a
    /// fifth of a busy server's time).
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let txn = self.db.begin_read().map_err(unavailable)?;
        let items = txn.open_table(ITEMS).map_err(unavailable)?;
        let item = items.get((pk, sk)).map_err(unavailable)?;
        Ok(item
            .map(|g| decode(g.value()))
            .transpose()?
            .filter(|i| i.is_live(now_unix())))
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        // Refused here, on the caller's thread: the writer's is the one that cannot be
        // shared.
        super::check_writes(&writes)?;
        self.writer
            .submit(writes)
            .await
            .unwrap_or_else(|| Err(unavailable("the store's writer failed")))
    }

    /// Read on the caller's thread like `get`: a page is at most 1000 items (most are a
    /// handful) from redb's cache or the file cache, and the hand-over to a blocking thread
    /// and back cost more than that (lookups ran at 0.2× a bare axum handler with it).
    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        match query.index {
            Index::Table => query_table(&self.db, &query),
            Index::Gsi1 | Index::Gsi2 => query_gsi(&self.db, &query),
        }
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

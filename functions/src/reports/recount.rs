//! Rebuilding the rollups from the records: every request (open and closed, from the
//! queue's index) and every chat (the waiting lists and the chats' index) is counted
//! again, and each stored day and group is corrected to match by one `ADD` of the
//! difference. For data written before the rollups existed, after restoring a table to a
//! point in time, or to prove the rollups right. Reads every record: a quiet moment's
//! work (`helpdesk-admin recount`).

use std::collections::BTreeSet;

use helpdesk_shared::auth::Department;
use helpdesk_shared::moscow;
use helpdesk_shared::report::ReportQuery;
use time::OffsetDateTime;

use super::{Counts, chat_counts, pk, sk, stored, ticket_counts};
use crate::chat::{CHATS_INDEX, ChatRecord, waiting_list};
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError, Write};
use crate::tickets::{QUEUE_CLOSED, QUEUE_OPEN, TicketRecord};

/// Written by a recount: the rollups cover every record since.
const MARK_PK: &str = "RPT#META";
const MARK_SK: &str = "RECOUNTED";
/// Corrections per transaction.
const PER_TRANSACTION: usize = 25;

/// What a recount found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recounted {
    pub requests: u64,
    pub chats: u64,
    /// Days × groups whose counters were off and were corrected.
    pub corrected: usize,
}

async fn each_in(
    store: &dyn KvStore,
    index: Index,
    pk: &str,
    mut f: impl FnMut(&Item) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut q = Query::new(index, pk, SkRange::All);
    q.limit = 500;
    loop {
        let page = store.query(q.clone()).await?;
        for item in &page.items {
            f(item)?;
        }
        match page.cursor {
            Some(c) => q.cursor = Some(c),
            None => return Ok(()),
        }
    }
}

/// Counts every record again and corrects the rollups to match; `now` bounds the days
/// compared.
pub async fn recount(store: &dyn KvStore, now: OffsetDateTime) -> Result<Recounted, StoreError> {
    let mut truth = Counts::new();
    let (mut requests, mut chats) = (0u64, 0u64);
    for queue in [QUEUE_OPEN, QUEUE_CLOSED] {
        each_in(store, Index::Gsi1, queue, |item| {
            let t: TicketRecord = item.decode()?;
            ticket_counts(&t, &mut truth, 1);
            requests += 1;
            Ok(())
        })
        .await?;
    }
    let lists = std::iter::once(None)
        .chain(Department::ALL.map(Some))
        .map(waiting_list)
        .chain(std::iter::once(CHATS_INDEX.to_owned()));
    for list in lists {
        each_in(store, Index::Gsi1, &list, |item| {
            let r: ChatRecord = item.decode()?;
            chat_counts(&r, &mut truth, 1);
            chats += 1;
            Ok(())
        })
        .await?;
    }
    let today = moscow::date(now);
    let first = truth
        .keys()
        .map(|(d, _)| *d)
        .min()
        .unwrap_or(today)
        .min(today);
    let mut corrected = 0;
    let mut from = first;
    while from <= today {
        let to = (from + time::Duration::days(helpdesk_shared::report::MAX_DAYS - 1)).min(today);
        let q = ReportQuery {
            from,
            to,
            ..ReportQuery::recent(today)
        };
        let mut have = stored(store, &q).await?;
        let keys: BTreeSet<_> = truth
            .range((from, String::new())..)
            .take_while(|((d, _), _)| *d <= to)
            .map(|(k, _)| k.clone())
            .chain(have.keys().cloned())
            .collect();
        let mut fixes = Vec::new();
        for key in keys {
            let want = truth.get(&key).cloned().unwrap_or_default();
            let got = have.remove(&key).unwrap_or_default();
            let names: BTreeSet<&String> = want.keys().chain(got.keys()).collect();
            let diff: Vec<(String, i64)> = names
                .into_iter()
                .map(|n| {
                    let d = want.get(n).copied().unwrap_or(0) - got.get(n).copied().unwrap_or(0);
                    (n.clone(), d)
                })
                .filter(|(_, d)| *d != 0)
                .collect();
            if !diff.is_empty() {
                fixes.push(Write::Add {
                    pk: pk(key.0),
                    sk: sk(key.0, &key.1, 0),
                    counts: diff,
                });
            }
        }
        corrected += fixes.len();
        for chunk in fixes.chunks(PER_TRANSACTION) {
            store.transact(chunk.to_vec()).await?;
        }
        match to.next_day() {
            Some(d) => from = d,
            None => break,
        }
    }
    mark(store, now, requests, chats).await?;
    if corrected > 0 {
        tracing::warn!(
            requests,
            chats,
            corrected,
            "report rollups corrected by a recount"
        );
    } else {
        tracing::info!(requests, chats, "report rollups checked: all correct");
    }
    Ok(Recounted {
        requests,
        chats,
        corrected,
    })
}

/// Notes that the rollups cover every record as of `now`.
pub(super) async fn mark(
    store: &dyn KvStore,
    now: OffsetDateTime,
    requests: u64,
    chats: u64,
) -> Result<(), StoreError> {
    store
        .put(
            Item::new(
                MARK_PK,
                MARK_SK,
                serde_json::json!({ "at": now.unix_timestamp(), "requests": requests, "chats": chats }),
            ),
            Cond::Always,
        )
        .await
}

/// Recounts once, when no recount was ever made (data from before the rollups): the
/// local server calls this at start-up; afterwards it costs one read.
pub async fn roll_up_if_unrolled(
    store: &dyn KvStore,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    if store.get(MARK_PK, MARK_SK).await?.is_none() {
        recount(store, now).await?;
    }
    Ok(())
}

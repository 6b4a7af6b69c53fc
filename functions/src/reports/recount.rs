//! Rebuilding the rollups from the records: every request (open and closed, from the
//! queue's index) and every chat (the waiting lists and the chats' index) is counted
//! again, and each stored day and group is corrected to match by one `ADD` of the
//! difference. For data written before the rollups existed, after restoring a table to a
//! point in time, or to prove the rollups right. Reads every record: a quiet moment's
//! work (`helpdesk-admin recount`).

use std::collections::BTreeSet;

use helpdesk_shared::auth::Department;
use helpdesk_shared::moscow;
use time::OffsetDateTime;

use super::{Counts, chat_counts, pk, sk, ticket_counts};
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
    /// Day and month items whose counters were off and were corrected.
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
    let truth_months = super::months_of(&truth);
    let first = truth
        .keys()
        .map(|(d, _)| *d)
        .min()
        .unwrap_or(today)
        .min(today);
    let mut corrected = 0;
    let mut month = first.replace_day(1).unwrap_or(first);
    while month <= today {
        let end = super::read::last_of_month(month);
        let (have_days, have_months) = super::read::stored(store, month).await?;
        let want_days: Counts = truth
            .range((month, String::new())..)
            .take_while(|((d, _), _)| *d <= end)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let want_months: Counts = truth_months
            .range((month, String::new())..)
            .take_while(|((d, _), _)| *d == month)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut fixes = Vec::new();
        for ((key, diff), is_month) in differences(&want_days, &have_days)
            .into_iter()
            .map(|d| (d, false))
            .chain(
                differences(&want_months, &have_months)
                    .into_iter()
                    .map(|d| (d, true)),
            )
        {
            let sk = if is_month {
                super::month_sk(&key.1)
            } else {
                sk(key.0, &key.1)
            };
            fixes.push(Write::Add {
                pk: pk(key.0),
                sk,
                counts: diff,
            });
        }
        corrected += fixes.len();
        for chunk in fixes.chunks(PER_TRANSACTION) {
            store.transact(chunk.to_vec()).await?;
        }
        match end.next_day() {
            Some(d) => month = d,
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

/// An item's key and the counts that correct it.
type Fix = ((time::Date, String), Vec<(String, i64)>);

/// Per item, what `want` holds less what `have` holds (the `ADD` that corrects it);
/// items that already agree are left out.
fn differences(want: &Counts, have: &Counts) -> Vec<Fix> {
    let keys: BTreeSet<&(time::Date, String)> = want.keys().chain(have.keys()).collect();
    let empty = Default::default();
    keys.into_iter()
        .filter_map(|key| {
            let (w, h) = (
                want.get(key).unwrap_or(&empty),
                have.get(key).unwrap_or(&empty),
            );
            let names: BTreeSet<&String> = w.keys().chain(h.keys()).collect();
            let diff: Vec<(String, i64)> = names
                .into_iter()
                .map(|n| {
                    (
                        n.clone(),
                        w.get(n).copied().unwrap_or(0) - h.get(n).copied().unwrap_or(0),
                    )
                })
                .filter(|(_, d)| *d != 0)
                .collect();
            (!diff.is_empty()).then(|| (key.clone(), diff))
        })
        .collect()
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

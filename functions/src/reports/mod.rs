//! Report rollups: per Moscow day and group (`helpdesk_shared::report`), the counters and
//! histograms every figure of the reports is summed from.
//!
//! What a request or a chat adds to the rollups is a function of its record alone
//! (`ticket_counts`, `chat_counts`); every change writes, in the same transaction as the
//! change, what the new record adds less what the old one added (`rollup_writes`,
//! DynamoDB's atomic `ADD`). So the rollups always equal a recount from the records
//! (`recount`), and a report reads days × groups items, never the records.
//!
//! Items: `RPT#<YYYY-MM>` / `<YYYY-MM-DD>#<group>#S<shard>` — a month per partition (a
//! year's report is twelve queries), each day and group spread over `SHARDS` items
//! picked at random so that concurrent changes of one group rarely meet on one item.

mod recount;
pub mod synthetic;

pub use recount::{recount, roll_up_if_unrolled};

use std::collections::BTreeMap;

use helpdesk_shared::Status;
use helpdesk_shared::chat::ChatState;
use helpdesk_shared::moscow;
use helpdesk_shared::report::{Channel, Group, Place, ReportQuery, bucket, iso, month};
use helpdesk_shared::report_view::{ReportView, Summer, counter};
use time::{Date, OffsetDateTime};

use crate::chat::ChatRecord;
use crate::ids::random_u32;
use crate::store::{Index, KvStore, Query, SkRange, StoreError, Write};
use crate::tickets::{EscalatedBy, TicketRecord};

/// Items each day and group is spread over.
pub const SHARDS: u32 = 2;

/// Counter deltas: (day, group code) → counter → how much.
pub type Counts = BTreeMap<(Date, String), BTreeMap<String, i64>>;

fn add(c: &mut Counts, at: OffsetDateTime, g: &Group, name: &str, n: i64) {
    *c.entry((moscow::date(at), g.code()))
        .or_default()
        .entry(name.to_owned())
        .or_default() += n;
}

fn hist(name: &str, secs: u32) -> String {
    format!("{name}.{}", bucket(secs.into()))
}

/// The group a request counts in: where it is now.
pub fn ticket_group(t: &TicketRecord) -> Group {
    let place = match (t.level, t.department) {
        (helpdesk_shared::Level::Specialist, Some(d)) => Place::Department(d),
        (helpdesk_shared::Level::Bot, _) => Place::Bot,
        _ => Place::Operator,
    };
    Group {
        channel: t.channel,
        category: Some(t.category),
        place,
    }
}

/// What a request adds to the rollups (see `helpdesk_shared::report_view` for what
/// each counter means).
pub fn ticket_counts(t: &TicketRecord, c: &mut Counts, sign: i64) {
    let g = ticket_group(t);
    let m = &t.measures;
    add(c, t.created_at, &g, counter::RECEIVED, sign);
    if let (Some(took), Some(at)) = (m.first, t.responded_at) {
        add(c, at, &g, counter::FIRST, sign);
        if let Some(in_time) = took.in_time {
            add(c, at, &g, counter::FIRST_DUE, sign);
            if in_time {
                add(c, at, &g, counter::FIRST_IN, sign);
            }
        }
        add(c, at, &g, &hist(counter::FIRST_WORK, took.work), sign);
        add(c, at, &g, &hist(counter::FIRST_WALL, took.wall), sign);
    }
    let Some(closed) = t.closed_at() else {
        return;
    };
    let outcome = match t.status {
        Status::Resolved => counter::RESOLVED,
        _ => counter::REJECTED,
    };
    add(c, closed, &g, outcome, sign);
    if let Some(took) = m.resolution {
        if took.in_time == Some(true) {
            add(c, closed, &g, counter::RESOLVED_IN, sign);
        }
        add(
            c,
            closed,
            &g,
            &hist(counter::RESOLUTION_WORK, took.work),
            sign,
        );
        add(
            c,
            closed,
            &g,
            &hist(counter::RESOLUTION_WALL, took.wall),
            sign,
        );
    }
    if t.first_contact() {
        add(c, closed, &g, counter::FCR, sign);
    }
    match m.escalated {
        Some(EscalatedBy::Sweep) => add(c, closed, &g, counter::ESCALATED_AUTO, sign),
        Some(EscalatedBy::Staff) => add(c, closed, &g, counter::ESCALATED_MANUAL, sign),
        None => {}
    }
    if let Some(s) = &t.survey {
        add(
            c,
            closed,
            &g,
            &format!("{}.{}", counter::CSAT, s.csat),
            sign,
        );
        if let Some(n) = s.nps {
            add(c, closed, &g, &format!("{}.{n}", counter::NPS), sign);
        }
    }
}

/// The group a chat counts in: its topic, and the bot unless handed to a person.
pub fn chat_group(r: &ChatRecord) -> Group {
    let place = match (r.department, r.handed_at.or(r.waiting_since)) {
        (Some(d), _) => Place::Department(d),
        (None, Some(_)) => Place::Operator,
        (None, None) => Place::Bot,
    };
    Group {
        channel: Channel::Chat,
        category: r.topic,
        place,
    }
}

/// What a chat adds to the rollups, all on the day it started.
pub fn chat_counts(r: &ChatRecord, c: &mut Counts, sign: i64) {
    let g = chat_group(r);
    let at = r.created_at;
    add(c, at, &g, counter::CHATS, sign);
    if r.handed_at.or(r.waiting_since).is_some() {
        add(c, at, &g, counter::HANDED_OFF, sign);
    }
    if let Some(w) = r.first_wait {
        add(c, at, &g, counter::TAKEN, sign);
        add(c, at, &g, &hist(counter::WAIT, w), sign);
    }
    if let Some(s) = r.first_reply {
        add(c, at, &g, counter::REPLIED, sign);
        if r.reply_in_time == Some(true) {
            add(c, at, &g, counter::REPLIED_IN, sign);
        }
        add(c, at, &g, &hist(counter::REPLY, s), sign);
    }
    if let Some(stars) = r.rating.filter(|_| r.state == ChatState::Ended) {
        add(c, at, &g, &format!("{}.{stars}", counter::CSAT), sign);
    }
}

fn pk(day: Date) -> String {
    format!("RPT#{}", month(day))
}

fn sk(day: Date, group: &str, shard: u32) -> String {
    format!("{}#{group}#S{shard}", iso(day))
}

/// The `ADD`s that turn the rollups of `before` into those of `after` (one per item,
/// none where nothing counted changes).
pub fn writes_of(delta: Counts) -> Vec<Write> {
    delta
        .into_iter()
        .filter_map(|((day, group), counters)| {
            let counts: Vec<(String, i64)> =
                counters.into_iter().filter(|(_, n)| *n != 0).collect();
            (!counts.is_empty()).then(|| Write::Add {
                pk: pk(day),
                sk: sk(day, &group, random_u32() % SHARDS),
                counts,
            })
        })
        .collect()
}

/// A request's change from `before` (`None`: new) to `after`, as rollup writes.
pub fn ticket_writes(before: Option<&TicketRecord>, after: &TicketRecord) -> Vec<Write> {
    let mut c = Counts::new();
    if let Some(b) = before {
        ticket_counts(b, &mut c, -1);
    }
    ticket_counts(after, &mut c, 1);
    writes_of(c)
}

/// A chat's change, as rollup writes.
pub fn chat_writes(before: Option<&ChatRecord>, after: &ChatRecord) -> Vec<Write> {
    let mut c = Counts::new();
    if let Some(b) = before {
        chat_counts(b, &mut c, -1);
    }
    chat_counts(after, &mut c, 1);
    writes_of(c)
}

/// Every stored rollup item of the months `q` touches whose day is in its range, as
/// (day, group, counters); items that do not parse are refused as corrupt.
async fn read_items(
    store: &dyn KvStore,
    q: &ReportQuery,
    mut each: impl FnMut(Date, &str, &serde_json::Map<String, serde_json::Value>),
) -> Result<(), StoreError> {
    for m in q.months() {
        let mut query = Query::new(
            Index::Table,
            format!("RPT#{m}"),
            SkRange::Between(iso(q.from), format!("{}~", iso(q.to))),
        );
        query.limit = 1000;
        loop {
            let page = store.query(query.clone()).await?;
            for item in &page.items {
                let corrupt =
                    || StoreError::Corrupt(format!("{}/{}: not a rollup", item.pk, item.sk));
                let (day, rest) = item.sk.split_once('#').ok_or_else(corrupt)?;
                let (group, _shard) = rest.rsplit_once('#').ok_or_else(corrupt)?;
                let day = helpdesk_shared::report::parse_date(day).ok_or_else(corrupt)?;
                let body = item.body.as_object().ok_or_else(corrupt)?;
                each(day, group, body);
            }
            match page.cursor {
                Some(c) => query.cursor = Some(c),
                None => break,
            }
        }
    }
    Ok(())
}

/// The report for `q`, summed from the rollups.
pub async fn report(store: &dyn KvStore, q: &ReportQuery) -> Result<ReportView, StoreError> {
    let mut summer = Summer::default();
    let mut unknown = 0u32;
    read_items(store, q, |day, group, body| {
        let Some(g) = Group::from_code(group) else {
            unknown += 1;
            return;
        };
        summer.add(
            q,
            day,
            &g,
            body.iter()
                .map(|(k, v)| (k.as_str(), v.as_i64().unwrap_or_default())),
        );
    })
    .await?;
    if unknown > 0 {
        tracing::warn!(
            items = unknown,
            "report rollups of an unknown group skipped"
        );
    }
    Ok(summer.finish(q))
}

/// The stored rollups of `q`'s range, summed per (day, group), for the recount.
async fn stored(store: &dyn KvStore, q: &ReportQuery) -> Result<Counts, StoreError> {
    let mut out = Counts::new();
    read_items(store, q, |day, group, body| {
        let sums = out.entry((day, group.to_owned())).or_default();
        for (k, v) in body {
            *sums.entry(k.clone()).or_default() += v.as_i64().unwrap_or_default();
        }
    })
    .await?;
    Ok(out)
}

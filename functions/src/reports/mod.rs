//! Report rollups: per Moscow day and group (`helpdesk_shared::report`), the counters and
//! histograms every figure of the reports is summed from, and the same per month.
//!
//! What a request or a chat adds to the rollups is a function of its record alone
//! (`ticket_counts`, `chat_counts`); every change writes, in the same transaction as the
//! change, what the new record adds less what the old one added (`writes_of`,
//! DynamoDB's atomic `ADD`). So the rollups always equal a recount from the records
//! (`recount`), and a report reads months × groups and days × groups items, never the
//! records (`read`).
//!
//! Items, a month per partition `RPT#<YYYY-MM>`: a day's `<YYYY-MM-DD>#<group>#S0` and
//! the month's `M#<group>` (every counter of its days, and each day's volume under
//! `dNN:`). A report takes whole months from the month items (a month less a few days:
//! the month item less those days) and the rest from day items, so a year's report
//! reads about 13 months' and a few days' items per group. One item per day and group
//! (the `S0` in its key): at the seeds' load, about a change a second spread over some hundred
//! groups, two changes of one group's item meet about never, and DynamoDB's conflict
//! on one is retried by the adapter.

mod read;
mod recount;
pub mod synthetic;

pub use read::report;
pub use recount::{recount, roll_up_if_unrolled};

use std::collections::BTreeMap;

use helpdesk_shared::Status;
use helpdesk_shared::chat::ChatState;
use helpdesk_shared::moscow;
use helpdesk_shared::report::{Channel, Group, Place, bucket, iso, month};
use helpdesk_shared::report_view::counter;
use time::{Date, OffsetDateTime};

use crate::chat::ChatRecord;
use crate::store::Write;
use crate::tickets::{EscalatedBy, TicketRecord};

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

/// A day item's sort key (`S0`: one item per day and group, see above).
fn sk(day: Date, group: &str) -> String {
    format!("{}#{group}#S0", iso(day))
}

/// A month item's sort key.
fn month_sk(group: &str) -> String {
    format!("{MONTH_PREFIX}{group}")
}

/// Month items' sort keys start so (after every day's, which start with a digit).
const MONTH_PREFIX: &str = "M#";

/// The month items' counts of day counts: keyed by the month's first day and group, the
/// same counters summed over the month's days, and each day's volume again under
/// `dNN:<name>` (so a month item also draws its days' line).
pub fn months_of(days: &Counts) -> Counts {
    let mut out = Counts::new();
    for ((day, group), counters) in days {
        let first = day.replace_day(1).unwrap_or(*day);
        let sums = out.entry((first, group.clone())).or_default();
        for (name, n) in counters {
            *sums.entry(name.clone()).or_default() += n;
            if DAY_ROW_NAMES.contains(&name.as_str()) {
                *sums.entry(format!("d{:02}:{name}", day.day())).or_default() += n;
            }
        }
    }
    out
}

/// The counters a day's row shows (kept per day in the month items too).
const DAY_ROW_NAMES: [&str; 5] = [
    counter::RECEIVED,
    counter::RESOLVED,
    counter::REJECTED,
    counter::CHATS,
    counter::HANDED_OFF,
];

fn add_of(pk: String, sk: String, counters: &BTreeMap<String, i64>) -> Option<Write> {
    let counts: Vec<(String, i64)> = counters
        .iter()
        .filter(|(_, n)| **n != 0)
        .map(|(k, n)| (k.clone(), *n))
        .collect();
    (!counts.is_empty()).then_some(Write::Add { pk, sk, counts })
}

/// The `ADD`s that turn the rollups of `before` into those of `after`: one per day item
/// and one per month item touched, none where nothing counted changes.
pub fn writes_of(delta: Counts) -> Vec<Write> {
    let months = months_of(&delta);
    let days = delta
        .iter()
        .filter_map(|((day, group), counters)| add_of(pk(*day), sk(*day, group), counters));
    let months = months
        .iter()
        .filter_map(|((first, group), counters)| add_of(pk(*first), month_sk(group), counters));
    days.chain(months).collect()
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

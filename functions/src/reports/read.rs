//! Reading the rollups: which months a report takes whole from their month items (less
//! a few days where that is fewer items than the days themselves) and which by their
//! days, and the sums.

use helpdesk_shared::report::{Group, ReportQuery, iso};
use helpdesk_shared::report_view::{ReportView, Summer};
use time::{Date, Duration};

use super::{Counts, MONTH_PREFIX};
use crate::store::{Index, KvStore, Query, SkRange, StoreError};

type Body = serde_json::Map<String, serde_json::Value>;

/// Every item of `pk` in `range`, page by page.
async fn each_item(
    store: &dyn KvStore,
    pk: String,
    range: SkRange,
    mut f: impl FnMut(&str, &Body) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut query = Query::new(Index::Table, pk, range);
    query.limit = 1000;
    loop {
        let page = store.query(query.clone()).await?;
        for item in &page.items {
            let body: Body = item
                .body
                .decode()
                .map_err(|_| corrupt(&item.pk, &item.sk))?;
            f(&item.sk, &body)?;
        }
        match page.cursor {
            Some(c) => query.cursor = Some(c),
            None => return Ok(()),
        }
    }
}

fn corrupt(pk: &str, sk: &str) -> StoreError {
    StoreError::Corrupt(format!("{pk}/{sk}: not a rollup"))
}

/// The day items of `from..=to` (within one month), as (day, group, counters).
pub(super) async fn read_days(
    store: &dyn KvStore,
    from: Date,
    to: Date,
    mut each: impl FnMut(Date, &str, &Body),
) -> Result<(), StoreError> {
    let pk = super::pk(from);
    let range = SkRange::Between(iso(from), format!("{}~", iso(to)));
    each_item(store, pk.clone(), range, |sk, body| {
        let (day, rest) = sk.split_once('#').ok_or_else(|| corrupt(&pk, sk))?;
        let (group, _shard) = rest.rsplit_once('#').ok_or_else(|| corrupt(&pk, sk))?;
        let day = helpdesk_shared::report::parse_date(day).ok_or_else(|| corrupt(&pk, sk))?;
        each(day, group, body);
        Ok(())
    })
    .await
}

/// The month items of the month starting `first`, as (group, counters).
pub(super) async fn read_month(
    store: &dyn KvStore,
    first: Date,
    mut each: impl FnMut(&str, &Body),
) -> Result<(), StoreError> {
    let range = SkRange::Prefix(MONTH_PREFIX.to_owned());
    each_item(store, super::pk(first), range, |sk, body| {
        each(sk.trim_start_matches(MONTH_PREFIX), body);
        Ok(())
    })
    .await
}

/// How one month of a range is read.
#[derive(Debug, PartialEq)]
enum Plan {
    /// Its days `from..=to`.
    Days(Date, Date),
    /// Its month item, less the days of these ranges.
    Month {
        first: Date,
        minus: Vec<(Date, Date)>,
    },
}

pub(super) fn last_of_month(d: Date) -> Date {
    let next = match d.month() {
        time::Month::December => Date::from_calendar_date(d.year() + 1, time::Month::January, 1),
        m => Date::from_calendar_date(d.year(), m.next(), 1),
    };
    next.map_or(d, |n| n - Duration::days(1))
}

/// For each month `q` touches: the month item less the days outside the range (up to
/// `today`: later days hold nothing yet) when those are fewer than the days inside,
/// otherwise the days inside.
fn plan(q: &ReportQuery, today: Date) -> Vec<Plan> {
    let mut out = Vec::new();
    let mut first = q.from.replace_day(1).unwrap_or(q.from);
    while first <= q.to {
        let last = last_of_month(first);
        let (lo, hi) = (q.from.max(first), q.to.min(last));
        let data_end = last.min(today);
        let mut minus = Vec::new();
        if lo > first {
            minus.push((first, lo - Duration::days(1)));
        }
        if hi < data_end {
            minus.push((hi + Duration::days(1), data_end));
        }
        let outside: i64 = minus.iter().map(|(a, b)| (*b - *a).whole_days() + 1).sum();
        let inside = (hi - lo).whole_days() + 1;
        out.push(if outside < inside {
            Plan::Month { first, minus }
        } else {
            Plan::Days(lo, hi)
        });
        match last.next_day() {
            Some(n) => first = n,
            None => break,
        }
    }
    out
}

fn counters(body: &Body) -> impl Iterator<Item = (&str, i64)> {
    body.iter()
        .map(|(k, v)| (k.as_str(), v.as_i64().unwrap_or_default()))
}

/// The report for `q` (Moscow days; `today` bounds what can hold data).
pub async fn report(
    store: &dyn KvStore,
    q: &ReportQuery,
    today: Date,
) -> Result<ReportView, StoreError> {
    let mut summer = Summer::new(q);
    let mut unknown = 0u32;
    let mut group = |code: &str| {
        let g = Group::from_code(code);
        if g.is_none() {
            unknown += 1;
        }
        g
    };
    for p in plan(q, today) {
        match p {
            Plan::Days(from, to) => {
                read_days(store, from, to, |day, g, body| {
                    if let Some(g) = group(g) {
                        summer.add(q, day, &g, counters(body), 1);
                    }
                })
                .await?
            }
            Plan::Month { first, minus } => {
                read_month(store, first, |g, body| {
                    if let Some(g) = group(g) {
                        summer.add_month(q, first, &g, counters(body));
                    }
                })
                .await?;
                for (from, to) in minus {
                    read_days(store, from, to, |day, g, body| {
                        if let Some(g) = group(g) {
                            summer.add(q, day, &g, counters(body), -1);
                        }
                    })
                    .await?;
                }
            }
        }
    }
    if unknown > 0 {
        tracing::warn!(
            items = unknown,
            "report rollups of an unknown group skipped"
        );
    }
    Ok(summer.finish(q))
}

fn sum_into(out: &mut Counts, key: (Date, String), body: &Body) {
    let sums = out.entry(key).or_default();
    for (k, v) in body {
        *sums.entry(k.clone()).or_default() += v.as_i64().unwrap_or_default();
    }
}

/// The stored rollups of the month starting `first`: its days' and its month items'.
pub(super) async fn stored(
    store: &dyn KvStore,
    first: Date,
) -> Result<(Counts, Counts), StoreError> {
    let (mut days, mut months) = (Counts::new(), Counts::new());
    read_days(store, first, last_of_month(first), |day, g, body| {
        sum_into(&mut days, (day, g.to_owned()), body)
    })
    .await?;
    read_month(store, first, |g, body| {
        sum_into(&mut months, (first, g.to_owned()), body)
    })
    .await?;
    Ok((days, months))
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn q(from: Date, to: Date) -> ReportQuery {
        ReportQuery {
            from,
            to,
            ..ReportQuery::recent(to)
        }
    }

    #[test]
    fn whole_months_come_from_month_items_and_a_few_days_are_taken_off() {
        let today = date!(2026 - 12 - 03);
        // A year up to today: December 2025 less its first three days, eleven whole
        // months, and this month (its days after today hold nothing).
        let p = plan(&q(date!(2025 - 12 - 04), today), today);
        assert_eq!(p.len(), 13);
        assert_eq!(
            p[0],
            Plan::Month {
                first: date!(2025 - 12 - 01),
                minus: vec![(date!(2025 - 12 - 01), date!(2025 - 12 - 03))]
            }
        );
        assert_eq!(
            p[12],
            Plan::Month {
                first: date!(2026 - 12 - 01),
                minus: vec![]
            }
        );
        // A week inside a month: its days.
        assert_eq!(
            plan(&q(date!(2026 - 11 - 10), date!(2026 - 11 - 16)), today),
            [Plan::Days(date!(2026 - 11 - 10), date!(2026 - 11 - 16))]
        );
        // Most of a month, both ends cut.
        assert_eq!(
            plan(&q(date!(2026 - 11 - 03), date!(2026 - 11 - 28)), today),
            [Plan::Month {
                first: date!(2026 - 11 - 01),
                minus: vec![
                    (date!(2026 - 11 - 01), date!(2026 - 11 - 02)),
                    (date!(2026 - 11 - 29), date!(2026 - 11 - 30))
                ]
            }]
        );
        assert_eq!(last_of_month(date!(2028 - 02 - 10)), date!(2028 - 02 - 29));
    }
}

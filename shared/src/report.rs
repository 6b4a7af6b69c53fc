//! Reports: how the service keeps its promises, from per-day rollups.
//!
//! Every change of a request or a chat adds to counters kept per Moscow day and per
//! **group** — the channel, the category and where the work ended up (the bot, an
//! operator, or a level-3 department) — so a report for any range reads days × groups
//! small items, never the requests themselves. A request counts by its current state:
//! received on the day it arrived, first answered on the day of its first answer,
//! closed on the day it was resolved or rejected, in the group it is in now (a request
//! escalated to a department moves, with all its counts, to that department's group).
//!
//! Times go into histograms with fixed buckets: four per doubling of the time in seconds
//! (`bucket`), so a percentile read from them is the geometric middle of its bucket and
//! within ±9.1 % (a factor of 2^(1/8)) of the true value.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::auth::Department;
use crate::{Category, FieldCode, FieldError, Level};

/// Buckets per doubling of a time.
pub const PER_DOUBLING: f64 = 4.0;
/// The last bucket (2^(99/4) s ≈ 388 days and more).
pub const MAX_BUCKET: u16 = 100;
/// The longest range a report covers.
pub const MAX_DAYS: i64 = 366;
/// The range shown when none is asked for.
pub const DEFAULT_DAYS: i64 = 30;

/// The histogram bucket of a time of `secs` seconds: 0 below one second, then
/// `1 + floor(4 · log2(secs))`.
pub fn bucket(secs: u64) -> u16 {
    if secs == 0 {
        return 0;
    }
    let b = 1 + (PER_DOUBLING * (secs as f64).log2()).floor() as u64;
    u16::try_from(b.min(u64::from(MAX_BUCKET))).unwrap_or(MAX_BUCKET)
}

/// The time a bucket stands for: the geometric middle of its bounds, in seconds.
pub fn bucket_value(b: u16) -> u64 {
    if b == 0 {
        return 0;
    }
    (2f64.powf((f64::from(b) - 0.5) / PER_DOUBLING)).round() as u64
}

/// A histogram of times: bucket → how many.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hist(pub std::collections::BTreeMap<u16, i64>);

impl Hist {
    pub fn add(&mut self, b: u16, n: i64) {
        *self.0.entry(b).or_default() += n;
    }

    pub fn count(&self) -> i64 {
        self.0.values().filter(|n| **n > 0).sum()
    }

    /// The `p`-th percentile (0 < p ≤ 1) in seconds: the value of the bucket holding the
    /// `ceil(p · n)`-th smallest time. `None` when empty.
    pub fn percentile(&self, p: f64) -> Option<u64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let rank = ((p * n as f64).ceil() as i64).clamp(1, n);
        let mut seen = 0;
        for (b, c) in &self.0 {
            seen += (*c).max(0);
            if seen >= rank {
                return Some(bucket_value(*b));
            }
        }
        None
    }
}

/// How a request or a chat reached the service.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The request form.
    #[default]
    Form,
    /// The chat (a chat, or a request made from one).
    Chat,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Form, Channel::Chat];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Form => "form",
            Channel::Chat => "chat",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Where the work ended up: level 1 (the bot), 2 (an operator) or 3 (a department).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    Bot,
    Operator,
    Department(Department),
}

impl Place {
    pub fn level(self) -> Level {
        match self {
            Place::Bot => Level::Bot,
            Place::Operator => Level::Operator,
            Place::Department(_) => Level::Specialist,
        }
    }

    fn code(self) -> String {
        match self {
            Place::Bot => "bot".into(),
            Place::Operator => "op".into(),
            Place::Department(d) => format!("dept-{}", d.code()),
        }
    }

    fn from_code(code: &str) -> Option<Place> {
        match code {
            "bot" => Some(Place::Bot),
            "op" => Some(Place::Operator),
            _ => code
                .strip_prefix("dept-")
                .and_then(Department::from_code)
                .map(Place::Department),
        }
    }
}

/// What a rollup is kept per, within a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Group {
    pub channel: Channel,
    /// None: a chat whose topic was never chosen.
    pub category: Option<Category>,
    pub place: Place,
}

impl Group {
    /// `channel.category.place`, e.g. `form.payments.dept-legal` (`-` for no category).
    pub fn code(&self) -> String {
        format!(
            "{}.{}.{}",
            self.channel.code(),
            self.category.map_or("-", Category::code),
            self.place.code()
        )
    }

    pub fn from_code(code: &str) -> Option<Group> {
        let mut parts = code.split('.');
        let channel = Channel::from_code(parts.next()?)?;
        let category = match parts.next()? {
            "-" => None,
            c => Some(Category::from_code(c)?),
        };
        let place = Place::from_code(parts.next()?)?;
        parts.next().is_none().then_some(Group {
            channel,
            category,
            place,
        })
    }
}

/// A report's range (Moscow days, both ends included) and filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportQuery {
    pub from: Date,
    pub to: Date,
    pub category: Option<Category>,
    pub channel: Option<Channel>,
    pub level: Option<Level>,
    pub department: Option<Department>,
}

impl ReportQuery {
    /// The last `DEFAULT_DAYS` days up to `today`, unfiltered.
    pub fn recent(today: Date) -> ReportQuery {
        ReportQuery {
            from: today - time::Duration::days(DEFAULT_DAYS - 1),
            to: today,
            category: None,
            channel: None,
            level: None,
            department: None,
        }
    }

    /// Whether a group's counts belong in this report.
    pub fn admits(&self, g: &Group) -> bool {
        self.category.is_none_or(|c| g.category == Some(c))
            && self.channel.is_none_or(|c| g.channel == c)
            && self.level.is_none_or(|l| g.place.level() == l)
            && self
                .department
                .is_none_or(|d| g.place == Place::Department(d))
    }

    /// The query string, without the `?`.
    pub fn to_query(&self) -> String {
        let mut pairs = vec![
            format!("from={}", iso(self.from)),
            format!("to={}", iso(self.to)),
        ];
        if let Some(c) = self.category {
            pairs.push(format!("category={}", c.code()));
        }
        if let Some(c) = self.channel {
            pairs.push(format!("channel={}", c.code()));
        }
        if let Some(l) = self.level {
            pairs.push(format!("level={}", l.code()));
        }
        if let Some(d) = self.department {
            pairs.push(format!("department={}", d.code()));
        }
        pairs.join("&")
    }

    /// Reads decoded query pairs against `today` (Moscow): an unknown name or value, a
    /// date that is not `YYYY-MM-DD`, a range backwards, longer than `MAX_DAYS` or
    /// starting after today is a field error named after its parameter.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        today: Date,
    ) -> Result<ReportQuery, Vec<FieldError>> {
        let mut q = ReportQuery::recent(today);
        let (mut from, mut to) = (None, None);
        let mut errors = Vec::new();
        for (name, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let ok = match name {
                "from" | "to" => {
                    let Some(d) = parse_date(value) else {
                        errors.push(FieldError::new(name, FieldCode::DateFormat));
                        continue;
                    };
                    *(if name == "from" { &mut from } else { &mut to }) = Some(d);
                    true
                }
                "category" => put(&mut q.category, Category::from_code(value)),
                "channel" => put(&mut q.channel, Channel::from_code(value)),
                "level" => put(&mut q.level, Level::from_code(value)),
                "department" => put(&mut q.department, Department::from_code(value)),
                _ => false,
            };
            if !ok {
                errors.push(FieldError::new(name, FieldCode::UnknownValue));
            }
        }
        match (from, to) {
            (Some(f), Some(t)) => (q.from, q.to) = (f, t),
            (Some(f), None) => {
                (q.from, q.to) = (f, (f + time::Duration::days(DEFAULT_DAYS - 1)).min(today))
            }
            (None, Some(t)) => (q.from, q.to) = (t - time::Duration::days(DEFAULT_DAYS - 1), t),
            (None, None) => {}
        }
        if errors.is_empty() {
            if q.from > today {
                errors.push(FieldError::new("from", FieldCode::OutOfRange));
            } else if q.to < q.from {
                errors.push(FieldError::new("to", FieldCode::OutOfRange));
            } else if (q.to - q.from).whole_days() >= MAX_DAYS {
                errors.push(FieldError::with_limit(
                    "from",
                    FieldCode::OutOfRange,
                    MAX_DAYS as u32,
                ));
            }
        }
        if errors.is_empty() {
            Ok(q)
        } else {
            Err(errors)
        }
    }

    /// The days of the range, in order.
    pub fn days(&self) -> impl Iterator<Item = Date> + '_ {
        std::iter::successors(Some(self.from), |d| d.next_day()).take_while(|d| *d <= self.to)
    }

    /// The months (`YYYY-MM`) the range touches, in order.
    pub fn months(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for d in self.days() {
            let m = month(d);
            if out.last() != Some(&m) {
                out.push(m);
            }
        }
        out
    }
}

fn put<T>(slot: &mut Option<T>, value: Option<T>) -> bool {
    let ok = value.is_some();
    if ok {
        *slot = value;
    }
    ok
}

/// `YYYY-MM-DD`.
pub fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// `YYYY-MM`.
pub fn month(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u16>().ok();
    let year = i32::from(num(0..4)?);
    let month = Month::try_from(u8::try_from(num(5..7)?).ok()?).ok()?;
    let day = u8::try_from(num(8..10)?).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn buckets_grow_by_a_fourth_of_a_doubling_and_stand_within_nine_percent() {
        assert_eq!(bucket(0), 0);
        assert_eq!(bucket(1), 1);
        assert_eq!(bucket(2), 5);
        assert_eq!(bucket(30), 20);
        assert_eq!(bucket(u64::MAX), MAX_BUCKET);
        for secs in [1u64, 7, 30, 59, 3600, 48 * 3600, 10 * 86_400] {
            let v = bucket_value(bucket(secs)) as f64;
            let err = (v - secs as f64).abs() / secs as f64;
            assert!(err <= 0.0906, "{secs} s reads as {v} s");
        }
    }

    #[test]
    fn percentiles_come_from_the_bucket_holding_the_rank() {
        let mut h = Hist::default();
        for secs in [10u64, 20, 30, 40, 1000] {
            h.add(bucket(secs), 1);
        }
        assert_eq!(h.count(), 5);
        // Median: the third of five (30 s).
        assert_eq!(h.percentile(0.5), Some(bucket_value(bucket(30))));
        // 90th: the fifth.
        assert_eq!(h.percentile(0.9), Some(bucket_value(bucket(1000))));
        assert_eq!(Hist::default().percentile(0.5), None);
    }

    #[test]
    fn groups_round_trip_and_filters_pick_them() {
        let g = Group {
            channel: Channel::Form,
            category: Some(Category::Payments),
            place: Place::Department(Department::Legal),
        };
        assert_eq!(g.code(), "form.payments.dept-legal");
        assert_eq!(Group::from_code(&g.code()), Some(g));
        let bot = Group {
            channel: Channel::Chat,
            category: None,
            place: Place::Bot,
        };
        assert_eq!(Group::from_code("chat.-.bot"), Some(bot));
        assert_eq!(Group::from_code("chat.-.bot.x"), None);
        assert_eq!(Group::from_code("fax.-.bot"), None);

        let mut q = ReportQuery::recent(date!(2026 - 12 - 03));
        assert!(q.admits(&g) && q.admits(&bot));
        q.level = Some(Level::Specialist);
        assert!(q.admits(&g) && !q.admits(&bot));
        q.department = Some(Department::Technical);
        assert!(!q.admits(&g));
    }

    #[test]
    fn a_query_names_what_to_fix() {
        let today = date!(2026 - 12 - 03);
        let q = ReportQuery::parse([], today).expect("the default");
        assert_eq!((q.from, q.to), (date!(2026 - 11 - 04), today));
        assert_eq!(q.days().count(), 30);
        let q = ReportQuery::parse(
            [
                ("from", "2026-01-01"),
                ("to", "2026-03-02"),
                ("channel", "chat"),
            ],
            today,
        )
        .expect("a valid query");
        assert_eq!(q.months(), ["2026-01", "2026-02", "2026-03"]);
        assert_eq!(
            ReportQuery::parse(
                q.to_query().split('&').filter_map(|p| p.split_once('=')),
                today
            ),
            Ok(q)
        );
        let fields = |r: Result<ReportQuery, Vec<FieldError>>| {
            r.expect_err("refused")
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(ReportQuery::parse(
                [("from", "2026-02-30"), ("level", "boss")],
                today
            )),
            [
                ("from".to_owned(), FieldCode::DateFormat),
                ("level".to_owned(), FieldCode::UnknownValue)
            ]
        );
        assert_eq!(
            fields(ReportQuery::parse(
                [("from", "2026-03-01"), ("to", "2026-02-01")],
                today
            )),
            [("to".to_owned(), FieldCode::OutOfRange)]
        );
        assert_eq!(
            fields(ReportQuery::parse(
                [("from", "2024-01-01"), ("to", "2026-02-01")],
                today
            )),
            [("from".to_owned(), FieldCode::OutOfRange)]
        );
        assert_eq!(
            fields(ReportQuery::parse([("from", "2027-01-01")], today)),
            [("from".to_owned(), FieldCode::OutOfRange)]
        );
    }
}

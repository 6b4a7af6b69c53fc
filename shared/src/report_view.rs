//! A report as the API returns it, the counters it is summed from, and its CSV.
//!
//! Each figure's definition (the page shows the same words):
//! - **received / resolved / rejected**: requests that arrived, or were closed with that
//!   outcome, on the day (Moscow time);
//! - **first response**: from arrival to the first answer the citizen sees (a reply, a
//!   question, the outcome), counted on the day of that answer; **within the service
//!   level** when it came by the date the request's policy set;
//! - **resolution**: from arrival to closing, less the time the request waited for the
//!   citizen, counted on the closing day; within the level when closed by the date the
//!   citizen was shown; working time counts the operators' hours of the business
//!   calendar only, calendar time every minute;
//! - **first-contact resolution**: of the requests resolved, those never escalated to a
//!   department, never the subject of a repeat request and never asked for more
//!   information (a closed request cannot be reopened here: the citizen writes a new one);
//! - **escalation**: of the requests closed, those that went to a department (level 3),
//!   by the sweep when a date passed (automatic) or by a person (manual);
//! - **CSAT**: answers of 4 or 5 out of all answers (requests' surveys, counted on the
//!   request's closing day, and the chats' end-of-chat ratings, on the chat's day);
//!   **NPS**: the share of 9–10 less the share of 0–6, in points;
//! - **chats**: started on the day; handed off to a person or answered by the bot alone;
//!   the wait from the hand-off until an operator took it, and until their first reply.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::report::{Group, Hist, ReportQuery, iso};

/// Counter names (`name` or `name.bucket`), as stored in the rollups.
pub mod counter {
    pub const RECEIVED: &str = "recv";
    pub const RESOLVED: &str = "resolved";
    pub const REJECTED: &str = "rejected";
    /// First responses; of them with a date to meet, and met.
    pub const FIRST: &str = "fr";
    pub const FIRST_DUE: &str = "fr_due";
    pub const FIRST_IN: &str = "fr_in";
    /// Histograms of first-response time: working, calendar.
    pub const FIRST_WORK: &str = "frw";
    pub const FIRST_WALL: &str = "frc";
    /// Closed by the date the citizen was shown.
    pub const RESOLVED_IN: &str = "rs_in";
    pub const RESOLUTION_WORK: &str = "rsw";
    pub const RESOLUTION_WALL: &str = "rsc";
    pub const FCR: &str = "fcr";
    pub const ESCALATED_AUTO: &str = "esc_auto";
    pub const ESCALATED_MANUAL: &str = "esc_manual";
    /// `csat.1` … `csat.5`, `nps.0` … `nps.10`.
    pub const CSAT: &str = "csat";
    pub const NPS: &str = "nps";
    pub const CHATS: &str = "chats";
    pub const HANDED_OFF: &str = "handed";
    pub const TAKEN: &str = "taken";
    /// Histogram of the wait from hand-off to being taken.
    pub const WAIT: &str = "wait";
    /// Operators' first replies, within the chat's first-reply time, and their histogram.
    pub const REPLIED: &str = "reply_n";
    pub const REPLIED_IN: &str = "reply_in";
    pub const REPLY: &str = "replyt";
}

/// One day's volume.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayRow {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub received: i64,
    pub resolved: i64,
    pub rejected: i64,
    pub chats: i64,
    pub handed_off: i64,
}

/// Volume of one category or channel over the range.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Volume {
    /// A category's or channel's code; `-` for chats with no topic.
    pub key: String,
    pub received: i64,
    pub resolved: i64,
    pub rejected: i64,
    pub chats: i64,
}

/// A time's figures (seconds).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Times {
    pub count: i64,
    /// Of `count`, those with a date to meet, and those that met it.
    pub with_target: i64,
    pub within: i64,
    pub work_median: Option<u64>,
    pub work_p90: Option<u64>,
    pub wall_median: Option<u64>,
    pub wall_p90: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatFigures {
    pub started: i64,
    pub handed_off: i64,
    /// Started and never handed off.
    pub bot_only: i64,
    pub taken: i64,
    pub wait_median: Option<u64>,
    pub wait_p90: Option<u64>,
    pub replied: i64,
    pub replied_within: i64,
    pub reply_median: Option<u64>,
    pub reply_p90: Option<u64>,
}

/// A report: every figure with the counts it is made of.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub from: String,
    pub to: String,
    pub days: Vec<DayRow>,
    pub categories: Vec<Volume>,
    pub channels: Vec<Volume>,
    pub first_response: Times,
    pub resolution: Times,
    /// Requests resolved (the FCR's base) and of them resolved at first contact.
    pub resolved: i64,
    pub first_contact: i64,
    /// Requests closed (escalation's base) and of them escalated.
    pub closed: i64,
    pub escalated_auto: i64,
    pub escalated_manual: i64,
    /// Answers per score 1–5.
    pub csat: [i64; 5],
    /// Answers per score 0–10.
    pub nps: [i64; 11],
    pub chats: ChatFigures,
    /// Rollup items read to make it.
    pub items_read: u64,
}

impl ReportView {
    pub fn csat_answers(&self) -> i64 {
        self.csat.iter().sum()
    }

    /// Answers of 4 or 5.
    pub fn satisfied(&self) -> i64 {
        self.csat[3] + self.csat[4]
    }

    pub fn nps_answers(&self) -> i64 {
        self.nps.iter().sum()
    }

    /// Promoters (9–10) less detractors (0–6), in points of 100; `None` without answers.
    pub fn nps_score(&self) -> Option<i64> {
        let n = self.nps_answers();
        let promoters: i64 = self.nps[9..].iter().sum();
        let detractors: i64 = self.nps[..7].iter().sum();
        (n > 0).then(|| ((promoters - detractors) as f64 * 100.0 / n as f64).round() as i64)
    }
}

/// `part` of `whole` in percent, one decimal; `None` of nothing.
pub fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// The plain counters, in the order `Summer` keeps them.
const SCALARS: [&str; 15] = [
    counter::RECEIVED,
    counter::RESOLVED,
    counter::REJECTED,
    counter::CHATS,
    counter::HANDED_OFF,
    counter::FIRST,
    counter::FIRST_DUE,
    counter::FIRST_IN,
    counter::RESOLVED_IN,
    counter::FCR,
    counter::ESCALATED_AUTO,
    counter::ESCALATED_MANUAL,
    counter::TAKEN,
    counter::REPLIED,
    counter::REPLIED_IN,
];
/// Of `SCALARS`: what a day's row and a topic's or channel's volume show.
const DAY_ROW: usize = 5;
const VOLUME: usize = 4;

const HISTS: [&str; 6] = [
    counter::FIRST_WORK,
    counter::FIRST_WALL,
    counter::RESOLUTION_WORK,
    counter::RESOLUTION_WALL,
    counter::WAIT,
    counter::REPLY,
];
const BUCKETS: usize = crate::report::MAX_BUCKET as usize + 1;

/// A counter's name, understood without allocating.
enum Name {
    Scalar(usize),
    Hist(usize, usize),
    Csat(usize),
    Nps(usize),
    Unknown,
}

fn name(n: &str) -> Name {
    let Some((base, rest)) = n.split_once('.') else {
        return SCALARS
            .iter()
            .position(|s| *s == n)
            .map_or(Name::Unknown, Name::Scalar);
    };
    let Ok(i) = rest.parse::<usize>() else {
        return Name::Unknown;
    };
    match base {
        counter::CSAT if (1..=5).contains(&i) => Name::Csat(i - 1),
        counter::NPS if i <= 10 => Name::Nps(i),
        _ => match HISTS.iter().position(|h| *h == base) {
            Some(h) if i < BUCKETS => Name::Hist(h, i),
            _ => Name::Unknown,
        },
    }
}

/// Sums counters into a report: feed every `(day, group, counters)` read, then `finish`.
/// Allocates nothing per counter: a year's report sums millions of them.
pub struct Summer {
    from: Date,
    days: Vec<[i64; DAY_ROW]>,
    /// Per category (`Category::ALL`'s order, then none), per channel.
    categories: [[i64; VOLUME]; 11],
    channels: [[i64; VOLUME]; 2],
    totals: [i64; SCALARS.len()],
    hists: Box<[[i64; BUCKETS]; HISTS.len()]>,
    csat: [i64; 5],
    nps: [i64; 11],
    items: u64,
}

impl Summer {
    pub fn new(q: &ReportQuery) -> Summer {
        Summer {
            from: q.from,
            days: vec![[0; DAY_ROW]; q.days().count()],
            categories: [[0; VOLUME]; 11],
            channels: [[0; VOLUME]; 2],
            totals: [0; SCALARS.len()],
            hists: Box::new([[0; BUCKETS]; HISTS.len()]),
            csat: [0; 5],
            nps: [0; 11],
            items: 0,
        }
    }

    /// A day item's counters, times `sign` (-1: a day taken off a month item), if the
    /// query admits its group; its day's row only if the day is in the range.
    pub fn add<'a>(
        &mut self,
        q: &ReportQuery,
        day: Date,
        group: &Group,
        counters: impl IntoIterator<Item = (&'a str, i64)>,
        sign: i64,
    ) {
        self.items += 1;
        if !q.admits(group) {
            return;
        }
        let d = self.day_index(q, day);
        self.sum(group, counters, sign, |_, _| None, d);
    }

    /// A month item's counters (the month starting `first`), if the query admits its
    /// group: every counter, and the days' rows from its `dNN:` counters.
    pub fn add_month<'a>(
        &mut self,
        q: &ReportQuery,
        first: Date,
        group: &Group,
        counters: impl IntoIterator<Item = (&'a str, i64)>,
    ) {
        self.items += 1;
        if !q.admits(group) {
            return;
        }
        let from = self.from;
        let to = q.to;
        let day_of = move |dd: u8, _: &str| {
            let day = first.replace_day(dd).ok()?;
            (day >= from && day <= to)
                .then(|| usize::try_from((day - from).whole_days()).ok())
                .flatten()
        };
        self.sum(group, counters, 1, day_of, None);
    }

    fn day_index(&self, q: &ReportQuery, day: Date) -> Option<usize> {
        (day >= q.from && day <= q.to)
            .then(|| usize::try_from((day - self.from).whole_days()).ok())
            .flatten()
    }

    /// Adds `counters` × `sign`; a plain counter's day row goes to `day` (a day item),
    /// a `dNN:<name>` counter's to `day_of(NN)` (a month item).
    fn sum<'a>(
        &mut self,
        group: &Group,
        counters: impl IntoIterator<Item = (&'a str, i64)>,
        sign: i64,
        day_of: impl Fn(u8, &str) -> Option<usize>,
        day: Option<usize>,
    ) {
        let cat = group
            .category
            .and_then(|c| crate::Category::ALL.iter().position(|x| *x == c))
            .unwrap_or(10);
        let chan = crate::report::Channel::ALL
            .iter()
            .position(|c| *c == group.channel)
            .unwrap_or(0);
        for (n, v) in counters {
            let v = v * sign;
            if let Some(rest) = n.strip_prefix('d')
                && let Some((dd, base)) = rest.split_once(':')
            {
                let row = dd.parse::<u8>().ok().and_then(|dd| day_of(dd, base));
                let i = SCALARS[..DAY_ROW].iter().position(|s| *s == base);
                if let (Some(row), Some(i)) = (row.and_then(|r| self.days.get_mut(r)), i) {
                    row[i] += v;
                }
                continue;
            }
            match name(n) {
                Name::Scalar(i) => {
                    self.totals[i] += v;
                    if i < DAY_ROW
                        && let Some(row) = day.and_then(|d| self.days.get_mut(d))
                    {
                        row[i] += v;
                    }
                    if i < VOLUME {
                        self.categories[cat][i] += v;
                        self.channels[chan][i] += v;
                    }
                }
                Name::Hist(h, b) => self.hists[h][b] += v,
                Name::Csat(i) => self.csat[i] += v,
                Name::Nps(i) => self.nps[i] += v,
                Name::Unknown => {}
            }
        }
    }

    pub fn finish(self, q: &ReportQuery) -> ReportView {
        let t = |name: &str| {
            SCALARS
                .iter()
                .position(|s| *s == name)
                .map_or(0, |i| self.totals[i])
        };
        let hist = |name: &str| {
            let mut h = Hist::default();
            if let Some(i) = HISTS.iter().position(|x| *x == name) {
                for (b, n) in self.hists[i].iter().enumerate() {
                    if *n != 0 {
                        h.add(u16::try_from(b).unwrap_or(crate::report::MAX_BUCKET), *n);
                    }
                }
            }
            h
        };
        let (fw, fc, rw, rc, wait, reply) = (
            hist(counter::FIRST_WORK),
            hist(counter::FIRST_WALL),
            hist(counter::RESOLUTION_WORK),
            hist(counter::RESOLUTION_WALL),
            hist(counter::WAIT),
            hist(counter::REPLY),
        );
        let closed = t(counter::RESOLVED) + t(counter::REJECTED);
        let chats = ChatFigures {
            started: t(counter::CHATS),
            handed_off: t(counter::HANDED_OFF),
            bot_only: t(counter::CHATS) - t(counter::HANDED_OFF),
            taken: t(counter::TAKEN),
            wait_median: wait.percentile(0.5),
            wait_p90: wait.percentile(0.9),
            replied: t(counter::REPLIED),
            replied_within: t(counter::REPLIED_IN),
            reply_median: reply.percentile(0.5),
            reply_p90: reply.percentile(0.9),
        };
        let volume = |key: String, v: &[i64; VOLUME]| Volume {
            key,
            received: v[0],
            resolved: v[1],
            rejected: v[2],
            chats: v[3],
        };
        let keep =
            |v: &Volume| v.received != 0 || v.resolved != 0 || v.rejected != 0 || v.chats != 0;
        let mut categories: Vec<Volume> = crate::Category::ALL
            .iter()
            .map(|c| c.code().to_owned())
            .chain(std::iter::once("-".to_owned()))
            .zip(self.categories.iter())
            .map(|(k, v)| volume(k, v))
            .filter(keep)
            .collect();
        categories.sort_by(|a, b| a.key.cmp(&b.key));
        let mut channels: Vec<Volume> = crate::report::Channel::ALL
            .iter()
            .map(|c| c.code().to_owned())
            .zip(self.channels.iter())
            .map(|(k, v)| volume(k, v))
            .filter(keep)
            .collect();
        channels.sort_by(|a, b| a.key.cmp(&b.key));
        ReportView {
            from: iso(q.from),
            to: iso(q.to),
            days: q
                .days()
                .zip(self.days.iter())
                .map(|(d, row)| DayRow {
                    date: iso(d),
                    received: row[0],
                    resolved: row[1],
                    rejected: row[2],
                    chats: row[3],
                    handed_off: row[4],
                })
                .collect(),
            categories,
            channels,
            first_response: Times {
                count: t(counter::FIRST),
                with_target: t(counter::FIRST_DUE),
                within: t(counter::FIRST_IN),
                work_median: fw.percentile(0.5),
                work_p90: fw.percentile(0.9),
                wall_median: fc.percentile(0.5),
                wall_p90: fc.percentile(0.9),
            },
            resolution: Times {
                count: closed,
                with_target: closed,
                within: t(counter::RESOLVED_IN),
                work_median: rw.percentile(0.5),
                work_p90: rw.percentile(0.9),
                wall_median: rc.percentile(0.5),
                wall_p90: rc.percentile(0.9),
            },
            resolved: t(counter::RESOLVED),
            first_contact: t(counter::FCR),
            closed,
            escalated_auto: t(counter::ESCALATED_AUTO),
            escalated_manual: t(counter::ESCALATED_MANUAL),
            csat: self.csat,
            nps: self.nps,
            chats,
            items_read: self.items,
        }
    }
}

/// The report's days as CSV for a spreadsheet: UTF-8 with a byte-order mark (so Excel
/// reads Cyrillic right), `;`-separated as Russian Excel expects, a header row in
/// `lang`, then a row per day and a row of totals.
pub fn to_csv(r: &ReportView, lang: crate::Lang) -> String {
    let header: [&str; 6] = match lang {
        crate::Lang::Ru => [
            "Дата",
            "Получено",
            "Решено",
            "Отказано",
            "Чатов",
            "Передано оператору",
        ],
        crate::Lang::En => [
            "Date",
            "Received",
            "Resolved",
            "Rejected",
            "Chats",
            "Handed off",
        ],
    };
    let mut out = String::from("\u{feff}");
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    let mut total = DayRow {
        date: match lang {
            crate::Lang::Ru => "Итого".into(),
            crate::Lang::En => "Total".into(),
        },
        ..DayRow::default()
    };
    for d in &r.days {
        total.received += d.received;
        total.resolved += d.resolved;
        total.rejected += d.rejected;
        total.chats += d.chats;
        total.handed_off += d.handed_off;
    }
    for d in r.days.iter().chain(std::iter::once(&total)) {
        out.push_str(&format!(
            "{};{};{};{};{};{}\r\n",
            d.date, d.received, d.resolved, d.rejected, d.chats, d.handed_off
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::report::{Channel, Place, bucket, bucket_value};
    use crate::{Category, Lang};

    fn group(channel: Channel, category: Option<Category>, place: Place) -> Group {
        Group {
            channel,
            category,
            place,
        }
    }

    #[test]
    fn counters_sum_into_figures_within_the_range_and_filters() {
        let mut q = ReportQuery::recent(date!(2026 - 12 - 03));
        q.from = date!(2026 - 12 - 01);
        let form = group(Channel::Form, Some(Category::Payments), Place::Operator);
        let chat = group(Channel::Chat, None, Place::Bot);
        let b = |s: u64| format!("frw.{}", bucket(s));
        let mut s = Summer::new(&q);
        s.add(
            &q,
            date!(2026 - 12 - 01),
            &form,
            [
                ("recv", 3),
                ("resolved", 2),
                ("fr", 2),
                ("fr_due", 2),
                ("fr_in", 1),
                (b(60).as_str(), 1),
                (b(600).as_str(), 1),
                ("fcr", 1),
                ("csat.5", 1),
                ("csat.2", 1),
                ("nps.10", 1),
                ("nps.3", 1),
                ("nps.8", 1),
            ],
            1,
        );
        s.add(
            &q,
            date!(2026 - 12 - 02),
            &chat,
            [("chats", 4), ("handed", 1)],
            1,
        );
        let r = s.finish(&q);
        assert_eq!(r.items_read, 2);
        assert_eq!(r.days.len(), 3);
        assert_eq!((r.days[0].received, r.days[0].resolved), (3, 2));
        assert_eq!((r.days[1].chats, r.days[1].handed_off), (4, 1));
        assert_eq!(
            r.days[2],
            DayRow {
                date: "2026-12-03".into(),
                ..DayRow::default()
            }
        );
        assert_eq!(r.first_response.count, 2);
        assert_eq!(r.first_response.work_median, Some(bucket_value(bucket(60))));
        assert_eq!(r.first_response.work_p90, Some(bucket_value(bucket(600))));
        assert_eq!(r.first_response.wall_median, None);
        assert_eq!((r.resolved, r.first_contact, r.closed), (2, 1, 2));
        assert_eq!((r.csat_answers(), r.satisfied()), (2, 1));
        // One promoter, one detractor, one passive of three: 0.
        assert_eq!(r.nps_score(), Some(0));
        assert_eq!((r.chats.started, r.chats.bot_only), (4, 3));
        let keys: Vec<_> = r.categories.iter().map(|v| v.key.as_str()).collect();
        assert_eq!(keys, ["-", "payments"]);
        assert_eq!(r.channels[1].key, "form");
        assert_eq!(r.channels[1].received, 3);

        // A filter to chats leaves the requests out.
        q.channel = Some(Channel::Chat);
        let mut s = Summer::new(&q);
        s.add(&q, date!(2026 - 12 - 01), &form, [("recv", 3)], 1);
        s.add(&q, date!(2026 - 12 - 02), &chat, [("chats", 4)], 1);
        let r = s.finish(&q);
        assert_eq!(r.days.iter().map(|d| d.received).sum::<i64>(), 0);
        assert_eq!(r.chats.started, 4);
    }

    #[test]
    fn a_month_item_less_the_days_outside_the_range() {
        let q = ReportQuery {
            from: date!(2026 - 11 - 03),
            to: date!(2026 - 11 - 28),
            ..ReportQuery::recent(date!(2026 - 12 - 03))
        };
        let form = group(Channel::Form, Some(Category::Payments), Place::Operator);
        let mut s = Summer::new(&q);
        s.add_month(
            &q,
            date!(2026 - 11 - 01),
            &form,
            [
                ("recv", 10),
                ("d01:recv", 2),
                ("d05:recv", 5),
                ("d29:recv", 3),
            ],
        );
        s.add(&q, date!(2026 - 11 - 01), &form, [("recv", 2)], -1);
        s.add(&q, date!(2026 - 11 - 29), &form, [("recv", 3)], -1);
        let r = s.finish(&q);
        assert_eq!(r.items_read, 3);
        assert_eq!(r.days.len(), 26);
        assert_eq!(r.days.iter().map(|d| d.received).sum::<i64>(), 5);
        assert_eq!(
            (r.days[2].date.as_str(), r.days[2].received),
            ("2026-11-05", 5)
        );
        assert_eq!(r.categories[0].received, 5);
    }

    #[test]
    fn csv_has_a_bom_a_header_in_the_language_and_a_total() {
        let r = ReportView {
            days: vec![
                DayRow {
                    date: "2026-12-01".into(),
                    received: 2,
                    resolved: 1,
                    ..DayRow::default()
                },
                DayRow {
                    date: "2026-12-02".into(),
                    received: 1,
                    chats: 5,
                    handed_off: 2,
                    ..DayRow::default()
                },
            ],
            ..ReportView::default()
        };
        let csv = to_csv(&r, Lang::Ru);
        assert!(csv.starts_with("\u{feff}Дата;Получено;"));
        let lines: Vec<_> = csv.trim_end().split("\r\n").collect();
        assert_eq!(lines[1], "2026-12-01;2;1;0;0;0");
        assert_eq!(lines[3], "Итого;3;1;0;5;2");
        assert!(to_csv(&r, Lang::En).contains("Date;Received"));
    }

    #[test]
    fn percent_rounds_to_a_tenth() {
        assert_eq!(percent(78, 100), Some(78.0));
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(1, 0), None);
    }
}

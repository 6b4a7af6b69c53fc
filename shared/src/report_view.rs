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

pub use crate::report_sum::Summer;

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
    use crate::report::{Channel, Group, Place, ReportQuery, bucket, bucket_value};
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

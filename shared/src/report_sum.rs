//! Summing rollup items into a report (`Summer`): without allocating per counter, since a
//! year's report sums hundreds of thousands of them.

use time::Date;

use crate::report::{Group, Hist, ReportQuery, iso};
use crate::report_view::{ChatFigures, DayRow, ReportView, Times, Volume, counter};

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

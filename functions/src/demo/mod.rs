//! A year of demonstration traffic through the real services, on a clock that moves: so
//! that the reports have something true to show in local mode (`helpdesk-admin
//! demo-year`). Requests arrive mostly in the operators' hours; operators take, answer,
//! ask for more, reject or escalate them, and the sweep escalates the ones left too
//! long; citizens answer questions and the surveys; chats are answered by the bot or
//! handed to an operator. The shape follows the seeds: about 78 % resolved at the first
//! contact, about 5 % escalated, about 92 % satisfied, NPS near +68.
//!
//! A discrete-event simulation: every step has its moment, steps run in time order and
//! the clock is moved to each before it runs, so every due date, pause, sweep and rollup
//! is what the services themselves make of it.

mod steps;

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

use helpdesk_shared::moscow;
use time::{Duration, OffsetDateTime, Time};

use crate::chat::Chats;
use crate::clock::{Clock, ManualClock};
use crate::ids::SeededRng as Rng;
use crate::store::KvStore;
use crate::tickets::Tickets;

/// How much to make.
#[derive(Debug, Clone, Copy)]
pub struct DemoPlan {
    pub days: u32,
    pub requests_per_day: u32,
    pub chats_per_day: u32,
    pub seed: u64,
}

/// What was made.
#[derive(Debug, Default, Clone)]
pub struct DemoDone {
    pub requests: u64,
    pub chats: u64,
    pub steps: u64,
    /// Steps the services refused (a race with the sweep, a closed request): expected
    /// now and then, counted to show nothing failed silently.
    pub refused: u64,
    /// How many of each kind (`what: error`).
    pub refusals: std::collections::BTreeMap<String, u64>,
}

/// What happens at a moment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Submit {
        category: usize,
        fate: Fate,
    },
    Staff {
        number: String,
        code: String,
        who: Who,
        action: Act,
    },
    Citizen {
        number: String,
        code: String,
        act: CitizenAct,
    },
    Chat {
        day_seq: u64,
    },
    InChat {
        id: String,
        key: String,
        act: ChatAct,
    },
    Sweep,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fate {
    Answered,
    RepliedFirst,
    AskedForMore,
    Rejected,
    EscalatedByStaff,
    LeftToTheSweep,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Operator,
    Supervisor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Act {
    Take,
    Reply,
    AskInfo,
    Resolve,
    Reject,
    Escalate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum CitizenAct {
    AddInfo,
    Survey { csat: u8, nps: u8 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ChatAct {
    AskOperator,
    Take,
    Reply,
    End,
    Rate(u8),
}

/// The seeds' mix of topics, as weights over `Category::ALL`.
const TOPIC_WEIGHTS: [u64; 10] = [18, 14, 16, 14, 12, 6, 6, 5, 6, 3];

fn topic(rng: &mut Rng) -> usize {
    let mut r = rng.below(TOPIC_WEIGHTS.iter().sum());
    for (i, w) in TOPIC_WEIGHTS.iter().enumerate() {
        if r < *w {
            return i;
        }
        r -= w;
    }
    0
}

/// A survey answer mostly content (4–5 nine times in ten), NPS mostly promoters.
fn opinion(rng: &mut Rng, rejected: bool) -> (u8, u8) {
    let r = rng.below(100) + if rejected { 25 } else { 0 };
    let csat = match r {
        0..70 => 5,
        70..93 => 4,
        93..97 => 3,
        97..99 => 2,
        _ => 1,
    };
    let n = rng.below(100) + if rejected { 30 } else { 0 };
    let nps = match n {
        0..55 => 10,
        55..77 => 9,
        77..91 => [7, 8][rng.below(2) as usize],
        _ => rng.below(7) as u8,
    };
    (csat, nps)
}

pub struct Demo {
    pub tickets: Arc<Tickets>,
    pub chats: Arc<Chats>,
    pub store: Arc<dyn KvStore>,
    pub clock: Arc<ManualClock>,
}

type Queue = BinaryHeap<Reverse<(OffsetDateTime, u64, Step)>>;

use steps::Staff;

impl Demo {
    /// Makes `plan.days` days of traffic from the day `clock` shows (set it that many
    /// days back to end today); `progress` hears of each month done.
    pub async fn run(
        &self,
        plan: DemoPlan,
        mut progress: impl FnMut(&str, &DemoDone),
    ) -> Result<DemoDone, Box<dyn std::error::Error>> {
        let mut rng = Rng::new(plan.seed);
        let cal = helpdesk_shared::calendar::shipped();
        let load = |login: &'static str| async move {
            crate::auth::staff::load(self.store.as_ref(), login)
                .await
                .map_err(|e| e.to_string())?
                .map(|(_, a)| a)
                .ok_or_else(|| {
                    format!("no staff account {login:?}: run the local server once first")
                })
        };
        let operator = load("operator").await?;
        let supervisor = load("supervisor").await?;
        let start = moscow::date(self.clock.now());
        let mut queue = Queue::new();
        let mut seq = 0u64;
        let mut push = |q: &mut Queue, at: OffsetDateTime, step: Step| {
            seq += 1;
            q.push(Reverse((at, seq, step)));
        };
        let midnight = |d: time::Date| d.with_time(Time::MIDNIGHT).assume_offset(moscow::OFFSET);
        for day in 0..plan.days {
            let date = start + Duration::days(day.into());
            // Weekdays busier than weekends, each day a little different.
            let weekday = match date.weekday() {
                time::Weekday::Saturday => 0.6,
                time::Weekday::Sunday => 0.5,
                time::Weekday::Monday => 1.25,
                _ => 1.1,
            };
            let scale = |n: u32, rng: &mut Rng| {
                (f64::from(n) * weekday * (0.8 + rng.below(400) as f64 / 1000.0)).round() as u32
            };
            for _ in 0..scale(plan.requests_per_day, &mut rng) {
                // Most in the operators' hours (08–20), some in the evening and at night.
                let minute = if rng.chance(0.85) {
                    rng.between(8 * 60, 20 * 60)
                } else {
                    rng.between(0, 24 * 60)
                };
                let fate = match rng.below(1000) {
                    0..33 => Fate::EscalatedByStaff,
                    33..58 => Fate::LeftToTheSweep,
                    58..108 => Fate::Rejected,
                    108..248 => Fate::AskedForMore,
                    248..548 => Fate::RepliedFirst,
                    _ => Fate::Answered,
                };
                let category = topic(&mut rng);
                push(
                    &mut queue,
                    midnight(date) + Duration::minutes(minute),
                    Step::Submit { category, fate },
                );
            }
            for n in 0..scale(plan.chats_per_day, &mut rng) {
                let minute = rng.between(9 * 60, 19 * 60);
                push(
                    &mut queue,
                    midnight(date) + Duration::minutes(minute),
                    Step::Chat { day_seq: n.into() },
                );
            }
            for hour in 0..24 {
                push(
                    &mut queue,
                    midnight(date) + Duration::hours(hour),
                    Step::Sweep,
                );
            }
        }
        let end = midnight(start + Duration::days(plan.days.into()));
        let mut done = DemoDone::default();
        let mut month = String::new();
        let staff = Staff {
            operator,
            supervisor,
        };
        while let Some(Reverse((at, _, step))) = queue.pop() {
            let now = self.clock.now();
            if at > now {
                self.clock.advance(at - now);
            }
            let m = helpdesk_shared::report::month(moscow::date(at));
            if m != month {
                if !month.is_empty() {
                    progress(&month, &done);
                }
                month = m;
            }
            done.steps += 1;
            match self.step(step, at, &cal, &staff, &mut rng, &mut done).await {
                Ok(next) => {
                    for (after, step) in next {
                        if after < end {
                            push(&mut queue, after, step);
                        }
                    }
                }
                Err(why) => {
                    done.refused += 1;
                    *done.refusals.entry(why).or_default() += 1;
                }
            }
        }
        if !month.is_empty() {
            progress(&month, &done);
        }
        Ok(done)
    }
}

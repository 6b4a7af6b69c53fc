//! The rollups a year of the seeds' traffic leaves, made without the traffic: synthetic
//! requests and chats (the seeds' shape: topics, 78 % at first contact, about 5 %
//! escalated, answers within hours) are counted by the same functions as real ones
//! (`ticket_counts`, `chat_counts`) and the sums written as the day and month items
//! the changes would have left. For timing reports
//! over 4.2 million requests' worth of rollups (`scripts/bench-reports.sh`); never for
//! real data, which only the services write.

use helpdesk_shared::auth::Department;
use helpdesk_shared::chat::ChatState;
use helpdesk_shared::report::Channel;
use helpdesk_shared::survey::SurveyAnswer;
use helpdesk_shared::{Category, Level, Status, moscow};
use time::{Date, Duration, OffsetDateTime, Time};

use super::{Counts, chat_counts, pk, sk, ticket_counts};
use crate::chat::ChatRecord;
use crate::ids::SeededRng as Rng;
use crate::store::{KvStore, StoreError, Write};
use crate::tickets::{EscalatedBy, TicketRecord, Took};

/// Writes the rollups of `requests` requests and `chats` chats over the `days` days up
/// to `last`; returns how many items were written.
pub async fn write_year(
    store: &dyn KvStore,
    requests: u64,
    chats: u64,
    last: Date,
    days: u32,
) -> Result<u64, StoreError> {
    let (ticket, chat) = templates()?;
    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
    let mut counts = Counts::new();
    let first = last - Duration::days(i64::from(days) - 1);
    let at = |rng: &mut Rng| -> OffsetDateTime {
        let day = first + Duration::days(rng.below(days.into()) as i64);
        let minute = 8 * 60 + rng.below(12 * 60) as i64;
        day.with_time(Time::MIDNIGHT).assume_offset(moscow::OFFSET) + Duration::minutes(minute)
    };
    for _ in 0..requests {
        let mut t = ticket.clone();
        t.category = Category::ALL[rng.below(10) as usize];
        t.channel = if rng.below(10) == 0 {
            Channel::Chat
        } else {
            Channel::Form
        };
        t.created_at = at(&mut rng);
        let first_s = 600 + rng.below(8 * 3600) as u32;
        t.responded_at = Some(t.created_at + Duration::seconds(first_s.into()));
        t.measures.first = Some(Took {
            work: first_s,
            wall: first_s,
            in_time: Some(rng.below(100) < 93),
        });
        let roll = rng.below(1000);
        if roll < 53 {
            t.level = Level::Specialist;
            t.department = Some(Department::ALL[rng.below(4) as usize]);
            t.measures.escalated = Some(if roll < 18 {
                EscalatedBy::Sweep
            } else {
                EscalatedBy::Staff
            });
        } else if roll < 203 {
            t.measures.info_asked = true;
        }
        // A few still open at the end of the range.
        if rng.below(100) < 97 {
            let took = first_s + rng.below(30 * 3600) as u32;
            let closed = t.created_at + Duration::seconds(took.into());
            t.status = if rng.below(100) < 95 {
                Status::Resolved
            } else {
                Status::Rejected
            };
            t.measures.closed_at = Some(closed);
            t.measures.resolution = Some(Took {
                work: took / 2,
                wall: took,
                in_time: Some(rng.below(100) < 95),
            });
            if rng.below(100) < 25 {
                t.survey = Some(SurveyAnswer {
                    csat: [5, 5, 5, 5, 5, 5, 5, 4, 4, 3, 2, 1][rng.below(12) as usize],
                    nps: Some(rng.below(11) as u8),
                    comment: String::new(),
                    answered_at: closed,
                    updated_at: closed,
                });
            }
        }
        ticket_counts(&t, &mut counts, 1);
    }
    for _ in 0..chats {
        let mut c = chat.clone();
        c.created_at = at(&mut rng);
        c.topic = Category::ALL.get(rng.below(12) as usize).copied();
        if rng.below(100) < 40 {
            c.handed_at = Some(c.created_at);
            c.first_wait = Some(3 + rng.below(40) as u32);
            c.first_reply = c.first_wait.map(|w| w + 3 + rng.below(20) as u32);
            c.reply_in_time = c.first_reply.map(|r| r <= 30);
        }
        c.state = ChatState::Ended;
        c.rating = (rng.below(2) == 0).then(|| [5, 5, 5, 4, 4, 3][rng.below(6) as usize]);
        chat_counts(&c, &mut counts, 1);
    }
    let months = super::months_of(&counts);
    let mut writes: Vec<Write> = counts
        .iter()
        .filter_map(|((day, group), c)| super::add_of(pk(*day), sk(*day, group), c))
        .collect();
    writes.extend(
        months
            .iter()
            .filter_map(|((first, group), c)| super::add_of(pk(*first), super::month_sk(group), c)),
    );
    let items = writes.len() as u64;
    if items > 0 {
        super::recount::mark(store, OffsetDateTime::now_utc(), requests, chats).await?;
    }
    for chunk in writes.chunks(25) {
        store.transact(chunk.to_vec()).await?;
    }
    Ok(items)
}

/// A request and a chat to vary (as the store would decode them).
fn templates() -> Result<(TicketRecord, ChatRecord), StoreError> {
    let at = "2026-01-01T09:00:00Z";
    let ticket = serde_json::json!({
        "number": "100000001", "category": "technical", "subject": "s", "description": "d",
        "full_name": "n", "phone": null, "email": null, "snils": null, "inn": null,
        "application_number": null, "language": "ru", "status": "in_progress",
        "level": "operator", "created_at": at, "updated_at": at, "expected_by": at,
        "code_salt": "", "code_hash": ""
    });
    let chat = serde_json::json!({
        "id": "c", "key_hash": "", "lang": "ru", "state": "ended", "last_seq": 0,
        "created_at": at
    });
    let bad = |e: serde_json::Error| StoreError::Corrupt(format!("synthetic template: {e}"));
    Ok((
        serde_json::from_value(ticket).map_err(bad)?,
        serde_json::from_value(chat).map_err(bad)?,
    ))
}

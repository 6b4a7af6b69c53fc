//! The citizen's side of the chat: their messages and the bot's replies, "Помог ли
//! ответ?", asking for an operator, a request's status, the rating, their chats.

use helpdesk_shared::auth::Contact;
use helpdesk_shared::chat::{
    BotAsk, ChatEvent, ChatState, HandOffReason, MyChat, Said, Speaker, StatusLine,
};
use helpdesk_shared::validate::{ChatText, Feedback};
use helpdesk_shared::{FieldCode, FieldError};

use super::bot::{self, Decision, Line};
use super::{Availability, ChatError, ChatRecord, Chats, Drafts, checked_client_id};
use crate::store::{Index, Query, SkRange};

/// Most chats "Мои обращения" lists.
const MINE_MAX: usize = 50;

impl Chats {
    /// The citizen's chats (started while signed in), newest first.
    pub async fn mine(&self, contact: &Contact) -> Result<Vec<MyChat>, ChatError> {
        let mut q = Query::new(
            Index::Table,
            crate::tickets::owner_pk(contact),
            SkRange::Prefix("C#".into()),
        );
        q.limit = 500;
        let owned = self.store.query(q).await?.items;
        let mut out = Vec::new();
        for item in owned {
            let Some(id) = item.sk.strip_prefix("C#") else {
                continue;
            };
            let Ok((_, r)) = self.load(id).await else {
                continue;
            };
            out.push(MyChat {
                id: r.id,
                state: r.state,
                created_at: r.created_at,
                first_message: r.first_message,
                topic: r.topic,
                request: r.request,
            });
        }
        out.sort_by_key(|c| std::cmp::Reverse(c.created_at));
        out.truncate(MINE_MAX);
        Ok(out)
    }

    /// A citizen's message; in the bot's part of the chat, the bot's reply follows.
    pub async fn say(
        &self,
        rec: &ChatRecord,
        text: &str,
        client_id: Option<&str>,
    ) -> Result<Said, ChatError> {
        let text = ChatText::parse(text).map_err(|e| ChatError::Validation(vec![e.at("text")]))?;
        let client_id = checked_client_id(client_id)?;
        if rec.state == ChatState::Ended {
            return Err(ChatError::Ended);
        }
        let decision = match rec.state {
            ChatState::Bot => {
                let published = self.faq.published().await?;
                Some(bot::decide(
                    &published.knowledge,
                    text.as_str(),
                    rec.lang,
                    rec.misses,
                ))
            }
            _ => None,
        };
        let available = match decision {
            Some(Decision::HandOff { .. }) => Some(self.availability().await?),
            _ => None,
        };
        let (rec, messages) = self
            .change(&rec.id, |rec, out| {
                if rec.state == ChatState::Ended {
                    return Err(ChatError::Ended);
                }
                if let Some(id) = &client_id
                    && rec.recent.iter().any(|(c, _)| c == id)
                {
                    return Ok(()); // sent before: kept once
                }
                if rec.first_message.is_empty() {
                    rec.first_message = text.as_str().chars().take(200).collect();
                }
                let m = out.add(Speaker::Citizen);
                m.text = text.as_str().to_owned();
                m.client_id.clone_from(&client_id);
                if rec.state == ChatState::Bot
                    && let Some(d) = &decision
                {
                    reply(rec, out, d, available.as_ref());
                }
                Ok(())
            })
            .await?;
        Ok(Said {
            state: rec.state,
            messages,
        })
    }

    /// "Помог ли ответ?" on the bot's message `seq`: a second miss hands the chat off.
    pub async fn mark(&self, rec: &ChatRecord, seq: u64, helpful: bool) -> Result<Said, ChatError> {
        if seq == 0 || seq > rec.last_seq {
            return Err(ChatError::Validation(vec![FieldError::new(
                "seq",
                FieldCode::UnknownValue,
            )]));
        }
        let available = if !helpful && rec.misses + 1 >= bot::MISSES_TO_HAND_OFF {
            Some(self.availability().await?)
        } else {
            None
        };
        let (rec, messages) = self
            .change(&rec.id, |rec, out| {
                if rec.state != ChatState::Bot {
                    return Ok(()); // a person has it now: the mark changes nothing
                }
                out.system(ChatEvent::Marked { of: seq, helpful });
                if helpful {
                    out.bot(Line::Helped);
                } else if rec.misses + 1 >= bot::MISSES_TO_HAND_OFF {
                    rec.misses += 1;
                    hand_off(rec, out, HandOffReason::BotMissed, available.as_ref());
                } else {
                    rec.misses += 1;
                    out.bot(Line::DidNotHelp);
                }
                Ok(())
            })
            .await?;
        Ok(Said {
            state: rec.state,
            messages,
        })
    }

    /// "Связаться с оператором".
    pub async fn ask_for_operator(&self, rec: &ChatRecord) -> Result<Said, ChatError> {
        let available = self.availability().await?;
        let (rec, messages) = self
            .change(&rec.id, |rec, out| {
                match rec.state {
                    ChatState::Ended => return Err(ChatError::Ended),
                    ChatState::Bot => hand_off(rec, out, HandOffReason::Asked, Some(&available)),
                    ChatState::Waiting | ChatState::Operator => {} // already there
                }
                Ok(())
            })
            .await?;
        Ok(Said {
            state: rec.state,
            messages,
        })
    }

    /// The bot tells a request's status (the caller proved it may see it).
    pub async fn tell_status(
        &self,
        rec: &ChatRecord,
        status: StatusLine,
    ) -> Result<Said, ChatError> {
        let (rec, messages) = self
            .change(&rec.id, |rec, out| {
                if rec.state == ChatState::Ended {
                    return Err(ChatError::Ended);
                }
                rec.asked_code_for = None;
                out.add(Speaker::Bot).status = Some(status.clone());
                Ok(())
            })
            .await?;
        Ok(Said {
            state: rec.state,
            messages,
        })
    }
}

impl Chats {
    /// The citizen's rating, once, after the chat ended.
    pub async fn rate(
        &self,
        rec: &ChatRecord,
        stars: u8,
        comment: Option<&str>,
    ) -> Result<(), ChatError> {
        let mut errors = Vec::new();
        if !(1..=5).contains(&stars) {
            errors.push(FieldError::new("stars", FieldCode::UnknownValue));
        }
        let comment = optional_note(comment, "comment", &mut errors);
        if !errors.is_empty() {
            return Err(ChatError::Validation(errors));
        }
        self.change(&rec.id, |rec, _| {
            if rec.state != ChatState::Ended || rec.rating.is_some() {
                return Err(ChatError::NotRateable);
            }
            rec.rating = Some(stars);
            rec.rating_comment.clone_from(&comment);
            Ok(())
        })
        .await?;
        tracing::info!(chat = %rec.id, stars, "chat rated");
        Ok(())
    }
}

/// The bot's reply to a message in its part of the chat.
fn reply(rec: &mut ChatRecord, out: &mut Drafts, d: &Decision, available: Option<&Availability>) {
    match d {
        Decision::Answer {
            articles,
            text,
            topic,
        } => {
            if topic.is_some() {
                rec.topic = *topic;
            }
            let m = out.add(Speaker::Bot);
            m.text.clone_from(text);
            m.articles.clone_from(articles);
            m.topic = *topic;
            m.asks = Some(BotAsk::Helpful);
        }
        Decision::Rephrase => {
            rec.misses += 1;
            out.bot(Line::Rephrase);
        }
        Decision::HandOff { asked } => {
            if !asked {
                rec.misses += 1;
            }
            let reason = if *asked {
                HandOffReason::Asked
            } else {
                HandOffReason::BotMissed
            };
            hand_off(rec, out, reason, available);
        }
        Decision::Status(n) => {
            let number = n.display();
            rec.asked_code_for = Some(number.clone());
            let lang = rec.lang;
            let m = out.add(Speaker::Bot);
            m.text = bot::ask_code(&number, lang);
            m.asks = Some(BotAsk::AccessCode { number });
        }
        Decision::Hello => {
            let lang = rec.lang;
            let m = out.bot(Line::Hello);
            m.quick = bot::quick_questions(lang).map(str::to_owned).to_vec();
        }
        Decision::Thanks => {
            out.bot(Line::Thanks);
        }
        Decision::AskNumber => {
            out.bot(Line::AskNumber);
        }
    }
}

/// To the operators' waiting list if someone can take it; otherwise the bot says when
/// they are back and offers a request.
fn hand_off(
    rec: &mut ChatRecord,
    out: &mut Drafts,
    reason: HandOffReason,
    available: Option<&Availability>,
) {
    match available {
        Some(Availability::Available) => {
            rec.state = ChatState::Waiting;
            rec.waiting_since = Some(out.now);
            rec.handed_at.get_or_insert(out.now);
            out.system(ChatEvent::HandedOff { reason });
            out.bot(Line::Waiting);
            tracing::info!(chat = %rec.id, reason = ?reason, "chat handed off");
        }
        Some(Availability::Away {
            opens,
            tomorrow,
            nobody_online,
        }) => {
            out.system(ChatEvent::OperatorsAway {
                opens: opens.clone(),
                tomorrow: *tomorrow,
                nobody_online: *nobody_online,
            });
            out.bot(Line::Away);
        }
        None => {}
    }
}

/// An optional short text (a rating's comment, a note for a colleague): trimmed, empty
/// as none, else 2–1000 characters (its error under `field`).
pub(super) fn optional_note(
    text: Option<&str>,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let text = text.map(str::trim).filter(|c| !c.is_empty())?;
    match Feedback::parse(text) {
        Ok(t) => Some(t.into_string()),
        Err(e) => {
            errors.push(e.at(field));
            None
        }
    }
}

//! The whole conversation in the citizen's hands: as a PDF to download, or as an e-mail
//! (plain text) to an address they give. Both name each side as the citizen saw them and
//! give Moscow times. The e-mail goes through the domain events as every notification
//! does (recorded with the chat's change, delivered at least once, at the fan-out).

use helpdesk_shared::api::OutboxMessage;
use helpdesk_shared::chat::{ChatMessage, PAGE_MAX, Speaker};
use helpdesk_shared::validate::Email;
use helpdesk_shared::{Lang, chat_words, moscow};

use super::pdf::{self, Transcript};
use super::{ChatError, ChatRecord, Chats, messages_after};
use crate::events::{DomainEvent, EventBus, EventKind, pending_item, publish_all};
use crate::store::{Cond, KvStore, StoreError, Write};

/// How many times one chat's transcript may go by e-mail (an address typed wrong, then
/// right; not a way to send mail to strangers).
pub const EMAILS_PER_CHAT: u8 = 3;
/// What a transcript holds at most (characters of text): a PDF stays a few hundred
/// kilobytes and within what a Lambda answers; the rest is said to be left out.
const MAX_CHARS: usize = 300_000;

/// Every message of chat `id`, in order (at most 100 pages).
pub async fn messages_of(store: &dyn KvStore, id: &str) -> Result<Vec<ChatMessage>, StoreError> {
    let mut all: Vec<ChatMessage> = Vec::new();
    loop {
        let after = all.last().map_or(0, |m| m.seq);
        let page = messages_after(store, id, after, PAGE_MAX).await?;
        let full = page.len() == PAGE_MAX;
        all.extend(page);
        if !full || all.len() >= 100 * PAGE_MAX {
            return Ok(all);
        }
    }
}

/// The messages that fit `MAX_CHARS`, and how many were left out.
fn fitting(messages: &[ChatMessage]) -> (&[ChatMessage], usize) {
    let mut total = 0;
    for (i, m) in messages.iter().enumerate() {
        total += m.text.len() + m.articles.iter().map(|a| a.title.len()).sum::<usize>();
        if total > MAX_CHARS {
            return (&messages[..i], messages.len() - i);
        }
    }
    (messages, 0)
}

/// The conversation as plain text for the citizen's e-mail.
pub fn text(messages: &[ChatMessage], lang: Lang) -> String {
    let (messages, left_out) = fitting(messages);
    let mut out = String::from(match lang {
        Lang::Ru => "Переписка в чате службы поддержки Госуслуг (время московское).\n",
        Lang::En => "Your conversation in the public services helpdesk chat (Moscow time).\n",
    });
    for m in messages {
        if let Some(e) = &m.event {
            out.push_str(&format!(
                "\n— {} ({})\n",
                chat_words::event(e, lang, false),
                moscow::format(m.at)
            ));
        }
        if m.from == Speaker::System {
            continue;
        }
        let mut body = m.text.trim().to_owned();
        if let Some(s) = &m.status {
            let (head, rest) = chat_words::status(s, lang);
            body.push_str(&format!("\n{head}: {rest}"));
        }
        for a in &m.articles {
            body.push_str(&format!("\n• {} (/faq/{})", a.title, a.slug));
        }
        for f in &m.files {
            let file = chat_words::Words::File.text(lang);
            body.push_str(&format!("\n{file}: {}", f.name));
        }
        if body.trim().is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n{} · {}\n{}\n",
            chat_words::author(m, lang, false),
            moscow::format(m.at),
            body.trim()
        ));
    }
    if left_out > 0 {
        out.push_str(&left_out_line(left_out, lang));
    }
    out.push_str(match lang {
        Lang::Ru => {
            "\nВы получили это письмо, потому что попросили отправить переписку на этот адрес. \
             Если это были не вы, просто удалите его.\n"
        }
        Lang::En => {
            "\nYou received this because the transcript was asked to be sent to this address. \
             If it was not you, just delete it.\n"
        }
    });
    out
}

fn left_out_line(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Ru => format!("\n… и ещё сообщений: {n} (не поместились в расшифровку).\n"),
        Lang::En => format!("\n… and {n} more messages (too long for the transcript).\n"),
    }
}

/// The e-mail of an `EventKind::ChatTranscript` event, read from the store when it is
/// delivered.
pub async fn email(
    store: &dyn KvStore,
    event: &DomainEvent,
    chat: &str,
    to: &str,
    lang: Lang,
) -> Result<OutboxMessage, StoreError> {
    let messages = messages_of(store, chat).await?;
    Ok(OutboxMessage {
        event_id: event.id.clone(),
        channel: "email".to_owned(),
        to: to.to_owned(),
        subject: match lang {
            Lang::Ru => "Переписка в чате поддержки".to_owned(),
            Lang::En => "Your support chat transcript".to_owned(),
        },
        body: text(&messages, lang),
        html: None,
        at: event.at,
    })
}

impl Chats {
    /// The transcript as PDF.
    pub async fn transcript_pdf(&self, rec: &ChatRecord) -> Result<Vec<u8>, ChatError> {
        let messages = messages_of(self.store.as_ref(), &rec.id).await?;
        let (id, lang, started) = (rec.id.clone(), rec.lang, rec.created_at);
        // Setting the text is CPU work: off the threads that answer requests.
        tokio::task::spawn_blocking(move || {
            let (shown, left_out) = fitting(&messages);
            pdf::pdf(&Transcript {
                id: &id,
                lang,
                started,
                messages: shown,
                left_out: (left_out > 0).then(|| left_out_line(left_out, lang)),
            })
        })
        .await
        .map_err(|_| ChatError::Busy)
    }

    /// Sends the transcript to `to`: the chat's count and the event in one transaction,
    /// then published (left pending and sent later if the bus is down).
    pub async fn email_transcript(
        &self,
        rec: &ChatRecord,
        to: &str,
        bus: &dyn EventBus,
    ) -> Result<(), ChatError> {
        let to = Email::parse(to).map_err(|e| ChatError::Validation(vec![e.at("email")]))?;
        let now = self.clock.now();
        let event = DomainEvent {
            id: crate::ids::event_id(now),
            at: now,
            ticket: String::new(),
            kind: EventKind::ChatTranscript {
                chat: rec.id.clone(),
                to: to.as_str().to_owned(),
                language: rec.lang,
            },
        };
        // The count and the event in one transaction, retried on a race with a message.
        self.change_with(
            &rec.id,
            vec![Write::put(pending_item(&event), Cond::Absent)],
            |rec, _| {
                if rec.emailed >= EMAILS_PER_CHAT {
                    return Err(ChatError::EmailsUsed);
                }
                rec.emailed += 1;
                Ok(())
            },
        )
        .await?;
        tracing::info!(chat = %rec.id, event_id = %event.id, "chat transcript to be e-mailed");
        publish_all(self.store.as_ref(), bus, std::slice::from_ref(&event)).await;
        Ok(())
    }
}

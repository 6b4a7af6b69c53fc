//! A chat turned into a request (out of hours, or when it needs follow-up work): the
//! citizen's first message is its subject, the transcript its description, and the chat
//! gets a line with the request's number (never its access code).

use helpdesk_shared::chat::{ChatEvent, ChatMessage, Said, Speaker};
use helpdesk_shared::validate::{Description, Subject};
use helpdesk_shared::{Lang, moscow};

use super::{ChatError, ChatRecord, Chats};

impl Chats {
    /// Notes in the chat that it became request `number`.
    pub async fn request_made(&self, rec: &ChatRecord, number: &str) -> Result<Said, ChatError> {
        let (rec, messages) = self
            .change(&rec.id, |rec, out| {
                if rec.request.as_deref() == Some(number) {
                    return Ok(()); // a retry: noted once
                }
                rec.request = Some(number.to_owned());
                out.system(ChatEvent::RequestMade {
                    number: number.to_owned(),
                });
                Ok(())
            })
            .await?;
        tracing::info!(chat = %rec.id, "chat turned into a request");
        Ok(Said {
            state: rec.state,
            messages,
        })
    }
}

/// The request's subject: the citizen's first message, on one line and cut to fit; a
/// general one if they wrote nothing usable.
pub fn subject(messages: &[ChatMessage], lang: Lang) -> String {
    let first = messages
        .iter()
        .find(|m| m.from == Speaker::Citizen)
        .map(|m| m.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let cut: String = first.chars().take(Subject::MAX as usize).collect();
    match Subject::parse(&cut) {
        Ok(s) => s.into_string(),
        Err(_) => match lang {
            Lang::Ru => "Вопрос из чата".to_owned(),
            Lang::En => "A question from the chat".to_owned(),
        },
    }
}

/// The conversation as text, one line per message with its Moscow time and author, cut
/// to what a request's description holds (its end marked).
pub fn transcript(messages: &[ChatMessage], lang: Lang) -> String {
    let who = |m: &ChatMessage| match (m.from, lang) {
        (Speaker::Citizen, Lang::Ru) => "Гражданин".to_owned(),
        (Speaker::Citizen, Lang::En) => "Citizen".to_owned(),
        (Speaker::Bot, Lang::Ru) => "Бот".to_owned(),
        (Speaker::Bot, Lang::En) => "Bot".to_owned(),
        (Speaker::Operator, _) => m.name.clone().unwrap_or_default(),
        (Speaker::System, _) => String::new(),
    };
    let heading = match lang {
        Lang::Ru => "Переписка в чате поддержки (время московское):",
        Lang::En => "The support chat's conversation (Moscow time):",
    };
    let mut out = String::from(heading);
    for m in messages {
        let mut text = m.text.clone();
        for a in &m.articles {
            text.push_str(&format!(" [{}]", a.title));
        }
        for f in &m.files {
            let file = helpdesk_shared::chat_words::Words::File.text(lang);
            text.push_str(&format!(" [{file}: {}]", f.name));
        }
        if text.trim().is_empty() || m.from == Speaker::System {
            continue;
        }
        out.push_str(&format!(
            "\n[{}] {}: {}",
            moscow::format(m.at),
            who(m),
            text.trim()
        ));
    }
    let max = Description::MAX as usize;
    if out.chars().count() > max {
        let mut cut: String = out.chars().take(max - 2).collect();
        cut.push_str("\n…");
        out = cut;
    }
    // Characters a description refuses (hidden, bidi) never reach it: they were refused
    // in the messages already.
    out
}

/// A message for the chat's unit tests: said at 03:05 Moscow time on 7 December 2026.
#[cfg(test)]
pub(super) fn said(seq: u64, from: Speaker, text: &str) -> ChatMessage {
    ChatMessage {
        text: text.into(),
        ..ChatMessage::new(seq, time::macros::datetime!(2026-12-07 00:05 UTC), from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_message_is_the_subject_and_the_conversation_the_description() {
        let messages = vec![
            said(1, Speaker::Bot, "Здравствуйте!"),
            said(2, Speaker::Citizen, "Не приходит\nСМС-код при входе"),
            said(3, Speaker::System, ""),
            said(4, Speaker::Bot, "Проверьте номер телефона."),
        ];
        assert_eq!(
            subject(&messages, Lang::Ru),
            "Не приходит СМС-код при входе"
        );
        let t = transcript(&messages, Lang::Ru);
        assert!(
            t.contains("[07.12.2026 03:05] Гражданин: Не приходит\nСМС-код при входе"),
            "{t}"
        );
        assert!(Description::parse(&t).is_ok());
        assert_eq!(
            subject(&[said(1, Speaker::Citizen, "?")], Lang::Ru),
            "Вопрос из чата"
        );
        let long: Vec<ChatMessage> = (1..=10)
            .map(|i| said(i, Speaker::Citizen, &"я".repeat(2000)))
            .collect();
        let t = transcript(&long, Lang::En);
        assert_eq!(t.chars().count(), Description::MAX as usize);
        assert!(t.ends_with('…'));
    }
}

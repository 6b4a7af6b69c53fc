//! The staff's side of the chat: the console (waiting chats, longest waiting first,
//! and the caller's own), taking a chat (one wins), replying, and who may see what.
//! Operators work the operators' waiting list (level 2), specialists their department's
//! (level 3, chats an operator transferred there), supervisors both.

use helpdesk_shared::auth::{Contact, Department, Role};
use helpdesk_shared::chat::{
    ChatConsole, ChatEvent, ChatState, ChatSummary, ChatView, Said, Speaker,
};
use helpdesk_shared::validate::ChatText;

use super::{ChatError, ChatRecord, Chats, checked_client_id, waiting_list};
use crate::auth::StaffAccount;
use crate::store::{Index, Item, Query, SkRange};

/// Most chats one list of the console shows.
const LIST_MAX: usize = 100;

/// The roles that work the chats (the handlers refuse the others).
pub const CHAT_ROLES: [Role; 3] = [Role::Operator, Role::Specialist, Role::Supervisor];

/// The name the citizen sees: the first word of the account's name ("Ольга").
pub fn shown_name(a: &StaffAccount) -> String {
    a.name
        .split_whitespace()
        .next()
        .unwrap_or(&a.login)
        .to_owned()
}

fn summary(r: &ChatRecord) -> ChatSummary {
    ChatSummary {
        id: r.id.clone(),
        state: r.state,
        topic: r.topic,
        first_message: r.first_message.clone(),
        citizen: r
            .citizen
            .as_deref()
            .and_then(|c| Contact::parse(c).ok())
            .map(|c| c.masked()),
        lang: r.lang,
        waiting_since: r.waiting_since,
        operator: r.operator.clone(),
        last_seq: r.last_seq,
        note: r.handover_note.clone(),
        department: r.department,
    }
}

/// Whether `a` may take (and, waiting, see) a chat waiting in `department`'s list.
fn takes_from(a: &StaffAccount, department: Option<Department>) -> bool {
    super::presence::serves(a.role, a.department, department)
}

/// The waiting lists `a` works (the console reads each).
fn lists_of(a: &StaffAccount) -> Vec<Option<Department>> {
    std::iter::once(None)
        .chain(Department::ALL.map(Some))
        .filter(|l| takes_from(a, *l))
        .collect()
}

/// Whether `a` may write in the chat: only the operator who has it (a waiting chat, the
/// bot's or another operator's is taken first).
pub(super) fn writes_in(rec: &ChatRecord, a: &StaffAccount) -> Result<(), ChatError> {
    match rec.state {
        ChatState::Ended => Err(ChatError::Ended),
        ChatState::Operator if rec.operator.as_deref() == Some(&a.login) => Ok(()),
        _ => Err(ChatError::Taken),
    }
}

impl Chats {
    /// The console: marks the caller online and lists the waiting chats and theirs.
    pub async fn console(&self, a: &StaffAccount) -> Result<ChatConsole, ChatError> {
        self.keep_online(a).await?;
        let colleagues = self.colleagues(a).await?;
        let mut mine = Query::new(Index::Gsi2, format!("CHATOP#{}", a.login), SkRange::All);
        mine.limit = LIST_MAX;
        let decode = |items: Vec<Item>| -> Result<Vec<ChatSummary>, ChatError> {
            items
                .iter()
                .map(|i| {
                    i.decode::<ChatRecord>()
                        .map(|r| summary(&r))
                        .map_err(ChatError::from)
                })
                .collect()
        };
        let mut waiting = Vec::new();
        for list in lists_of(a) {
            let mut q = Query::new(Index::Gsi1, waiting_list(list), SkRange::All);
            q.limit = LIST_MAX;
            waiting.extend(decode(self.store.query(q).await?.items)?);
        }
        // Longest waiting first across the lists (a supervisor reads several).
        waiting.sort_by_key(|s| s.waiting_since);
        waiting.truncate(LIST_MAX);
        Ok(ChatConsole {
            waiting,
            mine: decode(self.store.query(mine).await?.items)?,
            // The caller has just been marked online.
            online: colleagues.len() as u32 + 1,
            operators: colleagues,
            first_reply_seconds: self.levels.in_force().await?.chat.first_reply_seconds,
        })
    }

    /// The chat if `a` may see it: supervisors every chat; operators and specialists the
    /// ones waiting in their list (to take) and their own. Others are `NotFound`.
    pub async fn open_staff(&self, a: &StaffAccount, id: &str) -> Result<ChatRecord, ChatError> {
        let rec = self.load(id).await?.1;
        let visible = match a.role {
            Role::Supervisor => true,
            Role::Operator | Role::Specialist => {
                (rec.state == ChatState::Waiting && takes_from(a, rec.department))
                    || rec.operator.as_deref() == Some(&a.login)
            }
            Role::Admin => false,
        };
        if visible {
            Ok(rec)
        } else {
            Err(ChatError::NotFound)
        }
    }

    /// Takes a waiting chat; when two operators press at once, one gets it and the
    /// other `Taken`.
    pub async fn take(&self, a: &StaffAccount, id: &str) -> Result<ChatView, ChatError> {
        // Not `open_staff`: the operator who lost the race learns it was taken (409),
        // not that the chat vanished. A chat in another list is not theirs to see.
        let (_, rec) = self.load(id).await?;
        if rec.state == ChatState::Waiting && !takes_from(a, rec.department) {
            return Err(ChatError::NotFound);
        }
        let name = shown_name(a);
        let (rec, messages) = self
            .change(id, |rec, out| {
                match rec.state {
                    ChatState::Waiting if takes_from(a, rec.department) => {}
                    ChatState::Operator if rec.operator.as_deref() == Some(&a.login) => {
                        return Ok(()); // pressed twice
                    }
                    ChatState::Ended => return Err(ChatError::Ended),
                    _ => return Err(ChatError::Taken),
                }
                rec.state = ChatState::Operator;
                rec.operator = Some(a.login.clone());
                rec.operator_name = Some(name.clone());
                rec.taken_at = Some(out.now);
                if rec.first_wait.is_none()
                    && let Some(since) = rec.handed_at.or(rec.waiting_since)
                {
                    rec.first_wait = Some(seconds(since, out.now));
                }
                out.system(ChatEvent::Joined { name: name.clone() });
                Ok(())
            })
            .await?;
        if let (Some(since), Some(at)) = (rec.waiting_since, rec.taken_at)
            && !messages.is_empty()
        {
            tracing::info!(chat = %rec.id, login = %a.login, waited_s = (at - since).whole_seconds(), "chat taken");
        }
        self.read(&rec, 0).await
    }

    /// "Оформить обращение": the operator who has the chat asks the citizen to leave a
    /// request (their side shows the form; the citizen gives contact and consent).
    pub async fn offer_request(&self, a: &StaffAccount, id: &str) -> Result<Said, ChatError> {
        self.open_staff(a, id).await?;
        let (rec, messages) = self
            .change(id, |rec, out| {
                writes_in(rec, a)?;
                if rec.request.is_none() {
                    out.system(ChatEvent::RequestOffered);
                }
                Ok(())
            })
            .await?;
        Ok(Said {
            state: rec.state,
            messages,
        })
    }

    /// An operator's reply in a chat they have.
    pub async fn reply(
        &self,
        a: &StaffAccount,
        id: &str,
        text: &str,
        client_id: Option<&str>,
    ) -> Result<Said, ChatError> {
        let text = ChatText::parse(text).map_err(|e| ChatError::Validation(vec![e.at("text")]))?;
        let client_id = checked_client_id(client_id)?;
        self.open_staff(a, id).await?;
        let target = self.levels.in_force().await?.chat.first_reply();
        let name = shown_name(a);
        let (rec, messages) = self
            .change(id, |rec, out| {
                writes_in(rec, a)?;
                if let Some(c) = &client_id
                    && rec.recent.iter().any(|(r, _)| r == c)
                {
                    return Ok(());
                }
                if rec.first_reply_at.is_none() {
                    rec.first_reply_at = Some(out.now);
                    if let Some(since) = rec.handed_at.or(rec.waiting_since) {
                        let s = seconds(since, out.now);
                        rec.first_reply = Some(s);
                        rec.reply_in_time = Some(i64::from(s) <= target.whole_seconds());
                    }
                }
                let m = out.add(Speaker::Operator);
                m.name = Some(name.clone());
                m.text = text.as_str().to_owned();
                m.client_id.clone_from(&client_id);
                Ok(())
            })
            .await?;
        if let (Some(since), Some(at)) = (rec.waiting_since, rec.first_reply_at)
            && messages.iter().any(|m| m.at == at)
        {
            // The seeds promise the first human reply within 30 s of the hand-off.
            tracing::info!(chat = %rec.id, first_reply_s = (at - since).whole_seconds(), "first operator reply");
        }
        Ok(Said {
            state: rec.state,
            messages,
        })
    }

    /// The operator who has the chat (or a supervisor) ends it.
    pub async fn end_by_staff(&self, a: &StaffAccount, id: &str) -> Result<Said, ChatError> {
        let rec = self.open_staff(a, id).await?;
        let mine = rec.operator.as_deref() == Some(&a.login);
        if !(mine || a.role == Role::Supervisor) {
            return Err(ChatError::Taken);
        }
        self.end(id, Speaker::Operator).await
    }
}

/// Whole seconds from `from` to `to` (0 if not later).
fn seconds(from: time::OffsetDateTime, to: time::OffsetDateTime) -> u32 {
    u32::try_from((to - from).whole_seconds().max(0)).unwrap_or(u32::MAX)
}

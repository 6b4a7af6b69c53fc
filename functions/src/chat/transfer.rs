//! "Передать коллеге": the operator who has a chat hands it to another operator online,
//! with a note only staff see; the citizen sees that a colleague took over, and keeps
//! writing in the same chat.

use helpdesk_shared::chat::{ChatEvent, OnlineOperator, Said};
use helpdesk_shared::{FieldCode, FieldError};

use super::staff::{shown_name, writes_in};
use super::{CHAT_ROLES, ChatError, Chats, ONLINE};
use crate::auth::StaffAccount;
use crate::store::{Index, Query, SkRange};

impl Chats {
    /// The operators online now but `a`, by the name the citizen would see.
    pub async fn colleagues(&self, a: &StaffAccount) -> Result<Vec<OnlineOperator>, ChatError> {
        let page = self
            .store
            .query(Query::new(Index::Table, ONLINE, SkRange::All))
            .await?;
        Ok(page
            .items
            .into_iter()
            .filter(|i| i.sk != a.login)
            .map(|i| OnlineOperator {
                name: i.body["name"].as_str().unwrap_or(&i.sk).to_owned(),
                login: i.sk,
            })
            .collect())
    }

    /// Hands chat `id` from `a` to the operator `to` (online, an operator or supervisor).
    pub async fn transfer(
        &self,
        a: &StaffAccount,
        id: &str,
        to: &str,
        note: Option<&str>,
    ) -> Result<Said, ChatError> {
        self.open_staff(a, id).await?;
        let mut errors = Vec::new();
        let note = super::citizen::optional_note(note, "note", &mut errors);
        let online = self.colleagues(a).await?;
        let target = match online.iter().any(|o| o.login == to) {
            true => crate::auth::staff::load(self.store.as_ref(), to)
                .await?
                .map(|(_, t)| t)
                .filter(|t| CHAT_ROLES.contains(&t.role)),
            false => None,
        };
        if target.is_none() {
            // Not online (or not one who answers chats): pick someone in the list.
            errors.push(FieldError::new("to", FieldCode::UnknownValue));
        }
        let Some(target) = target.filter(|_| errors.is_empty()) else {
            return Err(ChatError::Validation(errors));
        };
        let name = shown_name(&target);
        let (rec, messages) = self
            .change(id, |rec, out| {
                writes_in(rec, a)?;
                rec.operator = Some(target.login.clone());
                rec.operator_name = Some(name.clone());
                rec.taken_at = Some(out.now);
                rec.handover_note.clone_from(&note);
                out.system(ChatEvent::HandedOver { name: name.clone() });
                Ok(())
            })
            .await?;
        tracing::info!(chat = %rec.id, from = %a.login, to = %target.login, "chat handed over");
        Ok(Said {
            state: rec.state,
            messages,
        })
    }
}

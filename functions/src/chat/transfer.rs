//! "Передать": the one who has a chat hands it to a colleague online (an operator, a
//! supervisor, a specialist), or to a specialist department (level 3), where it waits
//! for that department's specialists as it waited for the operators; a note goes with
//! it that only staff see. The citizen sees who or which department took over, and
//! keeps writing in the same chat.

use helpdesk_shared::auth::{Department, Role};
use helpdesk_shared::chat::{ChatEvent, ChatState, Said};
use helpdesk_shared::{FieldCode, FieldError};

use super::staff::{shown_name, writes_in};
use super::{CHAT_ROLES, ChatError, Chats};
use crate::auth::StaffAccount;

impl Chats {
    /// Hands chat `id` from `a` to the colleague `to` (online, one who works chats), or
    /// to `department`'s waiting list (a specialist of it online). One of the two.
    pub async fn transfer(
        &self,
        a: &StaffAccount,
        id: &str,
        to: &str,
        department: Option<Department>,
        note: Option<&str>,
    ) -> Result<Said, ChatError> {
        self.open_staff(a, id).await?;
        let mut errors = Vec::new();
        let note = super::citizen::optional_note(note, "note", &mut errors);
        if let Some(d) = department {
            if !to.is_empty() {
                // Both: the caller's form is confused; say which one to keep.
                errors.push(FieldError::new("to", FieldCode::UnknownValue));
            } else if self.online(Some(d)).await? == 0 {
                // Nobody of the department online: the chat would wait unseen.
                errors.push(FieldError::new("department", FieldCode::UnknownValue));
            }
            if !errors.is_empty() {
                return Err(ChatError::Validation(errors));
            }
            return self.to_department(a, id, d, note).await;
        }
        let online = self.colleagues(a).await?;
        let target = match online.iter().any(|o| o.login == to) {
            true => crate::auth::staff::load(self.store.as_ref(), to)
                .await?
                .map(|(_, t)| t)
                .filter(|t| CHAT_ROLES.contains(&t.role) && !t.disabled),
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
                // The chat's level follows whoever has it; a supervisor keeps it.
                match target.role {
                    Role::Specialist => rec.department = target.department,
                    Role::Operator => rec.department = None,
                    _ => {}
                }
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

    /// The chat waits for `department`'s specialists, from now.
    async fn to_department(
        &self,
        a: &StaffAccount,
        id: &str,
        department: Department,
        note: Option<String>,
    ) -> Result<Said, ChatError> {
        let (rec, messages) = self
            .change(id, |rec, out| {
                writes_in(rec, a)?;
                rec.state = ChatState::Waiting;
                rec.department = Some(department);
                rec.waiting_since = Some(out.now);
                rec.operator = None;
                rec.operator_name = None;
                rec.taken_at = None;
                rec.handover_note.clone_from(&note);
                out.system(ChatEvent::Transferred { department });
                Ok(())
            })
            .await?;
        tracing::info!(chat = %rec.id, from = %a.login, department = department.code(), "chat transferred to a department");
        Ok(Said {
            state: rec.state,
            messages,
        })
    }
}

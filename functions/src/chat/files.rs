//! Files in the chat (PDF/JPEG/PNG ≤ 5 MB, uploaded the way a request's are): a message
//! of files from the citizen or the operator who has the chat. The files are put in the
//! chat in the transaction that writes the message, so each is in exactly one chat and
//! only that chat's readers fetch it (and, if the chat becomes a request, its staff);
//! the bot says nothing to them.

use crate::auth::StaffAccount;
use helpdesk_shared::api::AttachmentInfo;
use helpdesk_shared::chat::{ChatState, Said, Speaker};
use helpdesk_shared::ticket::check_attachment_ids;
use helpdesk_shared::{FieldCode, FieldError};

use super::staff::{shown_name, writes_in};
use super::{ChatError, ChatRecord, Chats, checked_client_id};
use crate::attachments::Attachments;

/// Who sends files: the chat's citizen, or an operator.
pub enum Sender<'a> {
    Citizen,
    Staff(&'a StaffAccount),
}

impl Chats {
    /// A message of files (ids of completed uploads). Sent again with the same
    /// `client_id`, nothing is added.
    pub async fn send_files(
        &self,
        rec: &ChatRecord,
        sender: Sender<'_>,
        ids: &[String],
        client_id: Option<&str>,
        attachments: &Attachments,
    ) -> Result<Said, ChatError> {
        let field = |code| ChatError::Validation(vec![FieldError::new("attachments", code)]);
        if ids.is_empty() {
            return Err(field(FieldCode::Required));
        }
        check_attachment_ids(ids).map_err(|e| ChatError::Validation(vec![e.at("attachments")]))?;
        let client_id = checked_client_id(client_id)?;
        let (from, name) = match &sender {
            Sender::Citizen => (Speaker::Citizen, None),
            Sender::Staff(a) => (Speaker::Operator, Some(shown_name(a))),
        };
        let may_write = |rec: &ChatRecord| match &sender {
            Sender::Staff(a) => writes_in(rec, a),
            Sender::Citizen if rec.state == ChatState::Ended => Err(ChatError::Ended),
            Sender::Citizen => Ok(()),
        };
        may_write(rec)?;
        let sent_before = |rec: &ChatRecord| {
            client_id
                .as_ref()
                .is_some_and(|c| rec.recent.iter().any(|(r, _)| r == c))
        };
        // A retry after a timeout: its files are the chat's already.
        if sent_before(rec) {
            return Ok(Said {
                state: rec.state,
                messages: Vec::new(),
            });
        }
        let (files, claims) = match attachments
            .attach_to_chat(ids, &rec.id, "attachments")
            .await?
        {
            Ok(claimed) => claimed,
            Err(e) => return Err(ChatError::Validation(vec![e])),
        };
        let (rec, messages) = self
            .change_with(&rec.id, claims, |rec, out| {
                may_write(rec)?;
                if sent_before(rec) {
                    return Err(ChatError::Busy); // the claims would fail: sent meanwhile
                }
                let m = out.add(from);
                m.name.clone_from(&name);
                m.files.clone_from(&files);
                m.client_id.clone_from(&client_id);
                Ok(())
            })
            .await?;
        tracing::info!(chat = %rec.id, files = files.len(), from = ?from, "files sent in the chat");
        Ok(Said {
            state: rec.state,
            messages,
        })
    }

    /// A file of this chat (its reader was checked by the caller); another chat's, a
    /// request's or an unknown id alike are `NotFound`.
    pub async fn file(
        &self,
        rec: &ChatRecord,
        file: &str,
        attachments: &Attachments,
    ) -> Result<AttachmentInfo, ChatError> {
        match attachments.in_chat(file).await {
            Ok(Some((info, chat))) if chat == rec.id => Ok(info),
            Ok(_) => Err(ChatError::NotFound),
            Err(crate::attachments::UploadError::Store(e)) => Err(e.into()),
            Err(_) => Err(ChatError::NotFound),
        }
    }
}

//! Uploaded files, in three steps: the client announces a file (name, size, type) and
//! gets an upload target; it PUTs the bytes there (S3 in the cloud, this server
//! locally); it asks to complete, and the server checks what arrived by its size and
//! content. Ready files wait a day to be claimed by exactly one request (in the same
//! transaction that writes the request or the message).

use std::sync::Arc;

use helpdesk_shared::api::{AttachmentInfo, UploadRequest, UploadTarget};
use helpdesk_shared::attachment::{AttachmentKind, MAX_BYTES};
use helpdesk_shared::validate::FileName;
use helpdesk_shared::{FieldCode, FieldError};
use serde::{Deserialize, Serialize};

use crate::blobs::{BlobStore, UPLOAD_URL_SECS};
use crate::clock::Clock;
use crate::ids::new_id;
use crate::store::{Cond, Item, KvStore, StoreError, Write};

/// How long an upload waits for the request that uses it.
const UNCLAIMED_TTL_SECS: i64 = 24 * 3600;

/// Bytes read to recognise a file by its content.
const SNIFF_BYTES: usize = 16;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AttachmentRecord {
    /// Declared until the upload is complete; then the stored size and sniffed kind.
    info: AttachmentInfo,
    /// The ticket that owns the file, once claimed.
    claimed_by: Option<String>,
    /// The chat it was sent in (its readers fetch it; a request made from the chat may
    /// claim it as well).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chat: Option<String>,
    /// Uploaded and checked by content; only ready files can be claimed.
    #[serde(default = "ready_by_default")]
    ready: bool,
}

/// Records written before uploads had two steps were checked on upload.
fn ready_by_default() -> bool {
    true
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("file refused: {0:?}")]
    Refused(FieldCode),
    #[error("no upload with this id")]
    Unknown,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("blob store: {0}")]
    Blob(#[from] std::io::Error),
}

fn pk(id: &str) -> String {
    format!("A#{id}")
}

/// Our ids are 32 lowercase hex characters; anything else is not an upload.
fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

pub struct Attachments {
    store: Arc<dyn KvStore>,
    blobs: Arc<dyn BlobStore>,
    clock: Arc<dyn Clock>,
}

impl Attachments {
    pub fn new(store: Arc<dyn KvStore>, blobs: Arc<dyn BlobStore>, clock: Arc<dyn Clock>) -> Self {
        Attachments {
            store,
            blobs,
            clock,
        }
    }

    /// Step 1: checks what the client announces and says where to send the bytes.
    pub async fn begin(&self, req: &UploadRequest) -> Result<UploadTarget, UploadError> {
        if req.size == 0 {
            return Err(UploadError::Refused(FieldCode::AttachmentEmpty));
        }
        if req.size > MAX_BYTES {
            return Err(UploadError::Refused(FieldCode::AttachmentTooLarge));
        }
        let kind = AttachmentKind::from_mime(&req.content_type)
            .ok_or(UploadError::Refused(FieldCode::AttachmentType))?;
        let info = AttachmentInfo {
            id: new_id(),
            name: FileName::sanitize(&req.name).as_str().to_owned(),
            size: req.size,
            kind,
        };
        let record = AttachmentRecord {
            info: info.clone(),
            claimed_by: None,
            chat: None,
            ready: false,
        };
        let mut item = Item::new(pk(&info.id), "META", crate::store::body(&record));
        item.expires_at = Some(self.clock.now().unix_timestamp() + UNCLAIMED_TTL_SECS);
        self.store.put(item, Cond::Absent).await?;
        let put = self
            .blobs
            .presign_put(&info.id, info.size, kind.mime())
            .await?;
        Ok(UploadTarget {
            id: info.id,
            url: put.url,
            headers: put.headers,
            expires_in: UPLOAD_URL_SECS,
        })
    }

    async fn record(&self, id: &str) -> Result<(Item, AttachmentRecord), UploadError> {
        if !valid_id(id) {
            return Err(UploadError::Unknown);
        }
        let item = self
            .store
            .get(&pk(id), "META")
            .await?
            .ok_or(UploadError::Unknown)?;
        let record = item.decode()?;
        Ok((item, record))
    }

    /// Step 2 when the server itself is the upload target (local mode).
    pub async fn receive(&self, id: &str, bytes: &[u8]) -> Result<(), UploadError> {
        let (_, record) = self.record(id).await?;
        if record.ready {
            return Err(UploadError::Unknown);
        }
        if bytes.len() as u64 > record.info.size {
            return Err(UploadError::Refused(FieldCode::AttachmentTooLarge));
        }
        self.blobs.put(id, bytes).await?;
        Ok(())
    }

    /// Step 3: checks what arrived by its size and content; a refused file is deleted.
    pub async fn complete(&self, id: &str) -> Result<AttachmentInfo, UploadError> {
        let (mut item, mut record) = self.record(id).await?;
        if record.ready {
            return Ok(record.info);
        }
        let Some((size, head)) = self.blobs.head(id, SNIFF_BYTES).await? else {
            return Err(UploadError::Refused(FieldCode::AttachmentUnknown));
        };
        let refused = match AttachmentKind::sniff(&head) {
            _ if size == 0 => Some(FieldCode::AttachmentEmpty),
            _ if size > MAX_BYTES => Some(FieldCode::AttachmentTooLarge),
            None => Some(FieldCode::AttachmentType),
            Some(_) => None,
        };
        if let Some(code) = refused {
            self.blobs.delete(id).await?;
            tracing::info!(attachment = %id, size, ?code, "upload refused");
            return Err(UploadError::Refused(code));
        }
        record.info.size = size;
        record.info.kind = AttachmentKind::sniff(&head).unwrap_or(record.info.kind);
        record.info.name = record.info.kind.file_name(&record.info.name);
        record.ready = true;
        let version = item.version;
        item.version += 1;
        item.body = crate::store::body(&record);
        match self.store.put(item, Cond::Version(version)).await {
            // A parallel completion of the same upload won: same result.
            Ok(()) | Err(StoreError::ConditionFailed { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        tracing::info!(attachment = %id, size, kind = ?record.info.kind, "attachment uploaded");
        Ok(record.info)
    }

    /// A claimed file: its details and the ticket that owns it. Unknown and unclaimed ids
    /// are `None`.
    pub async fn claimed(&self, id: &str) -> Result<Option<(AttachmentInfo, String)>, UploadError> {
        Ok(self
            .known(id)
            .await?
            .and_then(|r| r.claimed_by.map(|ticket| (r.info, ticket))))
    }

    /// The record of an upload, if there is one.
    async fn known(&self, id: &str) -> Result<Option<AttachmentRecord>, UploadError> {
        match self.record(id).await {
            Ok((_, record)) => Ok(Some(record)),
            Err(UploadError::Unknown) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The bytes of a file, or where to fetch them; the caller checked who may.
    pub async fn download(
        &self,
        info: &AttachmentInfo,
    ) -> Result<crate::blobs::Download, UploadError> {
        Ok(self
            .blobs
            // Names are fixed at completion; this also covers files stored before that.
            .download(&info.id, &info.kind.file_name(&info.name), info.kind.mime())
            .await?)
    }

    /// The writes that hand these uploads to `ticket`, or a field error if any of them is
    /// unknown, expired or already someone else's.
    pub async fn claim(
        &self,
        ids: &[String],
        ticket: &str,
        field: &str,
    ) -> Result<Result<(Vec<AttachmentInfo>, Vec<Write>), FieldError>, StoreError> {
        self.hand(ids, field, |r| {
            let free = r.claimed_by.is_none();
            if free {
                r.claimed_by = Some(ticket.to_owned());
            }
            free
        })
        .await
    }

    /// The writes that put these uploads in chat `chat`, or a field error if any of them
    /// is unknown, expired, a request's or another message's.
    pub async fn attach_to_chat(
        &self,
        ids: &[String],
        chat: &str,
        field: &str,
    ) -> Result<Result<(Vec<AttachmentInfo>, Vec<Write>), FieldError>, StoreError> {
        self.hand(ids, field, |r| {
            let free = r.claimed_by.is_none() && r.chat.is_none();
            if free {
                r.chat = Some(chat.to_owned());
            }
            free
        })
        .await
    }

    /// A file sent in a chat: its details and the chat's id. Others are `None`.
    pub async fn in_chat(&self, id: &str) -> Result<Option<(AttachmentInfo, String)>, UploadError> {
        Ok(self
            .known(id)
            .await?
            .and_then(|r| r.chat.map(|chat| (r.info, chat))))
    }

    /// Ready uploads given by `give` (false: not theirs to give), as version-conditioned
    /// writes that keep them for good.
    async fn hand(
        &self,
        ids: &[String],
        field: &str,
        mut give: impl FnMut(&mut AttachmentRecord) -> bool,
    ) -> Result<Result<(Vec<AttachmentInfo>, Vec<Write>), FieldError>, StoreError> {
        let mut infos = Vec::new();
        let mut writes = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            if ids[..i].contains(id) {
                continue;
            }
            let unknown = FieldError::new(field, FieldCode::AttachmentUnknown);
            let Some(mut item) = self.store.get(&pk(id), "META").await? else {
                return Ok(Err(unknown));
            };
            let mut record: AttachmentRecord = item.decode()?;
            if !record.ready || !give(&mut record) {
                return Ok(Err(unknown));
            }
            infos.push(record.info.clone());
            let version = item.version;
            item.version += 1;
            item.expires_at = None;
            item.body = crate::store::body(&record);
            writes.push(Write::put(item, Cond::Version(version)));
        }
        Ok(Ok((infos, writes)))
    }
}

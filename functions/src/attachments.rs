//! Uploaded files: checked by content, kept unclaimed for a day, then claimed by exactly
//! one request (in the same transaction that writes the request or the message).

use std::sync::Arc;

use helpdesk_shared::api::AttachmentInfo;
use helpdesk_shared::attachment::{AttachmentKind, MAX_BYTES};
use helpdesk_shared::validate::FileName;
use helpdesk_shared::{FieldCode, FieldError};
use serde::{Deserialize, Serialize};

use crate::blobs::BlobStore;
use crate::clock::Clock;
use crate::ids::new_id;
use crate::store::{Cond, Item, KvStore, StoreError, Write};

/// How long an upload waits for the request that uses it.
const UNCLAIMED_TTL_SECS: i64 = 24 * 3600;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AttachmentRecord {
    info: AttachmentInfo,
    /// The ticket that owns the file, once claimed.
    claimed_by: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("file refused: {0:?}")]
    Refused(FieldCode),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("blob store: {0}")]
    Blob(#[from] std::io::Error),
}

fn pk(id: &str) -> String {
    format!("A#{id}")
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

    pub async fn upload(&self, name: &str, bytes: &[u8]) -> Result<AttachmentInfo, UploadError> {
        if bytes.is_empty() {
            return Err(UploadError::Refused(FieldCode::AttachmentEmpty));
        }
        if bytes.len() as u64 > MAX_BYTES {
            return Err(UploadError::Refused(FieldCode::AttachmentTooLarge));
        }
        let kind =
            AttachmentKind::sniff(bytes).ok_or(UploadError::Refused(FieldCode::AttachmentType))?;
        let info = AttachmentInfo {
            id: new_id(),
            name: FileName::sanitize(name).as_str().to_owned(),
            size: bytes.len() as u64,
            kind,
        };
        // Bytes first: a record never points at a file that is not there.
        self.blobs.put(&info.id, bytes).await?;
        let record = AttachmentRecord {
            info: info.clone(),
            claimed_by: None,
        };
        let mut item = Item::new(
            pk(&info.id),
            "META",
            serde_json::to_value(&record).unwrap_or_default(),
        );
        item.expires_at = Some(self.clock.now().unix_timestamp() + UNCLAIMED_TTL_SECS);
        self.store.put(item, Cond::Absent).await?;
        tracing::info!(attachment = %info.id, size = info.size, kind = ?info.kind, "attachment uploaded");
        Ok(info)
    }

    /// The writes that hand these uploads to `ticket`, or a field error if any of them is
    /// unknown, expired or already someone else's.
    pub async fn claim(
        &self,
        ids: &[String],
        ticket: &str,
        field: &str,
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
            if record.claimed_by.is_some() {
                return Ok(Err(unknown));
            }
            record.claimed_by = Some(ticket.to_owned());
            infos.push(record.info.clone());
            let version = item.version;
            item.version += 1;
            item.expires_at = None;
            item.body = serde_json::to_value(&record).unwrap_or_default();
            writes.push(Write::put(item, Cond::Version(version)));
        }
        Ok(Ok((infos, writes)))
    }
}

//! File contents (attachments). Local: files under the data directory, uploaded to the
//! server itself; cloud: a private S3 bucket, uploaded by the browser to a presigned URL.
//! Either way the client gets an `UploadTarget` and sends one PUT.

use std::collections::BTreeMap;
use std::path::PathBuf;

use async_trait::async_trait;

/// How long an upload URL stays valid.
pub const UPLOAD_URL_SECS: u64 = 15 * 60;

/// Where and how a client sends the bytes of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignedPut {
    pub url: String,
    /// Headers the PUT must carry exactly (they are part of the signature).
    pub headers: BTreeMap<String, String>,
}

/// How staff receive a stored file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Download {
    /// Fetch it from here (a presigned S3 GET, valid for `DOWNLOAD_URL_SECS`).
    Redirect(String),
    /// The bytes themselves (the local store).
    Bytes(Vec<u8>),
}

/// How long a download URL stays valid: enough to start it, not to pass it around.
pub const DOWNLOAD_URL_SECS: u64 = 60;

#[async_trait]
pub trait BlobStore: Send + Sync + 'static {
    /// Stores the bytes durably under `id` (a hex id made by us, never by a client).
    async fn put(&self, id: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// A one-PUT upload of exactly `size` bytes of type `mime` under `id`.
    async fn presign_put(&self, id: &str, size: u64, mime: &str) -> std::io::Result<PresignedPut>;

    /// The stored size and the first `n` bytes, or `None` if nothing is stored.
    async fn head(&self, id: &str, n: usize) -> std::io::Result<Option<(u64, Vec<u8>)>>;

    async fn delete(&self, id: &str) -> std::io::Result<()>;

    /// The file for download as `name` (sent as an attachment, never rendered inline).
    async fn download(&self, id: &str, name: &str, mime: &str) -> std::io::Result<Download>;
}

/// `Content-Disposition` for a download: an ASCII fallback and the UTF-8 name (RFC 6266).
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

pub struct FsBlobs {
    dir: PathBuf,
}

impl FsBlobs {
    pub fn new(dir: PathBuf) -> std::io::Result<FsBlobs> {
        std::fs::create_dir_all(&dir)?;
        Ok(FsBlobs { dir })
    }

    fn path(&self, id: &str) -> std::io::Result<PathBuf> {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "bad blob id",
            ));
        }
        Ok(self.dir.join(id))
    }
}

#[async_trait]
impl BlobStore for FsBlobs {
    async fn put(&self, id: &str, bytes: &[u8]) -> std::io::Result<()> {
        use tokio::io::AsyncWriteExt;
        let path = self.path(id)?;
        let tmp = path.with_extension("part");
        let mut f = tokio::fs::File::create(&tmp).await?;
        f.write_all(bytes).await?;
        f.sync_all().await?;
        tokio::fs::rename(&tmp, &path).await
    }

    /// The local server receives the PUT itself (`PUT /attachments/{id}/content`).
    async fn presign_put(&self, id: &str, _size: u64, mime: &str) -> std::io::Result<PresignedPut> {
        self.path(id)?;
        Ok(PresignedPut {
            url: format!("{}/attachments/{id}/content", helpdesk_shared::api::PREFIX),
            headers: BTreeMap::from([("content-type".to_owned(), mime.to_owned())]),
        })
    }

    async fn head(&self, id: &str, n: usize) -> std::io::Result<Option<(u64, Vec<u8>)>> {
        use tokio::io::AsyncReadExt;
        let f = match tokio::fs::File::open(self.path(id)?).await {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let size = f.metadata().await?.len();
        let mut head = Vec::with_capacity(n);
        f.take(n as u64).read_to_end(&mut head).await?;
        Ok(Some((size, head)))
    }

    async fn delete(&self, id: &str) -> std::io::Result<()> {
        match tokio::fs::remove_file(self.path(id)?).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Files are at most 5 MB: read whole.
    async fn download(&self, id: &str, _name: &str, _mime: &str) -> std::io::Result<Download> {
        tokio::fs::read(self.path(id)?).await.map(Download::Bytes)
    }
}

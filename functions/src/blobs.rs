//! File contents (attachments). Local: files under the data directory; cloud: S3.

use std::path::PathBuf;

use async_trait::async_trait;

#[async_trait]
pub trait BlobStore: Send + Sync + 'static {
    /// Stores the bytes durably under `id` (a hex id made by us, never by a client).
    async fn put(&self, id: &str, bytes: &[u8]) -> std::io::Result<()>;
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
}

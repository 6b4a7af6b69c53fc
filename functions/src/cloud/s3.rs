//! Attachment bytes in a private S3 bucket (encrypted by the bucket's default key; the
//! template sets it). Browsers upload straight to S3 with a presigned PUT whose
//! signature covers the content type and length, so S3 itself refuses any other size;
//! the function then reads the first bytes to judge the content.

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::error::{DisplayErrorContext, SdkError};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;

use crate::blobs::{
    BlobStore, DOWNLOAD_URL_SECS, Download, PresignedPut, UPLOAD_URL_SECS, content_disposition,
};

pub struct S3Blobs {
    client: Client,
    bucket: String,
}

impl S3Blobs {
    pub fn new(client: Client, bucket: impl Into<String>) -> S3Blobs {
        S3Blobs {
            client,
            bucket: bucket.into(),
        }
    }

    fn key(id: &str) -> String {
        format!("attachments/{id}")
    }
}

fn io<E: std::error::Error + Send + Sync + 'static>(e: SdkError<E>) -> std::io::Error {
    std::io::Error::other(DisplayErrorContext(e).to_string())
}

#[async_trait]
impl BlobStore for S3Blobs {
    async fn put(&self, id: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(Self::key(id))
            .body(ByteStream::from(bytes.to_vec()))
            .send()
            .await
            .map(|_| ())
            .map_err(io)
    }

    async fn presign_put(&self, id: &str, size: u64, mime: &str) -> std::io::Result<PresignedPut> {
        let config = PresigningConfig::expires_in(Duration::from_secs(UPLOAD_URL_SECS))
            .map_err(std::io::Error::other)?;
        let presigned = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(Self::key(id))
            .content_type(mime)
            .content_length(i64::try_from(size).map_err(std::io::Error::other)?)
            .presigned(config)
            .await
            .map_err(io)?;
        // Browsers set Host and Content-Length themselves (and refuse to be told).
        let headers = presigned
            .headers()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("content-length"))
            .filter(|(name, _)| !name.eq_ignore_ascii_case("host"))
            .map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned()))
            .collect::<BTreeMap<_, _>>();
        Ok(PresignedPut {
            url: presigned.uri().to_owned(),
            headers,
        })
    }

    async fn head(&self, id: &str, n: usize) -> std::io::Result<Option<(u64, Vec<u8>)>> {
        let got = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(Self::key(id))
            .range(format!("bytes=0-{}", n.saturating_sub(1)))
            .send()
            .await;
        let out = match got {
            Ok(out) => out,
            Err(e) if e.as_service_error().is_some_and(|e| e.is_no_such_key()) => return Ok(None),
            // An empty object has no byte 0: the range is unsatisfiable.
            Err(SdkError::ServiceError(e)) if e.raw().status().as_u16() == 416 => {
                return Ok(Some((0, Vec::new())));
            }
            Err(e) => return Err(io(e)),
        };
        // "bytes 0-15/12345": the total size follows the slash.
        let total = out
            .content_range()
            .and_then(|r| r.rsplit('/').next())
            .and_then(|t| t.parse().ok())
            .or_else(|| out.content_length().and_then(|l| u64::try_from(l).ok()))
            .unwrap_or(0);
        let bytes = out
            .body
            .collect()
            .await
            .map_err(std::io::Error::other)?
            .into_bytes();
        Ok(Some((total, bytes.iter().take(n).copied().collect())))
    }

    async fn delete(&self, id: &str) -> std::io::Result<()> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(Self::key(id))
            .send()
            .await
            .map(|_| ())
            .map_err(io)
    }

    /// A presigned GET that makes S3 answer as an attachment with the checked type.
    async fn download(&self, id: &str, name: &str, mime: &str) -> std::io::Result<Download> {
        let config = PresigningConfig::expires_in(Duration::from_secs(DOWNLOAD_URL_SECS))
            .map_err(std::io::Error::other)?;
        let presigned = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(Self::key(id))
            .response_content_type(mime)
            .response_content_disposition(content_disposition(name))
            .presigned(config)
            .await
            .map_err(io)?;
        Ok(Download::Redirect(presigned.uri().to_owned()))
    }
}

//! Attachment bytes in a private S3 bucket (server-side encrypted by the bucket's
//! default; the template sets it).

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::error::DisplayErrorContext;
use aws_sdk_s3::primitives::ByteStream;

use crate::blobs::BlobStore;

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
}

#[async_trait]
impl BlobStore for S3Blobs {
    async fn put(&self, id: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(format!("attachments/{id}"))
            .body(ByteStream::from(bytes.to_vec()))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| std::io::Error::other(DisplayErrorContext(e).to_string()))
    }
}

//! The cloud half: AWS adapters (DynamoDB store, SNS bus, SMS/e-mail senders, S3 blobs),
//! their configuration from the environment, and the Lambda entry points' plumbing.
//! Compiled with the `aws` feature only.
//!
//! SDK clients are built once per process (a Lambda cold start) from one `SdkConfig`,
//! which reads the region, credentials and `AWS_ENDPOINT_URL` from the environment.

pub mod handlers;
pub mod lambda;
#[cfg(feature = "redrive")]
pub mod redrive;
mod s3;
mod sns;
pub mod socket;

use std::sync::Arc;

use helpdesk_shared::Lang;

pub use s3::S3Blobs;
pub use sns::{AwsSender, SnsBus};

use crate::events::EventBus;
use crate::http::AppState;
use crate::ratelimit::Limits;
use crate::store::{DynamoStore, KvStore};

/// Where the cloud resources are. Every name comes from the environment (the template
/// sets them on each function).
#[derive(Debug, Clone)]
pub struct CloudConfig {
    /// HELPDESK_TABLE: the DynamoDB table.
    pub table: String,
    /// HELPDESK_EVENTS_TOPIC: the SNS topic ARN of domain events.
    pub events_topic: String,
    /// HELPDESK_ATTACHMENTS_BUCKET: the private S3 bucket of uploaded files.
    pub attachments_bucket: String,
    /// HELPDESK_EMAIL_FROM: the SES-verified sender of e-mail notifications.
    pub email_from: String,
    /// HELPDESK_ORIGIN_SECRET: the secret CloudFront adds to the requests it forwards
    /// (`X-Origin-Verify`); with it, the viewer's address CloudFront reports is believed.
    /// Unset: every caller is counted by the address API Gateway sees.
    pub origin_secret: Option<String>,
    /// HELPDESK_CHAT_SOCKET_URL: the chat's WebSocket API management endpoint
    /// (`https://<api>.execute-api.<region>.amazonaws.com/<stage>`). Unset: nothing is
    /// pushed and the chat's pages read every five seconds.
    pub chat_socket_url: Option<String>,
    /// HELPDESK_SES_CONFIGURATION_SET: the SES configuration set e-mails are sent with,
    /// whose events (delivered, bounced, complained) come back as delivery reports.
    /// Unset: none, and e-mails get no reports.
    pub ses_configuration_set: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0} is not set: the cloud configuration needs it (see README, Configuration)")]
pub struct MissingVariable(pub &'static str);

impl CloudConfig {
    pub fn from_env() -> Result<CloudConfig, MissingVariable> {
        let var = |name: &'static str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .ok_or(MissingVariable(name))
        };
        Ok(CloudConfig {
            table: var("HELPDESK_TABLE")?,
            events_topic: var("HELPDESK_EVENTS_TOPIC")?,
            attachments_bucket: var("HELPDESK_ATTACHMENTS_BUCKET")?,
            email_from: var("HELPDESK_EMAIL_FROM")?,
            origin_secret: var("HELPDESK_ORIGIN_SECRET").ok(),
            chat_socket_url: var("HELPDESK_CHAT_SOCKET_URL").ok(),
            ses_configuration_set: var("HELPDESK_SES_CONFIGURATION_SET").ok(),
        })
    }
}

/// The adapters, connected.
#[derive(Clone)]
pub struct Cloud {
    pub config: CloudConfig,
    pub sdk: aws_config::SdkConfig,
    pub store: Arc<dyn KvStore>,
    pub bus: Arc<dyn EventBus>,
}

impl Cloud {
    pub async fn connect(config: CloudConfig) -> Cloud {
        let sdk = aws_config::load_from_env().await;
        let store = Arc::new(DynamoStore::new(
            aws_sdk_dynamodb::Client::new(&sdk),
            &config.table,
        ));
        let bus = Arc::new(SnsBus::new(
            aws_sdk_sns::Client::new(&sdk),
            &config.events_topic,
        ));
        Cloud {
            config,
            sdk,
            store,
            bus,
        }
    }

    /// What the HTTP handlers need, over the cloud adapters. Rate limits count per
    /// process (per warm Lambda instance); API Gateway throttling bounds the total.
    pub fn app_state(&self, limits: Limits, default_language: Lang) -> AppState {
        self.app_state_on(
            limits,
            default_language,
            Arc::new(crate::clock::SystemClock),
        )
    }

    /// As `app_state`, on `clock` (tests move time forward).
    pub fn app_state_on(
        &self,
        limits: Limits,
        default_language: Lang,
        clock: Arc<dyn crate::clock::Clock>,
    ) -> AppState {
        let blobs = Arc::new(S3Blobs::new(
            s3_client(&self.sdk),
            &self.config.attachments_bucket,
        ));
        // Behind API Gateway the peer is the gateway; the client address comes from the
        // request context (see `lambda::from_gateway`), or from CloudFront's viewer
        // address on requests that carry the origin secret.
        let mut state = AppState::over_with_clock(
            self.store.clone(),
            self.bus.clone(),
            blobs,
            limits,
            default_language,
            clock,
        );
        match crate::auth::Requirement::from_env()
            .and_then(|r| Ok((r, crate::auth::sealer_from_env(None)?)))
        {
            Ok((requirement, sealer)) => state = state.with_second_factor(requirement, sealer),
            // A configuration error fails sign-in loudly rather than letting staff in
            // without the second factor: the default requirement stays, with a key that
            // opens nothing sealed before.
            Err(e) => tracing::error!(error = %e, "second factor misconfigured"),
        }
        match &self.config.origin_secret {
            Some(secret) => {
                state.proxy = crate::http::Proxy::CloudFront {
                    secret: secret.clone(),
                }
            }
            None => tracing::warn!(
                "HELPDESK_ORIGIN_SECRET is not set: rate limits count CloudFront's edge addresses, not citizens'"
            ),
        }
        state
    }

    /// The chat's push through the WebSocket API, if one is configured.
    pub fn chat_push(&self) -> Option<Arc<socket::CloudPush>> {
        let url = self.config.chat_socket_url.as_deref()?;
        Some(Arc::new(socket::CloudPush::new(
            &self.sdk,
            Some(url),
            self.store.clone(),
        )))
    }

    /// The sender of the notification fan-out: SMS through SNS, e-mail through SES (with
    /// the configuration set whose events report deliveries).
    pub fn sender(&self) -> AwsSender {
        AwsSender::new(
            aws_sdk_sns::Client::new(&self.sdk),
            aws_sdk_sesv2::Client::new(&self.sdk),
            &self.config.email_from,
        )
        .with_configuration_set(self.config.ses_configuration_set.clone())
    }
}

/// S3 addressed by path when a custom endpoint is set (S3-compatible test servers have
/// no per-bucket host names); by virtual host on AWS.
fn s3_client(sdk: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    let conf = aws_sdk_s3::config::Builder::from(sdk)
        .force_path_style(sdk.endpoint_url().is_some())
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

#[cfg(test)]
pub(crate) mod test_support;

//! Cloud resources for one test app in the moto server: a table, the events topic with
//! a fan-out queue subscribed to it, the attachments bucket and a verified sender.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use helpdesk_functions::cloud::{AwsSender, CloudConfig, lambda};
use helpdesk_functions::notify::{SendError, Sender};
use helpdesk_functions::store::{DynamoStore, KvStore};
use helpdesk_shared::api::OutboxMessage;
use serde_json::{Value, json};

pub struct AwsEnv {
    pub config: CloudConfig,
    pub sdk: aws_config::SdkConfig,
    pub queue_url: String,
    sent: Arc<Mutex<Vec<OutboxMessage>>>,
}

pub fn endpoint() -> String {
    std::env::var("AWS_ENDPOINT_URL").expect(
        "AWS_ENDPOINT_URL is not set: these tests need the moto server that scripts/test.sh \
         starts (or run scripts/moto.sh and export what it prints)",
    )
}

impl AwsEnv {
    pub async fn provision() -> AwsEnv {
        endpoint();
        let sdk = aws_config::load_from_env().await;
        let id = &helpdesk_functions::ids::new_id()[..12];
        let table = format!("helpdesk-{id}");
        DynamoStore::new(aws_sdk_dynamodb::Client::new(&sdk), &table)
            .create_table()
            .await
            .expect("create table");
        let sns = aws_sdk_sns::Client::new(&sdk);
        let topic = sns
            .create_topic()
            .name(format!("events-{id}"))
            .send()
            .await
            .expect("topic")
            .topic_arn
            .expect("topic arn");
        let sqs = aws_sdk_sqs::Client::new(&sdk);
        let queue_url = sqs
            .create_queue()
            .queue_name(format!("fanout-{id}"))
            .send()
            .await
            .expect("queue")
            .queue_url
            .expect("queue url");
        let queue_arn = sqs
            .get_queue_attributes()
            .queue_url(&queue_url)
            .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
            .send()
            .await
            .expect("queue attributes")
            .attributes
            .and_then(|a| {
                a.get(&aws_sdk_sqs::types::QueueAttributeName::QueueArn)
                    .cloned()
            })
            .expect("queue arn");
        sns.subscribe()
            .topic_arn(&topic)
            .protocol("sqs")
            .endpoint(&queue_arn)
            .attributes("RawMessageDelivery", "true")
            // The template's filter, so the events it lets through are the ones tested.
            .attributes(
                "FilterPolicy",
                super::template::Template::load().fanout_filter_json(),
            )
            .send()
            .await
            .expect("subscribe");
        let bucket = format!("attachments-{id}");
        aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&sdk)
                .force_path_style(true)
                .build(),
        )
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("bucket");
        let from = format!("noreply-{id}@example.org");
        aws_sdk_sesv2::Client::new(&sdk)
            .create_email_identity()
            .email_identity(&from)
            .send()
            .await
            .expect("ses identity");
        AwsEnv {
            config: CloudConfig {
                table,
                events_topic: topic,
                attachments_bucket: bucket,
                email_from: from,
                origin_secret: None,
                chat_socket_url: None,
                ses_configuration_set: None,
            },
            sdk,
            queue_url,
            sent: Arc::default(),
        }
    }

    /// Does what the fan-out function does with what reached its queue, then returns
    /// every message sent so far, newest first, each checked to have reached moto's
    /// SNS (SMS) or SES (e-mail).
    pub async fn fan_out_and_collect(
        &self,
        store: &dyn KvStore,
        now: time::OffsetDateTime,
    ) -> Vec<Value> {
        let sqs = aws_sdk_sqs::Client::new(&self.sdk);
        let sender = self.sender();
        loop {
            let received = sqs
                .receive_message()
                .queue_url(&self.queue_url)
                .max_number_of_messages(10)
                .send()
                .await
                .expect("receive");
            let messages = received.messages.unwrap_or_default();
            if messages.is_empty() {
                break;
            }
            let records: Vec<Value> = messages
                .iter()
                .map(|m| json!({ "messageId": m.message_id, "body": m.body }))
                .collect();
            let batch = serde_json::from_value(json!({ "Records": records })).expect("sqs event");
            let response = lambda::fan_out_at(store, &sender, batch, now).await;
            assert!(
                response.batch_item_failures.is_empty(),
                "fan-out failed: {response:?}"
            );
            for m in messages {
                sqs.delete_message()
                    .queue_url(&self.queue_url)
                    .receipt_handle(m.receipt_handle.unwrap_or_default())
                    .send()
                    .await
                    .expect("delete");
            }
        }
        let moto = moto_sent().await;
        let sent = self.sent.lock().expect("lock").clone();
        for msg in &sent {
            let delivered = match msg.channel.as_str() {
                "sms" => moto["sns"]["SMS"].as_array().is_some_and(|all| {
                    all.iter().any(|s| {
                        s["phone_number"] == msg.to.as_str() && s["message"] == msg.body.as_str()
                    })
                }),
                _ => moto["ses"]["Message"].as_array().is_some_and(|all| {
                    all.iter().any(|m| {
                        m["source"] == self.config.email_from.as_str()
                            && m["destinations"]["ToAddresses"][0] == msg.to.as_str()
                            && m["subject"] == msg.subject.as_str()
                            // moto keeps the HTML part where there is one.
                            && m["body"] == msg.html.as_deref().unwrap_or(&msg.body)
                    })
                }),
            };
            assert!(delivered, "not found in moto: {msg:?}");
        }
        sent.iter()
            .rev()
            .map(|m| serde_json::to_value(m).expect("json"))
            .collect()
    }
}

impl AwsEnv {
    /// The real sender, noting what it sends for `fan_out_and_collect` to show.
    pub fn sender(&self) -> Recording {
        Recording {
            inner: AwsSender::new(
                aws_sdk_sns::Client::new(&self.sdk),
                aws_sdk_sesv2::Client::new(&self.sdk),
                &self.config.email_from,
            ),
            sent: self.sent.clone(),
        }
    }
}

/// The real sender, noting what it sent for this test app.
pub struct Recording {
    inner: AwsSender,
    sent: Arc<Mutex<Vec<OutboxMessage>>>,
}

#[async_trait]
impl Sender for Recording {
    async fn send(&self, msg: &OutboxMessage) -> Result<(), SendError> {
        self.send_tracked(msg).await.map(|_| ())
    }

    async fn send_tracked(&self, msg: &OutboxMessage) -> Result<Option<String>, SendError> {
        let id = self.inner.send_tracked(msg).await?;
        self.sent.lock().expect("lock").push(msg.clone());
        Ok(id)
    }
}

/// The SMS and e-mail moto has sent, in the shape of its `/moto-api/data.json` but only
/// those two lists (`scripts/moto-serial.py` answers it: the whole dump cost more with each
/// test). It walks live objects, so a test mutating state at the same moment can make one
/// read fail with a 500; a retry gets a consistent one.
async fn moto_sent() -> Value {
    let mut last = String::new();
    for _ in 0..10 {
        let resp = reqwest::get(format!("{}/helpdesk-test/sent.json", endpoint()))
            .await
            .expect("moto data");
        let status = resp.status();
        let text = resp.text().await.expect("moto data body");
        match serde_json::from_str(&text) {
            Ok(v) if status.is_success() => return v,
            _ => last = format!("{status}: {}", &text[..text.len().min(200)]),
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("moto's state could not be read: {last}");
}

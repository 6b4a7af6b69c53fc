//! SNS: the event bus (a topic the fan-out queue subscribes to) and the SMS half of the
//! notification sender; SES sends the e-mail half.

use async_trait::async_trait;
use aws_sdk_sns::types::MessageAttributeValue;
use helpdesk_shared::api::OutboxMessage;

use crate::events::{BusError, DomainEvent, EventBus};
use crate::notify::{SendError, Sender};

fn attribute(value: &str) -> Result<MessageAttributeValue, String> {
    MessageAttributeValue::builder()
        .data_type("String")
        .string_value(value)
        .build()
        .map_err(|e| e.to_string())
}

/// Publishes domain events to the events topic. The message is the event as JSON; its
/// attributes (type, request, event id) let subscriptions filter and consumers dedupe.
pub struct SnsBus {
    client: aws_sdk_sns::Client,
    topic_arn: String,
}

impl SnsBus {
    pub fn new(client: aws_sdk_sns::Client, topic_arn: impl Into<String>) -> SnsBus {
        SnsBus {
            client,
            topic_arn: topic_arn.into(),
        }
    }
}

#[async_trait]
impl EventBus for SnsBus {
    async fn publish(&self, event: &DomainEvent) -> Result<(), BusError> {
        let message =
            serde_json::to_string(event).map_err(|e| BusError::Unavailable(e.to_string()))?;
        let attrs = [
            ("event_type", event.kind.name()),
            ("event_id", event.id.as_str()),
            ("ticket", event.ticket.as_str()),
        ];
        let mut req = self
            .client
            .publish()
            .topic_arn(&self.topic_arn)
            .message(message);
        // SNS refuses empty attribute values; a sign-in code is about no request.
        for (name, value) in attrs.into_iter().filter(|(_, v)| !v.is_empty()) {
            req = req.message_attributes(name, attribute(value).map_err(BusError::Unavailable)?);
        }
        req.send().await.map(|_| ()).map_err(|e| {
            BusError::Unavailable(aws_sdk_sns::error::DisplayErrorContext(e).to_string())
        })
    }
}

/// Sends rendered notifications: SMS by SNS direct publish (transactional: delivered
/// even to numbers that opted out of promotions), e-mail by SES.
pub struct AwsSender {
    sns: aws_sdk_sns::Client,
    ses: aws_sdk_sesv2::Client,
    from: String,
    configuration_set: Option<String>,
}

impl AwsSender {
    pub fn new(sns: aws_sdk_sns::Client, ses: aws_sdk_sesv2::Client, from: &str) -> AwsSender {
        AwsSender {
            sns,
            ses,
            from: from.to_owned(),
            configuration_set: None,
        }
    }

    /// E-mails sent with this SES configuration set (its events are the delivery
    /// reports).
    pub fn with_configuration_set(mut self, name: Option<String>) -> AwsSender {
        self.configuration_set = name;
        self
    }

    async fn sms(&self, msg: &OutboxMessage) -> Result<Option<String>, SendError> {
        self.sns
            .publish()
            .phone_number(&msg.to)
            .message(&msg.body)
            .message_attributes(
                "AWS.SNS.SMS.SMSType",
                attribute("Transactional").map_err(SendError::Failed)?,
            )
            .send()
            .await
            .map(|out| out.message_id)
            .map_err(|e| SendError::Failed(aws_sdk_sns::error::DisplayErrorContext(e).to_string()))
    }

    async fn email(&self, msg: &OutboxMessage) -> Result<Option<String>, SendError> {
        use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
        let text = |s: &str| {
            Content::builder()
                .data(s)
                .charset("UTF-8")
                .build()
                .map_err(|e| SendError::Failed(e.to_string()))
        };
        let message = Message::builder()
            .subject(text(&msg.subject)?)
            .body(match &msg.html {
                Some(html) => Body::builder()
                    .text(text(&msg.body)?)
                    .html(text(html)?)
                    .build(),
                None => Body::builder().text(text(&msg.body)?).build(),
            })
            .build();
        self.ses
            .send_email()
            .from_email_address(&self.from)
            .destination(Destination::builder().to_addresses(&msg.to).build())
            .content(EmailContent::builder().simple(message).build())
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await
            .map(|out| out.message_id)
            .map_err(|e| {
                SendError::Failed(aws_sdk_sesv2::error::DisplayErrorContext(e).to_string())
            })
    }
}

#[async_trait]
impl Sender for AwsSender {
    async fn send(&self, msg: &OutboxMessage) -> Result<(), SendError> {
        self.send_tracked(msg).await.map(|_| ())
    }

    /// SNS's and SES's message ids, which their delivery reports carry.
    async fn send_tracked(&self, msg: &OutboxMessage) -> Result<Option<String>, SendError> {
        match msg.channel.as_str() {
            "sms" => self.sms(msg).await,
            "email" => self.email(msg).await,
            other => Err(SendError::Failed(format!("unknown channel {other}"))),
        }
    }
}

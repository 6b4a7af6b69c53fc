//! Redrive of the fan-out's dead-letter queue (`helpdesk-admin redrive`): events whose
//! notifications failed five receives (a provider or the store down for longer than
//! the retries) go back to the fan-out queue once the cause is fixed. Each message is
//! sent to the queue, then deleted from the DLQ: a crash in between leaves it in both,
//! and the fan-out's delivery is idempotent per event, channel and recipient, so
//! nothing goes out twice and nothing is lost. Only the feature `redrive` (the admin
//! tool) compiles it; the Lambda functions do not carry the SQS client.

use aws_sdk_sqs::Client;
use aws_sdk_sqs::types::{MessageAttributeValue, MessageSystemAttributeName};

/// What one redrive did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Redriven {
    /// Messages put back on the fan-out queue.
    pub moved: usize,
    /// Event types seen, with how many of each (for the operator's report).
    pub by_type: std::collections::BTreeMap<String, usize>,
}

/// An SQS call's failure, saying which step it was.
fn failed<E: std::error::Error>(step: &'static str) -> impl FnOnce(E) -> String {
    move |e| format!("{step}: {}", aws_sdk_sqs::error::DisplayErrorContext(e))
}

/// How many messages wait in the DLQ (SQS's approximate count).
pub async fn waiting(sqs: &Client, dlq: &str) -> Result<usize, String> {
    let name = aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessages;
    let answer = sqs
        .get_queue_attributes()
        .queue_url(dlq)
        .attribute_names(name.clone())
        .send()
        .await
        .map_err(failed("reading the DLQ"))?;
    Ok(answer
        .attributes
        .and_then(|a| a.get(&name).and_then(|n| n.parse().ok()))
        .unwrap_or(0))
}

/// Moves up to `limit` messages from `dlq` back to `queue`.
pub async fn redrive(
    sqs: &Client,
    dlq: &str,
    queue: &str,
    limit: usize,
) -> Result<Redriven, String> {
    let mut done = Redriven::default();
    let mut seen = std::collections::HashSet::new();
    while done.moved < limit {
        let batch = sqs
            .receive_message()
            .queue_url(dlq)
            .max_number_of_messages(10.min((limit - done.moved) as i32).max(1))
            .message_attribute_names("All")
            .message_system_attribute_names(MessageSystemAttributeName::All)
            .visibility_timeout(30)
            .wait_time_seconds(0)
            .send()
            .await
            .map_err(failed("reading the DLQ"))?;
        let messages = batch.messages.unwrap_or_default();
        if messages.is_empty() {
            break;
        }
        let mut fresh = 0;
        for m in messages {
            let id = m.message_id.clone().unwrap_or_default();
            // A message whose deletion failed comes back after 30 s: once is enough.
            if !seen.insert(id) {
                continue;
            }
            fresh += 1;
            let body = m.body.clone().unwrap_or_default();
            let attributes = m.message_attributes.clone().unwrap_or_default();
            let kind = attributes
                .get("event_type")
                .and_then(MessageAttributeValue::string_value)
                .unwrap_or("unknown")
                .to_owned();
            *done.by_type.entry(kind).or_default() += 1;
            done.moved += 1;
            sqs.send_message()
                .queue_url(queue)
                .message_body(body)
                .set_message_attributes((!attributes.is_empty()).then_some(attributes))
                .send()
                .await
                .map_err(failed("sending back"))?;
            if let Some(handle) = m.receipt_handle {
                sqs.delete_message()
                    .queue_url(dlq)
                    .receipt_handle(handle)
                    .send()
                    .await
                    .map_err(failed("deleting from the DLQ"))?;
            }
        }
        if fresh == 0 {
            break;
        }
    }
    Ok(done)
}

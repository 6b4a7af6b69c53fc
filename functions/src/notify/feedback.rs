//! What the providers report after a message left: SES's event publishing (an e-mail
//! delivered, bounced, complained of) and SNS's SMS delivery status logs (delivered or
//! not, with the carrier's answer). Each report finds its delivery log line by the
//! provider's message id (GSI1 `PMSG#<id>`, written with the line) and sets its state:
//! delivered, or failed with the reason. An address that bounced for good, or whose
//! owner marked the mail as spam, is marked (`NOMAIL#<hash>`, a year), and no e-mail
//! goes there again until then — the log says why (`ERROR_BOUNCED`).
//!
//! Still to come (issue 17): the Lambda function and the template's wiring that feed
//! these reports in AWS (an SES configuration set publishing to an SNS topic; the SMS
//! delivery status log groups' subscription). Until then they are applied by the tests.

use helpdesk_shared::notice::{Delivery, DeliveryState};
use serde_json::Value;
use time::OffsetDateTime;

use super::held::redacted;
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError};

/// How long a bounced address stays refused.
const NOMAIL_SECS: i64 = 365 * 86_400;

pub(super) fn provider_pk(id: &str) -> String {
    format!("PMSG#{id}")
}

fn nomail_pk(address: &str) -> String {
    let hash = crate::ids::sha256_hex(&[address.trim().to_lowercase().as_bytes()]);
    format!("NOMAIL#{}", &hash[..32])
}

/// What a provider said about one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Not delivered: the reason as the log shows it (addresses masked). `for_good`:
    /// the address will never take mail (a permanent bounce, a complaint).
    Failed {
        reason: String,
        for_good: bool,
    },
}

/// One report: the provider's message id, the outcome, the address it concerns (for an
/// e-mail that bounced for good).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub provider_id: String,
    pub outcome: Outcome,
    pub addresses: Vec<String>,
}

fn text<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str()
}

/// An SES event (event publishing, as SNS delivers its JSON). Events other than
/// delivery, bounce, complaint and reject (sends, opens) report nothing: `None`.
pub fn from_ses(json: &str) -> Result<Option<Report>, String> {
    let v: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let kind = text(&v, &["eventType"])
        .or_else(|| text(&v, &["notificationType"]))
        .ok_or("no eventType")?;
    let provider_id = text(&v, &["mail", "messageId"])
        .ok_or("no mail.messageId")?
        .to_owned();
    let recipients = |list: &str, field: &str| -> Vec<String> {
        v.get(kind.to_lowercase().as_str())
            .and_then(|o| o.get(list))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.get(field).and_then(Value::as_str).map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (outcome, addresses) = match kind {
        "Delivery" => (Outcome::Delivered, Vec::new()),
        "Bounce" => {
            let kind = text(&v, &["bounce", "bounceType"]).unwrap_or("Undetermined");
            let code = v
                .pointer("/bounce/bouncedRecipients/0/diagnosticCode")
                .and_then(Value::as_str)
                .unwrap_or("");
            let for_good = kind == "Permanent";
            let reason = redacted(&format!("bounced ({kind}) {code}"));
            (
                Outcome::Failed { reason, for_good },
                recipients("bouncedRecipients", "emailAddress"),
            )
        }
        "Complaint" => (
            Outcome::Failed {
                reason: "marked as spam by the recipient".into(),
                for_good: true,
            },
            recipients("complainedRecipients", "emailAddress"),
        ),
        "Reject" => (
            Outcome::Failed {
                reason: redacted(&format!(
                    "rejected by SES: {}",
                    text(&v, &["reject", "reason"]).unwrap_or("")
                )),
                for_good: false,
            },
            Vec::new(),
        ),
        _ => return Ok(None),
    };
    Ok(Some(Report {
        provider_id,
        outcome,
        addresses,
    }))
}

/// One line of SNS's SMS delivery status log (CloudWatch Logs).
pub fn from_sms_log(json: &str) -> Result<Report, String> {
    let v: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let provider_id = text(&v, &["notification", "messageId"])
        .ok_or("no notification.messageId")?
        .to_owned();
    let outcome = match text(&v, &["status"]) {
        Some("SUCCESS") => Outcome::Delivered,
        _ => Outcome::Failed {
            reason: redacted(&format!(
                "not delivered: {}",
                text(&v, &["delivery", "providerResponse"]).unwrap_or("no answer")
            )),
            for_good: false,
        },
    };
    Ok(Report {
        provider_id,
        outcome,
        addresses: Vec::new(),
    })
}

/// Applies a report at `now`: the log line's state, and the address marked when it will
/// never take mail. `false`: no line has this message id (not ours, or gone).
pub async fn apply(
    store: &dyn KvStore,
    report: &Report,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    if let Outcome::Failed {
        for_good: true,
        reason,
    } = &report.outcome
    {
        for address in &report.addresses {
            let mut mark = Item::new(
                nomail_pk(address),
                "NOMAIL",
                serde_json::json!({ "reason": reason }),
            );
            mark.expires_at = Some(now.unix_timestamp() + NOMAIL_SECS);
            store.put(mark, Cond::Always).await?;
        }
    }
    let mut q = Query::new(
        Index::Gsi1,
        provider_pk(&report.provider_id),
        SkRange::Prefix("PMSG".into()),
    );
    q.limit = 1;
    let Some(item) = store.query(q).await?.items.into_iter().next() else {
        tracing::info!("delivery report for a message not in any log");
        return Ok(false);
    };
    // The index may lag the table (DynamoDB's GSIs): read the line itself.
    let Some(line) = store.get(&item.pk, &item.sk).await? else {
        return Ok(false);
    };
    let mut delivery: Delivery = line.decode()?;
    match &report.outcome {
        Outcome::Delivered => {
            delivery.state = DeliveryState::Delivered;
            delivery.error = None;
        }
        Outcome::Failed { reason, .. } => {
            delivery.state = DeliveryState::Failed;
            delivery.error = Some(reason.clone());
        }
    }
    let mut updated = line.clone();
    updated.body = crate::store::body(&delivery);
    updated.version += 1;
    match store.put(updated, Cond::Version(line.version)).await {
        // A second report of the same message at the same moment: the first stands.
        Ok(()) | Err(StoreError::ConditionFailed { .. }) => {}
        Err(e) => return Err(e),
    }
    tracing::info!(channel = %delivery.channel.name(), state = ?delivery.state, "delivery report applied");
    Ok(true)
}

/// Whether e-mail to `address` is refused (it bounced for good, or its owner
/// complained, within the year).
pub async fn bounced(store: &dyn KvStore, address: &str) -> Result<bool, StoreError> {
    Ok(store.get(&nomail_pk(address), "NOMAIL").await?.is_some())
}

#[cfg(test)]
#[path = "feedback_tests.rs"]
mod tests;

//! What the providers report after a message left: SES's event publishing (an e-mail
//! delivered, bounced, complained of) and SNS's SMS delivery status logs (delivered or
//! not, with the carrier's answer). Each report finds its delivery log line by the
//! provider's message id (GSI1 `PMSG#<id>`, written with the line) and sets its state:
//! delivered, or failed with the reason. An address that bounced for good, or whose
//! owner marked the mail as spam, is marked (`NOMAIL#<hash>`, a year), and no e-mail
//! goes there again until then — the log says why (`ERROR_BOUNCED`) — or until its
//! owner signs in with a code sent there (sign-in codes ignore the mark), which proves
//! it takes mail again.
//!
//! In AWS the `feedback` function receives them (`reports_in`): SES's through an SNS
//! topic its configuration set publishes to, SMS's through a CloudWatch Logs
//! subscription of SNS's delivery status log groups (infra/template.yaml).

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
    // As providers see it (an internationalised domain in its ASCII form), any case.
    let address = super::deliverable("email", address.trim()).to_lowercase();
    let hash = crate::ids::sha256_hex(&[address.as_bytes()]);
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

/// The reports in one Lambda event: SNS records carrying SES events, or a CloudWatch
/// Logs batch (base64 of gzip) of SNS's SMS delivery status lines. A line that is not
/// a report is skipped with a warning; an event of neither shape is an error.
pub fn reports_in(event: &Value) -> Result<Vec<Report>, String> {
    let mut out = Vec::new();
    if let Some(records) = event.get("Records").and_then(Value::as_array) {
        for r in records {
            let message =
                text(r, &["Sns", "Message"]).ok_or("an SNS record without Sns.Message")?;
            match from_ses(message) {
                Ok(Some(report)) => out.push(report),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "not an SES event; skipped"),
            }
        }
        return Ok(out);
    }
    let data =
        text(event, &["awslogs", "data"]).ok_or("neither SNS records nor CloudWatch Logs data")?;
    use base64::Engine;
    let zipped = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|e| format!("awslogs.data: not base64: {e}"))?;
    let batch: Value = serde_json::from_slice(&gunzip(&zipped)?)
        .map_err(|e| format!("awslogs.data: not JSON: {e}"))?;
    for line in batch
        .get("logEvents")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match line
            .get("message")
            .and_then(Value::as_str)
            .map(from_sms_log)
        {
            Some(Ok(report)) => out.push(report),
            Some(Err(e)) => tracing::warn!(error = %e, "not an SMS delivery status line; skipped"),
            None => tracing::warn!("a log event without a message; skipped"),
        }
    }
    Ok(out)
}

/// Largest batch CloudWatch Logs hands a function, unpacked (its limit is 1 MB packed
/// and 256 KB per line: generous).
const UNPACKED_MAX: usize = 16 << 20;

/// A gzip member (RFC 1952) unpacked: its header skipped, the deflate stream inflated
/// (by miniz_oxide, already here for the transcripts' PDF), at most `UNPACKED_MAX`.
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    let bad = || "awslogs.data: not gzip".to_owned();
    if bytes.len() < 18 || bytes[0..3] != [0x1f, 0x8b, 8] {
        return Err(bad());
    }
    let flags = bytes[3];
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let len = usize::from(u16::from_le_bytes([
            bytes[at],
            *bytes.get(at + 1).ok_or_else(bad)?,
        ]));
        at += 2 + len;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            at += 1 + bytes
                .get(at..)
                .ok_or_else(bad)?
                .iter()
                .position(|&b| b == 0)
                .ok_or_else(bad)?;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    let body = bytes.get(at..bytes.len() - 8).ok_or_else(bad)?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(body, UNPACKED_MAX)
        .map_err(|e| format!("awslogs.data: {e:?}"))
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

/// The citizen proved the address takes mail again (a sign-in code sent there was
/// entered): mail goes there again.
pub async fn clear_bounced(store: &dyn KvStore, address: &str) -> Result<(), StoreError> {
    let pk = nomail_pk(address);
    if store.get(&pk, "NOMAIL").await?.is_none() {
        return Ok(());
    }
    let delete = crate::store::Write::Delete {
        pk,
        sk: "NOMAIL".into(),
        cond: Cond::Always,
    };
    store.transact(vec![delete]).await?;
    tracing::info!("a bounced address took a sign-in code: mail goes there again");
    Ok(())
}

#[cfg(test)]
#[path = "feedback_tests.rs"]
mod tests;

//! Tests of `feedback`: the providers' reports as they come (samples of SES event
//! publishing and SNS's SMS delivery status log), applied to a request's log.

use std::sync::Arc;

use helpdesk_shared::Lang;
use helpdesk_shared::notice::{Channel, ERROR_BOUNCED};

use super::*;
use crate::events::EventKind;
use crate::notify::tests::{event, store_with, ticket};
use crate::notify::{OutboxSender, deliver_at, request_notices};

fn ses(kind: &str, id: &str, extra: &str) -> String {
    format!(
        r#"{{"eventType":"{kind}","mail":{{"timestamp":"2026-12-03T10:00:00.000Z","source":"no-reply@example.org","messageId":"{id}","destination":["ivanov@mail.ru"]}}{extra}}}"#
    )
}

const BOUNCE: &str = r#","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[{"emailAddress":"ivanov@mail.ru","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 <ivanov@mail.ru>: user unknown"}],"timestamp":"2026-12-03T10:00:01.000Z","feedbackId":"f-1"}"#;

#[test]
fn the_providers_reports_read_as_outcomes() {
    let bounce = from_ses(&ses("Bounce", "m-1", BOUNCE))
        .expect("parsed")
        .expect("a report");
    assert_eq!(bounce.provider_id, "m-1");
    assert_eq!(bounce.addresses, ["ivanov@mail.ru"]);
    let Outcome::Failed { reason, for_good } = &bounce.outcome else {
        panic!("{bounce:?}")
    };
    assert!(*for_good);
    assert!(
        reason.contains("Permanent") && reason.contains("550"),
        "{reason}"
    );
    assert!(
        !reason.contains("ivanov"),
        "no address in the log: {reason}"
    );
    let soft = BOUNCE.replace("Permanent", "Transient");
    let soft = from_ses(&ses("Bounce", "m-2", &soft))
        .expect("parsed")
        .expect("a report");
    assert!(matches!(
        soft.outcome,
        Outcome::Failed {
            for_good: false,
            ..
        }
    ));
    let complaint = r#","complaint":{"complainedRecipients":[{"emailAddress":"ivanov@mail.ru"}],"complaintFeedbackType":"abuse"}"#;
    let complaint = from_ses(&ses("Complaint", "m-3", complaint))
        .expect("parsed")
        .expect("a report");
    assert!(matches!(
        complaint.outcome,
        Outcome::Failed { for_good: true, .. }
    ));
    assert_eq!(complaint.addresses, ["ivanov@mail.ru"]);
    let delivered = from_ses(&ses("Delivery", "m-4", ""))
        .expect("parsed")
        .expect("a report");
    assert_eq!(delivered.outcome, Outcome::Delivered);
    assert_eq!(
        from_ses(&ses("Send", "m-5", "")),
        Ok(None),
        "a send reports nothing"
    );
    assert!(from_ses("{}").is_err());
    assert!(from_ses("not json").is_err());

    let sms_ok = r#"{"notification":{"messageId":"s-1","timestamp":"2026-12-03 10:00:00.000"},"delivery":{"destination":"+79123456789","smsType":"Transactional","providerResponse":"Message has been accepted by phone","dwellTimeMs":600},"status":"SUCCESS"}"#;
    let report = from_sms_log(sms_ok).expect("parsed");
    assert_eq!(
        (report.provider_id.as_str(), &report.outcome),
        ("s-1", &Outcome::Delivered)
    );
    let sms_bad = sms_ok.replace("SUCCESS", "FAILURE").replace(
        "Message has been accepted by phone",
        "Phone is currently unreachable/unavailable",
    );
    let Outcome::Failed { reason, for_good } = from_sms_log(&sms_bad).expect("parsed").outcome
    else {
        panic!("a failure")
    };
    assert!(!for_good && reason.contains("unreachable"), "{reason}");
}

#[tokio::test]
async fn a_bounce_fails_its_line_and_stops_mail_to_that_address_a_delivery_marks_its_line() {
    let t = ticket("123456782", Lang::Ru);
    let (_dir, store) = store_with(&t).await;
    let store: Arc<dyn KvStore> = Arc::new(store);
    let sender = OutboxSender::new(store.clone());
    // The outbox keeps a week by the wall clock: the messages are of now.
    let now = OffsetDateTime::now_utc();
    let at_now = |id: &str, kind| crate::events::DomainEvent {
        at: now,
        ..event(id, &t.number, kind)
    };
    let first = at_now("ev1", EventKind::TicketCreated);
    assert_eq!(
        deliver_at(store.as_ref(), &sender, &first, now)
            .await
            .expect("sent"),
        3
    );
    let line = |channel: Channel| {
        let (store, t) = (store.clone(), t.clone());
        async move {
            request_notices(store.as_ref(), &t)
                .await
                .expect("log")
                .deliveries
                .into_iter()
                .find(|d| d.channel == channel)
                .expect("a line")
        }
    };
    let email = line(Channel::Email).await;
    let id = email.provider_id.clone().expect("the outbox's id kept");
    let applied = apply(
        store.as_ref(),
        &from_ses(&ses("Bounce", &id, BOUNCE))
            .expect("ok")
            .expect("report"),
        now,
    )
    .await
    .expect("applied");
    assert!(applied);
    let email = line(Channel::Email).await;
    assert_eq!(email.state, DeliveryState::Failed);
    assert!(email.error.as_deref().is_some_and(|e| e.contains("550")));
    assert!(
        bounced(store.as_ref(), "IVANOV@mail.ru ")
            .await
            .expect("read")
    );

    // The SMS reached the phone.
    let sms_id = line(Channel::Sms).await.provider_id.expect("sms id");
    let report = format!(
        r#"{{"notification":{{"messageId":"{sms_id}"}},"delivery":{{}},"status":"SUCCESS"}}"#
    );
    assert!(
        apply(store.as_ref(), &from_sms_log(&report).expect("ok"), now)
            .await
            .expect("applied")
    );
    assert_eq!(line(Channel::Sms).await.state, DeliveryState::Delivered);
    // Not ours: nothing happens.
    let stranger = from_ses(&ses("Delivery", "elsewhere", ""))
        .expect("ok")
        .expect("report");
    assert!(
        !apply(store.as_ref(), &stranger, now)
            .await
            .expect("applied")
    );

    // The next news: no e-mail to the bounced address, the log says why; SMS as before.
    let before = crate::notify::outbox(store.as_ref(), 100)
        .await
        .expect("outbox")
        .len();
    let next = at_now("ev2", EventKind::StaffReplied);
    deliver_at(
        store.as_ref(),
        &sender,
        &next,
        now + time::Duration::hours(1),
    )
    .await
    .expect("sent");
    let outbox = crate::notify::outbox(store.as_ref(), 100)
        .await
        .expect("outbox");
    let new: Vec<&str> = outbox[..outbox.len() - before]
        .iter()
        .map(|m| m.channel.as_str())
        .collect();
    assert_eq!(new, ["sms"], "no e-mail");
    let log = request_notices(store.as_ref(), &t)
        .await
        .expect("log")
        .deliveries;
    let refused = log
        .iter()
        .find(|d| d.channel == Channel::Email && d.error.as_deref() == Some(ERROR_BOUNCED))
        .expect("the refused e-mail's line");
    assert_eq!(refused.state, DeliveryState::Failed);
}

#[test]
fn a_lambda_event_of_either_kind_yields_its_reports() {
    let sns = serde_json::json!({ "Records": [
        { "EventSource": "aws:sns", "Sns": { "Message": ses("Bounce", "m-1", BOUNCE) } },
        { "EventSource": "aws:sns", "Sns": { "Message": ses("Send", "m-2", "") } },
        { "EventSource": "aws:sns", "Sns": { "Message": "not json" } },
    ] });
    let reports = reports_in(&sns).expect("read");
    assert_eq!(
        reports.len(),
        1,
        "the send reports nothing, the garbage is skipped"
    );
    assert_eq!(reports[0].provider_id, "m-1");

    // As CloudWatch Logs sends a subscription's batch: gzip, then base64.
    let line = r#"{"notification":{"messageId":"s-1"},"delivery":{"providerResponse":"Unknown error attempting to reach phone"},"status":"FAILURE"}"#;
    let batch = serde_json::json!({
        "messageType": "DATA_MESSAGE", "owner": "123456789012",
        "logGroup": "sns/eu-central-1/123456789012/DirectPublishToPhoneNumber/Failure",
        "logStream": "x", "subscriptionFilters": ["helpdesk"],
        "logEvents": [{ "id": "1", "timestamp": 1, "message": line }, { "id": "2", "timestamp": 2, "message": "{}" }],
    });
    let raw = batch.to_string();
    let mut gz = vec![0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3];
    gz.extend_from_slice(b"batch.json\0");
    gz.extend(miniz_oxide::deflate::compress_to_vec(raw.as_bytes(), 6));
    gz.extend_from_slice(&[0; 4]);
    gz.extend_from_slice(&(raw.len() as u32).to_le_bytes());
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD.encode(&gz);
    let reports = reports_in(&serde_json::json!({ "awslogs": { "data": data } })).expect("read");
    assert_eq!(reports.len(), 1, "the line without a message id is skipped");
    assert_eq!(reports[0].provider_id, "s-1");
    assert!(
        matches!(&reports[0].outcome, Outcome::Failed { reason, .. } if reason.contains("reach phone"))
    );

    assert!(reports_in(&serde_json::json!({ "awslogs": { "data": "AAAA" } })).is_err());
    assert!(reports_in(&serde_json::json!({ "something": "else" })).is_err());
}

//! The Lambda function run every minute: publishes domain events that were recorded with
//! their change but not published (the function that made them failed or timed out
//! between commit and publish), warns and ends chats left silent (`chat::idle`), tells
//! the supervisors on duty of chats waiting past 30 seconds (`chat::wait`), and
//! acts on requests whose service-level dates passed (`Tickets::sweep_due`), and sends
//! the SMS held through a citizen's quiet hours that have ended (`Tickets::release_held`),
//! and reminds citizens of tomorrow's visits (`Appointments::remind_due`).

use std::sync::Arc;

use crate::chat::Chats;
use crate::clock::SystemClock;
use crate::cloud::{Cloud, CloudConfig, lambda};
use crate::events::redeliver_pending;
use crate::faq::Faq;
use lambda_runtime::{Error, LambdaEvent, service_fn};

pub(super) async fn run() -> Result<(), Error> {
    lambda::configure_push()?;
    let cloud = Cloud::connect(CloudConfig::from_env()?).await;
    // Warnings and ends reach open pages through the WebSocket API when there is one.
    let push = cloud
        .chat_push()
        .map(|p| p as Arc<dyn crate::chat::ChatPush>);
    let chats = Chats::new(
        cloud.store.clone(),
        Arc::new(SystemClock),
        Arc::new(Faq::new(cloud.store.clone())),
        push,
    );
    // The requests' and appointments' services: no file is touched here (no S3 call is
    // made).
    let state = cloud.app_state(
        crate::ratelimit::Limits::default(),
        crate::local::default_language_from_env()?,
    );
    let (tickets, appointments) = (state.tickets.clone(), state.appointments.clone());
    let sender = cloud.sender();
    let (cloud, chats, tickets, sender) = (&cloud, &chats, &tickets, &sender);
    let appointments = &appointments;
    lambda_runtime::run(service_fn(
        move |_: LambdaEvent<serde_json::Value>| async move {
            let cutoff = time::OffsetDateTime::now_utc() - time::Duration::seconds(30);
            let published =
                redeliver_pending(cloud.store.as_ref(), cloud.bus.as_ref(), cutoff).await?;
            tracing::info!(published, "pending events redelivered");
            // Each part runs even if the other failed; the failure is the function's.
            let swept = chats.sweep_idle().await;
            // Chats waiting past the 30-second first-reply target: supervisors told.
            let waiting = chats.alert_waiting(cloud.bus.as_ref()).await;
            // Requests from before the schedule get their items on the first run.
            let scheduled = crate::tickets::schedule_if_unscheduled(cloud.store.as_ref()).await;
            let due = tickets.sweep_due(crate::tickets::SWEEP_MAX).await;
            let held = tickets.release_held(sender).await;
            let reminded = appointments.remind_due().await;
            let swept = swept.map_err(|e| Error::from(e.to_string()))?;
            let waiting = waiting.map_err(|e| Error::from(e.to_string()))?;
            scheduled.map_err(|e| Error::from(e.to_string()))?;
            let due = due.map_err(|e| Error::from(e.to_string()))?;
            let held = held.map_err(|e| Error::from(e.to_string()))?;
            let reminded = reminded.map_err(|e| Error::from(format!("{e:?}")))?;
            tracing::info!(
                flagged = due.flagged,
                escalated = due.escalated,
                reminded = due.reminded,
                citizens_reminded = due.citizens_reminded,
                raced = due.raced,
                "service levels swept"
            );
            Ok::<_, Error>(serde_json::json!({
                "published": published,
                "chats_warned": swept.warned,
                "chats_ended": swept.ended,
                "chats_waiting_alerted": waiting,
                "sla_examined": due.examined,
                "sla_flagged": due.flagged,
                "sla_escalated": due.escalated,
                "sla_reminded": due.reminded,
                "citizens_reminded": due.citizens_reminded,
                "held_sms_sent": held,
                "appointments_reminded": reminded,
            }))
        },
    ))
    .await
}

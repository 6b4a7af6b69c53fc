//! `helpdesk-admin redrive`: the fan-out's dead letters go back to its queue, bodies and
//! attributes as they were, up to the limit asked, and leave the DLQ (over moto's SQS;
//! only with HELPDESK_TEST_BACKEND=aws).

use aws_sdk_sqs::types::MessageAttributeValue;
use helpdesk_functions::cloud::redrive::{redrive, waiting};

async fn queue(sqs: &aws_sdk_sqs::Client, name: &str) -> String {
    sqs.create_queue()
        .queue_name(name)
        .send()
        .await
        .expect("queue")
        .queue_url
        .expect("url")
}

#[tokio::test]
async fn dead_letters_go_back_to_the_fan_out_queue_as_they_were() {
    if std::env::var("HELPDESK_TEST_BACKEND").as_deref() != Ok("aws") {
        eprintln!("skipped: needs HELPDESK_TEST_BACKEND=aws (moto)");
        return;
    }
    let sqs = aws_sdk_sqs::Client::new(&aws_config::load_from_env().await);
    let id = helpdesk_functions::ids::new_id();
    let dlq = queue(&sqs, &format!("dlq-{id}")).await;
    let fanout = queue(&sqs, &format!("fanout-{id}")).await;
    for (n, kind) in ["ticket_created", "status_changed", "ticket_created"]
        .iter()
        .enumerate()
    {
        let attr = MessageAttributeValue::builder()
            .data_type("String")
            .string_value(*kind)
            .build()
            .expect("attribute");
        sqs.send_message()
            .queue_url(&dlq)
            .message_body(format!("{{\"id\":\"event-{n}\"}}"))
            .message_attributes("event_type", attr)
            .send()
            .await
            .expect("dead letter");
    }
    assert_eq!(waiting(&sqs, &dlq).await, Ok(3));
    let first = redrive(&sqs, &dlq, &fanout, 2).await.expect("redrive");
    assert_eq!(first.moved, 2, "no more than asked");
    let rest = redrive(&sqs, &dlq, &fanout, 1000).await.expect("redrive");
    assert_eq!(rest.moved, 1);
    assert_eq!(waiting(&sqs, &dlq).await, Ok(0));
    let total: usize = first.by_type.values().chain(rest.by_type.values()).sum();
    assert_eq!(total, 3);

    let mut back = Vec::new();
    for _ in 0..5 {
        let got = sqs
            .receive_message()
            .queue_url(&fanout)
            .max_number_of_messages(10)
            .message_attribute_names("All")
            .send()
            .await
            .expect("receive");
        back.extend(got.messages.unwrap_or_default());
        if back.len() == 3 {
            break;
        }
    }
    let mut bodies: Vec<String> = back.iter().filter_map(|m| m.body.clone()).collect();
    bodies.sort();
    assert_eq!(
        bodies,
        [
            "{\"id\":\"event-0\"}",
            "{\"id\":\"event-1\"}",
            "{\"id\":\"event-2\"}"
        ]
    );
    let kinds: Vec<&str> = back
        .iter()
        .filter_map(|m| {
            m.message_attributes
                .as_ref()?
                .get("event_type")?
                .string_value()
        })
        .collect();
    assert_eq!(kinds.len(), 3, "the filter's attribute kept");
}

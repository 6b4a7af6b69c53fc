//! The work queue: order, filters, paging with cursors, overdue, counts.

use crate::common;

use common::session::{act, staff_sign_in};
use common::{TestApp, problem, spawn_app, valid_ticket};
use helpdesk_functions::store::{Cond, Write};
use helpdesk_functions::tickets::{SHARDS, TicketRecord, count_if_uncounted, recount};
use serde_json::{Value, json};

/// Moves a request's expected date into the past, as time would.
async fn make_overdue(app: &TestApp, number: &str) {
    let key = number.replace('-', "");
    let item = app
        .store
        .get(&TicketRecord::pk(&key), TicketRecord::SK)
        .await
        .expect("get")
        .expect("ticket");
    let mut t: TicketRecord = item.decode().expect("decode");
    t.expected_by = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
    app.store
        .put(t.to_item(item.version + 1), Cond::Version(item.version))
        .await
        .expect("put");
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["number"].as_str().expect("n").to_owned())
        .collect()
}

#[tokio::test]
async fn the_queue_pages_filters_and_counts() {
    let app = spawn_app().await;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    // Seven requests: registration ones are due in 24 h, the rest in 48 h.
    let mut made = Vec::new();
    for i in 0..7 {
        let mut t = valid_ticket();
        t["category"] = json!(if i % 3 == 0 {
            "registration"
        } else {
            "technical"
        });
        made.push(app.submit(&t).await.0);
    }
    act(&op, &made[1], json!({ "action": "take" })).await;
    act(&op, &made[2], json!({ "action": "take" })).await;
    act(
        &op,
        &made[2],
        json!({ "action": "ask_info", "text": "Пришлите скриншот ошибки.", "days": 2 }),
    )
    .await;
    act(
        &op,
        &made[3],
        json!({ "action": "resolve", "answer": "Доступ восстановлен." }),
    )
    .await;
    make_overdue(&app, &made[4]).await;

    // Every open one, soonest due first, three at a time.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page: Value = op
            .get_json(&format!("/staff/queue?limit=3&cursor={cursor}"))
            .await;
        seen.extend(numbers(&page));
        match page["cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => break,
        }
    }
    assert_eq!(
        seen.len(),
        6,
        "the resolved one is not in the open queue: {seen:?}"
    );
    assert_eq!(seen[0], made[4], "the overdue one first");
    let mut dedup = seen.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), 6, "no duplicates across pages");

    let overdue: Value = op.get_json("/staff/queue?overdue=true").await;
    assert_eq!(numbers(&overdue), [made[4].clone()]);
    assert_eq!(overdue["items"][0]["overdue"], true);
    let waiting: Value = op.get_json("/staff/queue?status=awaiting_citizen").await;
    assert_eq!(numbers(&waiting), [made[2].clone()]);
    let mine: Value = op.get_json("/staff/queue?assignee=me").await;
    assert_eq!(numbers(&mine).len(), 2);
    let registration: Value = op.get_json("/staff/queue?category=registration").await;
    assert!(
        numbers(&registration)
            .iter()
            .all(|n| [&made[0], &made[6]].contains(&n)),
        "{registration}"
    );
    let closed: Value = op.get_json("/staff/queue?status=resolved").await;
    assert_eq!(numbers(&closed), [made[3].clone()]);

    // A cursor the server never gave is a 400, whatever its bytes (a non-ASCII one made
    // the byte-slicing decoder panic).
    for cursor in ["a%C3%A9a", "%F0%9F%98%80", "zz", "5b5d"] {
        let (status, code, _) =
            problem(op.get(&format!("/staff/queue?cursor={cursor}")).await).await;
        assert_eq!((status, code.as_str()), (400, "bad_cursor"), "{cursor}");
    }

    let bad = op.get("/staff/queue?status=lost&limit=1000").await;
    let (status, _, doc) = problem(bad).await;
    assert_eq!(status, 422);
    assert_eq!(doc["errors"].as_array().expect("e").len(), 2, "{doc}");

    let counts: Value = op.get_json("/staff/queue/counts").await;
    assert_eq!(counts["open"], 6);
    assert_eq!(counts["overdue"], 1);
    assert_eq!(counts["mine"], 2);
    assert_eq!(counts["unassigned"], 4);
    assert_eq!(counts["by_status"]["received"], 4);
    assert_eq!(counts["by_status"]["awaiting_citizen"], 1);
}

/// The counts that do not depend on the clock, as the API gives them.
fn tally(c: &Value) -> Value {
    json!({
        "open": c["open"], "unassigned": c["unassigned"], "mine": c["mine"],
        "by_status": c["by_status"], "by_level": c["by_level"],
    })
}

#[tokio::test]
async fn counts_follow_every_change_and_a_recount_repairs_them() {
    let app = spawn_app().await;
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let spec = staff_sign_in(&app, "specialist", "specialist-demo-2026").await;
    let a = app.submit(&valid_ticket()).await.0;
    let b = app.submit(&valid_ticket()).await.0;
    let c = app.submit(&valid_ticket()).await.0;
    assert_eq!(
        tally(&op.get_json("/staff/queue/counts").await),
        json!({ "open": 3, "unassigned": 3, "mine": 0,
                "by_status": { "received": 3 }, "by_level": { "operator": 3 } })
    );

    act(&op, &a, json!({ "action": "take" })).await;
    act(&op, &b, json!({ "action": "take" })).await;
    act(
        &op,
        &b,
        json!({ "action": "note", "text": "Проверить платёж." }),
    )
    .await;
    act(
        &op,
        &b,
        json!({ "action": "ask_info", "text": "Пришлите квитанцию.", "days": 3 }),
    )
    .await;
    act(
        &op,
        &c,
        json!({ "action": "escalate", "department": "technical", "reason": "Ошибка интеграции." }),
    )
    .await;
    assert_eq!(
        tally(&op.get_json("/staff/queue/counts").await),
        json!({ "open": 3, "unassigned": 1, "mine": 2,
                "by_status": { "received": 1, "in_progress": 1, "awaiting_citizen": 1 },
                "by_level": { "operator": 2, "specialist": 1 } })
    );
    // The specialist counts the department's only.
    assert_eq!(
        tally(&spec.get_json("/staff/queue/counts").await),
        json!({ "open": 1, "unassigned": 1, "mine": 0,
                "by_status": { "received": 1 }, "by_level": { "specialist": 1 } })
    );
    act(&spec, &c, json!({ "action": "take" })).await;
    act(
        &spec,
        &c,
        json!({ "action": "resolve", "answer": "Интеграция исправлена." }),
    )
    .await;
    act(
        &op,
        &a,
        json!({ "action": "reject", "reason": "Не наш вопрос.", "alternatives": "Обратитесь в МФЦ." }),
    )
    .await;
    assert_eq!(
        tally(&spec.get_json("/staff/queue/counts").await),
        json!({ "open": 0, "unassigned": 0, "mine": 0, "by_status": {}, "by_level": {} })
    );
    let after = op.get_json("/staff/queue/counts").await;
    assert_eq!(
        tally(&after),
        json!({ "open": 1, "unassigned": 0, "mine": 1,
                "by_status": { "awaiting_citizen": 1 }, "by_level": { "operator": 1 } })
    );

    // Counters knocked off (as a restore from an older copy would) are set right again.
    app.store
        .transact(vec![Write::Add {
            pk: "STATS#all".into(),
            sk: "S#2".into(),
            counts: vec![("open".into(), 40), ("status.received".into(), 7)],
        }])
        .await
        .expect("drift");
    assert_eq!(op.get_json("/staff/queue/counts").await["open"], 41);
    let (open, off) = recount(app.store.as_ref()).await.expect("recount");
    assert_eq!((open, off), (1, 2));
    assert_eq!(
        tally(&op.get_json("/staff/queue/counts").await),
        tally(&after)
    );
    assert_eq!(recount(app.store.as_ref()).await.expect("again"), (1, 0));

    // A store without counters (data from before them) is counted once at start-up;
    // one that has them is left alone.
    for shard in 0..SHARDS {
        app.store
            .transact(vec![Write::Delete {
                pk: "STATS#all".into(),
                sk: format!("S#{shard}"),
                cond: Cond::Always,
            }])
            .await
            .expect("delete");
    }
    assert_eq!(op.get_json("/staff/queue/counts").await["open"], 0);
    count_if_uncounted(app.store.as_ref()).await.expect("count");
    assert_eq!(
        tally(&op.get_json("/staff/queue/counts").await),
        tally(&after)
    );
}

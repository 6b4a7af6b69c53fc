//! What the services rely on from any `KvStore`. Run against every adapter.

use serde_json::json;

use super::*;

fn item(pk: &str, sk: &str) -> Item {
    Item::new(pk, sk, json!({ "sk": sk }))
}

fn sks(page: &Page) -> Vec<String> {
    page.items.iter().map(|i| i.sk.clone()).collect()
}

pub async fn run_all(s: &dyn KvStore) {
    conditions(s).await;
    transactions_are_all_or_nothing(s).await;
    queries_are_ordered_ranged_and_paged(s).await;
    secondary_indexes_follow_their_items(s).await;
    expired_items_are_gone(s).await;
    counters_add_up(s).await;
    concurrent_writers_take_one_place_once(s).await;
}

async fn conditions(s: &dyn KvStore) {
    s.put(item("c#1", "a"), Cond::Absent)
        .await
        .expect("first put");
    let again = s.put(item("c#1", "a"), Cond::Absent).await;
    assert!(
        matches!(again, Err(StoreError::ConditionFailed { index: 0 })),
        "{again:?}"
    );

    let mut next = item("c#1", "a");
    next.version = 2;
    next.body = json!({ "v": 2 }).into();
    let stale = s.put(next.clone(), Cond::Version(7)).await;
    assert!(matches!(stale, Err(StoreError::ConditionFailed { .. })));
    s.put(next.clone(), Cond::Version(1))
        .await
        .expect("version matches");
    assert_eq!(s.get("c#1", "a").await.expect("get"), Some(next));
    // A version condition on a missing item fails.
    let missing = s.put(item("c#1", "zz"), Cond::Version(1)).await;
    assert!(matches!(missing, Err(StoreError::ConditionFailed { .. })));
    assert_eq!(s.get("c#1", "nope").await.expect("get"), None);
}

async fn transactions_are_all_or_nothing(s: &dyn KvStore) {
    s.put(item("t#1", "taken"), Cond::Absent)
        .await
        .expect("put");
    let result = s
        .transact(vec![
            Write::put(item("t#1", "new"), Cond::Absent),
            Write::put(item("t#2", "other"), Cond::Always),
            Write::put(item("t#1", "taken"), Cond::Absent),
        ])
        .await;
    assert!(
        matches!(result, Err(StoreError::ConditionFailed { index: 2 })),
        "{result:?}"
    );
    assert_eq!(
        s.get("t#1", "new").await.expect("get"),
        None,
        "nothing of a failed transaction is written"
    );
    assert_eq!(s.get("t#2", "other").await.expect("get"), None);

    let check_fails = s
        .transact(vec![
            Write::Check {
                pk: "t#1".into(),
                sk: "taken".into(),
                cond: Cond::Version(9),
            },
            Write::put(item("t#1", "new"), Cond::Absent),
        ])
        .await;
    assert!(matches!(
        check_fails,
        Err(StoreError::ConditionFailed { index: 0 })
    ));
    assert_eq!(s.get("t#1", "new").await.expect("get"), None);

    s.put(item("t#1", "guard"), Cond::Absent)
        .await
        .expect("put");
    s.transact(vec![
        Write::Check {
            pk: "t#1".into(),
            sk: "guard".into(),
            cond: Cond::Version(1),
        },
        Write::put(item("t#1", "new"), Cond::Absent),
        Write::Delete {
            pk: "t#1".into(),
            sk: "taken".into(),
            cond: Cond::Version(1),
        },
    ])
    .await
    .expect("transaction");
    assert!(s.get("t#1", "new").await.expect("get").is_some());
    assert!(s.get("t#1", "taken").await.expect("get").is_none());

    let dup = s
        .transact(vec![
            Write::put(item("t#3", "x"), Cond::Always),
            Write::put(item("t#3", "x"), Cond::Always),
        ])
        .await;
    assert!(matches!(dup, Err(StoreError::BadRequest(_))), "{dup:?}");
}

async fn queries_are_ordered_ranged_and_paged(s: &dyn KvStore) {
    for sk in ["EV#03", "EV#01", "EV#05", "EV#02", "EV#04", "META", "AT#1"] {
        s.put(item("q#1", sk), Cond::Always).await.expect("put");
    }
    s.put(item("q#2", "EV#00"), Cond::Always)
        .await
        .expect("put");
    s.put(item("q#0", "EV#09"), Cond::Always)
        .await
        .expect("put");

    let all = s
        .query(Query::new(
            Index::Table,
            "q#1",
            SkRange::Prefix("EV#".into()),
        ))
        .await
        .expect("query");
    assert_eq!(sks(&all), ["EV#01", "EV#02", "EV#03", "EV#04", "EV#05"]);
    assert_eq!(all.cursor, None);

    let everything = s
        .query(Query::new(Index::Table, "q#1", SkRange::All))
        .await
        .expect("query");
    assert_eq!(everything.items.len(), 7);

    let between = s
        .query(Query::new(
            Index::Table,
            "q#1",
            SkRange::Between("EV#02".into(), "EV#04".into()),
        ))
        .await
        .expect("query");
    assert_eq!(sks(&between), ["EV#02", "EV#03", "EV#04"]);

    // Open at the bottom (how pending events are found up to a cutoff), empty prefix.
    let up_to = s
        .query(Query::new(
            Index::Table,
            "q#1",
            SkRange::Between(String::new(), "EV#02".into()),
        ))
        .await
        .expect("query");
    assert_eq!(sks(&up_to), ["AT#1", "EV#01", "EV#02"]);
    let empty_prefix = s
        .query(Query::new(
            Index::Table,
            "q#1",
            SkRange::Prefix(String::new()),
        ))
        .await
        .expect("query");
    assert_eq!(empty_prefix.items.len(), 7);

    // Pages of two, forward then backward, meet every item exactly once.
    for forward in [true, false] {
        let mut q = Query::new(Index::Table, "q#1", SkRange::Prefix("EV#".into()));
        q.forward = forward;
        q.limit = 2;
        let mut seen = Vec::new();
        loop {
            let page = s.query(q.clone()).await.expect("page");
            assert!(page.items.len() <= 2);
            seen.extend(sks(&page));
            match page.cursor {
                Some(c) => q.cursor = Some(c),
                None => break,
            }
        }
        let mut want = vec!["EV#01", "EV#02", "EV#03", "EV#04", "EV#05"];
        if !forward {
            want.reverse();
        }
        assert_eq!(seen, want, "forward={forward}");
    }

    // Whatever a client sends as a cursor is refused, never a panic: odd lengths, non-hex,
    // multi-byte characters where a byte-slicing decoder would split one, wrong shapes.
    for cursor in [
        "not-a-cursor",
        "a\u{e9}a",
        "\u{e9}\u{e9}",
        "\u{1F600}",
        "5b5d",
        "0",
    ] {
        for index in [Index::Table, Index::Gsi1] {
            let mut bad = Query::new(index, "q#1", SkRange::All);
            bad.cursor = Some(cursor.into());
            assert!(
                matches!(s.query(bad).await, Err(StoreError::BadCursor)),
                "{cursor:?} on {index:?}"
            );
        }
    }
}

async fn secondary_indexes_follow_their_items(s: &dyn KvStore) {
    let mut a = item("g#a", "META");
    a.gsi1 = Some(("QUEUE#received".into(), "2026-01-02".into()));
    let mut b = item("g#b", "META");
    b.gsi1 = Some(("QUEUE#received".into(), "2026-01-01".into()));
    let mut c = item("g#c", "META");
    c.gsi1 = Some(("QUEUE#received".into(), "2026-01-03".into()));
    c.gsi2 = Some(("OWNER#1".into(), "c".into()));
    for i in [&a, &b, &c] {
        s.put(i.clone(), Cond::Always).await.expect("put");
    }
    let q = Query::new(Index::Gsi1, "QUEUE#received", SkRange::All);
    let page = s.query(q.clone()).await.expect("query");
    let pks: Vec<_> = page.items.iter().map(|i| i.pk.as_str()).collect();
    assert_eq!(pks, ["g#b", "g#a", "g#c"]);

    let mut paged = q.clone();
    paged.limit = 1;
    paged.forward = false;
    let first = s.query(paged.clone()).await.expect("page 1");
    assert_eq!(first.items[0].pk, "g#c");
    paged.cursor = first.cursor;
    let second = s.query(paged).await.expect("page 2");
    assert_eq!(second.items[0].pk, "g#a");

    let due = s
        .query(Query::new(
            Index::Gsi1,
            "QUEUE#received",
            SkRange::Between(String::new(), "2026-01-02".into()),
        ))
        .await
        .expect("query");
    let pks: Vec<_> = due.items.iter().map(|i| i.pk.as_str()).collect();
    assert_eq!(pks, ["g#b", "g#a"]);

    let g2 = s
        .query(Query::new(Index::Gsi2, "OWNER#1", SkRange::All))
        .await
        .expect("gsi2");
    assert_eq!(g2.items.len(), 1);

    // Moving an item in the index and deleting one are both seen.
    a.gsi1 = Some(("QUEUE#in_progress".into(), "2026-01-02".into()));
    a.version = 2;
    s.put(a, Cond::Version(1)).await.expect("move");
    s.transact(vec![Write::Delete {
        pk: "g#b".into(),
        sk: "META".into(),
        cond: Cond::Always,
    }])
    .await
    .expect("delete");
    let page = s.query(q).await.expect("query");
    let pks: Vec<_> = page.items.iter().map(|i| i.pk.as_str()).collect();
    assert_eq!(pks, ["g#c"]);
    let moved = s
        .query(Query::new(
            Index::Gsi1,
            "QUEUE#in_progress",
            SkRange::Prefix("2026".into()),
        ))
        .await;
    assert_eq!(moved.expect("query").items.len(), 1);
}

async fn expired_items_are_gone(s: &dyn KvStore) {
    let mut old = item("x#1", "a");
    old.expires_at = Some(now_unix() - 10);
    old.gsi1 = Some(("X".into(), "1".into()));
    let mut fresh = item("x#1", "b");
    fresh.expires_at = Some(now_unix() + 3600);
    s.put(old.clone(), Cond::Always).await.expect("put");
    s.put(fresh, Cond::Always).await.expect("put");
    assert_eq!(s.get("x#1", "a").await.expect("get"), None);
    let page = s
        .query(Query::new(Index::Table, "x#1", SkRange::All))
        .await
        .expect("query");
    assert_eq!(sks(&page), ["b"]);
    let idx = s
        .query(Query::new(Index::Gsi1, "X", SkRange::All))
        .await
        .expect("query");
    assert!(idx.items.is_empty());
    // An expired item counts as absent for conditions.
    let mut again = old;
    again.expires_at = None;
    s.put(again, Cond::Absent).await.expect("expired is absent");
    let idx = s
        .query(Query::new(Index::Gsi1, "X", SkRange::All))
        .await
        .expect("query");
    assert_eq!(idx.items.len(), 1);
}

fn add(pk: &str, sk: &str, counts: &[(&str, i64)]) -> Write {
    Write::Add {
        pk: pk.into(),
        sk: sk.into(),
        counts: counts.iter().map(|(n, d)| ((*n).to_owned(), *d)).collect(),
    }
}

async fn counters_add_up(s: &dyn KvStore) {
    // A missing item starts at zero, at version 1.
    s.transact(vec![add(
        "n#1",
        "S#0",
        &[("open", 2), ("status.received", 1)],
    )])
    .await
    .expect("add");
    let first = s.get("n#1", "S#0").await.expect("get").expect("created");
    assert_eq!(first.body, json!({ "open": 2, "status.received": 1 }));
    assert_eq!(first.version, 1);

    // In a transaction with other writes; negative deltas; a new counter.
    s.transact(vec![
        add("n#1", "S#0", &[("open", -1), ("assignee.ivanova", 1)]),
        add("n#1", "S#1", &[("open", 5)]),
        Write::put(item("n#2", "x"), Cond::Absent),
    ])
    .await
    .expect("transaction");
    let now = s.get("n#1", "S#0").await.expect("get").expect("item");
    assert_eq!(
        now.body,
        json!({ "open": 1, "status.received": 1, "assignee.ivanova": 1 })
    );
    assert_eq!(now.version, 2);

    // A transaction that fails adds nothing.
    let failed = s
        .transact(vec![
            add("n#1", "S#0", &[("open", 100)]),
            Write::put(item("n#2", "x"), Cond::Absent),
        ])
        .await;
    assert!(
        matches!(failed, Err(StoreError::ConditionFailed { index: 1 })),
        "{failed:?}"
    );
    let shards = s
        .query(Query::new(Index::Table, "n#1", SkRange::All))
        .await
        .expect("query");
    let open: i64 = shards
        .items
        .iter()
        .map(|i| i.body.value()["open"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(open, 6, "{shards:?}");

    // Nothing to add, or one counter twice, is refused as DynamoDB refuses it.
    let none = s.transact(vec![add("n#1", "S#0", &[])]).await;
    assert!(matches!(none, Err(StoreError::BadRequest(_))), "{none:?}");
    let twice = s
        .transact(vec![add("n#1", "S#0", &[("open", 1), ("open", 1)])])
        .await;
    assert!(matches!(twice, Err(StoreError::BadRequest(_))), "{twice:?}");
}

/// Runs the futures concurrently on this task (the contract borrows the store, so no
/// spawning) and returns their outputs in order.
async fn all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    use std::task::Poll;
    let mut futures: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(v) => *output = Some(v),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

/// Fifty writers race for one place (an absent item, as a booking takes the last free
/// one), while twenty others write their own items at the same time: exactly one of the
/// fifty wins and nothing of the losers is written; every independent writer succeeds.
/// In the embedded store they share commits (group commit), so this also proves that a
/// batch's callers see each other's writes and fail or succeed each on its own.
async fn concurrent_writers_take_one_place_once(s: &dyn KvStore) {
    let racers = (0..50).map(|i| {
        s.transact(vec![
            Write::put(item("race#1", "place"), Cond::Absent),
            Write::put(item("race#1", &format!("booker#{i:02}")), Cond::Absent),
        ])
    });
    let others = (0..20).map(|i| s.put(item(&format!("race#own{i}"), "x"), Cond::Absent));
    let results = all(racers.chain(others).collect()).await;
    let (racers, others) = results.split_at(50);
    let won = racers.iter().filter(|r| r.is_ok()).count();
    assert_eq!(won, 1, "exactly one racer takes the place: {racers:?}");
    assert!(
        racers
            .iter()
            .all(|r| matches!(r, Ok(()) | Err(StoreError::ConditionFailed { index: 0 }))),
        "{racers:?}"
    );
    assert!(others.iter().all(Result::is_ok), "{others:?}");
    let bookers = s
        .query(Query::new(
            Index::Table,
            "race#1",
            SkRange::Prefix("booker#".into()),
        ))
        .await
        .expect("query");
    assert_eq!(
        bookers.items.len(),
        1,
        "only the winner's own item is there"
    );
}

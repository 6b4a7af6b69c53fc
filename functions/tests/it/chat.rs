//! The chat over HTTP and its socket (over redb, and over DynamoDB in moto with
//! HELPDESK_TEST_BACKEND=aws): the bot's answers, the hand-off by day and the operators'
//! hours by night, one operator winning a take, the conversation both ways, resync after
//! a gap, a message sent twice kept once, who may read a chat, the rating.

use crate::common;

use common::chat::{Chat, seqs};
use common::session::{citizen_sign_in, staff_sign_in};
use common::{problem, spawn_operators_at, valid_ticket};
use serde_json::{Value, json};
use time::macros::datetime;

/// Monday 2026-12-07, 12:00 in Moscow: operators at work.
const NOON: time::OffsetDateTime = datetime!(2026-12-07 09:00 UTC);
/// Sunday 2026-12-06, 03:00 in Moscow: nobody until 10:00.
const NIGHT: time::OffsetDateTime = datetime!(2026-12-06 00:00 UTC);

#[tokio::test]
async fn by_day_the_bot_answers_then_hands_off_and_an_operator_takes_over() {
    let app = spawn_operators_at(NOON).await;
    let operator = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let console = operator.get_json("/staff/chats").await;
    assert_eq!(console["online"], 1);

    let (chat, first) = Chat::start(&app).await;
    assert_eq!(first["state"], "bot");
    let greeting = &first["messages"][0];
    assert_eq!(greeting["from"], "bot");
    assert!(greeting["quick"].as_array().expect("quick").len() >= 3);

    let said = chat.say("как оплатить госпошлину со скидкой").await;
    let answer = &said["messages"][1];
    assert_eq!(said["messages"][0]["from"], "citizen");
    assert_eq!(answer["from"], "bot");
    assert_eq!(answer["articles"][0]["slug"], "pay-fee");
    assert_eq!(answer["topic"], "payments");
    assert_eq!(answer["asks"]["kind"], "helpful");

    // Not helpful, then a question the bot cannot answer: the second miss hands off.
    let marked = chat
        .ok("marks", &json!({ "seq": answer["seq"], "helpful": false }))
        .await;
    assert_eq!(marked["state"], "bot");
    let said = chat.say("рецепт борща").await;
    assert_eq!(said["state"], "waiting");
    let events: Vec<&Value> = said["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m.get("event"))
        .collect();
    assert_eq!(events[0]["kind"], "handed_off");
    assert_eq!(events[0]["reason"], "bot_missed");
    let now = chat.read(0).await;
    assert_eq!(now["queue"]["position"], 1);
    assert_eq!(now["topic"], "payments");

    // The console lists it with its topic and first words; one operator takes it.
    let console = operator.get_json("/staff/chats").await;
    let waiting = &console["waiting"][0];
    assert_eq!(waiting["id"], chat.id.as_str());
    assert_eq!(waiting["topic"], "payments");
    assert_eq!(
        waiting["first_message"],
        "как оплатить госпошлину со скидкой"
    );
    let taken = operator
        .post(&format!("/staff/chats/{}/take", chat.id), &json!({}))
        .await;
    assert_eq!(taken.status(), 200);
    let taken: Value = taken.json().await.expect("json");
    assert_eq!(taken["state"], "operator");
    assert_eq!(
        seqs(&taken["messages"])[0],
        1,
        "the whole history, the bot's too"
    );
    let supervisor = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    let late = supervisor
        .post(&format!("/staff/chats/{}/take", chat.id), &json!({}))
        .await;
    assert_eq!(problem(late).await.1, "chat_taken");

    // Both ways.
    let last = taken["last_seq"].as_u64().expect("last");
    let joined = chat.read(last - 1).await;
    assert_eq!(joined["operator"], "Ольга");
    assert_eq!(joined["messages"][0]["event"]["kind"], "joined");
    let reply = operator
        .post(
            &format!("/staff/chats/{}/messages", chat.id),
            &json!({ "text": "Здравствуйте! Сейчас проверю." }),
        )
        .await;
    assert_eq!(reply.status(), 200);
    let seen = chat.read(last).await;
    assert_eq!(seen["messages"][0]["from"], "operator");
    assert_eq!(seen["messages"][0]["name"], "Ольга");
    let said = chat.say("Спасибо, жду").await;
    assert_eq!(
        said["messages"].as_array().expect("m").len(),
        1,
        "no bot now"
    );
    let heard: Value = operator
        .get_json(&format!("/staff/chats/{}?after={}", chat.id, last + 1))
        .await;
    assert_eq!(heard["messages"][0]["text"], "Спасибо, жду");

    // The end, the rating once, nothing said after.
    let ended = chat.ok("end", &json!({})).await;
    assert_eq!(ended["state"], "ended");
    let early = chat.post("rating", &json!({ "stars": 6 })).await;
    assert_eq!(early.status(), 422);
    let rated = chat
        .post(
            "rating",
            &json!({ "stars": 5, "comment": "Быстро помогли" }),
        )
        .await;
    assert_eq!(rated.status(), 204);
    let again = chat.post("rating", &json!({ "stars": 1 })).await;
    assert_eq!(problem(again).await.1, "chat_not_rateable");
    assert_eq!(chat.read(0).await["rated"], true);
    let after = chat
        .post("messages", &json!({ "text": "Ещё вопрос" }))
        .await;
    assert_eq!(problem(after).await.1, "chat_ended");
    let console = operator.get_json("/staff/chats").await;
    assert!(console["mine"].as_array().expect("mine").is_empty());
}

#[tokio::test]
async fn by_night_the_bot_says_when_operators_are_back() {
    let app = spawn_operators_at(NIGHT).await;
    let (chat, _) = Chat::start(&app).await;
    let said = chat.ok("operator", &json!({})).await;
    assert_eq!(said["state"], "bot");
    let away = &said["messages"][0]["event"];
    assert_eq!(away["kind"], "operators_away");
    assert_eq!(away["opens"], "10:00");
    assert_eq!(away["tomorrow"], false);
    assert_eq!(away["nobody_online"], false);
    assert_eq!(said["messages"][1]["from"], "bot");

    // At 3 a.m. the chat becomes a request: what the form checks, then a number at once.
    chat.say("Не приходит СМС-код при входе на портал").await;
    let empty = chat
        .post("request", &json!({ "category": "technical" }))
        .await;
    let (status, code, body) = problem(empty).await;
    assert_eq!((status, code.as_str()), (422, "validation"));
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    for f in ["full_name", "phone", "consent"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    let form = json!({
        "category": "technical",
        "full_name": "Иванов Иван Иванович",
        "phone": "+7 912 345-67-89",
        "consent": true
    });
    let made = chat.post("request", &form).await;
    assert_eq!(made.status(), 201);
    let made: Value = made.json().await.expect("json");
    let number = made["ticket"]["number"]
        .as_str()
        .expect("number")
        .to_owned();
    let code = made["ticket"]["access_code"]
        .as_str()
        .expect("code")
        .to_owned();
    assert_eq!(made["said"]["messages"][0]["event"]["kind"], "request_made");
    let view: Value = app.lookup(&number, &code).await.json().await.expect("view");
    assert_eq!(view["subject"], "Не приходит СМС-код при входе на портал");
    assert_eq!(view["category"], "technical");
    // Sent again (a timeout, a second tap): the same request, noted once.
    let again: Value = chat
        .post("request", &form)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again["ticket"]["number"], number.as_str());
    let lines = chat.read(0).await["messages"]
        .as_array()
        .expect("m")
        .iter()
        .filter(|m| m["event"]["kind"] == "request_made")
        .count();
    assert_eq!(lines, 1);
    assert!(
        !chat.read(0).await.to_string().contains(&code),
        "the code is not kept in the chat"
    );
}

#[tokio::test]
async fn an_operator_asks_for_a_request_and_the_transcript_downloads_and_goes_by_email() {
    let app = spawn_operators_at(NOON).await;
    let operator = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    operator.get_json("/staff/chats").await;
    let (chat, _) = Chat::start(&app).await;
    chat.say("Позовите оператора").await;
    let path = format!("/staff/chats/{}", chat.id);
    operator.post(&format!("{path}/take"), &json!({})).await;
    operator
        .post(
            &format!("{path}/messages"),
            &json!({ "text": "Проверьте номер в профиле." }),
        )
        .await;
    // The operator asks for a request; the citizen leaves it from the chat.
    let offered = operator.post(&format!("{path}/offer"), &json!({})).await;
    assert_eq!(offered.status(), 200);
    let last = chat.read(0).await["last_seq"].as_u64().expect("last");
    assert_eq!(
        chat.read(last - 1).await["messages"][0]["event"]["kind"],
        "request_offered"
    );
    let form = json!({ "category": "technical", "full_name": "Иванов Иван", "email": "ivan@example.org", "consent": true });
    assert_eq!(chat.post("request", &form).await.status(), 201);
    chat.ok("end", &json!({})).await;

    let pdf = chat.get("transcript").await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(
        pdf.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .starts_with("attachment; filename=\"chat-")
    );
    let bytes = pdf.bytes().await.expect("bytes");
    assert!(bytes.starts_with(b"%PDF-") && bytes.len() < 100_000);
    let stranger = app
        .http
        .get(app.api(&format!("/chat/{}/transcript", chat.id)))
        .send()
        .await
        .expect("get");
    assert_eq!(problem(stranger).await.1, "chat_not_found");

    let bad = chat
        .post("transcript/email", &json!({ "email": "ivan@" }))
        .await;
    let (status, _, body) = problem(bad).await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (422, Some("email"))
    );
    for _ in 0..3 {
        let sent = chat
            .post("transcript/email", &json!({ "email": "ivan@почта.рф" }))
            .await;
        assert_eq!(sent.status(), 202);
    }
    let fourth = chat
        .post("transcript/email", &json!({ "email": "ivan@example.org" }))
        .await;
    assert_eq!(problem(fourth).await.1, "chat_emails_used");
    let outbox = app.outbox().await;
    let mail = outbox
        .iter()
        .find(|m| m["subject"] == "Переписка в чате поддержки")
        .expect("the transcript's e-mail");
    assert_eq!(mail["to"], "ivan@xn--80a1acny.xn--p1ai");
    let body = mail["body"].as_str().expect("body");
    for line in [
        "\nПозовите оператора\n",
        "\nВы · ",
        "Оператор Ольга · ",
        "Проверьте номер в профиле.",
        "— Вы завершили чат.",
    ] {
        assert!(body.contains(line), "{line:?} in {body}");
    }
}

#[tokio::test]
async fn in_working_hours_with_nobody_online_the_bot_says_so() {
    let app = spawn_operators_at(NOON).await;
    let (chat, _) = Chat::start(&app).await;
    let said = chat.say("Позовите оператора").await;
    assert_eq!(said["state"], "bot");
    assert_eq!(said["messages"][1]["event"]["nobody_online"], true);
}

#[tokio::test]
async fn a_reader_gets_exactly_what_it_missed_and_a_resent_message_is_kept_once() {
    let app = spawn_operators_at(NIGHT).await;
    let (chat, _) = Chat::start(&app).await;
    let first = chat
        .ok(
            "messages",
            &json!({ "text": "Не приходит СМС-код", "client_id": "m-1" }),
        )
        .await;
    let again = chat
        .ok(
            "messages",
            &json!({ "text": "Не приходит СМС-код", "client_id": "m-1" }),
        )
        .await;
    assert!(again["messages"].as_array().expect("m").is_empty());
    chat.say("спасибо").await;
    let all = chat.read(0).await;
    let every = seqs(&all["messages"]);
    assert_eq!(every, (1..=every.len() as u64).collect::<Vec<_>>());
    assert_eq!(all["last_seq"], every.len() as u64);
    let texts: Vec<&str> = all["messages"]
        .as_array()
        .expect("m")
        .iter()
        .filter_map(|m| m["text"].as_str())
        .filter(|t| *t == "Не приходит СМС-код")
        .collect();
    assert_eq!(texts.len(), 1);
    let gap = seqs(&first["messages"])[1];
    let missed = chat.read(gap).await;
    assert_eq!(
        seqs(&missed["messages"]),
        ((gap + 1)..=every.len() as u64).collect::<Vec<_>>()
    );
    let bad = app
        .http
        .get(app.api(&format!("/chat/{}?after=x", chat.id)))
        .header("x-chat-key", &chat.key)
        .send()
        .await
        .expect("get");
    assert_eq!(bad.status(), 422);
    let long = chat
        .post("messages", &json!({ "text": "я".repeat(2001) }))
        .await;
    let long = problem(long).await;
    assert_eq!(long.2["errors"][0]["field"], "text");
}

#[tokio::test]
async fn a_chat_is_read_only_with_its_key_or_its_citizens_session() {
    let app = spawn_operators_at(NIGHT).await;
    let (chat, _) = Chat::start(&app).await;
    let (other, _) = Chat::start(&app).await;
    let read = |id: String, key: String| {
        let app = &app;
        async move {
            let mut req = app.http.get(app.api(&format!("/chat/{id}")));
            if !key.is_empty() {
                req = req.header("x-chat-key", key);
            }
            req.send().await.expect("get")
        }
    };
    for (id, key) in [
        (chat.id.clone(), other.key.clone()),
        (chat.id.clone(), String::new()),
        ("not-a-chat-id".into(), chat.key.clone()),
        ("0".repeat(32), chat.key.clone()),
    ] {
        let resp = read(id.clone(), key).await;
        assert_eq!(problem(resp).await.1, "chat_not_found", "{id}");
    }
    // A signed-in citizen's chat: theirs without the key, nobody else's.
    let owner = citizen_sign_in(&app, "+79123456789").await;
    let stranger = citizen_sign_in(&app, "other@example.ru").await;
    let started = owner.post("/chat", &json!({ "lang": "en" })).await;
    assert_eq!(started.status(), 201);
    let started: Value = started.json().await.expect("json");
    let id = started["chat"]["id"].as_str().expect("id");
    assert_eq!(started["chat"]["lang"], "en");
    assert!(
        started["chat"]["messages"][0]["text"]
            .as_str()
            .expect("greeting")
            .starts_with("Hello")
    );
    assert_eq!(owner.get(&format!("/chat/{id}")).await.status(), 200);
    // In "Мои обращения": theirs, nobody else's.
    let mine = owner.get_json("/my/chats").await;
    assert_eq!(mine[0]["id"], id);
    assert_eq!(mine[0]["state"], "bot");
    let others = stranger.get_json("/my/chats").await;
    assert!(others.as_array().expect("list").is_empty(), "{others}");
    let theirs = stranger.get(&format!("/chat/{id}")).await;
    assert_eq!(problem(theirs).await.1, "chat_not_found");
    // Staff see no chat in the bot's hands unless they supervise.
    let operator = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    assert_eq!(
        operator.get(&format!("/staff/chats/{id}")).await.status(),
        404
    );
    let supervisor = staff_sign_in(&app, "supervisor", "supervisor-demo-2026").await;
    assert_eq!(
        supervisor.get(&format!("/staff/chats/{id}")).await.status(),
        200
    );
}

#[tokio::test]
async fn the_bot_tells_a_status_for_the_right_code_only() {
    let app = spawn_operators_at(NIGHT).await;
    let (number, code) = app.submit(&valid_ticket()).await;
    let (chat, _) = Chat::start(&app).await;
    let said = chat.say(&format!("Какой статус обращения {number}?")).await;
    let ask = &said["messages"][1];
    assert_eq!(ask["asks"]["kind"], "access_code");
    assert_eq!(ask["asks"]["number"], number.as_str());
    let wrong = chat
        .post(
            "status",
            &json!({ "number": number, "access_code": "AAAA-AAAA" }),
        )
        .await;
    assert_eq!(problem(wrong).await.1, "not_found");
    let told = chat
        .ok("status", &json!({ "number": number, "access_code": code }))
        .await;
    let status = &told["messages"][0]["status"];
    assert_eq!(status["number"], number.as_str());
    assert_eq!(status["status"], "received");
    // The code never becomes a message.
    let all = chat.read(0).await.to_string();
    assert!(!all.contains(&code), "{all}");
    // Signed in, the owner needs no code.
    let owner = citizen_sign_in(&app, "+79123456789").await;
    let mine: Value = owner
        .post("/chat", &json!({}))
        .await
        .json()
        .await
        .expect("json");
    let id = mine["chat"]["id"].as_str().expect("id");
    let told = owner
        .post(&format!("/chat/{id}/status"), &json!({ "number": number }))
        .await;
    assert_eq!(told.status(), 200);
}

#[tokio::test]
async fn of_two_operators_taking_at_once_one_gets_the_chat() {
    let app = spawn_operators_at(NOON).await;
    helpdesk_functions::auth::staff::create(
        app.store.as_ref(),
        helpdesk_functions::auth::staff::NewAccount {
            login: "olga2",
            name: "Ольга Вторая",
            role: helpdesk_shared::auth::Role::Operator,
            department: None,
            password: "second operator 1",
        },
        time::OffsetDateTime::now_utc(),
    )
    .await
    .expect("create");
    let a = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let b = staff_sign_in(&app, "olga2", "second operator 1").await;
    a.get_json("/staff/chats").await;
    for round in 0..3 {
        let (chat, _) = Chat::start(&app).await;
        assert_eq!(chat.ok("operator", &json!({})).await["state"], "waiting");
        let path = format!("/staff/chats/{}/take", chat.id);
        let empty = json!({});
        let (ra, rb) = tokio::join!(a.post(&path, &empty), b.post(&path, &empty));
        let mut codes = [ra.status().as_u16(), rb.status().as_u16()];
        codes.sort();
        assert_eq!(codes, [200, 409], "round {round}");
        let joined = chat.read(0).await;
        let joins = joined["messages"]
            .as_array()
            .expect("m")
            .iter()
            .filter(|m| m["event"]["kind"] == "joined")
            .count();
        assert_eq!(joins, 1, "round {round}");
    }
}

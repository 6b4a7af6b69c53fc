//! The knowledge base over HTTP (over redb, and over DynamoDB in moto with
//! HELPDESK_TEST_BACKEND=aws): the articles with a content-hash ETag and a 304, topic
//! guesses for text being typed, "was this helpful?" with its limits.

mod common;

use common::session::staff_sign_in;
use common::{problem, spawn_app, spawn_with};
use helpdesk_functions::ratelimit::{Limit, Limits};
use serde_json::{Value, json};

#[tokio::test]
async fn the_articles_come_with_a_version_and_a_304_when_unchanged() {
    let app = spawn_app().await;
    let resp = app.http.get(app.api("/faq")).send().await.expect("get");
    assert_eq!(resp.status(), 200);
    let etag = resp.headers()["etag"].to_str().expect("ascii").to_owned();
    assert_eq!(resp.headers()["cache-control"], "public, max-age=300");
    let bundle: Value = resp.json().await.expect("json");
    let articles = bundle["articles"].as_array().expect("articles");
    assert!(articles.len() >= 40, "{}", articles.len());
    assert_eq!(
        etag,
        format!("\"{}\"", bundle["version"].as_str().expect("version"))
    );
    let first = &articles[0];
    for key in ["slug", "topic", "ru", "en"] {
        assert!(first.get(key).is_some(), "{key}");
    }
    let again = app
        .http
        .get(app.api("/faq"))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("get");
    assert_eq!(again.status(), 304);
}

#[tokio::test]
async fn text_being_typed_gets_its_likeliest_topic() {
    let app = spawn_app().await;
    let guess = |text: &'static str| {
        let app = &app;
        async move {
            let resp = app.post("/faq/topic", &json!({ "text": text })).await;
            assert_eq!(resp.status(), 200);
            resp.json::<Value>().await.expect("json")
        }
    };
    let paid = guess("Оплатил госпошлину, деньги списаны, а пошлина не оплачена").await;
    assert_eq!(paid["category"], "payments");
    assert!(
        paid["confidence"].as_f64().expect("number") >= 0.5,
        "{paid}"
    );
    let nothing = guess("рецепт борща").await;
    assert!(nothing.get("category").is_none(), "{nothing}");
    assert_eq!(nothing["confidence"], 0.0);

    let long = "а".repeat(6001);
    let (status, code, _) = problem(app.post("/faq/topic", &json!({ "text": long })).await).await;
    assert_eq!((status, code.as_str()), (422, "validation"));
}

#[tokio::test]
async fn votes_are_counted_and_checked() {
    let app = spawn_app().await;
    let yes = app
        .post("/faq/pay-fee/vote", &json!({ "helpful": true }))
        .await;
    assert_eq!(yes.status(), 204);
    let no = json!({ "helpful": false, "missing": "Нет ничего про оплату с телефона" });
    assert_eq!(app.post("/faq/pay-fee/vote", &no).await.status(), 204);
    let (status, code, _) = problem(
        app.post("/faq/no-such-page/vote", &json!({ "helpful": true }))
            .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (404, "article_not_found"));
    let hidden = json!({ "helpful": false, "missing": "скрытый\u{202e}текст" });
    let (status, _, body) = problem(app.post("/faq/pay-fee/vote", &hidden).await).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "missing");

    // The admin sees it: the article with a "no" first, what was missing with it.
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let feedback: Value = admin.get_json("/admin/faq/feedback").await;
    let first = &feedback[0];
    assert_eq!(first["slug"], "pay-fee");
    assert_eq!(
        (first["helpful"].as_i64(), first["not_helpful"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        first["missing"][0]["text"],
        "Нет ничего про оплату с телефона"
    );
}

#[tokio::test]
async fn guesses_and_votes_are_rate_limited_per_address() {
    let limits = Limits {
        topic_per_client: Limit::per_minute(2),
        vote_per_client: Limit::per_minute(1),
        ..Limits::default()
    };
    let app = spawn_with(limits).await;
    for _ in 0..2 {
        assert_eq!(
            app.post("/faq/topic", &json!({ "text": "штраф" }))
                .await
                .status(),
            200
        );
    }
    assert_eq!(
        problem(app.post("/faq/topic", &json!({ "text": "штраф" })).await)
            .await
            .0,
        429
    );
    let vote = json!({ "helpful": true });
    assert_eq!(app.post("/faq/receipt/vote", &vote).await.status(), 204);
    assert_eq!(
        problem(app.post("/faq/receipt/vote", &vote).await).await.0,
        429
    );
}

#[tokio::test]
async fn a_question_finds_its_article_in_the_language_asked_for() {
    let app = spawn_app().await;
    let search = |query: &'static str| {
        let app = &app;
        async move {
            app.http
                .get(app.api("/faq/search"))
                .query(&[("q", query)])
                .send()
                .await
                .expect("get")
        }
    };
    let resp = search("не помню пароль от госуслуг").await;
    assert_eq!(resp.status(), 200);
    let hits: Value = resp.json().await.expect("json");
    assert_eq!(hits[0]["slug"], "password-recovery");
    assert!(hits[0]["title"].as_str().expect("title").contains("пароль"));
    assert!(
        hits[0]["matched"]
            .as_array()
            .expect("matched")
            .iter()
            .any(|w| w == "пароль")
    );

    let en: Value = app
        .http
        .get(app.api("/faq/search"))
        .query(&[("q", "загранпаспорт"), ("lang", "en"), ("limit", "2")])
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(en.as_array().expect("hits").len(), 2);
    assert_eq!(en[0]["slug"], "passport-foreign");
    assert!(en[0]["title"].as_str().expect("title").contains("passport"));

    let none: Value = search("рецепт борща").await.json().await.expect("json");
    assert_eq!(none, json!([]));

    for bad in [
        "/faq/search",
        "/faq/search?q=",
        "/faq/search?q=x&lang=de",
        "/faq/search?q=x&limit=99",
        "/faq/search?q=x&sort=new",
    ] {
        let (status, code, _) =
            problem(app.http.get(app.api(bad)).send().await.expect("get")).await;
        assert_eq!((status, code.as_str()), (422, "validation"), "{bad}");
    }
}

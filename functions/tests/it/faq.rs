//! The knowledge base over HTTP (over redb, and over DynamoDB in moto with
//! HELPDESK_TEST_BACKEND=aws): the articles with a content-hash ETag and a 304, topic
//! guesses for text being typed, "was this helpful?" with its limits.

use crate::common;

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

#[tokio::test]
async fn admins_write_publish_unpublish_and_reorder_articles() {
    let app = spawn_app().await;
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let all: Value = admin.get_json("/admin/faq/articles").await;
    assert!(all.as_array().is_some_and(|a| a.len() >= 80));
    assert_eq!(all[0]["published"], true);

    let text = |title: &str, answer: &str| json!({ "title": title, "answer": answer, "steps": ["Откройте раздел «Налоги»."], "asks": ["налоговый вычет"] });
    let article = json!({
        "topic": "payments",
        "ru": text("Как получить налоговый вычет за лечение", "Подайте декларацию 3-НДФЛ с чеками об оплате лечения."),
        "en": text("How to get a tax deduction for medical care", "File a 3-NDFL return with the receipts for the treatment."),
        "related": ["pay-fee"],
        "published": false,
    });
    // A new article, not published yet: the readers do not see it.
    let saved = admin
        .put("/admin/faq/articles/tax-deduction", &article, true)
        .await;
    assert_eq!(saved.status(), 200);
    let bundle: Value = read(&app, "/faq").await;
    assert!(!bundle.to_string().contains("tax-deduction"));
    // Creating it again is refused; its slug is taken.
    let (status, _, body) = problem(
        admin
            .put("/admin/faq/articles/tax-deduction", &article, true)
            .await,
    )
    .await;
    assert_eq!(
        (status, body["errors"][0]["code"].as_str()),
        (422, Some("id_taken"))
    );

    // Published: search finds it, in both languages.
    let mut published = article.clone();
    published["published"] = json!(true);
    assert_eq!(
        admin
            .put("/admin/faq/articles/tax-deduction", &published, false)
            .await
            .status(),
        200
    );
    let found: Value = read(&app, "/faq/search?q=вычет%20за%20лечение").await;
    assert_eq!(found[0]["slug"], "tax-deduction");
    let found: Value = read(&app, "/faq/search?q=tax%20deduction&lang=en").await;
    assert_eq!(
        found[0]["title"],
        "How to get a tax deduction for medical care"
    );

    // First in the list once reordered; gone again when unpublished.
    let order = json!({ "slugs": ["tax-deduction", "pay-fee"] });
    assert_eq!(
        admin.put("/admin/faq/order", &order, false).await.status(),
        204
    );
    let bundle: Value = read(&app, "/faq").await;
    assert_eq!(bundle["articles"][0]["slug"], "tax-deduction");
    assert_eq!(bundle["articles"][1]["slug"], "pay-fee");
    assert_eq!(
        admin
            .put("/admin/faq/articles/tax-deduction", &article, false)
            .await
            .status(),
        200
    );
    let found: Value = read(&app, "/faq/search?q=вычет%20за%20лечение").await;
    assert!(
        found
            .as_array()
            .is_some_and(|f| f.iter().all(|a| a["slug"] != "tax-deduction"))
    );
    let (status, _, _) = problem(
        admin
            .put("/admin/faq/order", &json!({ "slugs": ["no-such"] }), false)
            .await,
    )
    .await;
    assert_eq!(status, 404);

    // Every field to fix is named; a topic's name is no slug.
    let mut bad = article.clone();
    bad["ru"]["title"] = json!("Ой");
    bad["topic"] = json!("weather");
    let (status, _, body) =
        problem(admin.put("/admin/faq/articles/payments", &bad, false).await).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["slug", "topic", "ru.title"]);

    // Audited; operators may not edit.
    let day = time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+3))
        .date();
    let audit: Value = admin.get_json(&format!("/admin/audit?day={day}")).await;
    assert!(
        audit.to_string().contains("faq_article_put") && audit.to_string().contains("faq_order")
    );
    let operator = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    assert_eq!(
        operator
            .put("/admin/faq/articles/tax-deduction", &published, false)
            .await
            .status(),
        403
    );
    assert_eq!(operator.get("/admin/faq/articles").await.status(), 403);
}

async fn read(app: &common::TestApp, path: &str) -> Value {
    let resp = app.http.get(app.api(path)).send().await.expect("get");
    assert_eq!(resp.status(), 200, "{path}");
    resp.json().await.expect("json")
}

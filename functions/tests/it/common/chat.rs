//! A citizen's chat as their browser holds it, for the chat's black-box tests.

use serde_json::{Value, json};

use super::TestApp;

/// A citizen's chat as their browser holds it.
pub struct Chat<'a> {
    pub app: &'a TestApp,
    pub id: String,
    pub key: String,
}

impl Chat<'_> {
    pub async fn start(app: &TestApp) -> (Chat<'_>, Value) {
        let resp = app.post("/chat", &json!({})).await;
        assert_eq!(resp.status(), 201);
        let v: Value = resp.json().await.expect("json");
        let chat = Chat {
            app,
            id: v["chat"]["id"].as_str().expect("id").to_owned(),
            key: v["key"].as_str().expect("key").to_owned(),
        };
        (chat, v["chat"].clone())
    }

    pub async fn post(&self, what: &str, body: &Value) -> reqwest::Response {
        self.app
            .http
            .post(self.app.api(&format!("/chat/{}/{what}", self.id)))
            .header("x-chat-key", &self.key)
            .json(body)
            .send()
            .await
            .expect("post")
    }

    /// A call that must succeed; its JSON.
    pub async fn ok(&self, what: &str, body: &Value) -> Value {
        let resp = self.post(what, body).await;
        assert_eq!(resp.status(), 200, "{what}");
        resp.json().await.expect("json")
    }

    pub async fn say(&self, text: &str) -> Value {
        self.ok("messages", &json!({ "text": text })).await
    }

    pub async fn read(&self, after: u64) -> Value {
        let resp = self
            .app
            .http
            .get(self.app.api(&format!("/chat/{}?after={after}", self.id)))
            .header("x-chat-key", &self.key)
            .send()
            .await
            .expect("get");
        assert_eq!(resp.status(), 200);
        resp.json().await.expect("json")
    }
}

impl Chat<'_> {
    /// A GET under the chat (`transcript`), as it answers.
    pub async fn get(&self, what: &str) -> reqwest::Response {
        self.app
            .http
            .get(self.app.api(&format!("/chat/{}/{what}", self.id)))
            .header("x-chat-key", &self.key)
            .send()
            .await
            .expect("get")
    }
}

pub fn seqs(messages: &Value) -> Vec<u64> {
    messages
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["seq"].as_u64().expect("seq"))
        .collect()
}

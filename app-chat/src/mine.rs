//! The signed-in citizen's chats on "Мои обращения": newest first, each a link that opens
//! it again (`/chat?id=`), with when it started, where it stands and the request it
//! became. Drawn by the chat module, so the page's own bundle carries none of it.

use helpdesk_shared::chat::{ChatState, MyChat};
use helpdesk_shared::text::escape_html as esc;
use helpdesk_shared::{Lang, moscow};

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::net::{self, Auth};

helpdesk_shared::messages! {
    /// The list's texts.
    pub enum Words {
        Title => "Чаты с поддержкой" | "Chats with support",
        Started => "Начат" | "Started",
        Msk => "МСК" | "Moscow time",
        Untitled => "Чат без сообщений" | "A chat without messages",
        Bot => "Отвечает бот" | "The bot answers",
        Waiting => "Ждёт оператора" | "Waiting for an operator",
        Operator => "С оператором" | "With an operator",
        Ended => "Завершён" | "Ended",
        Became => "Стал обращением" | "Became request",
    }
}

/// The list as HTML; empty when there are no chats (the page shows nothing then).
pub fn html(chats: &[MyChat], lang: Lang) -> String {
    if chats.is_empty() {
        return String::new();
    }
    let w = |k: Words| k.text(lang);
    let items: String = chats
        .iter()
        .map(|c| {
            let state = match c.state {
                ChatState::Bot => (w(Words::Bot), "in_progress"),
                ChatState::Waiting => (w(Words::Waiting), "received"),
                ChatState::Operator => (w(Words::Operator), "in_progress"),
                ChatState::Ended => (w(Words::Ended), "resolved"),
            };
            let title = if c.first_message.trim().is_empty() {
                w(Words::Untitled).to_owned()
            } else {
                c.first_message.clone()
            };
            let request = c
                .request
                .as_ref()
                .map(|n| format!(" · {} № {}", w(Words::Became), esc(n)))
                .unwrap_or_default();
            format!(
                r#"<li class="ticket-card"><p class="ticket-card-head"><a href="/chat?id={id}">{title}</a><span class="status status-{class}">{state}</span></p><p class="meta">{started} {at} {msk}{request}</p></li>"#,
                id = esc(&c.id),
                title = esc(&title),
                class = state.1,
                state = state.0,
                started = w(Words::Started),
                at = moscow::format(c.created_at),
                msk = w(Words::Msk),
            )
        })
        .collect();
    format!(
        r#"<h2 id="my-chats-title">{}</h2><ul class="ticket-list" aria-labelledby="my-chats-title">{items}</ul>"#,
        w(Words::Title)
    )
}

/// "Мои обращения": fills `root` with the signed-in citizen's chats, newest first, each
/// a link that opens it again (nothing if there are none).
#[wasm_bindgen]
pub fn mine(root: JsValue, lang_code: &str) {
    if let Ok(root) = root.dyn_into::<web_sys::Element>() {
        fill(root, Lang::from_code(lang_code).unwrap_or(Lang::Ru));
    }
}

/// Fills `root` with the citizen's chats (nothing if there are none or the call fails:
/// the requests above are the page's point).
fn fill(root: web_sys::Element, lang: Lang) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(chats) =
            net::call::<Vec<MyChat>>("GET", "/my/chats", None::<&()>, &Auth::Session).await
        {
            root.set_inner_html(&html(&chats, lang));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_chat_links_to_itself_and_what_people_wrote_is_escaped() {
        let chat = MyChat {
            id: "ab12".into(),
            state: ChatState::Ended,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            first_message: "<b>пароль</b>".into(),
            topic: None,
            request: Some("123-456-789".into()),
        };
        let html = html(&[chat], Lang::Ru);
        assert!(
            html.contains(r#"<a href="/chat?id=ab12">&lt;b&gt;пароль&lt;/b&gt;</a>"#),
            "{html}"
        );
        assert!(html.contains("Завершён") && html.contains("Стал обращением № 123-456-789"));
        assert!(html.contains("01.01.1970 03:00"));
        assert_eq!(super::html(&[], Lang::Ru), "");
    }
}

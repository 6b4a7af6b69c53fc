//! "Похоже, ваш вопрос относится к теме «…»": while no topic is chosen, the knowledge
//! base guesses one from the subject and description after each pause in typing; one
//! press chooses it. A failed guess shows nothing (it is only a suggestion).

use helpdesk_app_front::shell;
use helpdesk_app_site::{Form, esc};
use helpdesk_shared::Category;
use helpdesk_shared::faq::{TOPIC_SUGGEST_FROM, TopicGuess, TopicRequest};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::Document;

use crate::{api, draft, keep, show, with};

/// How long typing must pause before the topic is guessed again.
const PAUSE_MS: i32 = 700;
/// Shortest text worth guessing from.
const MIN_TEXT: usize = 12;

#[derive(Debug, Default)]
pub struct Topic {
    /// Only the answer to the latest text counts.
    generation: u32,
    guess: Option<Category>,
    /// The topic chosen from the suggestion: said where the button was.
    picked: Option<Category>,
}

/// The text or the topic changed: guess again after a pause, or stop suggesting.
pub fn changed(doc: &Document) {
    let text = format!(
        "{} {}",
        draft::value(doc, "subject"),
        draft::value(doc, "description")
    );
    let chosen = !draft::value(doc, "category").is_empty();
    let this = with(|s| {
        s.topic.generation = s.topic.generation.wrapping_add(1);
        if !chosen {
            s.topic.picked = None;
        }
        s.topic.generation
    });
    if chosen || text.trim().chars().count() < MIN_TEXT {
        with(|s| s.topic.guess = None);
        draw(doc);
        return;
    }
    let doc = doc.clone();
    let later = Closure::once_into_js(move || {
        if with(|s| s.topic.generation) != this {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let answer =
                api::post::<_, TopicGuess>("/faq/topic", &TopicRequest { text }, None).await;
            let guess = match answer {
                Ok(g) if g.confidence >= TOPIC_SUGGEST_FROM => g.category,
                _ => None,
            };
            let current = with(|s| {
                let current = s.topic.generation == this;
                if current {
                    s.topic.guess = guess;
                }
                current
            });
            if current {
                draw(&doc);
            }
        });
    });
    if let Some(w) = web_sys::window() {
        let _ = w
            .set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), PAUSE_MS);
    }
}

/// The suggestion chosen: the topic is set, and said where the button was.
pub fn choose(doc: &Document) {
    let Some(c) = with(|s| s.topic.guess) else {
        return;
    };
    draft::set_value(doc, "category", c.code());
    with(|s| {
        s.topic.picked = Some(c);
        s.topic.guess = None;
        s.touched.insert("category".into());
        s.server.clear();
    });
    keep(doc);
    show::errors(doc);
    show::tools(doc);
    draw(doc);
    show::later_focus_id(doc, "topic-picked");
}

pub fn draw(doc: &Document) {
    let Some(el) = doc.query_selector(".topic-suggestion").ok().flatten() else {
        return;
    };
    let lang = shell::lang();
    let (guess, picked) = with(|s| (s.topic.guess, s.topic.picked));
    let mut html = String::new();
    if let Some(c) = guess {
        html.push_str(&format!(
            "<p class=\"callout\">{} «{}». <button type=\"button\" id=\"topic-choose\" class=\"link-button\">{}</button></p>",
            esc(Form::TopicLooksLike.text(lang)),
            esc(c.title(lang)),
            esc(Form::TopicChoose.text(lang)),
        ));
    }
    if let Some(c) = picked {
        html.push_str(&format!(
            "<p id=\"topic-picked\" class=\"hint\" tabindex=\"-1\">{} «{}».</p>",
            esc(Form::TopicPicked.text(lang)),
            esc(c.title(lang)),
        ));
    }
    if el.inner_html() != html {
        el.set_inner_html(&html);
    }
}

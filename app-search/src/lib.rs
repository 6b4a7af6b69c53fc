//! The knowledge base in the browser, as a wasm module of its own so the SPA's first
//! load carries none of it: the search engine and the FAQ pages' HTML (`html.rs`). The
//! SPA fetches the articles (`GET /api/v1/faq`), hands their JSON to `load`, gives
//! `attach_search` its search box (searched on every keystroke: no network, well within
//! a frame) and asks for pages (`topics`, `show`).
//! The boot script (`app/bundle.mjs`) imports this module on first use.
//!
//! Answers are strings and numbers (HTML, a title, a category's code), so neither side
//! needs more bindings than that, and the SPA parses nothing.

mod html;
mod page;

use std::cell::RefCell;

use helpdesk_shared::faq::{FaqBundle, Knowledge, TOPIC_SUGGEST_FROM, is_topic, topic_title};
use helpdesk_shared::{Category, Lang};
use wasm_bindgen::prelude::*;

thread_local! {
    static KNOWLEDGE: RefCell<Option<(String, Knowledge)>> = const { RefCell::new(None) };
}

/// Indexes the articles of a `FaqBundle` (its JSON text). Returns false when the text
/// is not one; a bundle of the version already loaded is not indexed again.
#[wasm_bindgen]
pub fn load(bundle: &str) -> bool {
    let Ok(bundle) = serde_json::from_str::<FaqBundle>(bundle) else {
        return false;
    };
    KNOWLEDGE.with_borrow_mut(|k| {
        if k.as_ref().is_none_or(|(v, _)| *v != bundle.version) {
            *k = Some((bundle.version, Knowledge::new(bundle.articles)));
        }
    });
    true
}

fn lang(code: &str) -> Lang {
    Lang::from_code(code).unwrap_or(Lang::Ru)
}

/// What the loaded knowledge gives `f`; `or` before `load`.
fn with<T>(or: T, f: impl FnOnce(&Knowledge) -> T) -> T {
    KNOWLEDGE.with_borrow(|k| k.as_ref().map_or(or, |(_, k)| f(k)))
}

/// Search results for `query` as the citizen types it (its last word may be
/// unfinished), as HTML in `lang`: the articles found, best first, or "nothing found";
/// on the home page (`full` false) a link to all of them; then "Не нашли ответ?"
/// carrying the question and its likely topic. With how many were found; nothing for
/// a blank query.
fn search(query: &str, lang: Lang, limit: usize, full: bool) -> (String, usize) {
    if query.trim().is_empty() {
        return (String::new(), 0);
    }
    with((String::new(), 0), |k| {
        let found = k.found(query, lang, true, limit);
        let html = html::results(&found, query, likely_topic(k, query), limit, full, lang);
        (html, found.len())
    })
}

/// The category `text` is most likely about, when the engine is at least as sure as
/// the request form's threshold.
fn likely_topic(k: &Knowledge, text: &str) -> Option<Category> {
    k.topic(text)
        .filter(|(_, confidence)| *confidence >= TOPIC_SUGGEST_FROM)
        .map(|(c, _)| c)
}

/// The topics that have articles, as HTML.
#[wasm_bindgen]
pub fn topics(lang_code: &str) -> String {
    with(String::new(), |k| {
        html::topics(&k.articles, lang(lang_code))
    })
}

/// Shows the page at `/faq/<key>` in `root` (an element the SPA rendered) in `lang`,
/// and makes it work: a topic's articles, or an article with its vote, what to read
/// next and "Не нашли ответ?" carrying `query` (the question that led here), or, for
/// an address no article has, a page that says so. Returns the page's title.
#[wasm_bindgen]
pub fn show(root: JsValue, key: &str, lang_code: &str, query: &str) -> String {
    let lang = lang(lang_code);
    let voted = page::voted(key);
    let (title, html) = with((String::new(), String::new()), |k| {
        page(k, key, query, voted, lang)
    });
    if let Ok(root) = root.dyn_into::<web_sys::Element>() {
        page::show(&root, &html);
    }
    title
}

/// The SPA's search box `input` searches as the citizen types: up to `limit` results
/// into `results`, their count (in words) into `status`; `full` on the FAQ page (which
/// keeps the question in its address).
#[wasm_bindgen]
pub fn attach_search(input: JsValue, results: JsValue, status: JsValue, limit: usize, full: bool) {
    if let (Ok(input), Ok(results), Ok(status)) =
        (input.dyn_into(), results.dyn_into(), status.dyn_into())
    {
        page::attach_search(input, results, status, limit, full);
    }
}

/// `/faq/<key>`'s title and HTML (`voted`: this browser has rated the article).
fn page(k: &Knowledge, key: &str, query: &str, voted: bool, lang: Lang) -> (String, String) {
    if is_topic(key) {
        return (
            topic_title(key, lang).to_owned(),
            html::topic_page(&k.articles, key, lang),
        );
    }
    let Some(a) = k.articles.iter().find(|a| a.slug == key) else {
        return (
            html::Text::Gone.text(lang).to_owned(),
            html::gone(&k.articles, lang),
        );
    };
    let html = [
        html::article(a, lang),
        html::vote(&a.slug, voted, lang),
        html::after(a, &k.articles, query, lang),
    ]
    .concat();
    (a.text(lang).title.clone(), html)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle() -> String {
        let articles: serde_json::Value =
            serde_json::from_str(include_str!("../../content/faq/articles.json"))
                .expect("articles.json");
        serde_json::json!({ "version": "t1", "articles": articles }).to_string()
    }

    #[test]
    fn answers_what_it_loaded_and_nothing_before() {
        assert_eq!(search("паспорт", Lang::Ru, 3, true), (String::new(), 0));
        assert!(!load("not json"));
        assert!(load(&bundle()));

        let (found, count) = search("загранпаспорта", Lang::Ru, 3, false);
        assert!(count > 0);
        assert!(found.contains("<mark>"), "{found}");
        assert!(found.contains("?q=%D0%B7"), "the query is carried: {found}");
        assert!(
            found.contains(r#"href="/faq?q="#),
            "a link to all results: {found}"
        );
        assert_eq!(search("  ", Lang::Ru, 3, true), (String::new(), 0));

        let (nothing, none) = search("квантовая хромодинамика", Lang::Ru, 5, true);
        assert_eq!(none, 0);
        assert!(nothing.contains("Ничего не нашлось"), "{nothing}");
        assert!(nothing.contains("/submit?subject=%D0%BA"), "{nothing}");
        let (fee, _) = search("не могу оплатить госпошлину картой", Lang::Ru, 5, true);
        assert!(
            fee.contains("&amp;category=payments"),
            "the topic is guessed: {fee}"
        );

        let k = |f: &dyn Fn(&Knowledge) -> (String, String)| with(Default::default(), f);
        let (title, html) = k(&|k| page(k, "register", "", false, Lang::En));
        assert!(!title.is_empty());
        assert!(
            html.contains("<h1>") && html.contains(r#"href="/faq/registration""#),
            "{html}"
        );
        assert!(html.contains(r#"id="vote-yes""#), "the vote: {html}");
        let (_, html) = k(&|k| page(k, "register", "как зайти", true, Lang::Ru));
        assert!(
            html.contains("subject=%D0%BA%D0%B0%D0%BA%20")
                && html.contains("category=registration"),
            "the question is carried into the form: {html}"
        );
        assert!(
            html.contains("Вы уже оценили") && !html.contains("vote-yes"),
            "asked once: {html}"
        );
        let (title, html) = k(&|k| page(k, "no-such-article", "", false, Lang::Ru));
        assert_eq!(title, "Такой статьи нет");
        assert!(
            html.contains(r#"href="/faq/payments""#),
            "the topics are offered: {html}"
        );
        assert!(topics("ru").contains(r#"href="/faq/contacts""#));
        let (title, html) = k(&|k| page(k, "payments", "", false, Lang::Ru));
        assert_eq!(title, "Оплата и платежи");
        assert!(html.contains("<h1>Оплата и платежи</h1>") && html.contains("category=payments"));
    }

    #[test]
    fn text_from_articles_is_escaped() {
        assert_eq!(
            html::esc(r#"<script>"a"&'b'"#),
            "&lt;script&gt;&quot;a&quot;&amp;&#39;b&#39;"
        );
        assert_eq!(html::query_value("ё a&b"), "%D1%91%20a%26b");
    }
}

//! The knowledge base's pages as HTML, built here so the SPA's first load carries none
//! of it: every text is escaped (articles are data admins edit), links are plain
//! same-site `<a href>` (the SPA's router takes them as in-app navigation).

use std::fmt::Write;

use helpdesk_shared::faq::{self, Article, Found, topic_title};
use helpdesk_shared::{Category, Lang};

helpdesk_shared::messages! {
    /// The texts of the knowledge base's pages.
    pub enum Text {
        Home => "Главная" | "Home",
        Knowledge => "Частые вопросы" | "Questions and answers",
        Trail => "Вы здесь" | "You are here",
        Steps => "Что делать" | "What to do",
        Related => "Читайте также" | "Read next",
        Nothing => "Ничего не нашлось. Попробуйте сказать иначе или задайте вопрос оператору."
            | "Nothing found. Try other words, or ask an operator.",
        All => "Все найденные ответы" | "All answers found",
        Results => "Результаты поиска" | "Search results",
        AskTitle => "Не нашли ответ?" | "Didn't find an answer?",
        AskLead => "Задайте вопрос — мы перенесём его в обращение, тему подберём сами. Ответ придёт в течение 48 часов."
            | "Ask your question: we will carry it into a request and choose the topic for you. The answer comes within 48 hours.",
        Ask => "Задать вопрос оператору" | "Ask an operator",
        Gone => "Такой статьи нет" | "No such article",
        GoneLead => "Возможно, её убрали или адрес набран с ошибкой. Найдите ответ поиском или выберите тему:"
            | "It may have been removed, or the address is mistyped. Search for the answer, or pick a topic:",
        VoteTitle => "Был ли ответ полезен?" | "Was this answer helpful?",
        VoteYes => "Да" | "Yes",
        VoteNo => "Нет" | "No",
        VoteMissing => "Чего не хватило в ответе? (необязательно)" | "What was missing? (optional)",
        VoteMissingHint => "Не пишите сюда личные данные: мы не отвечаем на эти сообщения, а улучшаем по ним ответы."
            | "Please leave out personal data: we do not answer these notes, we use them to improve answers.",
        VoteSend => "Отправить отзыв" | "Send feedback",
        VoteThanks => "Спасибо! Ваш ответ учтён." | "Thank you! Your answer is counted.",
        VoteBefore => "Вы уже оценили этот ответ. Спасибо!" | "You have already rated this answer. Thank you!",
        MissingShort => "«Чего не хватило в ответе»: напишите хотя бы 2 символа или оставьте поле пустым"
            | "\"What was missing\": write at least 2 characters, or leave it empty",
        MissingLong => "«Чего не хватило в ответе»: не более 1000 символов — сократите текст"
            | "\"What was missing\": at most 1000 characters, please shorten it",
        MissingChars => "«Чего не хватило в ответе» содержит невидимые или служебные символы — удалите их"
            | "\"What was missing\" has invisible or control characters: please remove them",
        Offline => "Нет связи с сервером. Проверьте подключение к интернету и попробуйте ещё раз."
            | "No connection to the server. Check your internet connection and try again.",
        TooMany => "Слишком много запросов. Попробуйте снова через несколько минут."
            | "Too many requests. Try again in a few minutes.",
        Failed => "Не получилось отправить. Попробуйте ещё раз чуть позже."
            | "Could not send. Please try again a little later.",
    }
}

helpdesk_shared::counted! {
    pub enum Counted {
        Articles => ["{n} статья", "{n} статьи", "{n} статей"] | ["{n} article", "{n} articles"],
        Found => ["Найдена {n} статья", "Найдено {n} статьи", "Найдено {n} статей"]
            | ["{n} article found", "{n} articles found"],
    }
}

pub use helpdesk_shared::text::{escape_html as esc, query_value};

fn marked(runs: &[(String, bool)]) -> String {
    runs.iter()
        .map(|(text, mark)| {
            if *mark {
                format!("<mark>{}</mark>", esc(text))
            } else {
                esc(text)
            }
        })
        .collect()
}

/// "Не нашли ответ?": one tap to the request form with `subject` as the request's
/// subject and `category` chosen.
pub fn ask(subject: &str, category: Option<Category>, lang: Lang) -> String {
    let mut href = format!("/submit?subject={}", query_value(subject.trim()));
    if let Some(c) = category {
        let _ = write!(href, "&amp;category={}", c.code());
    }
    format!(
        r#"<aside class="ask" aria-labelledby="ask-title"><h2 id="ask-title">{}</h2><p>{}</p><a href="{href}" class="button" id="ask-operator">{}</a></aside>"#,
        Text::AskTitle.text(lang),
        Text::AskLead.text(lang),
        Text::Ask.text(lang)
    )
}

/// Search results as the citizen types: the articles found (or "nothing found"), on
/// the home page (`!full`) a link to all of them when there are more, then "Не нашли
/// ответ?" with the question and its likely topic.
pub fn results(
    found: &[Found],
    query: &str,
    topic: Option<Category>,
    limit: usize,
    full: bool,
    lang: Lang,
) -> String {
    let mut out = format!(r#"<section aria-label="{}">"#, Text::Results.text(lang));
    if found.is_empty() {
        let _ = write!(out, "<p>{}</p>", Text::Nothing.text(lang));
    } else {
        out.push_str(&list(found, query, lang));
        if !full && found.len() == limit {
            let _ = write!(
                out,
                r#"<p><a href="/faq?q={}">{}</a></p>"#,
                query_value(query.trim()),
                Text::All.text(lang)
            );
        }
    }
    out.push_str(&ask(query, topic, lang));
    out.push_str("</section>");
    out
}

/// The articles found, best first, each linking to itself with the query carried (so
/// its "Не нашли ответ?" knows the question).
fn list(found: &[Found], query: &str, lang: Lang) -> String {
    let q = query_value(query.trim());
    let mut out = String::from(r#"<ul class="faq-results">"#);
    for f in found {
        let _ = write!(
            out,
            r#"<li><a href="/faq/{}?q={q}" class="faq-result-title">{}</a> <span class="tag">{}</span><p>{}</p></li>"#,
            esc(&f.slug),
            marked(&f.title),
            esc(topic_title(&f.topic, lang)),
            marked(&f.answer),
        );
    }
    out.push_str("</ul>");
    out
}

/// The topics that have articles (the categories' order, contacts last), with counts.
pub fn topics(articles: &[Article], lang: Lang) -> String {
    let mut out = String::from(r#"<ul class="topics">"#);
    for t in faq::topics() {
        let n = articles.iter().filter(|a| a.topic == t).count();
        if n > 0 {
            let _ = write!(
                out,
                r#"<li><a href="/faq/{t}">{}</a> <span class="hint">{}</span></li>"#,
                esc(topic_title(t, lang)),
                Counted::Articles.text(lang, n as u64)
            );
        }
    }
    out.push_str("</ul>");
    out
}

fn breadcrumbs(topic: Option<&str>, current: &str, lang: Lang) -> String {
    let mut out = format!(
        r#"<nav aria-label="{}" class="breadcrumbs"><ol><li><a href="/">{}</a></li><li><a href="/faq">{}</a></li>"#,
        Text::Trail.text(lang),
        Text::Home.text(lang),
        Text::Knowledge.text(lang)
    );
    if let Some(t) = topic {
        let _ = write!(
            out,
            r#"<li><a href="/faq/{t}">{}</a></li>"#,
            esc(topic_title(t, lang))
        );
    }
    let _ = write!(
        out,
        r#"<li aria-current="page">{}</li></ol></nav>"#,
        esc(current)
    );
    out
}

/// A topic's page: the trail, its name, its articles with their short answers.
pub fn topic_page(articles: &[Article], topic: &str, lang: Lang) -> String {
    let title = topic_title(topic, lang);
    let mut out = breadcrumbs(None, title, lang);
    let _ = write!(out, r#"<h1>{}</h1><ul class="faq-results">"#, esc(title));
    for a in articles.iter().filter(|a| a.topic == topic) {
        let t = a.text(lang);
        let _ = write!(
            out,
            r#"<li><a href="/faq/{}" class="faq-result-title">{}</a><p>{}</p></li>"#,
            esc(&a.slug),
            esc(&t.title),
            esc(&t.answer)
        );
    }
    out.push_str("</ul>");
    out.push_str(&ask("", Category::from_code(topic), lang));
    out
}

/// An article: the trail, its title, the short answer first, then the steps.
pub fn article(a: &Article, lang: Lang) -> String {
    let t = a.text(lang);
    let mut out = breadcrumbs(Some(&a.topic), &t.title, lang);
    let _ = write!(
        out,
        r#"<article class="faq-article"><h1>{}</h1><p class="lead">{}</p>"#,
        esc(&t.title),
        esc(&t.answer)
    );
    if !t.steps.is_empty() {
        let _ = write!(
            out,
            r#"<h2>{}</h2><ol class="steps">"#,
            Text::Steps.text(lang)
        );
        for s in &t.steps {
            let _ = write!(out, "<li>{}</li>", esc(s));
        }
        out.push_str("</ol>");
    }
    out.push_str("</article>");
    out
}

/// "Был ли ответ полезен?": yes and no (no opens the form for what was missing), or,
/// when this browser has voted on the article, a thank-you. `page.rs` wires it.
pub fn vote(slug: &str, voted: bool, lang: Lang) -> String {
    let mut out = format!(
        r#"<section class="vote" id="vote" data-slug="{}" aria-labelledby="vote-title"><h2 id="vote-title">{}</h2>"#,
        esc(slug),
        Text::VoteTitle.text(lang)
    );
    if voted {
        let _ = write!(out, "<p>{}</p>", Text::VoteBefore.text(lang));
    } else {
        let _ = write!(
            out,
            concat!(
                r#"<div class="vote-buttons" id="vote-buttons">"#,
                r#"<button type="button" class="button button-secondary" id="vote-yes">{yes}</button>"#,
                r#"<button type="button" class="button button-secondary" id="vote-no" aria-expanded="false" aria-controls="vote-form">{no}</button></div>"#,
                r#"<form id="vote-form" novalidate hidden><div class="field" id="field-missing-box">"#,
                r#"<label for="field-missing" class="label">{label}</label>"#,
                r#"<p id="field-missing-hint" class="hint">{hint}</p>"#,
                r#"<p id="field-missing-error" class="error-message" hidden></p>"#,
                r#"<textarea id="field-missing" name="missing" rows="4" maxlength="1000" class="input" aria-describedby="field-missing-hint"></textarea>"#,
                r#"</div><button type="submit" class="button" id="vote-send">{send}</button></form>"#,
            ),
            yes = Text::VoteYes.text(lang),
            no = Text::VoteNo.text(lang),
            label = Text::VoteMissing.text(lang),
            hint = Text::VoteMissingHint.text(lang),
            send = Text::VoteSend.text(lang),
        );
    }
    out.push_str(r#"<div id="vote-said" class="banner hidden" tabindex="-1"></div></section>"#);
    out
}

/// An address no published article has: say so, and offer the topics.
pub fn gone(articles: &[Article], lang: Lang) -> String {
    format!(
        "<h1>{}</h1><p>{}</p>{}",
        Text::Gone.text(lang),
        Text::GoneLead.text(lang),
        topics(articles, lang)
    )
}

/// What to read next (published articles only), then "Не нашли ответ?" with the
/// question that led here (`query`), or else the article's title, in its topic.
pub fn after(a: &Article, articles: &[Article], query: &str, lang: Lang) -> String {
    let subject = if query.trim().is_empty() {
        &a.text(lang).title
    } else {
        query
    };
    let ask = ask(subject, a.category(), lang);
    let next: Vec<&Article> = a
        .related
        .iter()
        .filter_map(|s| articles.iter().find(|r| &r.slug == s))
        .collect();
    if next.is_empty() {
        return ask;
    }
    let mut out = format!(
        r#"<section aria-labelledby="related-title"><h2 id="related-title">{}</h2><ul>"#,
        Text::Related.text(lang)
    );
    for r in next {
        let _ = write!(
            out,
            r#"<li><a href="/faq/{}">{}</a></li>"#,
            esc(&r.slug),
            esc(&r.text(lang).title)
        );
    }
    out.push_str("</ul></section>");
    out.push_str(&ask);
    out
}

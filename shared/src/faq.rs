//! The knowledge base's articles: what citizens read on the FAQ pages and what search
//! (`search`, behind the `search` feature) ranks. Each article is written in Russian
//! and English side by side; its topic is one of the project's categories, or the
//! contacts.

use serde::{Deserialize, Serialize};

use crate::{Category, Lang};

/// One language's text of an article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleText {
    pub title: String,
    /// The short answer, read first.
    pub answer: String,
    /// What to do, in order.
    #[serde(default)]
    pub steps: Vec<String>,
    /// How people ask it, in their own words: searched, not shown.
    #[serde(default)]
    pub asks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    /// Its address: `/faq/<slug>`; lower-case Latin letters, digits and `-` (an editor's
    /// `PUT` takes it from the path).
    #[serde(default)]
    pub slug: String,
    /// A category's code, or `contacts`.
    pub topic: String,
    pub ru: ArticleText,
    pub en: ArticleText,
    /// Slugs of articles to read next.
    #[serde(default)]
    pub related: Vec<String>,
}

/// The published articles, as `GET /api/v1/faq` gives them: `version` is a hash of the
/// content (also the ETag), so a reader knows when to build its index again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaqBundle {
    pub version: String,
    pub articles: Vec<Article>,
}

/// Free text to find the topic of (`POST /api/v1/faq/topic`): a request's subject and
/// description as they are typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicRequest {
    pub text: String,
}

/// Longest text `POST /api/v1/faq/topic` reads (a subject and a description).
pub const TOPIC_TEXT_MAX: usize = 6000;

/// The likeliest category and how sure (0 to 1); `category` is absent when nothing in
/// the knowledge base matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicGuess {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    pub confidence: f32,
}

/// One article found by `GET /api/v1/faq/search`, in the language asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub slug: String,
    pub topic: String,
    pub title: String,
    /// The short answer.
    pub answer: String,
    pub score: f32,
    /// The words of the article that matched the query (for highlighting).
    pub matched: Vec<String>,
}

/// An article found by the browser's search, its title and short answer in runs of text,
/// each marked when it is a word the query matched (shown highlighted).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub slug: String,
    pub topic: String,
    pub title: Vec<(String, bool)>,
    pub answer: Vec<(String, bool)>,
}

/// Longest query `GET /api/v1/faq/search` reads.
pub const QUERY_MAX: usize = 200;

/// Below this confidence the form does not suggest a topic.
pub const TOPIC_SUGGEST_FROM: f32 = 0.5;

/// "Был ли ответ полезен?" (`POST /api/v1/faq/{slug}/vote`); on "no", optionally what
/// was missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteRequest {
    pub helpful: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

/// Longest "what was missing" text.
pub const MISSING_MAX: usize = crate::validate::Feedback::MAX as usize;

/// What readers said about one article (`GET /api/v1/admin/faq/feedback`, admins).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleFeedback {
    pub slug: String,
    /// The Russian title.
    pub title: String,
    pub helpful: i64,
    pub not_helpful: i64,
    /// What was missing, newest first.
    pub missing: Vec<Missing>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Missing {
    pub text: String,
    pub lang: Lang,
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
}

/// The topic of the contacts article, which is no category of requests.
pub const CONTACTS: &str = "contacts";

/// Longest slug.
pub const SLUG_MAX: usize = 60;

/// Whether `key` names a topic: a category's code, or the contacts (`/faq/<topic>`).
pub fn is_topic(key: &str) -> bool {
    Category::from_code(key).is_some() || key == CONTACTS
}

/// The topics, in the order pages list them: the categories', contacts last.
pub fn topics() -> impl Iterator<Item = &'static str> {
    Category::ALL.iter().map(|c| c.code()).chain([CONTACTS])
}

/// A topic's name: a category's title, or the contacts'.
pub fn topic_title(topic: &str, lang: Lang) -> &'static str {
    match (Category::from_code(topic), lang) {
        (Some(c), _) => c.title(lang),
        (None, Lang::Ru) => "Контакты и часы работы",
        (None, Lang::En) => "Contacts and hours",
    }
}

/// An article's address: lower-case latin letters, digits and `-`, 2 to 60 of them,
/// and no topic's name (`/faq/<topic>` lists the topic).
pub fn slug_ok(slug: &str) -> bool {
    (2..=SLUG_MAX).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !is_topic(slug)
}

impl Article {
    pub fn text(&self, lang: Lang) -> &ArticleText {
        match lang {
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }

    /// The category a request about this article's topic goes to (none for contacts).
    pub fn category(&self) -> Option<Category> {
        Category::from_code(&self.topic)
    }

    /// What is wrong with the article as data (a bad slug or topic, an empty text), in
    /// words for whoever edits the file; empty when it is fine.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !slug_ok(&self.slug) {
            out.push(format!(
                "{}: the slug is not 2-60 of a-z, 0-9, - or is a topic's name",
                self.slug
            ));
        }
        if !is_topic(&self.topic) {
            out.push(format!("{}: unknown topic {}", self.slug, self.topic));
        }
        for (lang, t) in [("ru", &self.ru), ("en", &self.en)] {
            if t.title.trim().is_empty() || t.answer.trim().is_empty() {
                out.push(format!(
                    "{}: the {lang} title or answer is empty",
                    self.slug
                ));
            }
        }
        out
    }
}

/// Search's view of the articles: every language's title, the ways people ask, the
/// answer and the steps, weighted in that order (a word in a title says more than one
/// in a step). Both languages in one document, so a query in either finds it.
#[cfg(feature = "search")]
pub fn search_docs(articles: &[Article]) -> Vec<crate::search::Doc> {
    articles
        .iter()
        .map(|a| {
            let mut fields = Vec::new();
            for t in [&a.ru, &a.en] {
                fields.push((t.title.clone(), 3.0));
                fields.push((t.asks.join(". "), 2.0));
                fields.push((t.answer.clone(), 1.0));
                fields.push((t.steps.join(" "), 0.5));
            }
            crate::search::Doc { fields }
        })
        .collect()
}

/// The bot answers when the best article matched this share of the question's words…
#[cfg(feature = "search")]
const ANSWER_COVERAGE: f32 = 0.6;
/// …with at least this score.
#[cfg(feature = "search")]
const ANSWER_SCORE: f32 = 4.0;

/// The knowledge base with its search index.
#[cfg(feature = "search")]
pub struct Knowledge {
    pub articles: Vec<Article>,
    pub index: crate::search::Index,
}

#[cfg(feature = "search")]
impl Knowledge {
    pub fn new(articles: Vec<Article>) -> Knowledge {
        let index = crate::search::Index::build(&search_docs(&articles));
        Knowledge { articles, index }
    }

    /// The articles that answer `query`, best first, as `SearchHit`s in `lang`.
    pub fn hits(&self, query: &str, lang: Lang, limit: usize) -> Vec<SearchHit> {
        self.index
            .search(query, false, limit)
            .into_iter()
            .map(|h| {
                let a = &self.articles[h.doc];
                let t = a.text(lang);
                SearchHit {
                    slug: a.slug.clone(),
                    topic: a.topic.clone(),
                    title: t.title.clone(),
                    answer: t.answer.clone(),
                    score: (h.score * 100.0).round() / 100.0,
                    matched: h.matched,
                }
            })
            .collect()
    }

    /// The articles that answer `query` (`typing`: its last word is unfinished), best
    /// first, with the matched words marked in `lang`'s title and answer: what the FAQ
    /// pages show as a citizen types.
    pub fn found(&self, query: &str, lang: Lang, typing: bool, limit: usize) -> Vec<Found> {
        self.index
            .search(query, typing, limit)
            .into_iter()
            .map(|h| {
                let a = &self.articles[h.doc];
                let t = a.text(lang);
                let matched: std::collections::HashSet<String> = h.matched.into_iter().collect();
                Found {
                    slug: a.slug.clone(),
                    topic: a.topic.clone(),
                    title: marked(&t.title, &matched),
                    answer: marked(&t.answer, &matched),
                }
            })
            .collect()
    }

    /// The articles that answer `query`, best first.
    pub fn search(&self, query: &str, typing: bool, limit: usize) -> Vec<(&Article, f32)> {
        self.index
            .search(query, typing, limit)
            .into_iter()
            .map(|h| (&self.articles[h.doc], h.score))
            .collect()
    }

    /// What the chat bot offers for a question: up to three articles when it is sure
    /// enough, none when it is not (then it asks to rephrase). Sure means the best
    /// article matched at least 60 % of the question's words with a score of at least
    /// 4: over the labelled queries this answers all but four of those the first
    /// result gets right and none of those nothing answers (`tests/search_quality.rs`
    /// prints the figures). The others shown score at least 60 % of the best.
    pub fn answer(&self, question: &str) -> Vec<&Article> {
        let hits = self.index.search(question, false, 3);
        let Some(best) = hits.first() else {
            return Vec::new();
        };
        if best.coverage < ANSWER_COVERAGE || best.score < ANSWER_SCORE {
            return Vec::new();
        }
        hits.iter()
            .filter(|h| h.score >= best.score * 0.6)
            .map(|h| &self.articles[h.doc])
            .collect()
    }

    /// The request category that free text (a subject and description as typed) is most
    /// likely about, with a confidence from 0 to 1: the share of the best articles'
    /// score (each weighted by its rank: 1, 1/2, 1/3…) that falls to that category.
    /// `None` when nothing matches.
    pub fn topic(&self, text: &str) -> Option<(Category, f32)> {
        let hits = self.index.search(text, false, 5);
        let weighted = |i: usize, score: f32| score / (i + 1) as f32;
        let total: f32 = hits
            .iter()
            .enumerate()
            .map(|(i, h)| weighted(i, h.score))
            .sum();
        if total <= 0.0 {
            return None;
        }
        let mut by: Vec<(Category, f32)> = Vec::new();
        for (i, h) in hits.iter().enumerate() {
            let Some(c) = self.articles[h.doc].category() else {
                continue;
            };
            let s = weighted(i, h.score);
            match by.iter_mut().find(|(x, _)| *x == c) {
                Some(e) => e.1 += s,
                None => by.push((c, s)),
            }
        }
        by.into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(c, s)| (c, s / total))
    }
}

/// `text` in runs of words and what lies between them, a word marked when its folded
/// form (lower case, ё as е) is one of `matched`.
#[cfg(feature = "search")]
pub fn marked(text: &str, matched: &std::collections::HashSet<String>) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut push = |run: &str, mark: bool| match out.last_mut() {
        Some(last) if last.1 == mark => last.0.push_str(run),
        _ => out.push((run.to_owned(), mark)),
    };
    let mark_of = |run: &str, word: bool| word && matched.contains(&crate::search::fold(run));
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric();
        if w != in_word && i > start {
            push(&text[start..i], mark_of(&text[start..i], in_word));
            start = i;
        }
        in_word = w;
    }
    if start < text.len() {
        push(&text[start..], mark_of(&text[start..], in_word));
    }
    out
}

#[cfg(all(test, feature = "search"))]
mod tests {
    use super::marked;

    #[test]
    fn matched_words_are_marked_whatever_their_case_and_yo() {
        let m = ["паспорт".to_owned(), "ее".to_owned()].into();
        assert_eq!(
            marked("Паспорт: как получить её?", &m),
            vec![
                ("Паспорт".to_owned(), true),
                (": как получить ".to_owned(), false),
                ("её".to_owned(), true),
                ("?".to_owned(), false),
            ]
        );
        assert_eq!(marked("", &m), vec![]);
        assert_eq!(marked("нет", &m), vec![("нет".to_owned(), false)]);
    }
}

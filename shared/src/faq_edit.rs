//! Editing the knowledge base (admins): an article as the editor sends and reads it —
//! both languages, published or not, its place in the list — checked field by field
//! before it is stored, and the order of the whole list.

use serde::{Deserialize, Serialize};

use crate::faq::{Article, ArticleText, SLUG_MAX, is_topic, slug_ok};
use crate::validate::{Heading, Passage, Title};
use crate::{FieldCode, FieldError};

/// Most steps an article has, ways people ask it, and articles to read next.
pub const STEPS_MAX: usize = 20;
pub const ASKS_MAX: usize = 30;
pub const RELATED_MAX: usize = 10;

/// An article as stored and as the editor works on it (`GET` and `PUT
/// /api/v1/admin/faq/articles/{slug}`): the article, whether readers see it, and its
/// place in the list (lower first; none: after the placed ones, in the built-in order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditArticle {
    #[serde(flatten)]
    pub article: Article,
    #[serde(default = "yes")]
    pub published: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
}

fn yes() -> bool {
    true
}

/// The order of the list (`PUT /api/v1/admin/faq/order`): every slug, first to last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleOrder {
    pub slugs: Vec<String>,
}

impl EditArticle {
    /// The article with its texts trimmed and checked, or every field to fix: `slug`,
    /// `topic`, `ru.title`, `ru.answer`, `ru.steps`, `ru.asks` (and `en.…`), `related`.
    pub fn parse(&self) -> Result<EditArticle, Vec<FieldError>> {
        let mut errors = Vec::new();
        let a = &self.article;
        if !slug_ok(&a.slug) {
            errors.push(FieldError::with_limit(
                "slug",
                FieldCode::IdFormat,
                SLUG_MAX as u32,
            ));
        }
        if !is_topic(&a.topic) {
            errors.push(FieldError::new("topic", FieldCode::UnknownValue));
        }
        let ru = text(&a.ru, "ru", &mut errors);
        let en = text(&a.en, "en", &mut errors);
        let related: Vec<String> = a
            .related
            .iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        if related.len() > RELATED_MAX {
            errors.push(FieldError::with_limit(
                "related",
                FieldCode::TooManyItems,
                RELATED_MAX as u32,
            ));
        } else if related.iter().any(|s| !slug_ok(s) || *s == a.slug) {
            errors.push(FieldError::with_limit(
                "related",
                FieldCode::IdFormat,
                SLUG_MAX as u32,
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(EditArticle {
            article: Article {
                slug: a.slug.clone(),
                topic: a.topic.clone(),
                ru,
                en,
                related,
            },
            published: self.published,
            position: self.position,
        })
    }
}

/// One language's text, checked; its errors named `<lang>.<field>`.
fn text(t: &ArticleText, lang: &str, errors: &mut Vec<FieldError>) -> ArticleText {
    let mut field = |name: &str, e: crate::validate::Invalid| {
        errors.push(e.at(&format!("{lang}.{name}")));
    };
    let title = Heading::parse(&t.title)
        .map(|h| h.into_string())
        .unwrap_or_else(|e| {
            field("title", e);
            String::new()
        });
    let answer = Passage::parse(&t.answer)
        .map(|p| p.into_string())
        .unwrap_or_else(|e| {
            field("answer", e);
            String::new()
        });
    let list = |items: &[String],
                max: usize,
                name: &str,
                errors: &mut Vec<FieldError>,
                one: &dyn Fn(&str) -> Result<String, crate::validate::Invalid>| {
        let items: Vec<&str> = items
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if items.len() > max {
            errors.push(FieldError::with_limit(
                &format!("{lang}.{name}"),
                FieldCode::TooManyItems,
                max as u32,
            ));
            return Vec::new();
        }
        let mut out = Vec::new();
        for item in items {
            match one(item) {
                Ok(s) => out.push(s),
                Err(e) => {
                    errors.push(e.at(&format!("{lang}.{name}")));
                    return Vec::new();
                }
            }
        }
        out
    };
    let steps = list(&t.steps, STEPS_MAX, "steps", errors, &|s| {
        Passage::parse(s).map(|p| p.into_string())
    });
    let asks = list(&t.asks, ASKS_MAX, "asks", errors, &|s| {
        Title::parse(s).map(|p| p.into_string())
    });
    ArticleText {
        title,
        answer,
        steps,
        asks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> EditArticle {
        let text = |title: &str| ArticleText {
            title: format!("  {title}  "),
            answer: "Короткий ответ.".into(),
            steps: vec!["Первый шаг".into(), "  ".into()],
            asks: vec!["как быть".into()],
        };
        EditArticle {
            article: Article {
                slug: "new-article".into(),
                topic: "payments".into(),
                ru: text("Новая статья"),
                en: text("A new article"),
                related: vec!["pay-fee".into()],
            },
            published: false,
            position: None,
        }
    }

    #[test]
    fn a_good_article_is_trimmed_and_kept() {
        let ok = article().parse().expect("valid");
        assert_eq!(ok.article.ru.title, "Новая статья");
        assert_eq!(ok.article.ru.steps, vec!["Первый шаг".to_owned()]);
        assert!(!ok.published);
    }

    #[test]
    fn every_field_to_fix_is_named() {
        let mut bad = article();
        bad.article.slug = "payments".into();
        bad.article.topic = "weather".into();
        bad.article.ru.title = "Ой".into();
        bad.article.en.answer = String::new();
        bad.article.en.steps = vec!["x".into(); STEPS_MAX + 1];
        bad.article.related = vec!["Not A Slug".into()];
        let errors = bad.parse().expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "slug",
                "topic",
                "ru.title",
                "en.answer",
                "en.steps",
                "related"
            ]
        );
        assert_eq!(errors[4].code, FieldCode::TooManyItems);
    }

    #[test]
    fn stored_articles_without_the_editor_fields_are_published() {
        let json = serde_json::to_value(&article().article).expect("json");
        let read: EditArticle = serde_json::from_value(json).expect("read");
        assert!(read.published);
        assert_eq!(read.position, None);
    }
}

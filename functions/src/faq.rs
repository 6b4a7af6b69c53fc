//! The knowledge base on the server: the articles kept in the store (`FAQ` / `A#<slug>`),
//! written from `content/faq/articles.json` (compiled in) the first time the store has
//! none; the published set with its search index, kept per process for a minute (a page
//! view or a topic guess costs no store read in between); "was this helpful?" counters
//! (`FAQVOTE` / `<slug>`, DynamoDB's atomic `ADD`) and what readers said was missing
//! (`FAQMISS#<slug>`). Admins edit, publish, unpublish and reorder articles: each item is
//! a `faq_edit::EditArticle`; a write empties this process's cache (other processes
//! see it within `FRESH`, readers behind CloudFront within its five minutes).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use helpdesk_shared::faq::slug_ok;
use helpdesk_shared::faq::{
    Article, ArticleFeedback, FaqBundle, Knowledge, Missing, TopicGuess, VoteRequest,
};
use helpdesk_shared::faq_edit::EditArticle;
use helpdesk_shared::validate::Feedback;
use helpdesk_shared::{FieldError, Lang};

use crate::clock::sort_key;
use crate::ids::{new_id, sha256_hex};
use crate::store::{Cond, Index, Item, KvStore, Query, SkRange, StoreError, Write};

/// The articles the project ships, written to the store when it has none.
const BUILT_IN: &str = include_str!("../../content/faq/articles.json");
const PK: &str = "FAQ";
const VOTES_PK: &str = "FAQVOTE";
/// What readers said was missing: `<slug>#<time>#<id>`, one partition so the admin's
/// list is one query.
const MISSING_PK: &str = "FAQMISS";
/// Most items of a partition the admin's list reads.
const FEEDBACK_READ: usize = 2000;
/// How long a process serves the articles it read before reading them again.
const FRESH: Duration = Duration::from_secs(60);

/// The published articles, their search index and the answer `GET /faq` gives.
pub struct Published {
    pub knowledge: Knowledge,
    pub bundle: FaqBundle,
}

impl Published {
    fn of(articles: Vec<Article>) -> Published {
        let json = serde_json::to_string(&articles).unwrap_or_default();
        let version = sha256_hex(&[json.as_bytes()])[..16].to_owned();
        Published {
            bundle: FaqBundle {
                version,
                articles: articles.clone(),
            },
            knowledge: Knowledge::new(articles),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FaqError {
    #[error("no such article")]
    NotFound,
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub struct Faq {
    store: Arc<dyn KvStore>,
    cache: Mutex<Option<(Instant, Arc<Published>)>>,
}

/// The articles of the built-in content, parsed once per process (a test reads them
/// too).
pub fn built_in() -> &'static [Article] {
    static PARSED: std::sync::OnceLock<Vec<Article>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        serde_json::from_str(BUILT_IN).unwrap_or_else(|e| {
            tracing::error!(error = %e, "the built-in knowledge base does not parse");
            Vec::new()
        })
    })
}

impl Faq {
    pub fn new(store: Arc<dyn KvStore>) -> Faq {
        Faq {
            store,
            cache: Mutex::new(None),
        }
    }

    /// The published articles and their index, read at most once a minute per process.
    pub async fn published(&self) -> Result<Arc<Published>, StoreError> {
        if let Some((at, p)) = self.cache.lock().map(|c| c.clone()).unwrap_or_default()
            && at.elapsed() < FRESH
        {
            return Ok(p);
        }
        let articles = self.all().await?;
        let published = Arc::new(Published::of(
            articles
                .into_iter()
                // An address that is now a topic's (a slug from before topics had pages)
                // would open the topic: such an article is not shown.
                .filter(|a| a.published && slug_ok(&a.article.slug))
                .map(|a| a.article)
                .collect(),
        ));
        if let Ok(mut c) = self.cache.lock() {
            *c = Some((Instant::now(), published.clone()));
        }
        Ok(published)
    }

    /// Every article, published or not, in the list's order. Built-in articles the
    /// store has not got (all of them the first time; a new
    /// release's new ones later) are written first; an admin's edits are never replaced.
    pub async fn all(&self) -> Result<Vec<EditArticle>, StoreError> {
        let articles = self.stored().await?;
        let missing: Vec<Article> = built_in()
            .iter()
            .filter(|b| !articles.iter().any(|a| a.article.slug == b.slug))
            .cloned()
            .collect();
        if missing.is_empty() {
            return Ok(articles);
        }
        self.seed(missing).await?;
        self.stored().await
    }

    async fn stored(&self) -> Result<Vec<EditArticle>, StoreError> {
        let mut q = Query::new(Index::Table, PK.to_owned(), SkRange::Prefix("A#".into()));
        q.limit = 1000;
        let mut out = Vec::new();
        loop {
            let page = self.store.query(q.clone()).await?;
            for item in &page.items {
                out.push(item.decode::<EditArticle>()?);
            }
            match page.cursor {
                Some(c) => q.cursor = Some(c),
                None => break,
            }
        }
        // Stored by slug; shown by the admins' order, then the content's.
        out.sort_by_cached_key(|a| (a.position.unwrap_or(u32::MAX), order_of(&a.article.slug)));
        Ok(out)
    }

    /// Creates or replaces an article (`create_only`: refuses a slug in use; `Ok(false)`).
    /// Its place in the list is kept.
    pub async fn put(&self, edit: &EditArticle, create_only: bool) -> Result<bool, FaqError> {
        let edit = edit.parse().map_err(FaqError::Validation)?;
        let sk = format!("A#{}", edit.article.slug);
        let old = self.store.get(PK, &sk).await?;
        if create_only && old.is_some() {
            return Ok(false);
        }
        let position = match &old {
            Some(item) => item.decode::<EditArticle>()?.position,
            None => edit.position,
        };
        let stored = EditArticle { position, ..edit };
        let item = Item::new(PK, sk, crate::store::body(&stored));
        // The later of two saves wins, as for canned responses; creating never replaces.
        let cond = if create_only {
            Cond::Absent
        } else {
            Cond::Always
        };
        match self.store.put(item, cond).await {
            Ok(()) => {}
            Err(StoreError::ConditionFailed { .. }) => return Ok(false),
            Err(e) => return Err(e.into()),
        }
        self.forget();
        Ok(true)
    }

    /// Puts the articles in this order (slugs not named keep theirs, after these).
    pub async fn reorder(&self, slugs: &[String]) -> Result<(), FaqError> {
        let all = self.all().await?;
        if let Some(unknown) = slugs
            .iter()
            .find(|s| !all.iter().any(|a| &a.article.slug == *s))
        {
            tracing::info!(slug = %unknown, "reorder names no such article");
            return Err(FaqError::NotFound);
        }
        let placed = slugs.len() as u32;
        for (i, a) in all.into_iter().enumerate() {
            let position = slugs
                .iter()
                .position(|s| *s == a.article.slug)
                .map_or(placed + i as u32, |p| p as u32);
            if a.position == Some(position) {
                continue;
            }
            let item = Item::new(
                PK,
                format!("A#{}", a.article.slug),
                crate::store::body(&EditArticle {
                    position: Some(position),
                    ..a
                }),
            );
            self.store.put(item, Cond::Always).await?;
        }
        self.forget();
        Ok(())
    }

    /// Drops this process's copy: the next read sees the store.
    fn forget(&self) {
        if let Ok(mut c) = self.cache.lock() {
            *c = None;
        }
    }

    /// Writes the built-in articles that are not in the store yet (two processes
    /// starting at once write each article once).
    async fn seed(&self, built_in: Vec<Article>) -> Result<(), StoreError> {
        let articles: Vec<EditArticle> = built_in
            .into_iter()
            .map(|article| EditArticle {
                article,
                published: true,
                position: None,
            })
            .collect();
        for a in &articles {
            let item = Item::new(PK, format!("A#{}", a.article.slug), crate::store::body(a));
            match self.store.put(item, Cond::Absent).await {
                Ok(()) | Err(StoreError::ConditionFailed { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        tracing::info!(
            articles = articles.len(),
            "built-in knowledge-base articles written to the store"
        );
        Ok(())
    }

    /// The likeliest category of free text.
    pub async fn topic(&self, text: &str) -> Result<TopicGuess, StoreError> {
        let published = self.published().await?;
        let guess = published.knowledge.topic(text);
        Ok(TopicGuess {
            category: guess.map(|(c, _)| c),
            confidence: guess.map_or(0.0, |(_, p)| (p * 100.0).round() / 100.0),
        })
    }

    /// Counts a "helpful" or "not helpful" for an article; keeps what was missing.
    pub async fn vote(&self, slug: &str, vote: &VoteRequest, lang: Lang) -> Result<(), FaqError> {
        let missing = match vote.missing.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() && !vote.helpful => Some(
                Feedback::parse(text).map_err(|e| FaqError::Validation(vec![e.at("missing")]))?,
            ),
            _ => None,
        };
        let published = self.published().await?;
        if !published.bundle.articles.iter().any(|a| a.slug == slug) {
            return Err(FaqError::NotFound);
        }
        let counter = if vote.helpful { "yes" } else { "no" };
        let mut writes = vec![Write::Add {
            pk: VOTES_PK.to_owned(),
            sk: slug.to_owned(),
            counts: vec![(counter.to_owned(), 1)],
        }];
        if let Some(text) = missing {
            let now = time::OffsetDateTime::now_utc();
            let missing = Missing {
                text: text.into_string(),
                lang,
                at: now,
            };
            writes.push(Write::put(
                Item::new(
                    MISSING_PK,
                    format!("{slug}#{}#{}", sort_key(now), &new_id()[..8]),
                    crate::store::body(&missing),
                ),
                Cond::Absent,
            ));
        }
        self.store.transact(writes).await?;
        Ok(())
    }

    /// Every published article with its votes and what was missing, least helpful first
    /// (more "no" than "yes" first; articles nobody rated last).
    pub async fn feedback(&self) -> Result<Vec<ArticleFeedback>, StoreError> {
        let published = self.published().await?;
        let votes = self.read_all(VOTES_PK).await?;
        let missing = self.read_all(MISSING_PK).await?;
        let mut out: Vec<ArticleFeedback> = published
            .bundle
            .articles
            .iter()
            .map(|a| {
                let tally = votes
                    .iter()
                    .find(|v| v.sk == a.slug)
                    .map(|v| v.body.value());
                let count = |k: &str| {
                    tally
                        .as_ref()
                        .and_then(|t| t.get(k))
                        .and_then(serde_json::Value::as_i64)
                        .unwrap_or(0)
                };
                let prefix = format!("{}#", a.slug);
                let mut said: Vec<Missing> = missing
                    .iter()
                    .filter(|m| m.sk.starts_with(&prefix))
                    .filter_map(|m| m.decode().ok())
                    .collect();
                said.sort_by_key(|m| std::cmp::Reverse(m.at));
                ArticleFeedback {
                    slug: a.slug.clone(),
                    title: a.ru.title.clone(),
                    helpful: count("yes"),
                    not_helpful: count("no"),
                    missing: said,
                }
            })
            .collect();
        out.sort_by_key(|f| {
            let rated = f.helpful + f.not_helpful > 0;
            (!rated, f.helpful - f.not_helpful, -f.not_helpful)
        });
        Ok(out)
    }

    /// A partition's items, up to `FEEDBACK_READ`.
    async fn read_all(&self, pk: &str) -> Result<Vec<Item>, StoreError> {
        let mut q = Query::new(Index::Table, pk.to_owned(), SkRange::All);
        q.limit = 500;
        let mut out = Vec::new();
        loop {
            let page = self.store.query(q.clone()).await?;
            out.extend(page.items);
            match page.cursor {
                Some(c) if out.len() < FEEDBACK_READ => q.cursor = Some(c),
                _ => break,
            }
        }
        Ok(out)
    }
}

/// Where an article stands in the built-in content (new ones last, by slug).
fn order_of(slug: &str) -> (usize, String) {
    (
        built_in()
            .iter()
            .position(|a| a.slug == slug)
            .unwrap_or(usize::MAX),
        slug.to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::RedbStore;

    #[tokio::test]
    async fn the_built_in_articles_are_written_once_and_read_back_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store: Arc<dyn KvStore> =
            Arc::new(RedbStore::open(&dir.path().join("f.redb")).expect("open"));
        let faq = Faq::new(store.clone());
        let first = faq.published().await.expect("seeded");
        assert!(first.bundle.articles.len() >= 40);
        assert!(built_in().iter().all(|a| a.problems().is_empty()));
        // Another process finds them in the store, in the same order and version.
        let again = Faq::new(store).published().await.expect("read");
        assert_eq!(again.bundle, first.bundle);
    }

    #[tokio::test]
    async fn a_store_from_an_earlier_release_gets_the_new_articles_and_hides_topic_slugs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store: Arc<dyn KvStore> =
            Arc::new(RedbStore::open(&dir.path().join("f.redb")).expect("open"));
        // An earlier release wrote one article under a slug that is now a topic's name,
        // and an admin edited another.
        let mut old = built_in()[0].clone();
        old.slug = "complaint".into();
        let mut edited = built_in()[1].clone();
        edited.ru.title = "Заголовок, изменённый администратором".into();
        for a in [&old, &edited] {
            let stored = EditArticle {
                article: a.clone(),
                published: true,
                position: None,
            };
            let item = Item::new(PK, format!("A#{}", a.slug), crate::store::body(&stored));
            store.put(item, Cond::Absent).await.expect("put");
        }
        let published = Faq::new(store).published().await.expect("read");
        let slugs: Vec<&str> = published
            .bundle
            .articles
            .iter()
            .map(|a| a.slug.as_str())
            .collect();
        assert_eq!(
            slugs.len(),
            built_in().len(),
            "every built-in article, once"
        );
        assert!(!slugs.contains(&"complaint"));
        let kept = published
            .bundle
            .articles
            .iter()
            .find(|a| a.slug == edited.slug)
            .expect("edited");
        assert_eq!(kept.ru.title, "Заголовок, изменённый администратором");
    }

    #[tokio::test]
    async fn votes_count_and_keep_what_was_missing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store: Arc<dyn KvStore> =
            Arc::new(RedbStore::open(&dir.path().join("f.redb")).expect("open"));
        let faq = Faq::new(store);
        let yes = VoteRequest {
            helpful: true,
            missing: None,
        };
        let no = VoteRequest {
            helpful: false,
            missing: Some("Нет про самозанятых".into()),
        };
        faq.vote("pay-fee", &yes, Lang::Ru).await.expect("yes");
        faq.vote("pay-fee", &yes, Lang::Ru).await.expect("yes");
        faq.vote("pay-fee", &no, Lang::Ru).await.expect("no");
        faq.vote("receipt", &no, Lang::En).await.expect("no");
        faq.vote("receipt", &no, Lang::En).await.expect("no");
        let feedback = faq.feedback().await.expect("feedback");
        // Least helpful first, then the rated ones, then the rest.
        assert_eq!(feedback[0].slug, "receipt");
        assert_eq!((feedback[0].helpful, feedback[0].not_helpful), (0, 2));
        assert_eq!(feedback[0].missing.len(), 2);
        assert_eq!(feedback[0].missing[0].lang, Lang::En);
        assert_eq!(feedback[1].slug, "pay-fee");
        assert_eq!((feedback[1].helpful, feedback[1].not_helpful), (2, 1));
        assert_eq!(feedback[1].missing[0].text, "Нет про самозанятых");
        assert!(feedback[2..].iter().all(|f| f.helpful + f.not_helpful == 0));
        assert!(matches!(
            faq.vote("no-such-article", &yes, Lang::Ru).await,
            Err(FaqError::NotFound)
        ));
        let hidden = VoteRequest {
            helpful: false,
            missing: Some("a\u{202e}b".into()),
        };
        assert!(matches!(
            faq.vote("pay-fee", &hidden, Lang::Ru).await,
            Err(FaqError::Validation(_))
        ));
    }
}

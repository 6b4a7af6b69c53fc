//! The knowledge base's search engine, the same in the browser (search as you type) and
//! on the server (topic detection, later the chat bot): documents of weighted fields,
//! terms from `analyze` (Snowball stems by script, ё folded), BM25 ranking, synonyms as
//! data, and typo tolerance by edit distance (`strsim`) over the index's own vocabulary.
//! A query word that is still being typed (the last, with no space after it) also
//! matches the words it begins.

mod analyze;
mod synonyms;

use std::collections::HashMap;

pub use analyze::{Analyzer, fold, words};

/// A document to index: its fields, each with a weight (a title counts more than a
/// body), in any mix of languages.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub fields: Vec<(String, f32)>,
}

/// A document found: its position in the list given to `Index::build`, its score and
/// the query's words it matched (as written in the document's text, for highlighting).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: usize,
    pub score: f32,
    pub matched: Vec<String>,
    /// The share of the query's words the document matched (0 to 1).
    pub coverage: f32,
}

/// BM25's parameters: term-frequency saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.6;
/// How much a synonym, a near miss (typo) and a prefix count against the word itself.
const SYNONYM: f32 = 0.8;
const TYPO: f32 = 0.7;
const PREFIX: f32 = 0.6;

#[derive(Debug, Default)]
struct Posting {
    /// (document, weighted term frequency)
    docs: Vec<(usize, f32)>,
}

pub struct Index {
    analyzer: Analyzer,
    postings: HashMap<String, Posting>,
    /// Every stem, for typo tolerance; and the surface words behind each stem.
    surfaces: HashMap<String, Vec<String>>,
    /// Every surface word, with its stem, for prefixes.
    words: Vec<(String, String)>,
    lengths: Vec<f32>,
    average: f32,
    synonyms: HashMap<String, Vec<String>>,
}

/// The largest edit distance forgiven for a word of `len` letters: none for short words
/// (too many neighbours), one from 5 letters, two from 9.
fn tolerance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

impl Index {
    pub fn build(docs: &[Doc]) -> Index {
        let analyzer = Analyzer::new();
        let mut postings: HashMap<String, Posting> = HashMap::new();
        let mut surfaces: HashMap<String, Vec<String>> = HashMap::new();
        let mut lengths = Vec::with_capacity(docs.len());
        for (i, doc) in docs.iter().enumerate() {
            let mut tf: HashMap<String, f32> = HashMap::new();
            let mut length = 0.0;
            for (text, weight) in &doc.fields {
                for w in analyzer.analyze(text) {
                    *tf.entry(w.stem.clone()).or_default() += weight;
                    length += weight;
                    let known = surfaces.entry(w.stem).or_default();
                    if !known.contains(&w.surface) {
                        known.push(w.surface);
                    }
                }
            }
            for (stem, f) in tf {
                postings.entry(stem).or_default().docs.push((i, f));
            }
            lengths.push(length);
        }
        let average = (lengths.iter().sum::<f32>() / lengths.len().max(1) as f32).max(1.0);
        let mut words: Vec<(String, String)> = surfaces
            .iter()
            .flat_map(|(stem, list)| list.iter().map(move |s| (s.clone(), stem.clone())))
            .collect();
        words.sort();
        let synonyms = synonyms::table(&analyzer);
        Index {
            analyzer,
            postings,
            surfaces,
            words,
            lengths,
            average,
            synonyms,
        }
    }

    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    fn idf(&self, posting: &Posting) -> f32 {
        let n = self.lengths.len() as f32;
        let df = posting.docs.len() as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// The stems a query word stands for, each with how much it counts: itself, its
    /// synonyms, near misses when it is not in the index, the words it begins when it
    /// is being typed.
    fn expand(&self, surface: &str, stem: &str, typing: bool) -> Vec<(String, f32)> {
        let mut out: Vec<(String, f32)> = Vec::new();
        let mut add = |s: &str, w: f32| match out.iter_mut().find(|(x, _)| x == s) {
            Some(e) => e.1 = e.1.max(w),
            None => out.push((s.to_owned(), w)),
        };
        let known = self.postings.contains_key(stem);
        if known {
            add(stem, 1.0);
        }
        for key in [stem, surface] {
            if let Some(group) = self.synonyms.get(key) {
                for s in group {
                    if s != stem && self.postings.contains_key(s) {
                        add(s, SYNONYM);
                    }
                }
            }
        }
        let len = surface.chars().count();
        if !known && tolerance(len) > 0 {
            let max = tolerance(len);
            // People rarely mistype the first letter, and forgiving it makes neighbours
            // of unrelated words ("расписание" is two letters from "списание").
            let first = surface.chars().next();
            let near = |a: &str, b: &str| {
                b.chars().next() == first && strsim::damerau_levenshtein(a, b) <= max
            };
            for candidate in self.surfaces.keys() {
                if candidate.chars().count() >= 3 && near(stem, candidate) {
                    let d = strsim::damerau_levenshtein(stem, candidate);
                    add(candidate, TYPO / d.max(1) as f32);
                }
            }
            // A typo in the ending the stemmer keeps: compare the written words too.
            for (word, s) in &self.words {
                if near(surface, word) {
                    add(s, TYPO);
                }
            }
        }
        if typing && len >= 3 {
            let from = self.words.partition_point(|(w, _)| w.as_str() < surface);
            for (word, s) in self.words[from..]
                .iter()
                .take_while(|(w, _)| w.starts_with(surface))
            {
                if word != surface {
                    add(s, PREFIX);
                }
            }
        }
        out
    }

    /// The documents that match `query`, best first, at most `limit`. `typing`: the
    /// last word may be unfinished.
    pub fn search(&self, query: &str, typing: bool, limit: usize) -> Vec<Hit> {
        let mut terms = self.analyzer.analyze(query);
        if terms.is_empty() {
            // Only stop words ("как быть?"): search them rather than nothing.
            terms = words(query)
                .into_iter()
                .map(|surface| analyze::Word {
                    stem: self.analyzer.stem(&surface),
                    surface,
                })
                .collect();
        }
        let last = terms.len().saturating_sub(1);
        let mut scores: HashMap<usize, (f32, Vec<usize>)> = HashMap::new();
        let mut stems_of_term: Vec<Vec<String>> = Vec::new();
        for (ti, term) in terms.iter().enumerate() {
            let expanded = self.expand(&term.surface, &term.stem, typing && ti == last);
            // Per document, the best of the term's expansions (a synonym does not add to
            // the word itself).
            let mut best: HashMap<usize, f32> = HashMap::new();
            for (stem, weight) in &expanded {
                let Some(posting) = self.postings.get(stem) else {
                    continue;
                };
                let idf = self.idf(posting);
                for &(doc, tf) in &posting.docs {
                    let norm = 1.0 - B + B * self.lengths[doc] / self.average;
                    let s = weight * idf * tf * (K1 + 1.0) / (tf + K1 * norm);
                    let e = best.entry(doc).or_default();
                    *e = e.max(s);
                }
            }
            for (doc, s) in best {
                let e = scores.entry(doc).or_default();
                e.0 += s;
                e.1.push(ti);
            }
            stems_of_term.push(expanded.into_iter().map(|(s, _)| s).collect());
        }
        let n = terms.len().max(1) as f32;
        let mut hits: Vec<Hit> = scores
            .into_iter()
            .map(|(doc, (score, matched_terms))| {
                // A document that matches more of the query's words ranks above one that
                // matches one word many times.
                let coverage = matched_terms.len() as f32 / n;
                let matched = matched_terms
                    .iter()
                    .flat_map(|&ti| stems_of_term[ti].iter())
                    .flat_map(|stem| self.surfaces.get(stem).into_iter().flatten().cloned())
                    .collect();
                Hit {
                    doc,
                    score: score * (0.5 + coverage),
                    matched,
                    coverage,
                }
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits.truncate(limit);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> Doc {
        Doc {
            fields: vec![(title.to_owned(), 3.0), (body.to_owned(), 1.0)],
        }
    }

    fn index() -> Index {
        Index::build(&[
            doc(
                "Как получить загранпаспорт",
                "Заявление на заграничный паспорт подают на портале. Паспорт готов через месяц.",
            ),
            doc(
                "Забыли пароль: как восстановить доступ",
                "Нажмите «Восстановить», введите телефон и код из СМС. Вход снова доступен.",
            ),
            doc(
                "Оплата госпошлины и штрафов",
                "Оплатить пошлину или штраф можно картой. Для штрафа нужен УИН — номер начисления.",
            ),
            doc(
                "Не приходят уведомления",
                "Проверьте настройки уведомлений и адрес электронной почты.",
            ),
            doc(
                "Регистрация на портале",
                "Чтобы зарегистрироваться, укажите телефон и электронную почту.",
            ),
        ])
    }

    fn first(q: &str) -> Option<usize> {
        index().search(q, false, 3).first().map(|h| h.doc)
    }

    #[test]
    fn word_forms_find_the_article() {
        assert_eq!(first("паспорта"), Some(0));
        assert_eq!(first("паспортом"), Some(0));
        assert_eq!(first("загранпаспорт"), Some(0));
        assert_eq!(first("оплатить штраф"), Some(2));
        assert_eq!(first("УИН"), Some(2));
        assert_eq!(first("пошлина"), Some(2));
    }

    #[test]
    fn typos_are_forgiven_in_long_words() {
        assert_eq!(first("зарегестрироватся"), Some(4));
        assert_eq!(first("уведомленя"), Some(3));
        assert_eq!(first("пороль"), Some(1));
    }

    #[test]
    fn the_word_being_typed_matches_what_it_begins() {
        let idx = index();
        assert_eq!(
            idx.search("восстан", true, 3).first().map(|h| h.doc),
            Some(1)
        );
        assert!(idx.search("восстан", false, 3).is_empty());
    }

    #[test]
    fn matched_words_are_given_for_highlighting() {
        let hits = index().search("паспорта", false, 1);
        assert!(
            hits[0].matched.contains(&"паспорт".to_owned()),
            "{:?}",
            hits[0].matched
        );
    }

    #[test]
    fn nothing_matches_nothing() {
        assert!(
            index()
                .search("квантовая хромодинамика", false, 3)
                .is_empty()
        );
        assert!(index().search("", false, 3).is_empty());
    }
}

//! Text to terms: lower case, ё folded into е, words split on anything that is not a
//! letter or digit (a hyphen inside a word joins it: "2-НДФЛ" is the term "2ндфл" and its
//! parts), stop words dropped, and each word stemmed by the Snowball algorithm of its
//! script (Russian for Cyrillic, English for Latin).

use rust_stemmers::{Algorithm, Stemmer};

/// One word of a text: as written (normalised) and its stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub surface: String,
    pub stem: String,
}

/// The two stemmers, made once.
pub struct Analyzer {
    ru: Stemmer,
    en: Stemmer,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new()
    }
}

/// Words too common to tell articles apart. Question words stay out too: "как",
/// "что", "где" are in most queries and in no answer.
const STOP_RU: &[&str] = &[
    "а",
    "без",
    "бы",
    "в",
    "во",
    "вот",
    "все",
    "всё",
    "вы",
    "где",
    "да",
    "для",
    "до",
    "его",
    "ее",
    "её",
    "если",
    "есть",
    "же",
    "за",
    "и",
    "из",
    "или",
    "им",
    "их",
    "к",
    "как",
    "ко",
    "когда",
    "кто",
    "ли",
    "либо",
    "мне",
    "меня",
    "мой",
    "моя",
    "мое",
    "моё",
    "мои",
    "мы",
    "на",
    "над",
    "не",
    "нет",
    "ни",
    "но",
    "о",
    "об",
    "от",
    "по",
    "под",
    "при",
    "про",
    "с",
    "со",
    "так",
    "там",
    "то",
    "тот",
    "у",
    "уже",
    "чем",
    "что",
    "чтобы",
    "это",
    "эта",
    "этот",
    "я",
    "ваш",
    "ваша",
    "ваше",
    "ваши",
    "вас",
    "вам",
    "можно",
    "нужно",
    "надо",
    "почему",
    "зачем",
    "куда",
    "сколько",
    "какой",
    "какая",
    "какие",
    "какое",
    "ещё",
    "еще",
    "очень",
    "свой",
];
const STOP_EN: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "is",
    "are", "be", "was", "it", "i", "my", "me", "you", "your", "we", "our", "how", "what", "where",
    "when", "why", "do", "does", "did", "can", "cannot", "can't", "not", "no", "if", "this",
    "that", "there", "which", "who", "am", "have", "has", "will", "should", "would", "about", "as",
    "so", "any", "its",
];

/// Lower case, `ё` → `е`.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

pub fn is_stop(word: &str) -> bool {
    STOP_RU.contains(&word) || STOP_EN.contains(&word)
}

/// The words of `text`, folded, in order, hyphenated words also as their parts;
/// stop words included (the caller decides).
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out = Vec::new();
    for raw in folded.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        let raw = raw.trim_matches('-');
        if raw.is_empty() {
            continue;
        }
        if raw.contains('-') {
            let parts: Vec<&str> = raw.split('-').filter(|p| !p.is_empty()).collect();
            out.push(parts.concat());
            out.extend(
                parts
                    .into_iter()
                    .filter(|p| p.chars().count() > 1)
                    .map(str::to_owned),
            );
        } else {
            out.push(raw.to_owned());
        }
    }
    out
}

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer {
            ru: Stemmer::create(Algorithm::Russian),
            en: Stemmer::create(Algorithm::English),
        }
    }

    /// The stem of one folded word, by its script; digits and mixed words as they are.
    pub fn stem(&self, word: &str) -> String {
        if word.chars().count() < 3 || word.chars().any(|c| c.is_ascii_digit()) {
            return word.to_owned();
        }
        if word.chars().all(is_cyrillic) {
            self.ru.stem(word).into_owned()
        } else if word.chars().all(|c| c.is_ascii_alphabetic()) {
            self.en.stem(word).into_owned()
        } else {
            word.to_owned()
        }
    }

    /// The words of `text` that carry meaning, with their stems.
    pub fn analyze(&self, text: &str) -> Vec<Word> {
        words(text)
            .into_iter()
            .filter(|w| !is_stop(w))
            .map(|surface| Word {
                stem: self.stem(&surface),
                surface,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        Analyzer::new()
            .analyze(text)
            .into_iter()
            .map(|w| w.stem)
            .collect()
    }

    #[test]
    fn russian_word_forms_share_a_stem() {
        let a = Analyzer::new();
        let forms = ["паспорт", "паспорта", "паспортом", "паспортами", "паспорте"];
        let first = a.stem(forms[0]);
        for f in forms {
            assert_eq!(a.stem(f), first, "{f}");
        }
        assert_eq!(a.stem("уведомления"), a.stem("уведомлений"));
        assert_eq!(a.stem("зарегистрироваться"), a.stem("зарегистрировался"));
    }

    #[test]
    fn english_word_forms_share_a_stem() {
        let a = Analyzer::new();
        assert_eq!(a.stem("payments"), a.stem("payment"));
        assert_eq!(a.stem("notifications"), a.stem("notification"));
    }

    #[test]
    fn yo_is_e_and_case_does_not_matter() {
        assert_eq!(stems("ЁЛКА"), stems("елка"));
        assert_eq!(stems("Зачёт"), stems("зачет"));
    }

    #[test]
    fn hyphens_join_words_and_numbers_stay() {
        assert_eq!(words("справка 2-НДФЛ"), ["справка", "2ндфл", "ндфл"]);
        assert_eq!(words("-тире- и e-mail"), ["тире", "и", "email", "mail"]);
        assert_eq!(words("123-456-789"), ["123456789", "123", "456", "789"]);
    }

    #[test]
    fn stop_words_are_dropped() {
        assert_eq!(stems("как мне оплатить"), stems("оплатить"));
        assert_eq!(stems("how do I pay"), stems("pay"));
    }
}

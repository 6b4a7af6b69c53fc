//! Texts in two languages, declared once with the Russian and the English of each
//! message side by side: `messages!` for fixed texts, `counted!` for texts with a number
//! whose noun agrees with it (1 обращение, 2 обращения, 5 обращений, 11 обращений,
//! 21 обращение). Each declares an enum of keys, so a key that does not exist is a
//! compile error, and a lookup is a `match` (no strings to compare at run time).
//!
//! The SPA declares its catalogs with these (`app/src/i18n/`); the Russian plural rule is
//! the one the notifications use too.

use crate::Lang;

/// Which of the three Russian forms goes with `n`: 0 "one" (1, 21, 101…), 1 "few" (2–4,
/// 22–24…), 2 "many" (0, 5–20, 25–30…, and 11–14 after any hundred).
pub fn russian_plural(n: u64) -> usize {
    let (last, last_two) = (n % 10, n % 100);
    if last == 1 && last_two != 11 {
        0
    } else if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
        1
    } else {
        2
    }
}

/// The form of `forms` (Russian: one, few, many; English: one, other) that goes with `n`,
/// with `{n}` replaced by it.
pub fn counted_text(lang: Lang, ru: [&str; 3], en: [&str; 2], n: u64) -> String {
    let form = match lang {
        Lang::Ru => ru[russian_plural(n)],
        Lang::En => en[usize::from(n != 1)],
    };
    form.replace("{n}", &n.to_string())
}

/// Declares an enum of message keys with each key's Russian and English text:
///
/// ```
/// helpdesk_shared::messages! {
///     /// The page's texts.
///     pub enum Page {
///         Title => "Проверить статус" | "Check status",
///     }
/// }
/// assert_eq!(Page::Title.text(helpdesk_shared::Lang::En), "Check status");
/// ```
#[macro_export]
macro_rules! messages {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$key_meta:meta])* $key:ident => $ru:literal | $en:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$key_meta])* $key, )*
        }

        impl $name {
            /// Every key, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$key),*];

            pub fn text(self, lang: $crate::Lang) -> &'static str {
                match lang {
                    $crate::Lang::Ru => match self { $($name::$key => $ru,)* },
                    $crate::Lang::En => match self { $($name::$key => $en,)* },
                }
            }
        }
    };
}

/// Declares an enum of counted messages: Russian in its three forms (one, few, many),
/// English in two (one, other); `{n}` stands for the number.
///
/// ```
/// helpdesk_shared::counted! {
///     pub enum Counts {
///         Requests => ["{n} обращение", "{n} обращения", "{n} обращений"] | ["{n} request", "{n} requests"],
///     }
/// }
/// assert_eq!(Counts::Requests.text(helpdesk_shared::Lang::Ru, 22), "22 обращения");
/// ```
#[macro_export]
macro_rules! counted {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$key_meta:meta])* $key:ident =>
                [$one:literal, $few:literal, $many:literal] | [$en_one:literal, $en_other:literal] ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$key_meta])* $key, )*
        }

        impl $name {
            /// Every key, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$key),*];

            /// The Russian forms (one, few, many) and the English ones (one, other).
            pub fn forms(self) -> ([&'static str; 3], [&'static str; 2]) {
                match self {
                    $($name::$key => ([$one, $few, $many], [$en_one, $en_other]),)*
                }
            }

            /// The text for `n`, its noun agreeing with it.
            pub fn text(self, lang: $crate::Lang, n: u64) -> String {
                let (ru, en) = self.forms();
                $crate::text::counted_text(lang, ru, en, n)
            }
        }
    };
}

/// `text` safe inside an HTML element or a quoted attribute (the browser modules build
/// their pages as HTML).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` as a URL's query value (UTF-8, percent-encoded but for the unreserved).
pub fn query_value(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plural_forms() {
        let form = |n| ["обращение", "обращения", "обращений"][russian_plural(n)];
        for (n, want) in [
            (0, "обращений"),
            (1, "обращение"),
            (2, "обращения"),
            (4, "обращения"),
            (5, "обращений"),
            (11, "обращений"),
            (12, "обращений"),
            (14, "обращений"),
            (21, "обращение"),
            (22, "обращения"),
            (25, "обращений"),
            (101, "обращение"),
            (111, "обращений"),
            (112, "обращений"),
            (1001, "обращение"),
            (3352, "обращения"),
        ] {
            assert_eq!(form(n), want, "{n}");
        }
    }

    crate::counted! {
        enum Sample {
            Minutes => ["{n} минуту", "{n} минуты", "{n} минут"] | ["{n} minute", "{n} minutes"],
        }
    }

    #[test]
    fn counted_texts_agree_with_their_number() {
        assert_eq!(Sample::Minutes.text(Lang::Ru, 1), "1 минуту");
        assert_eq!(Sample::Minutes.text(Lang::Ru, 3), "3 минуты");
        assert_eq!(Sample::Minutes.text(Lang::Ru, 56), "56 минут");
        assert_eq!(Sample::Minutes.text(Lang::En, 1), "1 minute");
        assert_eq!(Sample::Minutes.text(Lang::En, 0), "0 minutes");
        assert_eq!(Sample::ALL.len(), 1);
    }
}

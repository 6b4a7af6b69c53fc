use super::{Invalid, digits_only};
use crate::FieldCode;

/// Invisible or direction-changing characters that can hide or reorder text
/// (zero-width spaces, bidi overrides, BOM, soft hyphen), and controls.
fn is_forbidden(c: char, multiline: bool) -> bool {
    if multiline && (c == '\n' || c == '\t') {
        return false;
    }
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{061C}' | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E000}'..='\u{F8FF}')
}

/// Trims, unifies line ends, refuses hidden characters and checks the length in
/// characters (not bytes).
fn clean(input: &str, min: u32, max: u32, multiline: bool) -> Result<String, Invalid> {
    let text = input.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::code(FieldCode::Required));
    }
    if text.chars().any(|c| is_forbidden(c, multiline)) {
        return Err(Invalid::code(FieldCode::ForbiddenChars));
    }
    let len = text.chars().count() as u32;
    if len < min {
        return Err(Invalid::limit(FieldCode::TooShort, min));
    }
    if len > max {
        return Err(Invalid::limit(FieldCode::TooLong, max));
    }
    Ok(text.to_owned())
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr, $multiline:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub const MIN: u32 = $min;
            pub const MAX: u32 = $max;

            pub fn parse(input: &str) -> Result<Self, Invalid> {
                clean(input, $min, $max, $multiline).map($name)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }
    };
}

text_type!(
    /// The subject of a request: one line.
    Subject, 5, 150, false
);
text_type!(
    /// The description of a request: several lines, enough to act on.
    Description, 20, 5000, true
);
text_type!(
    /// Information a citizen adds to a request.
    Message, 2, 5000, true
);
text_type!(
    /// What a knowledge-base article left out, in the reader's words.
    Feedback, 2, 1000, true
);
text_type!(
    /// One message in a chat, either side's.
    ChatText, 1, 2000, true
);
text_type!(
    /// A short title staff pick from a list (a canned response's): one line.
    Title, 2, 100, false
);
text_type!(
    /// A knowledge-base article's title: one line.
    Heading, 5, 150, false
);
text_type!(
    /// A knowledge-base article's short answer, or one of its steps.
    Passage, 2, 2000, true
);

/// ФИО: letters of any alphabet, spaces, hyphens, apostrophes and dots; inner spaces
/// collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullName(String);

impl FullName {
    pub const MIN: u32 = 2;
    pub const MAX: u32 = 150;

    pub fn parse(input: &str) -> Result<FullName, Invalid> {
        let text = clean(input, Self::MIN, Self::MAX, false)?;
        let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.');
        if !text.chars().all(allowed) || text.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            return Err(Invalid::code(FieldCode::ForbiddenChars));
        }
        Ok(FullName(
            text.split_whitespace().collect::<Vec<_>>().join(" "),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The number of a portal application the request is about: 6 to 20 digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationNumber(String);

impl ApplicationNumber {
    pub fn parse(input: &str) -> Result<ApplicationNumber, Invalid> {
        let bad = Invalid::code(FieldCode::ApplicationNumberFormat);
        let digits = digits_only(input, &['№', '#']).ok_or(bad)?;
        if !(6..=20).contains(&digits.len()) {
            return Err(bad);
        }
        Ok(ApplicationNumber(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An uploaded file's name, made safe to show: the last path component, hidden
/// characters removed, at most 200 characters. Never fails: a name is only a label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName(String);

impl FileName {
    pub fn sanitize(input: &str) -> FileName {
        let last = input.rsplit(['/', '\\']).next().unwrap_or_default();
        let clean: String = last
            .chars()
            .filter(|&c| !is_forbidden(c, false))
            .take(200)
            .collect();
        let clean = clean.trim();
        FileName(if clean.is_empty() || clean == "." || clean == ".." {
            "file".to_owned()
        } else {
            clean.to_owned()
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_counted_in_characters_at_the_bounds() {
        assert!(Subject::parse(&"я".repeat(5)).is_ok());
        assert_eq!(
            Subject::parse(&"я".repeat(4)),
            Err(Invalid::limit(FieldCode::TooShort, 5))
        );
        assert!(Subject::parse(&"я".repeat(150)).is_ok());
        assert_eq!(
            Subject::parse(&"я".repeat(151)),
            Err(Invalid::limit(FieldCode::TooLong, 150))
        );
        assert!(Description::parse(&"ж".repeat(5000)).is_ok());
        assert_eq!(
            Description::parse(&"ж".repeat(5001)),
            Err(Invalid::limit(FieldCode::TooLong, 5000))
        );
    }

    #[test]
    fn blank_is_required_not_short() {
        for s in ["", "   ", "\n\t "] {
            assert_eq!(Subject::parse(s), Err(Invalid::code(FieldCode::Required)));
        }
    }

    #[test]
    fn hidden_and_control_characters_are_refused() {
        for s in [
            "Не работает\u{200b} вход",
            "Не работает \u{202e}вход",
            "Не работает\u{0007} вход",
            "\u{feff}Не работает вход",
            "Не работает\nвход",
        ] {
            assert_eq!(
                Subject::parse(s),
                Err(Invalid::code(FieldCode::ForbiddenChars)),
                "{s:?}"
            );
        }
        // Lines and tabs are fine in a description, and CRLF is unified.
        let d = Description::parse("Первая строка\r\nВторая\tстрока текста").expect("valid");
        assert_eq!(d.as_str(), "Первая строка\nВторая\tстрока текста");
    }

    #[test]
    fn names() {
        for s in [
            "Иванов Иван Иванович",
            "Салтыков-Щедрин М. Е.",
            "O'Connor Mary",
            "Ли Ын",
        ] {
            assert!(FullName::parse(s).is_ok(), "{s}");
        }
        assert_eq!(
            FullName::parse("  Иванов   Иван ").map(|n| n.0),
            Ok("Иванов Иван".into())
        );
        for s in ["Иванов 1", "Иванов <b>", "Иванов 😀", "-", "И."] {
            assert!(FullName::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn application_numbers() {
        assert_eq!(
            ApplicationNumber::parse("№ 1234-5678").map(|a| a.0),
            Ok("12345678".into())
        );
        for s in ["12345", "123456789012345678901", "12a456", ""] {
            assert!(ApplicationNumber::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn file_names_are_made_safe() {
        assert_eq!(
            FileName::sanitize("C:\\Users\\me\\скан паспорта.pdf").as_str(),
            "скан паспорта.pdf"
        );
        assert_eq!(FileName::sanitize("../../etc/passwd").as_str(), "passwd");
        assert_eq!(
            FileName::sanitize("evil\u{202e}fdp.exe").as_str(),
            "evilfdp.exe"
        );
        assert_eq!(FileName::sanitize("..").as_str(), "file");
        assert_eq!(FileName::sanitize(&"a".repeat(300)).as_str().len(), 200);
    }
}

use super::Invalid;
use crate::FieldCode;

/// An e-mail address as people really use them: ASCII local part (RFC 5322 atext and
/// dots), a domain of at least two labels, Cyrillic domains such as `почта.рф` allowed.
/// The domain is lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

const LOCAL_SPECIALS: &str = "!#$%&'*+/=?^_`{|}~-";

impl Email {
    pub fn parse(input: &str) -> Result<Email, Invalid> {
        let bad = Invalid::code(FieldCode::EmailFormat);
        let s = input.trim();
        if s.chars().count() > 254 {
            return Err(Invalid::limit(FieldCode::TooLong, 254));
        }
        let (local, domain) = s.split_once('@').ok_or(bad)?;
        if !local.is_ascii() && local.chars().any(char::is_alphabetic) && !domain.is_empty() {
            return Err(Invalid::code(FieldCode::EmailLocalNotAscii));
        }
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || LOCAL_SPECIALS.contains(c));
        if !local_ok {
            return Err(bad);
        }
        let domain = domain.to_lowercase();
        let labels: Vec<&str> = domain.split('.').collect();
        let labels_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.chars().count() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars()
                        .all(|c| c == '-' || c.is_ascii_alphanumeric() || is_cyrillic(c))
            });
        let tld = labels.last().copied().unwrap_or_default();
        if !labels_ok || tld.chars().count() < 2 || tld.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad);
        }
        Ok(Email(format!("{local}@{domain}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses() {
        for s in [
            "ivanov@mail.ru",
            "i.i.ivanov+helpdesk@gosuslugi.ru",
            " Petrova_A@Yandex.RU ",
            "user@почта.рф",
            "o'brien@example.co.uk",
            "a@b.cd",
        ] {
            assert!(Email::parse(s).is_ok(), "{s}");
        }
        assert_eq!(
            Email::parse("Petrova@Yandex.RU").map(|e| e.0),
            Ok("Petrova@yandex.ru".into())
        );
    }

    #[test]
    fn invalid_addresses() {
        for s in [
            "",
            "ivanov",
            "ivanov@",
            "@mail.ru",
            "ivanov@mail",
            "ivanov@@mail.ru",
            "iva nov@mail.ru",
            ".ivanov@mail.ru",
            "iva..nov@mail.ru",
            "ivanov@-mail.ru",
            "ivanov@mail..ru",
            "ivanov@mail.r",
            "ivanov@127.0.0.1",
            "ivanov@mail.ru\u{202e}",
            "ivanov@maіl.ru\u{0}",
        ] {
            assert!(Email::parse(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn letters_other_than_latin_before_the_at_get_their_own_message() {
        for s in ["иван@почта.рф", "иванов@mail.ru", "ivánov@mail.ru"] {
            assert_eq!(
                Email::parse(s),
                Err(Invalid::code(FieldCode::EmailLocalNotAscii)),
                "{s}"
            );
        }
        assert_eq!(
            Email::parse("Ivan@ПОЧТА.РФ").map(|e| e.0),
            Ok("Ivan@почта.рф".into())
        );
    }

    #[test]
    fn length_limit() {
        let long = format!("{}@{}.ru", "a".repeat(64), "b".repeat(200));
        assert_eq!(
            Email::parse(&long),
            Err(Invalid::limit(FieldCode::TooLong, 254))
        );
    }
}

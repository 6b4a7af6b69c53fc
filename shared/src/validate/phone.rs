use super::{Invalid, digits_only};
use crate::FieldCode;

/// A Russian phone number, normalised to `+7XXXXXXXXXX`. Accepts the common spellings:
/// `+7 (912) 345-67-89`, `8 912 345 67 89`, `79123456789`, `9123456789`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, Invalid> {
        let trimmed = input.trim();
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let digits = digits_only(rest, &['(', ')']).ok_or(Invalid::code(FieldCode::PhoneFormat))?;
        let national = match (plus, digits.len()) {
            (true, 11) if digits.starts_with('7') => &digits[1..],
            // Another country code after '+'.
            (true, _) if !digits.starts_with('7') && digits.len() >= 8 => {
                return Err(Invalid::code(FieldCode::PhoneNotRussian));
            }
            (false, 11) if digits.starts_with('8') || digits.starts_with('7') => &digits[1..],
            (false, 10) => &digits[..],
            _ => return Err(Invalid::code(FieldCode::PhoneFormat)),
        };
        // Russian area and mobile codes start with 3, 4, 8 or 9; +7 6xx/7xx is Kazakhstan.
        if !matches!(national.as_bytes()[0], b'3' | b'4' | b'8' | b'9') {
            return Err(Invalid::code(FieldCode::PhoneNotRussian));
        }
        Ok(Phone(format!("+7{national}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spellings_normalise() {
        for s in [
            "+7 (912) 345-67-89",
            "+79123456789",
            "8 912 345 67 89",
            "8(912)345-67-89",
            "79123456789",
            "9123456789",
            "+7 912 345\u{a0}67\u{a0}89",
            " 8-912-345-67-89 ",
            "8.912.345.67.89",
        ] {
            assert_eq!(
                Phone::parse(s).map(|p| p.0),
                Ok("+79123456789".into()),
                "{s}"
            );
        }
        assert_eq!(
            Phone::parse("8 (495) 123-45-67").map(|p| p.0),
            Ok("+74951234567".into())
        );
        assert_eq!(
            Phone::parse("8 800 555-35-35").map(|p| p.0),
            Ok("+78005553535".into())
        );
    }

    #[test]
    fn not_russian() {
        for s in [
            "+380 44 123 4567",
            "+1 202 555 0143",
            "+7 727 123 45 67",
            "8 (701) 123-45-67",
        ] {
            assert_eq!(
                Phone::parse(s),
                Err(Invalid::code(FieldCode::PhoneNotRussian)),
                "{s}"
            );
        }
    }

    #[test]
    fn wrong_shape() {
        for s in [
            "",
            "12345",
            "+7 912 345 67 8",
            "8 912 345 67 890",
            "phone",
            "+7 912 345 67 8９",
            "89123456789 ext 5",
        ] {
            assert_eq!(
                Phone::parse(s),
                Err(Invalid::code(FieldCode::PhoneFormat)),
                "{s}"
            );
        }
    }
}

use super::{Invalid, digit_values, digits_only};
use crate::FieldCode;

/// СНИЛС: 11 digits, the last two a checksum of the first nine. Stored as digits, shown
/// as `XXX-XXX-XXX YY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snils(String);

impl Snils {
    pub fn parse(input: &str) -> Result<Snils, Invalid> {
        let digits = digits_only(input, &[]).ok_or(Invalid::code(FieldCode::SnilsFormat))?;
        if digits.len() != 11 {
            return Err(Invalid::code(FieldCode::SnilsFormat));
        }
        let d = digit_values(&digits);
        let body: u32 = d[..9].iter().fold(0, |acc, x| acc * 10 + x);
        // Numbers up to 001-001-998 were issued before the checksum existed.
        if body > 1_001_998 {
            let sum: u32 = d[..9]
                .iter()
                .enumerate()
                .map(|(i, x)| x * (9 - i as u32))
                .sum();
            let expected = match sum {
                s if s < 100 => s,
                100 | 101 => 0,
                s => (s % 101) % 100,
            };
            if expected != d[9] * 10 + d[10] {
                return Err(Invalid::code(FieldCode::SnilsChecksum));
            }
        }
        Ok(Snils(digits))
    }

    pub fn digits(&self) -> &str {
        &self.0
    }

    pub fn display(&self) -> String {
        let s = &self.0;
        format!("{}-{}-{} {}", &s[0..3], &s[3..6], &s[6..9], &s[9..11])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_in_any_common_spelling() {
        for s in [
            "112-233-445 95",
            "11223344595",
            " 112 233 445 95 ",
            "112-233-445-95",
        ] {
            assert_eq!(
                Snils::parse(s).map(|s| s.display()),
                Ok("112-233-445 95".into()),
                "{s}"
            );
        }
        // Sum 100/101 → checksum 00; sum > 101 → mod 101.
        assert!(Snils::parse("087-654-303 00").is_ok());
        assert!(Snils::parse("123-456-789 64").is_ok());
        // Before the checksum era any tail is accepted.
        assert!(Snils::parse("001-001-998 77").is_ok());
    }

    #[test]
    fn wrong_checksum() {
        assert_eq!(
            Snils::parse("112-233-445 96"),
            Err(Invalid::code(FieldCode::SnilsChecksum))
        );
        assert_eq!(
            Snils::parse("123-456-789 65"),
            Err(Invalid::code(FieldCode::SnilsChecksum))
        );
    }

    #[test]
    fn wrong_shape() {
        for s in [
            "",
            "1122334459",
            "112233445950",
            "112-233-445 9O",
            "１１２２３３４４５９５",
        ] {
            assert_eq!(
                Snils::parse(s),
                Err(Invalid::code(FieldCode::SnilsFormat)),
                "{s}"
            );
        }
    }
}

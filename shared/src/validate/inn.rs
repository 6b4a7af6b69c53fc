use super::{Invalid, digit_values, digits_only};
use crate::FieldCode;

/// ИНН: 12 digits for a person (two check digits), 10 for an organisation (one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inn(String);

const W10: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11: [u32; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12: [u32; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

fn check(digits: &[u32], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 11 % 10
}

impl Inn {
    pub fn parse(input: &str) -> Result<Inn, Invalid> {
        let digits = digits_only(input, &[]).ok_or(Invalid::code(FieldCode::InnFormat))?;
        let d = digit_values(&digits);
        let ok = match d.len() {
            10 => check(&d, &W10) == d[9],
            12 => check(&d, &W11) == d[10] && check(&d, &W12) == d[11],
            _ => return Err(Invalid::code(FieldCode::InnFormat)),
        };
        if ok {
            Ok(Inn(digits))
        } else {
            Err(Invalid::code(FieldCode::InnChecksum))
        }
    }

    pub fn digits(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_person_and_organisation_numbers() {
        for s in ["500100732259", "7707083893", "7736207543", "5001 0073 2259"] {
            assert!(Inn::parse(s).is_ok(), "{s}");
        }
        assert_eq!(
            Inn::parse(" 7707083893 ").map(|i| i.digits().to_owned()),
            Ok("7707083893".into())
        );
    }

    #[test]
    fn wrong_check_digits() {
        for s in ["500100732258", "500100732269", "7707083894"] {
            assert_eq!(
                Inn::parse(s),
                Err(Invalid::code(FieldCode::InnChecksum)),
                "{s}"
            );
        }
    }

    #[test]
    fn wrong_shape() {
        for s in [
            "",
            "12345",
            "77070838931",
            "7707O83893",
            "7707083893\u{200b}",
        ] {
            assert_eq!(
                Inn::parse(s),
                Err(Invalid::code(FieldCode::InnFormat)),
                "{s}"
            );
        }
    }
}

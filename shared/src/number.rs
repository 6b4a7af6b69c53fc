//! The request number (read out over the phone) and its access code (the secret that
//! goes with it).

use crate::FieldCode;
use crate::validate::Invalid;

/// Nine digits shown as `123-456-789`: eight random digits and a Damm check digit, which
/// catches every single mistyped digit and every swap of two neighbours, so a typo gives
/// "check the number" instead of somebody else's request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TicketNumber(u32);

const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

fn damm(digits: &[u8]) -> u8 {
    digits
        .iter()
        .fold(0, |interim, &d| DAMM[interim as usize][d as usize])
}

impl TicketNumber {
    /// Builds a number from any random value; the first digit is never 0 so the number
    /// never loses a digit when someone writes it down as an integer.
    pub fn from_random(random: u32) -> TicketNumber {
        let body = 10_000_000 + random % 90_000_000;
        let digits: Vec<u8> = body.to_string().bytes().map(|b| b - b'0').collect();
        TicketNumber(body * 10 + damm(&digits) as u32)
    }

    pub fn parse(input: &str) -> Result<TicketNumber, Invalid> {
        let bad = Invalid::code(FieldCode::TicketNumberFormat);
        let mut digits = Vec::with_capacity(9);
        for c in input.trim().chars() {
            match c {
                '0'..='9' => digits.push(c as u8 - b'0'),
                ' ' | '-' | '\u{a0}' | '\u{2010}'..='\u{2015}' | '№' => {}
                _ => return Err(bad),
            }
        }
        if digits.len() != 9 || digits[0] == 0 || damm(&digits) != 0 {
            return Err(bad);
        }
        Ok(TicketNumber(
            digits.iter().fold(0, |acc, &d| acc * 10 + d as u32),
        ))
    }

    /// `123-456-789`
    pub fn display(self) -> String {
        let s = self.0.to_string();
        format!("{}-{}-{}", &s[0..3], &s[3..6], &s[6..9])
    }

    /// `123456789`, used in storage keys.
    pub fn key(self) -> String {
        self.0.to_string()
    }

    /// What goes into an API path for a number as typed or shown (`123-456-789`): its
    /// key. Input that is no request number keeps only its letters and digits, so the
    /// path stays one segment and the server answers it as an unknown number.
    pub fn path_segment(input: &str) -> String {
        match TicketNumber::parse(input) {
            Ok(n) => n.key(),
            Err(_) => input.chars().filter(char::is_ascii_alphanumeric).collect(),
        }
    }
}

/// Eight Crockford base-32 characters (40 bits), shown as `ABCD-EFGH`. Crockford's
/// alphabet has no I, L, O or U, and reading accepts the look-alikes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessCode(String);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl AccessCode {
    pub const BITS: u32 = 40;

    pub fn from_random(random: u64) -> AccessCode {
        let code = (0..8)
            .map(|i| CROCKFORD[((random >> (35 - 5 * i)) & 31) as usize] as char)
            .collect();
        AccessCode(code)
    }

    pub fn parse(input: &str) -> Result<AccessCode, Invalid> {
        let bad = Invalid::code(FieldCode::AccessCodeFormat);
        let mut code = String::with_capacity(8);
        for c in input.trim().chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' | '\u{a0}' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c,
                _ => return Err(bad),
            };
            code.push(c);
        }
        if code.len() != 8 {
            return Err(bad);
        }
        Ok(AccessCode(code))
    }

    /// The canonical form, without the hyphen: what is hashed and compared.
    pub fn canonical(&self) -> &str {
        &self.0
    }

    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damm_matches_the_published_example() {
        assert_eq!(damm(&[5, 7, 2]), 4);
        assert_eq!(damm(&[5, 7, 2, 4]), 0);
    }

    #[test]
    fn path_segments_are_keys_or_one_harmless_segment() {
        let n = TicketNumber::from_random(42);
        assert_eq!(TicketNumber::path_segment(&n.display()), n.key());
        assert_eq!(
            TicketNumber::path_segment(&format!(" №{} ", n.key())),
            n.key()
        );
        assert_eq!(
            TicketNumber::path_segment("../../admin/audit?x=1"),
            "adminauditx1"
        );
    }

    #[test]
    fn numbers_round_trip_through_their_display() {
        for r in [0, 1, 42, 89_999_999, u32::MAX, 123_456_789] {
            let n = TicketNumber::from_random(r);
            assert_eq!(n.display().len(), 11);
            assert_eq!(TicketNumber::parse(&n.display()), Ok(n));
            assert_eq!(TicketNumber::parse(&n.key()), Ok(n));
            assert_eq!(
                TicketNumber::parse(&format!(" № {} ", n.display().replace('-', " "))),
                Ok(n)
            );
        }
    }

    #[test]
    fn every_single_typo_and_neighbour_swap_is_caught() {
        let n = TicketNumber::from_random(31_415_926).key();
        let d: Vec<u8> = n.bytes().collect();
        for i in 0..9 {
            for c in b'0'..=b'9' {
                if c == d[i] {
                    continue;
                }
                let mut typo = d.clone();
                typo[i] = c;
                let typo = String::from_utf8(typo).expect("ascii");
                assert!(TicketNumber::parse(&typo).is_err(), "{typo}");
            }
            if i < 8 && d[i] != d[i + 1] {
                let mut swap = d.clone();
                swap.swap(i, i + 1);
                let swap = String::from_utf8(swap).expect("ascii");
                assert!(TicketNumber::parse(&swap).is_err(), "{swap}");
            }
        }
    }

    #[test]
    fn malformed_numbers() {
        for s in ["", "12345678", "1234567890", "12a-456-789", "012-345-678"] {
            assert!(TicketNumber::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn codes_carry_forty_bits_and_read_leniently() {
        let a = AccessCode::from_random(0);
        let b = AccessCode::from_random((1 << 40) - 1);
        assert_eq!(a.canonical(), "00000000");
        assert_eq!(b.canonical(), "ZZZZZZZZ");
        assert_ne!(
            AccessCode::from_random(1 << 39),
            AccessCode::from_random(1 << 38)
        );
        let c = AccessCode::from_random(0x12_3456_789A);
        assert_eq!(AccessCode::parse(&c.display()), Ok(c.clone()));
        assert_eq!(
            AccessCode::parse(&c.display().to_lowercase()),
            Ok(c.clone())
        );
        assert_eq!(
            AccessCode::parse("oooo-iiii").map(|c| c.0),
            Ok("00001111".into())
        );
        for s in ["", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFGU", "АВСD-EFGH"] {
            assert!(AccessCode::parse(s).is_err(), "{s}");
        }
    }
}

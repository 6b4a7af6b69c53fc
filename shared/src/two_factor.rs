//! Staff's second factor: the shapes of its API and the checks of what staff type (a
//! six-digit code from an authenticator app, or one of the ten recovery codes), shared
//! by the sign-in page and the server.

use serde::{Deserialize, Serialize};

use crate::auth::Me;
use crate::{FieldCode, FieldError};

/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;
/// Characters of a recovery code (80 bits), shown in groups of four.
pub const RECOVERY_LEN: usize = 16;
/// The letters and digits of recovery codes: Crockford's base 32 (no I, L, O, U; an O
/// typed is read as 0, an I or L as 1).
pub const RECOVERY_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// What a password that was right still needs (202 to `POST /auth/staff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SecondFactor {
    /// A code from the authenticator app set up before (or a recovery code).
    Code,
    /// None set up yet, and this account must have one: set it up now.
    Enrol,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecondStep {
    pub second_factor: SecondFactor,
    /// Seconds the password step stays valid for it.
    pub expires_in: u32,
}

/// A code from the app, or a recovery code (one of them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct StaffCodeRequest {
    pub code: String,
    pub recovery_code: String,
}

/// A new authenticator key: the QR code to scan, the key to type instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrolment {
    /// Base32, in groups of four.
    pub key: String,
    /// `otpauth://totp/…`: what the QR code holds.
    pub uri: String,
    /// The QR code as an SVG image.
    pub qr_svg: String,
    pub issuer: String,
    pub account: String,
}

/// Set up: the recovery codes (shown this once, kept only hashed) and who is signed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrolled {
    pub recovery_codes: Vec<String>,
    pub me: Me,
}

/// The code as the app shows it (spaces allowed: "123 456"), or what is wrong (field
/// `code`).
pub fn parse_code(input: &str) -> Result<String, FieldError> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        return Err(FieldError::new("code", FieldCode::Required));
    }
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new("code", FieldCode::AuthenticatorCodeFormat));
    }
    Ok(digits)
}

/// A recovery code as typed (any case, spaces and hyphens allowed), in its stored form,
/// or what is wrong (field `recovery_code`).
pub fn parse_recovery(input: &str) -> Result<String, FieldError> {
    let plain: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if plain.is_empty() {
        return Err(FieldError::new("recovery_code", FieldCode::Required));
    }
    let upper: String = plain
        .to_ascii_uppercase()
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    if upper.len() != RECOVERY_LEN || !upper.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)) {
        return Err(FieldError::new(
            "recovery_code",
            FieldCode::RecoveryCodeFormat,
        ));
    }
    Ok(upper)
}

/// A recovery code as shown: four groups of four.
pub fn grouped(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_spaces_allowed() {
        assert_eq!(parse_code(" 123 456 "), Ok("123456".into()));
        assert_eq!(parse_code("").map_err(|e| e.code), Err(FieldCode::Required));
        for bad in ["12345", "1234567", "12345a", "١٢٣٤٥٦"] {
            assert_eq!(
                parse_code(bad).map_err(|e| e.code),
                Err(FieldCode::AuthenticatorCodeFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn recovery_codes_take_any_case_and_hyphens() {
        let shown = "ACDE-FGHJ-KMNP-QRT2";
        assert_eq!(parse_recovery(shown), Ok("ACDEFGHJKMNPQRT2".into()));
        assert_eq!(
            parse_recovery(" acde fghj kmnp qrt2 "),
            Ok("ACDEFGHJKMNPQRT2".into())
        );
        assert_eq!(
            parse_recovery("OOIL-FGHJ-KMNP-QRT2"),
            Ok("0011FGHJKMNPQRT2".into())
        );
        assert_eq!(grouped("ACDEFGHJKMNPQRT2"), shown);
        for bad in [
            "ACDE-FGHJ-KMNP",
            "ACDE-FGHJ-KMNP-QRTU",
            "ЖЖЖЖ-FGHJ-KMNP-QRT2",
        ] {
            assert_eq!(
                parse_recovery(bad).map_err(|e| e.code),
                Err(FieldCode::RecoveryCodeFormat),
                "{bad}"
            );
        }
    }
}

//! Parse, don't validate: each newtype can only hold a valid, normalised value.
//! The same functions run in the browser (as the citizen types) and on the server.

mod email;
mod inn;
mod phone;
mod snils;
mod text;

pub use email::Email;
pub use inn::Inn;
pub use phone::Phone;
pub use snils::Snils;
pub use text::{
    ApplicationNumber, ChatText, Description, Feedback, FileName, FullName, Heading, Message,
    Passage, Subject, Title,
};

use crate::FieldCode;

/// A validation failure of one value: its code and, for length errors, the bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    pub code: FieldCode,
    pub limit: Option<u32>,
}

impl Invalid {
    pub const fn code(code: FieldCode) -> Self {
        Invalid { code, limit: None }
    }

    pub const fn limit(code: FieldCode, limit: u32) -> Self {
        Invalid {
            code,
            limit: Some(limit),
        }
    }

    pub fn at(self, field: &str) -> crate::FieldError {
        crate::FieldError {
            field: field.to_owned(),
            code: self.code,
            limit: self.limit,
        }
    }
}

/// Keeps only digits after removing the separators people type inside numbers
/// (spaces, non-breaking spaces, hyphens, dashes, dots); anything else is refused.
fn digits_only(input: &str, extra_allowed: &[char]) -> Option<String> {
    let mut out = String::with_capacity(input.len());
    for c in input.trim().chars() {
        match c {
            '0'..='9' => out.push(c),
            ' ' | '\u{a0}' | '-' | '\u{2010}'..='\u{2015}' | '.' => {}
            c if extra_allowed.contains(&c) => {}
            _ => return None,
        }
    }
    Some(out)
}

fn digit_values(digits: &str) -> Vec<u32> {
    digits.chars().filter_map(|c| c.to_digit(10)).collect()
}

//! The citizen's opinion of a closed request: CSAT ("Насколько вы довольны решением?",
//! 1–5, with an optional comment) and NPS ("Порекомендуете ли вы…", 0–10, optional).
//! Asked once the request is resolved or rejected; one answer per request, which its
//! citizen may change for a day (`EDIT_FOR`), never asked again after that.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::validate::Feedback;
use crate::{FieldCode, FieldError};

/// How long an answer may be changed after it was first given.
pub const EDIT_FOR: Duration = Duration::days(1);

/// A survey answer as sent (`access_code` as for adding information; ignored on one's
/// own request).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SurveyRequest {
    pub access_code: String,
    /// The one-time link's token (`POST /survey/{number}` only).
    pub token: String,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub csat: Option<u8>,
    /// 0 (would not recommend) to 10 (would certainly recommend); optional.
    pub nps: Option<u8>,
    /// Optional, up to 1000 characters.
    pub comment: Option<String>,
}

/// The answer kept with the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyAnswer {
    pub csat: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<u8>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// When it was first given.
    #[serde(with = "time::serde::rfc3339")]
    pub answered_at: OffsetDateTime,
    /// When it was last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl SurveyAnswer {
    /// Until when it may be changed.
    pub fn editable_until(&self) -> OffsetDateTime {
        self.answered_at + EDIT_FOR
    }
}

impl SurveyRequest {
    /// The answer's parts, or what to fix: `csat` 1–5 (required), `nps` 0–10, `comment`
    /// up to 1000 characters.
    pub fn parse(&self) -> Result<(u8, Option<u8>, String), Vec<FieldError>> {
        let mut errors = Vec::new();
        let csat = match self.csat {
            Some(c @ 1..=5) => Some(c),
            Some(_) => {
                errors.push(FieldError::with_limit("csat", FieldCode::OutOfRange, 5));
                None
            }
            None => {
                errors.push(FieldError::new("csat", FieldCode::Required));
                None
            }
        };
        if self.nps.is_some_and(|n| n > 10) {
            errors.push(FieldError::with_limit("nps", FieldCode::OutOfRange, 10));
        }
        let comment = match self.comment.as_deref().map(str::trim) {
            None | Some("") => String::new(),
            Some(c) => match Feedback::parse(c) {
                Ok(c) => c.into_string(),
                Err(e) => {
                    errors.push(e.at("comment"));
                    String::new()
                }
            },
        };
        match csat {
            Some(csat) if errors.is_empty() => Ok((csat, self.nps, comment)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(csat: Option<u8>, nps: Option<u8>, comment: &str) -> SurveyRequest {
        SurveyRequest {
            access_code: String::new(),
            token: String::new(),
            csat,
            nps,
            comment: Some(comment.to_owned()),
        }
    }

    #[test]
    fn an_answer_needs_a_csat_and_keeps_to_its_ranges() {
        assert_eq!(
            req(Some(5), Some(10), "  Спасибо!  ").parse(),
            Ok((5, Some(10), "Спасибо!".to_owned()))
        );
        assert_eq!(req(Some(1), None, "").parse(), Ok((1, None, String::new())));
        let fields = |r: SurveyRequest| -> Vec<(String, FieldCode)> {
            r.parse()
                .expect_err("refused")
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect()
        };
        assert_eq!(
            fields(req(None, Some(11), &"я".repeat(1001))),
            [
                ("csat".to_owned(), FieldCode::Required),
                ("nps".to_owned(), FieldCode::OutOfRange),
                ("comment".to_owned(), FieldCode::TooLong),
            ]
        );
        assert_eq!(
            fields(req(Some(0), None, "")),
            [("csat".to_owned(), FieldCode::OutOfRange)]
        );
        assert_eq!(
            fields(req(Some(6), None, "")),
            [("csat".to_owned(), FieldCode::OutOfRange)]
        );
    }
}

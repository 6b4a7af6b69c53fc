//! What the citizen's view of a request is made of: a few fields of its record. A status
//! lookup decodes only these and the access code's salt and hash: the whole record (the
//! description, the contacts, the service level promised, the report's measures) was the
//! largest part of a lookup's own work, 6 % of its profile, and none of it is shown.

use helpdesk_shared::calendar::Calendar;
use helpdesk_shared::survey::SurveyAnswer;
use helpdesk_shared::{Category, Status};
use serde::Deserialize;
use time::OffsetDateTime;

use super::TicketRecord;

/// The fields of a `TicketRecord` a citizen's view shows, decoded from the same stored
/// body (same names and formats; the rest of it is skipped unread).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Shown {
    pub number: String,
    pub category: Category,
    pub subject: String,
    pub status: Status,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expected_by: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub public_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub repeat_at: Option<OffsetDateTime>,
    #[serde(default)]
    pub survey: Option<SurveyAnswer>,
    pub code_salt: String,
    pub code_hash: String,
}

impl Shown {
    pub fn of(record: &TicketRecord) -> Shown {
        Shown {
            number: record.number.clone(),
            category: record.category,
            subject: record.subject.clone(),
            status: record.status,
            created_at: record.created_at,
            updated_at: record.updated_at,
            expected_by: record.expected_by,
            public_at: record.public_at,
            repeat_at: record.repeat_at,
            survey: record.survey.clone(),
            code_salt: record.code_salt.clone(),
            code_hash: record.code_hash.clone(),
        }
    }

    /// `TicketRecord::repeat_from`.
    pub fn repeat_from(&self, cal: &Calendar) -> Option<OffsetDateTime> {
        super::due::repeat_from(
            self.status,
            self.public_at,
            self.created_at,
            self.repeat_at,
            cal,
        )
    }
}

#[cfg(test)]
mod tests {
    use helpdesk_shared::survey::SurveyAnswer;
    use time::macros::datetime;

    use super::super::sample_ticket;
    use super::*;
    use crate::store::Item;

    /// Decoded from a stored record, it holds what the record holds: a field renamed or
    /// reformatted in one and not the other fails here.
    #[test]
    fn decoded_from_a_stored_record_it_is_the_record_s() {
        let mut record = sample_ticket();
        record.status = Status::InProgress;
        record.description = "Описание с \"кавычками\" и \\ чертой".into();
        record.phone = Some("+79123456789".into());
        record.policy = Some(helpdesk_shared::sla::Policy::default_for(record.category));
        record.public_at = Some(datetime!(2026-03-02 10:00 UTC));
        record.repeat_at = Some(datetime!(2026-03-05 11:30 UTC));
        record.survey = Some(SurveyAnswer {
            csat: 4,
            nps: Some(9),
            comment: "Спасибо".into(),
            answered_at: datetime!(2026-03-06 09:00 UTC),
            updated_at: datetime!(2026-03-06 09:05 UTC),
        });
        record.code_salt = "salt".into();
        record.code_hash = "hash".into();
        let item: Item = record.to_item(1);
        let shown: Shown = item.decode().expect("decodes");
        assert_eq!(shown, Shown::of(&record));
        let cal = helpdesk_shared::calendar::shipped();
        assert!(shown.repeat_from(&cal).is_some());
        assert_eq!(shown.repeat_from(&cal), record.repeat_from(&cal));
    }
}

//! A request as it is submitted, checked field by field.

use crate::api::{AddInfoRequest, SubmitTicketRequest};
use crate::attachment::MAX_FILES;
use crate::validate::{
    ApplicationNumber, Description, Email, FullName, Inn, Invalid, Message, Phone, Snils, Subject,
};
use crate::{Category, FieldCode, FieldError, Lang};

/// A submitted request whose every field is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicket {
    pub category: Category,
    pub subject: Subject,
    pub description: Description,
    pub full_name: FullName,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub snils: Option<Snils>,
    pub inn: Option<Inn>,
    pub application_number: Option<ApplicationNumber>,
    pub attachments: Vec<String>,
    pub language: Option<Lang>,
}

/// Collects errors across fields so the citizen sees all of them at once.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn take<T>(&mut self, field: &str, result: Result<T, Invalid>) -> Option<T> {
        result.map_err(|e| self.0.push(e.at(field))).ok()
    }

    fn optional<T>(
        &mut self,
        field: &str,
        input: &str,
        parse: fn(&str) -> Result<T, Invalid>,
    ) -> Option<T> {
        if input.trim().is_empty() {
            None
        } else {
            self.take(field, parse(input))
        }
    }
}

/// Checks a list of attachment ids: at most five, each of the shape the upload returns.
pub fn check_attachment_ids(ids: &[String]) -> Result<(), Invalid> {
    if ids.len() > MAX_FILES {
        return Err(Invalid::limit(
            FieldCode::TooManyAttachments,
            MAX_FILES as u32,
        ));
    }
    let well_formed = |id: &String| {
        (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if !ids.iter().all(well_formed) {
        return Err(Invalid::code(FieldCode::AttachmentUnknown));
    }
    Ok(())
}

/// Checks the category code.
pub fn parse_category(input: &str) -> Result<Category, Invalid> {
    if input.trim().is_empty() {
        return Err(Invalid::code(FieldCode::Required));
    }
    Category::from_code(input.trim()).ok_or(Invalid::code(FieldCode::UnknownCategory))
}

impl NewTicket {
    pub fn from_request(r: &SubmitTicketRequest) -> Result<NewTicket, Vec<FieldError>> {
        let mut e = Errors::default();
        let category = e.take("category", parse_category(&r.category));
        let subject = e.take("subject", Subject::parse(&r.subject));
        let description = e.take("description", Description::parse(&r.description));
        let full_name = e.take("full_name", FullName::parse(&r.full_name));
        let phone = e.optional("phone", &r.phone, Phone::parse);
        let email = e.optional("email", &r.email, Email::parse);
        if r.phone.trim().is_empty() && r.email.trim().is_empty() {
            e.0.push(FieldError::new("phone", FieldCode::ContactRequired));
        }
        let snils = e.optional("snils", &r.snils, Snils::parse);
        let inn = e.optional("inn", &r.inn, Inn::parse);
        let application_number = e.optional(
            "application_number",
            &r.application_number,
            ApplicationNumber::parse,
        );
        e.take("attachments", check_attachment_ids(&r.attachments));
        if !r.consent {
            e.0.push(FieldError::new("consent", FieldCode::ConsentRequired));
        }
        match (category, subject, description, full_name) {
            (Some(category), Some(subject), Some(description), Some(full_name))
                if e.0.is_empty() =>
            {
                Ok(NewTicket {
                    category,
                    subject,
                    description,
                    full_name,
                    phone,
                    email,
                    snils,
                    inn,
                    application_number,
                    attachments: r.attachments.clone(),
                    language: r.language,
                })
            }
            _ => Err(e.0),
        }
    }
}

/// Information a citizen adds: a message, files, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInfo {
    pub message: Option<Message>,
    pub attachments: Vec<String>,
}

impl NewInfo {
    pub fn from_request(r: &AddInfoRequest) -> Result<NewInfo, Vec<FieldError>> {
        let mut e = Errors::default();
        let message = if r.message.trim().is_empty() && !r.attachments.is_empty() {
            None
        } else {
            e.take("message", Message::parse(&r.message))
        };
        e.take("attachments", check_attachment_ids(&r.attachments));
        if e.0.is_empty() {
            Ok(NewInfo {
                message,
                attachments: r.attachments.clone(),
            })
        } else {
            Err(e.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> SubmitTicketRequest {
        SubmitTicketRequest {
            category: "technical".into(),
            subject: "Не приходит СМС-код".into(),
            description: "При входе на портал код подтверждения не приходит уже второй день."
                .into(),
            full_name: "Иванов Иван Иванович".into(),
            phone: "8 (912) 345-67-89".into(),
            consent: true,
            ..Default::default()
        }
    }

    fn codes(r: &SubmitTicketRequest) -> Vec<(String, FieldCode)> {
        NewTicket::from_request(r)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_valid_request_is_normalised() {
        let t = NewTicket::from_request(&valid()).expect("valid");
        assert_eq!(t.phone.expect("phone").as_str(), "+79123456789");
        assert_eq!(t.category, Category::Technical);
        assert!(t.email.is_none() && t.snils.is_none());
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let r = SubmitTicketRequest {
            category: "weather".into(),
            subject: "".into(),
            snils: "112-233-445 96".into(),
            inn: "12".into(),
            email: "nobody@".into(),
            consent: false,
            ..valid()
        };
        let got = codes(&r);
        for want in [
            ("category", FieldCode::UnknownCategory),
            ("subject", FieldCode::Required),
            ("snils", FieldCode::SnilsChecksum),
            ("inn", FieldCode::InnFormat),
            ("email", FieldCode::EmailFormat),
            ("consent", FieldCode::ConsentRequired),
        ] {
            assert!(
                got.contains(&(want.0.to_owned(), want.1)),
                "{want:?} not in {got:?}"
            );
        }
    }

    #[test]
    fn a_contact_is_required() {
        let r = SubmitTicketRequest {
            phone: " ".into(),
            email: "".into(),
            ..valid()
        };
        assert_eq!(
            codes(&r),
            vec![("phone".to_owned(), FieldCode::ContactRequired)]
        );
        let r = SubmitTicketRequest {
            phone: "".into(),
            email: "a@b.ru".into(),
            ..valid()
        };
        assert!(NewTicket::from_request(&r).is_ok());
    }

    #[test]
    fn at_most_five_attachments() {
        let ids = |n| (0..n).map(|i| format!("att-{i}")).collect::<Vec<_>>();
        assert!(
            NewTicket::from_request(&SubmitTicketRequest {
                attachments: ids(5),
                ..valid()
            })
            .is_ok()
        );
        let r = SubmitTicketRequest {
            attachments: ids(6),
            ..valid()
        };
        assert_eq!(
            codes(&r),
            vec![("attachments".to_owned(), FieldCode::TooManyAttachments)]
        );
        let r = SubmitTicketRequest {
            attachments: vec!["../x".into()],
            ..valid()
        };
        assert_eq!(
            codes(&r),
            vec![("attachments".to_owned(), FieldCode::AttachmentUnknown)]
        );
    }

    #[test]
    fn added_information_needs_a_message_or_a_file() {
        let r = AddInfoRequest::default();
        assert!(NewInfo::from_request(&r).is_err());
        let r = AddInfoRequest {
            attachments: vec!["a1".into()],
            ..Default::default()
        };
        assert_eq!(NewInfo::from_request(&r).map(|i| i.message), Ok(None));
        let r = AddInfoRequest {
            message: "Прилагаю скан".into(),
            ..Default::default()
        };
        assert!(NewInfo::from_request(&r).is_ok());
    }
}

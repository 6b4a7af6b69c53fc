//! Who may do what: staff roles, specialist departments, the citizen's sign-in contact,
//! and the JSON of the sign-in endpoints.

use serde::{Deserialize, Serialize};

use crate::validate::{Email, Invalid, Phone};
use crate::{FieldCode, Lang};

/// A staff login: 3–32 lower-case latin letters, digits, `.`, `-`, `_` (bytes = chars).
pub const LOGIN_MIN: usize = 3;
pub const LOGIN_MAX: usize = 32;

/// A staff login as stored: trimmed, lower case, `LOGIN_MIN`–`LOGIN_MAX` latin letters,
/// digits, `.`, `-`, `_`; `None` if it cannot be one.
pub fn normalise_login(input: &str) -> Option<String> {
    let login = input.trim().to_lowercase();
    let ok = (LOGIN_MIN..=LOGIN_MAX).contains(&login.len())
        && login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    ok.then_some(login)
}

/// Staff roles. Every staff call is checked against them on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Works the queue at level 2.
    Operator,
    /// Level 3: sees the requests escalated to their department.
    Specialist,
    /// Sees everything, assigns, reads reports.
    Supervisor,
    /// Manages accounts and canned responses, reads the audit trail.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Operator,
        Role::Specialist,
        Role::Supervisor,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Specialist => "specialist",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Ru, Role::Operator) => "Оператор",
            (Lang::Ru, Role::Specialist) => "Специалист",
            (Lang::Ru, Role::Supervisor) => "Руководитель",
            (Lang::Ru, Role::Admin) => "Администратор",
            (Lang::En, Role::Operator) => "Operator",
            (Lang::En, Role::Specialist) => "Specialist",
            (Lang::En, Role::Supervisor) => "Supervisor",
            (Lang::En, Role::Admin) => "Administrator",
        }
    }
}

/// Specialist departments (level 3), where operators escalate what needs deep knowledge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Department {
    /// The portal itself: sign-in, errors, integrations.
    Technical,
    /// Payments, fees, fines.
    Payments,
    /// Legal questions and complaints.
    Legal,
    /// The agencies' services: applications, appointments.
    Services,
}

impl Department {
    pub const ALL: [Department; 4] = [
        Department::Technical,
        Department::Payments,
        Department::Legal,
        Department::Services,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Department::Technical => "technical",
            Department::Payments => "payments",
            Department::Legal => "legal",
            Department::Services => "services",
        }
    }

    pub fn from_code(code: &str) -> Option<Department> {
        Department::ALL.into_iter().find(|d| d.code() == code)
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Ru, Department::Technical) => "Техническая поддержка",
            (Lang::Ru, Department::Payments) => "Платежи и начисления",
            (Lang::Ru, Department::Legal) => "Юридический отдел",
            (Lang::Ru, Department::Services) => "Услуги ведомств",
            (Lang::En, Department::Technical) => "Technical support",
            (Lang::En, Department::Payments) => "Payments",
            (Lang::En, Department::Legal) => "Legal",
            (Lang::En, Department::Services) => "Agency services",
        }
    }
}

/// Where a citizen receives sign-in codes: a Russian phone or an e-mail address,
/// normalised, so the same person always signs in as the same contact.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Contact {
    Phone(String),
    Email(String),
}

impl Contact {
    /// A phone if it looks like one (no `@`), otherwise an e-mail address.
    pub fn parse(input: &str) -> Result<Contact, Invalid> {
        let input = input.trim();
        if input.is_empty() {
            return Err(Invalid::code(FieldCode::Required));
        }
        if input.contains('@') {
            let email = Email::parse(input)?;
            Ok(Contact::Email(email.as_str().to_lowercase()))
        } else {
            Phone::parse(input).map(|p| Contact::Phone(p.as_str().to_owned()))
        }
    }

    /// `sms` or `email`: the notification channel that reaches this contact.
    pub fn channel(&self) -> &'static str {
        match self {
            Contact::Phone(_) => "sms",
            Contact::Email(_) => "email",
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Contact::Phone(s) | Contact::Email(s) => s,
        }
    }

    /// Enough to recognise one's own contact, not enough to learn someone else's:
    /// `+7 *** ***-**-89`, `i***@mail.ru`.
    pub fn masked(&self) -> String {
        match self {
            Contact::Phone(p) => format!("+7 *** ***-**-{}", &p[p.len() - 2..]),
            Contact::Email(e) => match e.split_once('@') {
                Some((local, domain)) => {
                    let first: String = local.chars().take(1).collect();
                    format!("{first}***@{domain}")
                }
                None => "***".to_owned(),
            },
        }
    }
}

/// Length of a citizen's one-time sign-in code.
pub const CODE_DIGITS: usize = 6;

/// Asks for a one-time code to a phone (SMS) or e-mail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CodeRequest {
    /// A Russian phone number or an e-mail address.
    pub contact: String,
    /// The language of the message with the code.
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSent {
    /// `sms` or `email`.
    pub channel: String,
    /// The contact, partly hidden.
    pub to: String,
    /// Seconds the code stays valid.
    pub expires_in: u32,
    /// Seconds before another code may be asked for.
    pub resend_in: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct VerifyCodeRequest {
    pub contact: String,
    pub code: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct StaffSignInRequest {
    pub login: String,
    pub password: String,
}

/// Who is signed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Me {
    Citizen {
        /// The contact signed in with, partly hidden.
        contact: String,
    },
    Staff {
        login: String,
        name: String,
        role: Role,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        department: Option<Department>,
    },
}

/// Whether anyone is signed in, and who: what the SPA asks on every page load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionState {
    /// `null` for nobody.
    pub me: Option<Me>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_normalised_so_one_person_is_one_contact() {
        assert_eq!(
            Contact::parse("8 (912) 345-67-89"),
            Contact::parse("+79123456789")
        );
        assert_eq!(
            Contact::parse(" Ivanov@Mail.RU "),
            Ok(Contact::Email("ivanov@mail.ru".into()))
        );
        assert_eq!(
            Contact::parse("").map_err(|e| e.code),
            Err(FieldCode::Required)
        );
        assert!(Contact::parse("12").is_err());
    }

    #[test]
    fn masks_hide_all_but_a_hint() {
        let phone = Contact::parse("+79123456789").expect("phone");
        assert_eq!(phone.masked(), "+7 *** ***-**-89");
        assert_eq!(phone.channel(), "sms");
        let email = Contact::parse("ivanov@mail.ru").expect("email");
        assert_eq!(email.masked(), "i***@mail.ru");
    }

    #[test]
    fn roles_and_departments_round_trip_their_codes() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        for d in Department::ALL {
            assert_eq!(Department::from_code(d.code()), Some(d));
        }
    }
}

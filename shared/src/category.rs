use serde::{Deserialize, Serialize};

use crate::Lang;

/// What a request is about (the list comes from the seeds; each category's service
/// level is `sla::Policy::default_for`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Registration,
    Applications,
    ApplicationStatus,
    Payments,
    Technical,
    Notifications,
    Appointments,
    Legal,
    Complaint,
    Suggestion,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::Registration,
        Category::Applications,
        Category::ApplicationStatus,
        Category::Payments,
        Category::Technical,
        Category::Notifications,
        Category::Appointments,
        Category::Legal,
        Category::Complaint,
        Category::Suggestion,
    ];

    /// The stable identifier used in the API and in storage keys.
    pub fn code(self) -> &'static str {
        match self {
            Category::Registration => "registration",
            Category::Applications => "applications",
            Category::ApplicationStatus => "application_status",
            Category::Payments => "payments",
            Category::Technical => "technical",
            Category::Notifications => "notifications",
            Category::Appointments => "appointments",
            Category::Legal => "legal",
            Category::Complaint => "complaint",
            Category::Suggestion => "suggestion",
        }
    }

    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Ru, Category::Registration) => "Регистрация и вход",
            (Lang::Ru, Category::Applications) => "Заявления и документы",
            (Lang::Ru, Category::ApplicationStatus) => "Статус заявления",
            (Lang::Ru, Category::Payments) => "Оплата и платежи",
            (Lang::Ru, Category::Technical) => "Технические проблемы",
            (Lang::Ru, Category::Notifications) => "Уведомления",
            (Lang::Ru, Category::Appointments) => "Запись на приём",
            (Lang::Ru, Category::Legal) => "Юридическая консультация",
            (Lang::Ru, Category::Complaint) => "Жалоба или претензия",
            (Lang::Ru, Category::Suggestion) => "Предложения",
            (Lang::En, Category::Registration) => "Registration and sign-in",
            (Lang::En, Category::Applications) => "Applications and documents",
            (Lang::En, Category::ApplicationStatus) => "Application status",
            (Lang::En, Category::Payments) => "Payments",
            (Lang::En, Category::Technical) => "Technical problems",
            (Lang::En, Category::Notifications) => "Notifications",
            (Lang::En, Category::Appointments) => "Appointments",
            (Lang::En, Category::Legal) => "Legal consultation",
            (Lang::En, Category::Complaint) => "Complaint or claim",
            (Lang::En, Category::Suggestion) => "Suggestions",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for c in Category::ALL {
            assert_eq!(Category::from_code(c.code()), Some(c));
            let json = serde_json::to_string(&c).expect("serialize");
            assert_eq!(json, format!("\"{}\"", c.code()));
        }
        assert_eq!(Category::from_code("other"), None);
    }
}

//! The queue's filter, written once: the SPA builds the query string from it and the
//! server parses the same string back into it, so a filter cannot mean one thing on one
//! side and another on the other.

use crate::auth::Department;
use crate::{Category, FieldCode, FieldError, Level, Status};

/// Whose requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssigneeFilter {
    /// The caller's (`me`).
    Me,
    /// Nobody's yet (`none`).
    Unassigned,
    /// A staff login's.
    Login(String),
}

impl AssigneeFilter {
    pub fn code(&self) -> &str {
        match self {
            AssigneeFilter::Me => "me",
            AssigneeFilter::Unassigned => "none",
            AssigneeFilter::Login(login) => login,
        }
    }

    pub fn parse(value: &str) -> Option<AssigneeFilter> {
        match value {
            "me" => Some(AssigneeFilter::Me),
            "none" => Some(AssigneeFilter::Unassigned),
            login => crate::auth::normalise_login(login).map(AssigneeFilter::Login),
        }
    }
}

/// What a page of the queue shows. The default is every open request, first page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub level: Option<Level>,
    pub department: Option<Department>,
    pub assignee: Option<AssigneeFilter>,
    /// Only requests past their expected date.
    pub overdue: bool,
}

/// A filter with where to start and how many: one call of `GET /staff/queue`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueuePageRequest {
    pub filter: QueueFilter,
    /// From the previous page.
    pub cursor: Option<String>,
    /// 1–`LIMIT_MAX`; `LIMIT_DEFAULT` when absent.
    pub limit: Option<u32>,
}

impl QueuePageRequest {
    pub const LIMIT_DEFAULT: u32 = 25;
    pub const LIMIT_MAX: u32 = 100;

    /// The query string, without the `?`.
    pub fn to_query(&self) -> String {
        let f = &self.filter;
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut push = |k, v: Option<&str>| {
            if let Some(v) = v {
                pairs.push((k, v.to_owned()));
            }
        };
        push("status", f.status.map(Status::code));
        push("category", f.category.map(Category::code));
        push("level", f.level.map(Level::code));
        push("department", f.department.map(Department::code));
        push("assignee", f.assignee.as_ref().map(AssigneeFilter::code));
        push("overdue", f.overdue.then_some("true"));
        push("cursor", self.cursor.as_deref());
        let limit = self.limit.map(|n| n.to_string());
        push("limit", limit.as_deref());
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Reads decoded query pairs; every unknown name or value is a field error (named
    /// after the parameter), so a typo is never silently "no filter".
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<QueuePageRequest, Vec<FieldError>> {
        let mut out = QueuePageRequest::default();
        let mut errors = Vec::new();
        for (name, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let f = &mut out.filter;
            let ok = match name {
                "status" => set(&mut f.status, Status::from_code(value)),
                "category" => set(&mut f.category, Category::from_code(value)),
                "level" => set(&mut f.level, Level::from_code(value)),
                "department" => set(&mut f.department, Department::from_code(value)),
                "assignee" => set(&mut f.assignee, AssigneeFilter::parse(value)),
                "overdue" => match value.parse::<bool>() {
                    Ok(b) => {
                        f.overdue = b;
                        true
                    }
                    Err(_) => false,
                },
                "cursor" => set(&mut out.cursor, Some(value.to_owned())),
                "limit" => set(
                    &mut out.limit,
                    value
                        .parse()
                        .ok()
                        .filter(|n| (1..=Self::LIMIT_MAX).contains(n)),
                ),
                _ => false,
            };
            if !ok {
                errors.push(FieldError::new(name, FieldCode::UnknownValue));
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    pub fn limit(&self) -> u32 {
        self.limit.unwrap_or(Self::LIMIT_DEFAULT)
    }
}

fn set<T>(slot: &mut Option<T>, value: Option<T>) -> bool {
    match value {
        Some(v) => {
            *slot = Some(v);
            true
        }
        None => false,
    }
}

/// Percent-encodes all but RFC 3986's unreserved characters.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        // The server's side decodes percent escapes before `parse`; these tests use
        // values that need none, except the one checked below.
        q.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.replace("%40", "@"))
            })
            .collect()
    }

    fn parse(q: &str) -> Result<QueuePageRequest, Vec<FieldError>> {
        let owned = pairs(q);
        QueuePageRequest::parse(owned.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    #[test]
    fn every_filter_goes_through_the_query_string_and_back() {
        let full = QueuePageRequest {
            filter: QueueFilter {
                status: Some(Status::AwaitingCitizen),
                category: Some(Category::Payments),
                level: Some(Level::Specialist),
                department: Some(Department::Legal),
                assignee: Some(AssigneeFilter::Login("ivanova.a".into())),
                overdue: true,
            },
            cursor: Some("5b2230225d".into()),
            limit: Some(50),
        };
        let q = full.to_query();
        assert_eq!(
            q,
            "status=awaiting_citizen&category=payments&level=specialist&department=legal&assignee=ivanova.a&overdue=true&cursor=5b2230225d&limit=50"
        );
        assert_eq!(parse(&q), Ok(full));
        for a in [AssigneeFilter::Me, AssigneeFilter::Unassigned] {
            let r = QueuePageRequest {
                filter: QueueFilter {
                    assignee: Some(a),
                    ..QueueFilter::default()
                },
                ..QueuePageRequest::default()
            };
            assert_eq!(parse(&r.to_query()), Ok(r));
        }
        assert_eq!(QueuePageRequest::default().to_query(), "");
        assert_eq!(parse(""), Ok(QueuePageRequest::default()));
    }

    #[test]
    fn unknown_names_and_values_are_field_errors() {
        let errors = parse("status=lost&limit=1000&colour=red&overdue=yes&assignee=Bad%40Login")
            .expect_err("bad");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["status", "limit", "colour", "overdue", "assignee"]);
        assert!(errors.iter().all(|e| e.code == FieldCode::UnknownValue));
        assert_eq!(parse("limit=0").expect_err("zero")[0].field, "limit");
        assert_eq!(
            parse("status=&limit=").map(|r| r.limit()),
            Ok(25),
            "empty means absent"
        );
    }

    #[test]
    fn values_are_encoded() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }
}

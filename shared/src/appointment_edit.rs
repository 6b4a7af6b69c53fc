//! The admins' side of appointments: offices and services as they are edited, checked
//! the same way in the browser and on the server, and the bookings an edit leaves
//! outside the office's new hours, for the staff to contact.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::appointment::{Catalog, DayHours, Office, OfficeDay, Service, StaffBooking, Texts};
use crate::validate::{Feedback, Invalid, Subject, Title};
use crate::{FieldCode, FieldError};

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// The most offices and services a catalog holds (it is one stored item).
pub const OFFICES_MAX: usize = 40;
pub const SERVICES_MAX: usize = 30;
/// The most dated exceptions an office keeps.
pub const EXCEPTIONS_MAX: usize = 60;
/// The most windows (places per slot) an office has.
pub const WINDOWS_MAX: u16 = 50;
/// A slot's length: 5 minutes to 4 hours.
pub const SLOT_MIN: u16 = 5;
pub const SLOT_MAX: u16 = 240;
/// An id: lower-case latin letters, digits and hyphens.
pub const ID_MAX: usize = 40;

/// Why a booking no longer fits its office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Unfit {
    /// The office is closed then, or the slot is no longer one of its slots.
    Closed,
    /// The office no longer offers the service.
    NoService,
    /// More bookings in the slot than the office now has windows (the latest booked).
    OverCapacity,
}

/// A booking ahead that an edit left outside the office's hours or capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unplaced {
    #[serde(with = "iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-07"))]
    pub date: Date,
    pub booking: StaffBooking,
    pub why: Unfit,
}

/// What saving an office answers: the catalog now in force and the bookings ahead that
/// no longer fit the office (empty when none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeSaved {
    pub catalog: Catalog,
    pub unplaced: Vec<Unplaced>,
}

/// An office's bookings ahead that do not fit it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeUnplaced {
    pub office: String,
    pub unplaced: Vec<Unplaced>,
}

fn id_problem(field: &str, id: &str) -> Option<FieldError> {
    if id.is_empty() {
        return Some(FieldError::new(field, FieldCode::Required));
    }
    let ok = id.len() <= ID_MAX
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    (!ok).then(|| FieldError::with_limit(field, FieldCode::IdFormat, ID_MAX as u32))
}

/// Both languages of a text checked by one parser; errors named `<field>_ru`/`_en`.
fn texts(
    field: &str,
    t: &Texts,
    parse: impl Fn(&str) -> Result<String, Invalid>,
    errors: &mut Vec<FieldError>,
) -> Texts {
    let mut one = |lang: &str, value: &str| match parse(value) {
        Ok(v) => v,
        Err(e) => {
            errors.push(e.at(&format!("{field}_{lang}")));
            String::new()
        }
    };
    Texts {
        ru: one("ru", &t.ru),
        en: one("en", &t.en),
    }
}

fn title(s: &str) -> Result<String, Invalid> {
    Title::parse(s).map(Title::into_string)
}

fn address(s: &str) -> Result<String, Invalid> {
    Subject::parse(s).map(Subject::into_string)
}

/// Free text of a few lines, or nothing.
fn note(s: &str) -> Result<String, Invalid> {
    if s.trim().is_empty() {
        return Ok(String::new());
    }
    Feedback::parse(s).map(Feedback::into_string)
}

fn lines(s: &str) -> Result<String, Invalid> {
    Feedback::parse(s).map(Feedback::into_string)
}

fn hours_ok(h: &DayHours) -> bool {
    h.opens < h.closes && h.closes <= 24 * 60
}

impl Service {
    /// The service trimmed and checked, or every field to fix: `service_id`, `title_ru`,
    /// `title_en`, `bring_ru`, `bring_en`.
    pub fn parse(&self) -> Result<Service, Vec<FieldError>> {
        let mut errors: Vec<FieldError> = id_problem("service_id", &self.id).into_iter().collect();
        let name = texts("title", &self.name, title, &mut errors);
        let bring = texts("bring", &self.bring, lines, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Service {
            id: self.id.clone(),
            name,
            bring,
        })
    }
}

impl Office {
    /// The office trimmed and checked against the catalog's services, or every field to
    /// fix: `office_id`, `title_*`, `address_*`, `access_*`, `hours.0`–`hours.6` (closing after
    /// opening, by 24:00), `exceptions` (at most `EXCEPTIONS_MAX`, dates 2000–2100, valid
    /// hours), `slot_minutes`, `windows`, `services` (at least one, each offered by the
    /// catalog). Exceptions come back sorted, one per date (the last given wins).
    pub fn parse(&self, services: &[Service]) -> Result<Office, Vec<FieldError>> {
        let mut errors: Vec<FieldError> = id_problem("office_id", &self.id).into_iter().collect();
        let name = texts("title", &self.name, title, &mut errors);
        let address_ = texts("address", &self.address, address, &mut errors);
        let accessibility = texts("access", &self.accessibility, note, &mut errors);
        for (i, h) in self.hours.iter().enumerate() {
            if h.is_some_and(|h| !hours_ok(&h)) {
                errors.push(FieldError::new(
                    &format!("hours.{i}"),
                    FieldCode::OutOfRange,
                ));
            }
        }
        let mut exceptions: Vec<OfficeDay> = Vec::with_capacity(self.exceptions.len());
        for day in &self.exceptions {
            exceptions.retain(|d| d.date != day.date);
            exceptions.push(day.clone());
        }
        exceptions.sort_by_key(|d| d.date);
        if exceptions.len() > EXCEPTIONS_MAX {
            errors.push(FieldError::with_limit(
                "exceptions",
                FieldCode::TooManyItems,
                EXCEPTIONS_MAX as u32,
            ));
        } else if exceptions
            .iter()
            .any(|d| !(2000..=2100).contains(&d.date.year()))
        {
            errors.push(FieldError::new("exceptions", FieldCode::DateFormat));
        } else if exceptions
            .iter()
            .any(|d| d.hours.is_some_and(|h| !hours_ok(&h)))
        {
            errors.push(FieldError::new("exceptions", FieldCode::OutOfRange));
        }
        if !(SLOT_MIN..=SLOT_MAX).contains(&self.slot_minutes) {
            errors.push(FieldError::with_limit(
                "slot_minutes",
                FieldCode::OutOfRange,
                SLOT_MAX.into(),
            ));
        }
        if !(1..=WINDOWS_MAX).contains(&self.windows) {
            errors.push(FieldError::with_limit(
                "windows",
                FieldCode::OutOfRange,
                WINDOWS_MAX.into(),
            ));
        }
        let mut offered: Vec<String> = Vec::new();
        for s in &self.services {
            if !offered.contains(s) {
                offered.push(s.clone());
            }
        }
        if offered.is_empty() {
            errors.push(FieldError::new("services", FieldCode::Required));
        } else if offered.iter().any(|s| !services.iter().any(|k| k.id == *s)) {
            errors.push(FieldError::new("services", FieldCode::UnknownValue));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Office {
            id: self.id.clone(),
            name,
            address: address_,
            accessibility,
            hours: self.hours,
            exceptions,
            slot_minutes: self.slot_minutes,
            windows: self.windows,
            services: offered,
        })
    }
}

impl Catalog {
    /// Puts an office in place of the one with its id, or adds it last.
    pub fn put_office(&mut self, office: Office) {
        match self.offices.iter_mut().find(|o| o.id == office.id) {
            Some(o) => *o = office,
            None => self.offices.push(office),
        }
    }

    /// Puts a service in place of the one with its id, or adds it last.
    pub fn put_service(&mut self, service: Service) {
        match self.services.iter_mut().find(|s| s.id == service.id) {
            Some(s) => *s = service,
            None => self.services.push(service),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn service() -> Service {
        Service {
            id: "account".into(),
            name: Texts::new("Подтверждение", "Confirming"),
            bring: Texts::new("Паспорт", "Passport"),
        }
    }

    fn office() -> Office {
        let h = Some(DayHours::new(9 * 60, 18 * 60));
        Office {
            id: "new-office".into(),
            name: Texts::new(" Центр ", "Centre"),
            address: Texts::new("Москва, ул. Тверская, 1", "1 Tverskaya St"),
            accessibility: Texts::new("", ""),
            hours: [h, h, h, h, h, None, None],
            exceptions: vec![
                OfficeDay {
                    date: date!(2027 - 01 - 09),
                    hours: None,
                },
                OfficeDay {
                    date: date!(2027 - 01 - 02),
                    hours: Some(DayHours::new(600, 720)),
                },
                OfficeDay {
                    date: date!(2027 - 01 - 09),
                    hours: Some(DayHours::new(600, 660)),
                },
            ],
            slot_minutes: 30,
            windows: 2,
            services: vec!["account".into(), "account".into()],
        }
    }

    fn fields(e: Vec<FieldError>) -> Vec<(String, FieldCode)> {
        e.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn an_office_is_cleaned() {
        let o = office().parse(&[service()]).expect("valid");
        assert_eq!(o.name.ru, "Центр");
        assert_eq!(o.services, ["account"]);
        // Sorted, one per date, the last given kept.
        let days: Vec<_> = o.exceptions.iter().map(|d| (d.date, d.hours)).collect();
        assert_eq!(
            days,
            [
                (date!(2027 - 01 - 02), Some(DayHours::new(600, 720))),
                (date!(2027 - 01 - 09), Some(DayHours::new(600, 660))),
            ]
        );
    }

    #[test]
    fn every_field_to_fix_is_named() {
        let mut o = office();
        o.id = "Тверская".into();
        o.name.en = String::new();
        o.address.ru = "М".into();
        o.hours[2] = Some(DayHours::new(18 * 60, 9 * 60));
        o.hours[6] = Some(DayHours::new(9 * 60, 25 * 60));
        o.exceptions[1].hours = Some(DayHours::new(700, 700));
        o.slot_minutes = 1;
        o.windows = 0;
        o.services = vec!["nonexistent".into()];
        assert_eq!(
            fields(o.parse(&[service()]).expect_err("invalid")),
            [
                ("office_id".into(), FieldCode::IdFormat),
                ("title_en".into(), FieldCode::Required),
                ("address_ru".into(), FieldCode::TooShort),
                ("hours.2".into(), FieldCode::OutOfRange),
                ("hours.6".into(), FieldCode::OutOfRange),
                ("exceptions".into(), FieldCode::OutOfRange),
                ("slot_minutes".into(), FieldCode::OutOfRange),
                ("windows".into(), FieldCode::OutOfRange),
                ("services".into(), FieldCode::UnknownValue),
            ]
        );
        o = office();
        o.services.clear();
        o.exceptions = (0..=EXCEPTIONS_MAX as i64)
            .map(|i| OfficeDay {
                date: date!(2027 - 01 - 01) + time::Duration::days(i),
                hours: None,
            })
            .collect();
        assert_eq!(
            fields(o.parse(&[service()]).expect_err("invalid")),
            [
                ("exceptions".into(), FieldCode::TooManyItems),
                ("services".into(), FieldCode::Required),
            ]
        );
    }

    #[test]
    fn a_service_is_checked() {
        assert!(service().parse().is_ok());
        let mut s = service();
        s.id = String::new();
        s.bring.ru = "\u{202e}x".into();
        assert_eq!(
            fields(s.parse().expect_err("invalid")),
            [
                ("service_id".into(), FieldCode::Required),
                ("bring_ru".into(), FieldCode::ForbiddenChars),
            ]
        );
    }
}

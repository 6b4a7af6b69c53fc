//! Admins editing offices and services: the edit is in force at once (and for other
//! processes from the store), it never drops a booking, and the bookings it leaves out
//! are listed with the reason.

use helpdesk_shared::appointment::{BookingStatus, DayHours, OfficeDay, Service, Texts};
use helpdesk_shared::appointment_edit::Unfit;
use helpdesk_shared::workspace::{AuditAction, AuditEntry};
use helpdesk_shared::{FieldCode, Lang};
use time::macros::{date, datetime};

use super::tests::{booking, contact, free_at, service};
use super::{AppointmentError, Appointments};

fn audit(detail: String) -> AuditEntry {
    AuditEntry {
        at: datetime!(2026-12-07 09:00 UTC),
        actor: "admin".into(),
        role: Some(helpdesk_shared::auth::Role::Admin),
        action: AuditAction::ServiceLevels,
        ticket: None,
        from: "test".into(),
        detail,
    }
}

async fn office(a: &Appointments, id: &str) -> helpdesk_shared::appointment::Office {
    let catalog = a.catalog().await.expect("catalog");
    let office = catalog.offices.iter().find(|o| o.id == id);
    office.cloned().expect("office")
}

#[tokio::test]
async fn an_edit_keeps_every_booking_and_lists_those_left_out() {
    let (a, _dir) = service();
    let tuesday = date!(2026 - 12 - 08);
    let book = |n: u32, time: &'static str, what: &'static str| {
        let mut b = booking("tverskaya", "2026-12-08", time);
        b.service = what.into();
        let a = &a;
        async move { a.book(&contact(n), Lang::Ru, &b).await.expect("booked") }
    };
    let (early, _) = book(1, "10:00", "account").await;
    let (a2, _) = book(2, "12:00", "account").await;
    let (a3, _) = book(3, "12:00", "account").await;
    // The clock stands still here: of two bookings made at one instant the number
    // decides which came later.
    let (first, second) = if a2.number < a3.number {
        (a2, a3)
    } else {
        (a3, a2)
    };
    let (passport, _) = book(4, "14:00", "passport").await;

    // Tuesday 11:00–20:00 by an exception, one window, no more passports.
    let mut o = office(&a, "tverskaya").await;
    o.exceptions.push(OfficeDay {
        date: tuesday,
        hours: Some(DayHours::new(11 * 60, 20 * 60)),
    });
    o.windows = 1;
    o.services.retain(|s| s != "passport");
    let saved = a.save_office(&o, audit).await.expect("saved");
    let out: Vec<_> = saved
        .unplaced
        .iter()
        .map(|u| (u.booking.number.clone(), u.booking.time.clone(), u.why))
        .collect();
    let n = |r: &super::BookingRecord| r.display_number();
    assert_eq!(
        out,
        [
            (n(&early), "10:00".into(), Unfit::Closed),
            (n(&second), "12:00".into(), Unfit::OverCapacity),
            (n(&passport), "14:00".into(), Unfit::NoService),
        ]
    );
    assert!(!out.iter().any(|(number, ..)| *number == n(&first)));
    // Nothing was cancelled; the office's day marks the same three.
    let day = a.office_day("tverskaya", tuesday).await.expect("day");
    assert!(
        day.bookings
            .iter()
            .all(|b| b.status == BookingStatus::Booked)
    );
    let marked: Vec<_> = day.bookings.iter().map(|b| b.unfit).collect();
    assert_eq!(
        marked,
        [
            Some(Unfit::Closed),
            None,
            Some(Unfit::OverCapacity),
            Some(Unfit::NoService)
        ]
    );
    // The new hours are what citizens see: 10:00 gone, 12:00 full, 15:00 one place.
    assert_eq!(free_at(&a, "tverskaya", tuesday, "10:00").await, 0);
    assert_eq!(free_at(&a, "tverskaya", tuesday, "12:00").await, 0);
    assert_eq!(free_at(&a, "tverskaya", tuesday, "15:00").await, 1);
    let mut b = booking("tverskaya", "2026-12-08", "15:00");
    b.service = "passport".into();
    assert!(matches!(
        a.book(&contact(5), Lang::Ru, &b).await,
        Err(AppointmentError::Validation(_))
    ));

    // Another process reads the edit from the store; the trail has it.
    let other = Appointments::new(
        a.store.clone(),
        a.bus.clone(),
        a.levels.clone(),
        a.clock.clone(),
    );
    assert_eq!(office(&other, "tverskaya").await, saved.catalog.offices[0]);
    assert_eq!(
        other.unplaced("tverskaya").await.expect("unplaced").len(),
        3
    );
    let trail = crate::audit::read_day(a.store.as_ref(), date!(2026 - 12 - 07), None, 10)
        .await
        .expect("audit");
    assert_eq!(trail.entries.len(), 1);
    assert_eq!(trail.entries[0].action, AuditAction::Appointment);
    assert!(
        trail.entries[0]
            .detail
            .starts_with("office tverskaya: 1 windows")
    );
}

#[tokio::test]
async fn offices_and_services_are_added_and_checked() {
    let (a, _dir) = service();
    // A new service, then a new office offering it, bookable at once.
    let catalog = a
        .save_service(
            &Service {
                id: "pension".into(),
                name: Texts::new("Пенсионные вопросы", "Pensions"),
                bring: Texts::new("Паспорт\nСНИЛС", "Passport\nSNILS"),
            },
            audit,
        )
        .await
        .expect("service");
    assert_eq!(catalog.services.len(), 5);
    let mut o = office(&a, "maryino").await;
    o.id = "butovo".into();
    o.name = Texts::new("Центр услуг «Бутово»", "Butovo service centre");
    o.services = vec!["pension".into()];
    let saved = a.save_office(&o, audit).await.expect("office");
    assert_eq!(saved.catalog.offices.len(), 4);
    assert!(saved.unplaced.is_empty());
    let mut b = booking("butovo", "2026-12-08", "10:00");
    b.service = "pension".into();
    a.book(&contact(1), Lang::En, &b).await.expect("booked");

    // Refused with every field to fix; nothing saved.
    o.windows = 0;
    o.services = vec!["nonexistent".into()];
    let Err(AppointmentError::Validation(errors)) = a.save_office(&o, audit).await else {
        panic!("refused");
    };
    let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
    assert_eq!(
        fields,
        [
            ("windows", FieldCode::OutOfRange),
            ("services", FieldCode::UnknownValue)
        ]
    );
    assert_eq!(office(&a, "butovo").await.windows, 2);
    assert!(matches!(
        a.unplaced("nowhere").await,
        Err(AppointmentError::NotFound)
    ));
}

#[tokio::test]
async fn news_names_the_office_as_edited() {
    let (a, _dir) = service();
    let (record, _) = a
        .book(
            &contact(1),
            Lang::Ru,
            &booking("tverskaya", "2026-12-08", "10:00"),
        )
        .await
        .expect("booked");
    let mut o = office(&a, "tverskaya").await;
    o.address = Texts::new("Москва, ул. Тверская, д. 10", "10 Tverskaya St, Moscow");
    a.save_office(&o, audit).await.expect("saved");
    let event = super::book::news(&record, super::News::Reminder, a.clock.now());
    let sent = super::messages(
        a.store.as_ref(),
        &event,
        &record.number,
        super::News::Reminder,
    )
    .await
    .expect("rendered");
    assert!(
        sent[0].body.contains("ул. Тверская, д. 10"),
        "{}",
        sent[0].body
    );
    let ics = a.calendar_file(&record).await.expect("ics");
    assert!(ics.contains("д. 10"), "{ics}");
}

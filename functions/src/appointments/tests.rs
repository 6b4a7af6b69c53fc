use std::sync::Arc;

use helpdesk_shared::appointment::{BookingStatus, NewBooking, SlotChoice};
use helpdesk_shared::auth::Contact;
use helpdesk_shared::{FieldCode, Lang};
use time::macros::{date, datetime};

use super::{AppointmentError, Appointments};
use crate::clock::ManualClock;
use crate::levels::Levels;
use crate::notify::LocalBus;
use crate::store::{KvStore, RedbStore};

/// Monday 2026-12-07, 09:00 in Moscow.
pub(super) fn service() -> (Appointments, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store: Arc<dyn KvStore> =
        Arc::new(RedbStore::open(&dir.path().join("a.redb")).expect("open"));
    let clock = Arc::new(ManualClock::new(datetime!(2026-12-07 06:00 UTC)));
    let bus = Arc::new(LocalBus::with_clock(store.clone(), clock.clone()));
    let levels = Arc::new(Levels::new(store.clone()));
    (Appointments::new(store, bus, levels, clock), dir)
}

pub(super) fn contact(n: u32) -> Contact {
    Contact::parse(&format!("+7912{n:07}")).expect("phone")
}

pub(super) fn booking(office: &str, date: &str, time: &str) -> NewBooking {
    NewBooking {
        service: "account".into(),
        office: office.into(),
        date: date.into(),
        time: time.into(),
        terms: true,
    }
}

pub(super) async fn free_at(a: &Appointments, office: &str, day: time::Date, time: &str) -> u16 {
    let slots = a.free_slots(office, day).await.expect("slots");
    slots
        .slots
        .iter()
        .find(|s| s.time == time)
        .map_or(0, |s| s.free)
}

#[tokio::test]
async fn a_booking_takes_a_place_and_cancelling_gives_it_back() {
    let (a, _dir) = service();
    let day = date!(2026 - 12 - 08);
    assert_eq!(free_at(&a, "tverskaya", day, "10:00").await, 4);
    let (record, code) = a
        .book(
            &contact(1),
            Lang::Ru,
            &booking("tverskaya", "2026-12-08", "10:00"),
        )
        .await
        .expect("booked");
    assert_eq!(free_at(&a, "tverskaya", day, "10:00").await, 3);
    let (found, version) = a
        .find(&record.display_number(), &code.display())
        .await
        .expect("found by number and code");
    assert!(matches!(
        a.find(&record.display_number(), "ABCD-2345").await,
        Err(AppointmentError::NotFound)
    ));
    let cancelled = a.cancel(found, version).await.expect("cancelled");
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(free_at(&a, "tverskaya", day, "10:00").await, 4);
    // Once.
    let (again, version) = a
        .find_owned(&record.number, &contact(1))
        .await
        .expect("mine");
    assert!(matches!(
        a.cancel(again, version).await,
        Err(AppointmentError::Closed)
    ));
    assert!(matches!(
        a.find_owned(&record.number, &contact(2)).await,
        Err(AppointmentError::NotFound)
    ));
}

#[tokio::test]
async fn only_real_free_slots_can_be_booked() {
    let (a, _dir) = service();
    let c = contact(1);
    let refused = |r: Result<_, AppointmentError>| match r {
        Err(AppointmentError::Validation(errors)) => errors
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect::<Vec<_>>(),
        other => panic!("expected a validation error, got {:?}", other.map(|_| ())),
    };
    // Not a slot start (20-minute slots from 08:00), the office closed (Maryino on
    // Saturday), too soon (within the hour), past the 30 days, a malformed date.
    for (office, day, time) in [
        ("tverskaya", "2026-12-08", "10:10"),
        ("maryino", "2026-12-12", "10:00"),
        ("tverskaya", "2026-12-07", "09:20"),
    ] {
        assert_eq!(
            refused(a.book(&c, Lang::Ru, &booking(office, day, time)).await),
            [("time".to_owned(), FieldCode::SlotUnavailable)],
            "{office} {day} {time}"
        );
    }
    assert_eq!(
        refused(
            a.book(&c, Lang::Ru, &booking("tverskaya", "2027-01-07", "10:00"))
                .await
        ),
        [("date".to_owned(), FieldCode::SlotUnavailable)]
    );
    assert_eq!(
        refused(
            a.book(&c, Lang::Ru, &booking("tverskaya", "08.12.2026", "1000"))
                .await
        ),
        [
            ("date".to_owned(), FieldCode::DateFormat),
            ("time".to_owned(), FieldCode::TimeFormat)
        ]
    );
    // Maryino does not offer passport consultations; terms not accepted.
    let mut wrong = booking("maryino", "2026-12-08", "10:00");
    wrong.service = "passport".into();
    wrong.terms = false;
    assert_eq!(
        refused(a.book(&c, Lang::Ru, &wrong).await),
        [
            ("office".to_owned(), FieldCode::UnknownValue),
            ("terms".to_owned(), FieldCode::Required)
        ]
    );
    // Two hours ahead is fine.
    a.book(&c, Lang::Ru, &booking("tverskaya", "2026-12-07", "11:00"))
        .await
        .expect("booked");
}

#[tokio::test]
async fn a_full_slot_is_refused_and_a_move_is_all_or_nothing() {
    let (a, _dir) = service();
    // Zelenograd has one window.
    let (first, _) = a
        .book(
            &contact(1),
            Lang::Ru,
            &booking("zelenograd", "2026-12-08", "10:00"),
        )
        .await
        .expect("booked");
    assert!(matches!(
        a.book(
            &contact(2),
            Lang::Ru,
            &booking("zelenograd", "2026-12-08", "10:00")
        )
        .await,
        Err(AppointmentError::Taken)
    ));
    let (second, _) = a
        .book(
            &contact(2),
            Lang::Ru,
            &booking("zelenograd", "2026-12-08", "10:15"),
        )
        .await
        .expect("booked");
    // Moving onto the full slot changes nothing.
    let (record, version) = a
        .find_owned(&second.number, &contact(2))
        .await
        .expect("mine");
    let to = |time: &str| SlotChoice {
        date: "2026-12-08".into(),
        time: time.into(),
    };
    assert!(matches!(
        a.change(record.clone(), version, &to("10:00")).await,
        Err(AppointmentError::Taken)
    ));
    let day = date!(2026 - 12 - 08);
    assert_eq!(free_at(&a, "zelenograd", day, "10:15").await, 0);
    // A free one: the old place is given back in the same step.
    let moved = a
        .change(record, version, &to("11:00"))
        .await
        .expect("moved");
    assert_eq!((moved.start, moved.status), (660, BookingStatus::Booked));
    assert_eq!(free_at(&a, "zelenograd", day, "10:15").await, 1);
    assert_eq!(free_at(&a, "zelenograd", day, "11:00").await, 0);
    assert_eq!(free_at(&a, "zelenograd", day, "10:00").await, 0);
    let mine = a.mine(&contact(2)).await.expect("mine");
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0].time.as_str(), mine[0].can_change), ("11:00", true));
    assert_eq!(
        a.mine(&contact(1)).await.expect("mine")[0].number,
        first.display_number()
    );
    // The free days count it.
    let days = a.free_days("zelenograd").await.expect("days");
    assert_eq!(days.len(), 31);
    assert!(days.iter().any(|d| !d.open), "Sundays are closed");
}

#[tokio::test]
async fn the_calendar_file_has_the_visit_in_utc_and_an_alarm() {
    let (a, _dir) = service();
    let (record, _) = a
        .book(
            &contact(1),
            Lang::Ru,
            &booking("tverskaya", "2026-12-08", "10:00"),
        )
        .await
        .expect("booked");
    let ics = a.calendar_file(&record).await.expect("ics");
    assert!(ics.contains("DTSTART:20261208T070000Z\r\n"), "{ics}");
    assert!(ics.contains("DTEND:20261208T072000Z\r\n"), "{ics}");
    assert!(ics.contains("TRIGGER:-P1D\r\n"), "{ics}");
    assert!(
        ics.contains("LOCATION:Центр услуг «Тверской»\\, Москва"),
        "{ics}"
    );
    assert!(ics.lines().all(|l| l.len() <= 75), "folded: {ics}");
}

#[tokio::test]
async fn tomorrows_visits_are_reminded_once_from_ten() {
    let (a, _dir) = service();
    // Booked on Monday at 09:00 for Tuesday and Wednesday; one for Tuesday cancelled.
    let (tuesday, _) = a
        .book(
            &contact(1),
            Lang::Ru,
            &booking("tverskaya", "2026-12-08", "10:00"),
        )
        .await
        .expect("booked");
    let (wednesday, _) = a
        .book(
            &contact(2),
            Lang::Ru,
            &booking("tverskaya", "2026-12-09", "10:00"),
        )
        .await
        .expect("booked");
    let (gone, _) = a
        .book(
            &contact(3),
            Lang::Ru,
            &booking("tverskaya", "2026-12-08", "11:00"),
        )
        .await
        .expect("booked");
    let (record, version) = a.find_owned(&gone.number, &contact(3)).await.expect("mine");
    a.cancel(record, version).await.expect("cancelled");
    // Before ten: nothing yet.
    assert_eq!(a.remind_due().await.expect("sweep"), 0);
    a.clock.advance_by(time::Duration::hours(1));
    assert_eq!(a.remind_due().await.expect("sweep"), 1);
    assert_eq!(a.remind_due().await.expect("sweep"), 0, "once");
    assert!(reminded(&a, &tuesday.number).await);
    assert!(!reminded(&a, &wednesday.number).await);
    // Booked on Monday at 14:00 for Tuesday: marked, not told again.
    a.clock.advance_by(time::Duration::hours(4));
    let (late, _) = a
        .book(
            &contact(4),
            Lang::Ru,
            &booking("tverskaya", "2026-12-08", "12:00"),
        )
        .await
        .expect("booked");
    assert_eq!(a.remind_due().await.expect("sweep"), 0);
    assert!(reminded(&a, &late.number).await);
}

#[tokio::test]
async fn a_reminder_by_text_waits_for_the_end_of_quiet_hours() {
    let (a, _dir) = service();
    let (visit, _) = a
        .book(
            &contact(1),
            Lang::Ru,
            &booking("tverskaya", "2026-12-08", "11:00"),
        )
        .await
        .expect("booked");
    let mut prefs = helpdesk_shared::notice::Prefs::defaults(Lang::Ru);
    prefs.quiet = Some(helpdesk_shared::notice::Quiet {
        from: "09:00".into(),
        to: "12:30".into(),
    });
    crate::notify::save_citizen_prefs(a.store.as_ref(), &contact(1), &prefs)
        .await
        .expect("prefs");
    // Monday 10:00 and 12:00 Moscow time: quiet, so not yet and not marked.
    a.clock.advance_by(time::Duration::hours(1));
    assert_eq!(a.remind_due().await.expect("sweep"), 0);
    a.clock.advance_by(time::Duration::hours(2));
    assert_eq!(a.remind_due().await.expect("sweep"), 0);
    assert!(!reminded(&a, &visit.number).await);
    // 12:30: sent, once.
    a.clock.advance_by(time::Duration::minutes(30));
    assert_eq!(a.remind_due().await.expect("sweep"), 1);
    assert_eq!(a.remind_due().await.expect("sweep"), 0);
    assert!(reminded(&a, &visit.number).await);
}

async fn reminded(a: &Appointments, number: &str) -> bool {
    a.load(number)
        .await
        .expect("load")
        .expect("there")
        .0
        .reminded
}

#[tokio::test]
async fn the_office_marks_who_came_on_the_day_and_not_before() {
    let (a, _dir) = service();
    let (today, _) = a
        .book(
            &contact(1),
            Lang::Ru,
            &booking("tverskaya", "2026-12-07", "12:00"),
        )
        .await
        .expect("booked");
    let (later, _) = a
        .book(
            &contact(2),
            Lang::Ru,
            &booking("tverskaya", "2026-12-07", "11:00"),
        )
        .await
        .expect("booked");
    let (tomorrow, _) = a
        .book(
            &contact(3),
            Lang::Ru,
            &booking("tverskaya", "2026-12-08", "12:00"),
        )
        .await
        .expect("booked");
    let audit = |detail: String| helpdesk_shared::workspace::AuditEntry {
        at: datetime!(2026-12-07 09:00 UTC),
        actor: "operator".into(),
        role: Some(helpdesk_shared::auth::Role::Operator),
        action: helpdesk_shared::workspace::AuditAction::Appointment,
        ticket: None,
        from: "test".into(),
        detail,
    };
    let mark = |status, note: &str| helpdesk_shared::appointment::BookingMark {
        status,
        note: note.into(),
    };
    // The day in order of time, with contacts.
    let day = a
        .office_day("tverskaya", date!(2026 - 12 - 07))
        .await
        .expect("day");
    let times: Vec<_> = day.bookings.iter().map(|b| b.time.as_str()).collect();
    assert_eq!(times, ["11:00", "12:00"]);
    assert_eq!(day.bookings[0].contact, "+79120000002");
    let came = a
        .mark(
            &today.number,
            &mark(BookingStatus::Attended, " с ребёнком "),
            audit,
        )
        .await
        .expect("marked");
    assert_eq!(
        (came.status, came.note.as_deref()),
        (BookingStatus::Attended, Some("с ребёнком"))
    );
    a.mark(&later.number, &mark(BookingStatus::NoShow, ""), audit)
        .await
        .expect("marked");
    assert!(matches!(
        a.mark(&tomorrow.number, &mark(BookingStatus::Attended, ""), audit)
            .await,
        Err(AppointmentError::NotYet)
    ));
    let long = "я".repeat(501);
    assert!(matches!(
        a.mark(&today.number, &mark(BookingStatus::Attended, &long), audit)
            .await,
        Err(AppointmentError::Validation(_))
    ));
    // A cancelled booking is not marked; an attended one cannot be cancelled by its citizen.
    let (record, version) = a
        .find_owned(&tomorrow.number, &contact(3))
        .await
        .expect("mine");
    a.cancel(record, version).await.expect("cancelled");
    assert!(matches!(
        a.mark(&tomorrow.number, &mark(BookingStatus::Booked, ""), audit)
            .await,
        Err(AppointmentError::Closed)
    ));
    let (record, version) = a
        .find_owned(&today.number, &contact(1))
        .await
        .expect("mine");
    assert!(matches!(
        a.cancel(record, version).await,
        Err(AppointmentError::Closed)
    ));
    // The audit trail has both marks.
    let trail = crate::audit::read_day(a.store.as_ref(), date!(2026 - 12 - 07), None, 10)
        .await
        .expect("audit");
    assert_eq!(trail.entries.len(), 2);
}

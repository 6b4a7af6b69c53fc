//! Appointments over the API (embedded store, and DynamoDB with HELPDESK_TEST_BACKEND=aws):
//! the free days and slots, booking signed in with the confirmation sent, looking up,
//! moving and cancelling by number and code, a taken slot's refusal — and fifty citizens
//! at once for one slot's last place, of whom exactly one gets it.

use crate::common;

use std::sync::Arc;

use common::problem;
use common::session::{Signed, citizen_sign_in, staff_sign_in};
use helpdesk_functions::appointments::{AppointmentError, Appointments};
use helpdesk_functions::levels::Levels;
use helpdesk_shared::Lang;
use helpdesk_shared::appointment::NewBooking;
use helpdesk_shared::auth::Contact;
use serde_json::{Value, json};
use time::macros::datetime;

/// Monday 2026-12-07, 09:00 in Moscow.
const NOW: time::OffsetDateTime = datetime!(2026-12-07 06:00 UTC);

#[tokio::test]
async fn a_citizen_books_moves_and_cancels_a_visit() {
    let app = common::spawn_at(NOW).await;
    let catalog: Value = app
        .http
        .get(app.api("/appointments/catalog"))
        .send()
        .await
        .expect("catalog")
        .json()
        .await
        .expect("json");
    assert!(catalog["services"].as_array().expect("services").len() >= 3);
    let days: Value = app
        .http
        .get(app.api("/appointments/offices/tverskaya/days"))
        .send()
        .await
        .expect("days")
        .json()
        .await
        .expect("json");
    assert_eq!(days[0]["date"], "2026-12-07");
    assert_eq!(days.as_array().expect("days").len(), 31);
    let slots: Value = app
        .http
        .get(app.api("/appointments/offices/tverskaya/days/2026-12-08"))
        .send()
        .await
        .expect("slots")
        .json()
        .await
        .expect("json");
    assert_eq!(slots["slots"][0], json!({ "time": "08:00", "free": 4 }));

    // Booking needs a session.
    let want = json!({ "service": "passport", "office": "tverskaya", "date": "2026-12-08",
        "time": "10:00", "terms": true });
    let (status, code, _) = problem(app.post("/my/appointments", &want).await).await;
    assert_eq!((status, code.as_str()), (401, "unauthorized"));
    let citizen = citizen_sign_in(&app, "+79161234567").await;
    let resp = citizen.post("/my/appointments", &want).await;
    assert_eq!(
        resp.status(),
        201,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let booked: Value = resp.json().await.expect("json");
    let number = booked["booking"]["number"]
        .as_str()
        .expect("number")
        .to_owned();
    let access = booked["access_code"].as_str().expect("code").to_owned();
    assert_eq!(booked["booking"]["time"], "10:00");
    assert_eq!(booked["booking"]["status"], "booked");
    let outbox = app.outbox().await;
    let sms = outbox
        .iter()
        .find(|m| m["subject"] == format!("Запись на приём № {number}"))
        .expect("the confirmation was sent");
    let text = sms["body"].as_str().expect("body");
    assert!(
        text.contains("08.12.2026 10:00") && text.contains("Тверская"),
        "{text}"
    );
    assert_eq!(sms["channel"], "sms");

    // By number and code, without the session.
    let key = json!({ "number": number, "access_code": access });
    let found: Value = app
        .post("/appointments/lookup", &key)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(found["office"]["id"], "tverskaya");
    let (status, code, _) = problem(
        app.post(
            "/appointments/lookup",
            &json!({ "number": number, "access_code": "ABCD-2345" }),
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (404, "booking_not_found"));
    let ics = app.post("/appointments/calendar", &key).await;
    assert_eq!(ics.status(), 200);
    assert_eq!(
        ics.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    assert!(
        ics.text()
            .await
            .expect("ics")
            .contains("DTSTART:20261208T070000Z")
    );

    // Moved to a slot that does not exist, then to one that does.
    let mut to = key.clone();
    to["date"] = json!("2026-12-08");
    to["time"] = json!("10:05");
    let (status, _, body) = problem(app.post("/appointments/move", &to).await).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["code"], "slot_unavailable");
    to["time"] = json!("12:00");
    let moved: Value = app
        .post("/appointments/move", &to)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(moved["time"], "12:00");
    let mine = citizen.get_json("/my/appointments").await;
    assert_eq!(mine[0]["time"], "12:00");

    // Cancelled: the place is free again, and a second cancel is refused.
    let path = format!("/my/appointments/{number}/cancel");
    let cancelled: Value = citizen
        .post(&path, &json!({}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(cancelled["status"], "cancelled");
    let (status, code, _) = problem(app.post("/appointments/cancel", &key).await).await;
    assert_eq!((status, code.as_str()), (409, "booking_closed"));
    let slots: Value = app
        .http
        .get(app.api("/appointments/offices/tverskaya/days/2026-12-08"))
        .send()
        .await
        .expect("slots")
        .json()
        .await
        .expect("json");
    let noon = slots["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .find(|s| s["time"] == "12:00")
        .expect("noon");
    assert_eq!(noon["free"], 4);
    // Another citizen cannot touch it (a minute later, so that the outbox's newest code
    // is theirs: on a clock that stands still the two codes would sort at random).
    let clock = app.clock.as_ref().expect("a test clock");
    clock.advance(time::Duration::minutes(1));
    let other = citizen_sign_in(&app, "+79160000001").await;
    let (status, _, _) = problem(other.post(&path, &json!({})).await).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn fifty_citizens_at_once_for_the_last_place_one_gets_it() {
    let app = common::spawn_at(NOW).await;
    let clock = Arc::new(helpdesk_functions::clock::ManualClock::new(NOW));
    let service = Arc::new(Appointments::new(
        app.store.clone(),
        app.bus.clone(),
        Arc::new(Levels::new(app.store.clone())),
        clock,
    ));
    // Zelenograd has one window: each slot has one place.
    let want = NewBooking {
        service: "account".into(),
        office: "zelenograd".into(),
        date: "2026-12-09".into(),
        time: "14:30".into(),
        terms: true,
    };
    let tries: Vec<_> = (0..50)
        .map(|i| {
            let (service, want) = (service.clone(), want.clone());
            tokio::spawn(async move {
                let who = Contact::parse(&format!("+7916{i:07}")).expect("phone");
                service.book(&who, Lang::Ru, &want).await
            })
        })
        .collect();
    let (mut booked, mut taken, mut other) = (0, 0, Vec::new());
    for t in tries {
        match t.await.expect("task") {
            Ok(_) => booked += 1,
            Err(AppointmentError::Taken) => taken += 1,
            Err(e) => other.push(format!("{e:?}")),
        }
    }
    assert_eq!(booked, 1, "taken {taken}, other {other:?}");
    assert_eq!(taken, 49, "other {other:?}");
    let date = time::macros::date!(2026 - 12 - 09);
    let slots = service.free_slots("zelenograd", date).await.expect("slots");
    let slot = slots
        .slots
        .iter()
        .find(|s| s.time == "14:30")
        .expect("slot");
    assert_eq!(slot.free, 0);
}

/// A booking at Tverskaya by a signed-in citizen, which must succeed: its number and code.
async fn book(citizen: &Signed<'_>, service: &str, date: &str, time: &str) -> (String, String) {
    let want = json!({ "service": service, "office": "tverskaya", "date": date, "time": time,
        "terms": true });
    let resp = citizen.post("/my/appointments", &want).await;
    assert_eq!(
        resp.status(),
        201,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let booked: Value = resp.json().await.expect("json");
    let text = |v: &Value| v.as_str().expect("a string").to_owned();
    (
        text(&booked["booking"]["number"]),
        text(&booked["access_code"]),
    )
}

#[tokio::test]
async fn the_office_sees_its_day_and_marks_who_came() {
    let app = common::spawn_at(NOW).await;
    let citizen = citizen_sign_in(&app, "+79161112233").await;
    let (number, _) = book(&citizen, "documents", "2026-12-07", "14:00").await;
    let operator = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let day = operator
        .get_json("/staff/appointments/tverskaya/2026-12-07")
        .await;
    assert_eq!(day["bookings"][0]["number"], number.as_str());
    assert_eq!(day["bookings"][0]["time"], "14:00");
    assert_eq!(day["bookings"][0]["contact"], "+79161112233");
    let path = format!("/staff/appointments/{number}/mark");
    let marked: Value = operator
        .post(
            &path,
            &json!({ "status": "attended", "note": "Принёс оригиналы." }),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(marked["status"], "attended");
    assert_eq!(marked["note"], "Принёс оригиналы.");
    let (status, code, _) = problem(
        operator
            .post(&path, &json!({ "status": "cancelled" }))
            .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (422, "validation"));
    // The citizen sees it attended, no longer to change.
    let mine = citizen.get_json("/my/appointments").await;
    assert_eq!(mine[0]["status"], "attended");
    assert_eq!(mine[0]["can_change"], false);
}

#[tokio::test]
async fn guessing_a_bookings_code_is_stopped() {
    let app = common::spawn_at(NOW).await;
    let citizen = citizen_sign_in(&app, "+79161112244").await;
    let (number, access) = book(&citizen, "account", "2026-12-08", "10:00").await;
    // Twenty wrong codes an hour from one address, then refused even with the right one.
    for i in 0..20 {
        let wrong = json!({ "number": number, "access_code": format!("ABCD-{:04}", 2000 + i) });
        let (status, _, _) = problem(app.post("/appointments/lookup", &wrong).await).await;
        assert_eq!(status, 404, "try {i}");
    }
    let right = json!({ "number": number, "access_code": access });
    let (status, code, _) = problem(app.post("/appointments/lookup", &right).await).await;
    assert_eq!((status, code.as_str()), (429, "rate_limited"));
    // Requests' lookups of the same number are counted apart.
    let (status, code, _) = problem(app.lookup(&number, &access).await).await;
    assert_eq!((status, code.as_str()), (404, "not_found"));
}

#[tokio::test]
async fn an_admin_changes_an_office_and_its_staff_see_whom_to_call() {
    let app = common::spawn_at(NOW).await;
    let citizen = citizen_sign_in(&app, "+79161112255").await;
    let (number, _) = book(&citizen, "account", "2026-12-08", "09:00").await;
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let catalog = admin.get_json("/appointments/catalog").await;
    let mut office = catalog["offices"]
        .as_array()
        .expect("offices")
        .iter()
        .find(|o| o["id"] == "tverskaya")
        .expect("tverskaya")
        .clone();
    // Tuesdays from noon: the 09:00 booking is left out, and said so.
    office["hours"][1] = json!({ "opens": 720, "closes": 1200 });
    let saved: Value = admin
        .put("/admin/appointments/offices/tverskaya", &office, false)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(saved["unplaced"][0]["booking"]["number"], number.as_str());
    assert_eq!(saved["unplaced"][0]["why"], "closed");
    assert_eq!(saved["unplaced"][0]["date"], "2026-12-08");
    let slots = citizen
        .get_json("/appointments/offices/tverskaya/days/2026-12-08")
        .await;
    assert_eq!(slots["slots"][0]["time"], "12:00");
    // The office's staff see the same list and the day marks it; the citizen's visit
    // stands until someone cancels it.
    let operator = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let listed = operator
        .get_json("/staff/appointments/tverskaya/unplaced")
        .await;
    assert_eq!(listed["unplaced"][0]["booking"]["contact"], "+79161112255");
    let day = operator
        .get_json("/staff/appointments/tverskaya/2026-12-08")
        .await;
    assert_eq!(day["bookings"][0]["unfit"], "closed");
    assert_eq!(
        citizen.get_json("/my/appointments").await[0]["status"],
        "booked"
    );
    // Refused fields are named; an operator cannot edit.
    office["windows"] = json!(0);
    office["name"]["ru"] = json!("");
    let (status, code, body) = problem(
        admin
            .put("/admin/appointments/offices/tverskaya", &office, false)
            .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (422, "validation"), "{body}");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["title_ru", "windows"]);
    let (status, _, _) = problem(
        operator
            .put("/admin/appointments/offices/tverskaya", &office, false)
            .await,
    )
    .await;
    assert_eq!(status, 403);
    // A new service.
    let service = json!({ "id": "ignored", "name": { "ru": "Пенсии", "en": "Pensions" },
        "bring": { "ru": "Паспорт", "en": "Passport" } });
    let catalog: Value = admin
        .put("/admin/appointments/services/pension", &service, false)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(catalog["services"][4]["id"], "pension");
}

//! A booking on the page: its details, and moving or cancelling it — the signed-in
//! citizen's ("Мои записи") or one found by its number and access code.

use helpdesk_shared::appointment::{
    BookingKey, BookingMove, BookingStatus, BookingView, SlotChoice,
};
use helpdesk_shared::{AccessCode, FieldCode, FieldError, ProblemCode, TicketNumber};
use leptos::prelude::*;

use super::visits::{JustBooked, SlotPicker, date_is_day, day_label};
use crate::api::{self, ApiFailure};
use crate::banner::Banner;
use crate::form::{ErrorSummary, FormState, TextField, error_for, same_name};
use crate::i18n::{Key, Visits};
use crate::load::{common_failure, show};
use crate::prefs::use_prefs;

/// How a booking is reached: signed in (its owner) or by its code.
#[derive(Clone, PartialEq)]
enum Reach {
    Mine,
    Code(String),
}

pub(crate) fn status_key(status: BookingStatus) -> Visits {
    match status {
        BookingStatus::Booked => Visits::StatusBooked,
        BookingStatus::Cancelled => Visits::StatusCancelled,
        BookingStatus::Attended => Visits::StatusAttended,
        BookingStatus::NoShow => Visits::StatusNoShow,
    }
}

/// When, where, what to bring.
#[component]
pub fn VisitDetails(view: BookingView) -> impl IntoView {
    let p = use_prefs();
    let v = StoredValue::new(view);
    let lang = move || p.lang.get();
    let text = move |f: fn(&BookingView, helpdesk_shared::Lang) -> String| {
        move || v.with_value(|b| f(b, lang()))
    };
    view! {
        <dl class="facts visit-facts">
            <dt>{p.t(Visits::Service)}</dt><dd>{text(|b, l| b.service.name.get(l).to_owned())}</dd>
            <dt>{p.t(Visits::When)}</dt>
            <dd>{text(|b, l| format!("{}, {} ({})", day_label(l, b.date), b.time, Visits::Msk.text(l)))}</dd>
            <dt>{p.t(Visits::Where)}</dt>
            <dd>{text(|b, l| format!("{}, {}", b.office.name.get(l), b.office.address.get(l)))}</dd>
            <dt>{p.t(Visits::Access)}</dt><dd>{text(|b, l| b.office.accessibility.get(l).to_owned())}</dd>
            <dt>{p.t(Visits::Bring)}</dt>
            <dd><ul>{move || v.with_value(|b| b.service.bring.get(lang()).lines().map(|l| view! { <li>{l.to_owned()}</li> }).collect_view())}</ul></dd>
        </dl>
    }
}

/// The signed-in citizen's bookings.
#[component]
pub fn MyVisits(changed: RwSignal<u32>) -> impl IntoView {
    let p = use_prefs();
    let list = LocalResource::new(move || {
        changed.track();
        api::get::<Vec<BookingView>>("/my/appointments")
    });
    let render = move |all: Vec<BookingView>| -> AnyView {
        if all.is_empty() {
            return view! { <p>{p.t(Visits::MineEmpty)}</p> }.into_any();
        }
        all.into_iter()
            .map(|b| view! { <VisitCard view=b reach=Reach::Mine /> })
            .collect_view()
            .into_any()
    };
    view! {
        <section aria-labelledby="my-visits" class="my-visits">
            <h2 id="my-visits">{p.t(Visits::MineTitle)}</h2>
            {show(list, common_failure, render)}
        </section>
    }
}

fn visit_failure(f: &ApiFailure) -> Key {
    match f {
        ApiFailure::Problem(pb) if pb.code == ProblemCode::BookingClosed => Visits::Closed.into(),
        ApiFailure::Problem(pb) if pb.code == ProblemCode::SlotTaken => Visits::Taken.into(),
        ApiFailure::Problem(pb) if pb.code == ProblemCode::BookingNotFound => {
            Visits::NotFound.into()
        }
        ApiFailure::Problem(pb) if pb.code == ProblemCode::Busy => Visits::Busy.into(),
        f => common_failure(f),
    }
}

/// What is being done to a card.
#[derive(Clone, Copy, PartialEq)]
enum Doing {
    Nothing,
    Moving,
    Cancelling,
}

#[component]
fn VisitCard(view: BookingView, reach: Reach) -> impl IntoView {
    let p = use_prefs();
    // The card shows what its actions answer; the list around it is not read again (it
    // would draw the card anew and lose its message). Its picker's free times are.
    let changed = RwSignal::new(0u32);
    let just = use_context::<JustBooked>();
    let current = RwSignal::new(view);
    let doing = RwSignal::new(Doing::Nothing);
    let day = RwSignal::new(None::<String>);
    let time = RwSignal::new(None::<String>);
    let state = FormState::new();
    let banner = Banner::new();
    let reach = StoredValue::new(reach);
    let number = move || current.with(|b| b.number.clone());
    let id = move || format!("visit-{}", number());
    let after = move |result: Result<BookingView, ApiFailure>, done: Visits| {
        match result {
            Ok(b) => {
                // The confirmation above shows the booking just made as it is now.
                if let Some(JustBooked(just)) = just {
                    just.update(|j| match j {
                        Some(j) if j.booking.number == b.number => j.booking = b.clone(),
                        _ => {}
                    });
                }
                current.set(b);
                doing.set(Doing::Nothing);
                banner.done(done);
            }
            Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                state.refuse(pb.errors, date_is_day)
            }
            Err(f) => {
                if matches!(&f, ApiFailure::Problem(pb) if pb.code == ProblemCode::SlotTaken) {
                    time.set(None);
                    changed.update(|n| *n += 1);
                }
                banner.fail(&f, visit_failure)
            }
        }
        state.done();
    };
    let cancel = move |_| {
        if !state.start() {
            return;
        }
        let n = number();
        leptos::task::spawn_local(async move {
            let result = match reach.get_value() {
                Reach::Mine => {
                    api::post::<_, BookingView>(
                        &format!("/my/appointments/{n}/cancel"),
                        &serde_json::json!({}),
                    )
                    .await
                }
                Reach::Code(code) => {
                    let key = BookingKey {
                        number: n,
                        access_code: code,
                    };
                    api::post::<_, BookingView>("/appointments/cancel", &key).await
                }
            };
            after(result, Visits::Cancelled);
        });
    };
    let move_to = move |_| {
        let (Some(date), Some(t)) = (day.get_untracked(), time.get_untracked()) else {
            let field = if day.get_untracked().is_none() {
                "day"
            } else {
                "time"
            };
            return state.refuse(vec![FieldError::new(field, FieldCode::Required)], same_name);
        };
        if !state.start() {
            return;
        }
        let n = number();
        leptos::task::spawn_local(async move {
            let result = match reach.get_value() {
                Reach::Mine => {
                    let to = SlotChoice { date, time: t };
                    api::post::<_, BookingView>(&format!("/my/appointments/{n}/move"), &to).await
                }
                Reach::Code(code) => {
                    let to = BookingMove {
                        number: n,
                        access_code: code,
                        date,
                        time: t,
                    };
                    api::post::<_, BookingView>("/appointments/move", &to).await
                }
            };
            after(result, Visits::Moved);
        });
    };
    let calendar = move || {
        (reach.get_value() == Reach::Mine).then(|| {
            let href = format!("{}/my/appointments/{}/calendar", helpdesk_shared::api::PREFIX, number());
            view! { <a href=href download="booking.ics" class="link-button">{p.t(Visits::Calendar)}</a> }
        })
    };
    view! {
        <article class="card visit" aria-labelledby=id>
            <h3 id=id>{move || format!("№ {}", number())}" · "{move || status_key(current.with(|b| b.status)).text(p.lang.get())}</h3>
            {move || view! { <VisitDetails view=current.get() /> }}
            {banner.view()}
            {move || (current.with(|b| b.can_change) && doing.get() == Doing::Nothing).then(|| view! {
                <div class="button-row">
                    <button type="button" class="button button-secondary" on:click=move |_| { banner.clear(); doing.set(Doing::Moving) }>{p.t(Visits::Move)}</button>
                    <button type="button" class="button button-secondary" on:click=move |_| { banner.clear(); doing.set(Doing::Cancelling) }>{p.t(Visits::Cancel)}</button>
                    {calendar}
                </div>
            })}
            {move || (doing.get() == Doing::Cancelling).then(|| view! {
                <div class="confirm" role="group" aria-label=move || p.t(Visits::Cancel)()>
                    <p>{p.t(Visits::CancelConfirm)}</p>
                    <div class="button-row">
                        <button type="button" class="button button-warning" on:click=cancel>{p.t(Visits::CancelYes)}</button>
                        <button type="button" class="link-button" on:click=move |_| doing.set(Doing::Nothing)>{p.t(Visits::CancelNo)}</button>
                    </div>
                </div>
            })}
            {move || (doing.get() == Doing::Moving).then(|| view! {
                <div class="move">
                    <h4>{p.t(Visits::MoveTitle)}</h4>
                    <ErrorSummary errors=state.errors.into() order=&["day", "time"] node=state.summary />
                    <SlotPicker office=current.with_untracked(|b| b.office.id.clone()) day time changed errors=state.errors.into() />
                    <div class="button-row">
                        <button type="button" class="button" on:click=move_to>{p.t(Visits::MoveConfirm)}</button>
                        <button type="button" class="link-button" on:click=move |_| doing.set(Doing::Nothing)>{p.t(Visits::CancelNo)}</button>
                    </div>
                </div>
            })}
        </article>
    }
}

/// A booking found by number and code.
#[component]
pub fn FindVisit() -> impl IntoView {
    let p = use_prefs();
    let number = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let found = RwSignal::new(None::<(BookingView, String)>);
    let state = FormState::new();
    let (errors, busy, summary) = (state.errors, state.busy, state.summary);
    let banner = Banner::new();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.clear();
        let (n, c) = (number.get_untracked(), code.get_untracked());
        let mut wrong = Vec::new();
        if TicketNumber::parse(&n).is_err() {
            wrong.push(FieldError::new(
                "booking_number",
                FieldCode::TicketNumberFormat,
            ));
        }
        if AccessCode::parse(&c).is_err() {
            wrong.push(FieldError::new("booking_code", FieldCode::AccessCodeFormat));
        }
        if !wrong.is_empty() {
            return state.refuse(wrong, same_name);
        }
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            let key = BookingKey {
                number: n,
                access_code: c.clone(),
            };
            match api::post::<_, BookingView>("/appointments/lookup", &key).await {
                Ok(b) => found.set(Some((b, c))),
                Err(f) => banner.fail(&f, visit_failure),
            }
            state.done();
        });
    };
    view! {
        <section aria-labelledby="find-visit" class="panel">
            <h2 id="find-visit">{p.t(Visits::FindTitle)}</h2>
            <ErrorSummary errors=errors.into() order=&["booking_number", "booking_code"] node=summary />
            <form novalidate on:submit=send>
                <TextField name="booking_number" label=Visits::FindNumber hint=Visits::FindNumberHint value=number error=error_for(errors.into(), "booking_number") inputmode="numeric" />
                <TextField name="booking_code" label=Visits::FindCode hint=Visits::FindCodeHint value=code error=error_for(errors.into(), "booking_code") autocomplete="off" />
                {banner.view()}
                <button type="submit" class="button button-secondary" aria-disabled=move || busy.get().to_string()>{p.t(Visits::Find)}</button>
            </form>
            {move || found.get().map(|(b, c)| view! { <VisitCard view=b reach=Reach::Code(c) /> })}
        </section>
    }
}

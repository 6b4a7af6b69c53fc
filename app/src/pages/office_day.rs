//! "Приём по записи" for operators and supervisors: an office's bookings of a day by
//! time with the citizens' contacts; "Пришёл", "Не пришёл" (or the mark undone) with a
//! note; the list printed as it is.

use helpdesk_shared::ProblemCode;
use helpdesk_shared::appointment::{BookingMark, BookingStatus, Catalog, DayList, StaffBooking};
use helpdesk_shared::auth::{Me, Role};
use leptos::prelude::*;
use leptos_router::components::Redirect;

use super::admin_offices::why_key;
use super::visit_card::status_key;
use super::visits::day_label;
use crate::api::{self, ApiFailure};
use crate::banner::Banner;
use crate::i18n::{Key, Offices, Visits, Workspace, t};
use crate::load::{common_failure, show};
use crate::prefs::use_prefs;
use crate::session::use_session;

#[component]
pub fn OfficeDay() -> impl IntoView {
    let session = use_session();
    move || match session.me.get() {
        None => view! { <p aria-busy="true">"…"</p> }.into_any(),
        Some(Some(Me::Staff {
            role: Role::Operator | Role::Supervisor,
            ..
        })) => view! { <DayPage /> }.into_any(),
        Some(_) => view! { <Redirect path="/staff" /> }.into_any(),
    }
}

#[component]
fn DayPage() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Workspace::DayTitle);
    let catalog = LocalResource::new(|| api::get::<Catalog>("/appointments/catalog"));
    let office = RwSignal::new(String::from("tverskaya"));
    let date = RwSignal::new(helpdesk_shared::moscow::date(super::now()).to_string());
    // What is shown: set by "Показать" (and at first).
    let shown = RwSignal::new((office.get_untracked(), date.get_untracked()));
    let list = LocalResource::new(move || {
        let (o, d) = shown.get();
        async move { api::get::<DayList>(&format!("/staff/appointments/{o}/{d}")).await }
    });
    let offices = move |c: Catalog| -> AnyView {
        let lang = p.lang.get_untracked();
        view! {
            <select id="field-office" class="input" on:change=move |ev| office.set(event_target_value(&ev))>
                {c.offices.into_iter().map(|o| {
                    let selected = o.id == office.get_untracked();
                    view! { <option value=o.id.clone() selected=selected>{o.name.get(lang).to_owned()}</option> }
                }).collect_view()}
            </select>
        }
        .into_any()
    };
    let render = move |day: DayList| -> AnyView {
        if day.bookings.is_empty() {
            return view! { <p>{p.t(Workspace::DayEmpty)}</p> }.into_any();
        }
        let lang = p.lang.get_untracked();
        view! {
            <h2>{day_label(lang, day.date)}</h2>
            <div class="table-scroll"><table class="day-table">
                <thead><tr>
                    <th scope="col">{p.t(Visits::Time)}</th>
                    <th scope="col">{p.t(Workspace::DayNumber)}</th>
                    <th scope="col">{p.t(Visits::Service)}</th>
                    <th scope="col">{p.t(Workspace::DayContact)}</th>
                    <th scope="col">{p.t(Workspace::DayStatus)}</th>
                </tr></thead>
                <tbody>{day.bookings.into_iter().map(|b| view! { <Row booking=b /> }).collect_view()}</tbody>
            </table></div>
        }
        .into_any()
    };
    view! {
        <h1>{p.t(Workspace::DayTitle)}</h1>
        <p class="lead">{p.t(Workspace::DayLead)}</p>
        <form class="day-pick no-print" on:submit=move |ev| { ev.prevent_default(); shown.set((office.get_untracked(), date.get_untracked())); }>
            <div class="field">
                <label for="field-office" class="label">{p.t(Visits::Office)}</label>
                {show(catalog, common_failure, offices)}
            </div>
            <div class="field">
                <label for="field-date" class="label">{p.t(Visits::Day)}</label>
                <input id="field-date" type="date" class="input" prop:value=move || date.get()
                    on:change=move |ev| date.set(event_target_value(&ev)) />
            </div>
            <div class="button-row">
                <button type="submit" class="button">{p.t(Workspace::DayShow)}</button>
                <button type="button" class="button button-secondary" on:click=move |_| { let _ = window().print(); }>{p.t(Workspace::DayPrint)}</button>
            </div>
        </form>
        {show(list, common_failure, render)}
    }
}

fn mark_failure(f: &ApiFailure) -> Key {
    match f {
        ApiFailure::Problem(pb) if pb.code == ProblemCode::InvalidTransition => {
            Workspace::DayNotYet.into()
        }
        ApiFailure::Problem(pb) if pb.code == ProblemCode::BookingClosed => Visits::Closed.into(),
        f => common_failure(f),
    }
}

/// One booking: its mark and note, changed in place.
#[component]
fn Row(booking: StaffBooking) -> impl IntoView {
    let p = use_prefs();
    let current = RwSignal::new(booking);
    let note = RwSignal::new(current.with_untracked(|b| b.note.clone()));
    let banner = Banner::new();
    let busy = RwSignal::new(false);
    let send = move |status: BookingStatus| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        banner.clear();
        let number = current.with_untracked(|b| b.number.clone());
        let mark = BookingMark {
            status,
            note: note.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, StaffBooking>(&format!("/staff/appointments/{number}/mark"), &mark)
                .await
            {
                Ok(b) => {
                    current.set(b);
                    banner.done(Workspace::DayMarked);
                }
                Err(f) => banner.fail(&f, mark_failure),
            }
            busy.set(false);
        });
    };
    let note_id = move || format!("note-{}", current.with(|b| b.number.clone()));
    view! {
        <tr class:cancelled=move || current.with(|b| b.status == BookingStatus::Cancelled)>
            <td>{move || current.with(|b| b.time.clone())}</td>
            <td>{move || current.with(|b| b.number.clone())}</td>
            <td>{move || current.with(|b| b.service.get(p.lang.get()).to_owned())}</td>
            <td>{move || current.with(|b| b.contact.clone())}</td>
            <td>
                <strong>{move || status_key(current.with(|b| b.status)).text(p.lang.get())}</strong>
                {move || current.with(|b| b.unfit).map(|why| view! {
                    <p class="unfit">{move || format!("{}: {}", t(p.lang.get(), Offices::UnfitMark), t(p.lang.get(), why_key(why)))}</p>
                })}
                {move || (current.with(|b| b.status) != BookingStatus::Cancelled).then(|| view! {
                    <div class="field no-print">
                        <label for=note_id class="label">{p.t(Workspace::DayNote)}</label>
                        <input id=note_id class="input" maxlength="500" prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev)) />
                    </div>
                    <div class="button-row no-print">
                        {move || (current.with(|b| b.status) == BookingStatus::Booked).then(|| view! {
                            <button type="button" class="button" on:click=move |_| send(BookingStatus::Attended)>{p.t(Workspace::DayCame)}</button>
                            <button type="button" class="button button-secondary" on:click=move |_| send(BookingStatus::NoShow)>{p.t(Workspace::DayNoShow)}</button>
                        })}
                        {move || (current.with(|b| b.status) != BookingStatus::Booked).then(|| view! {
                            <button type="button" class="link-button" on:click=move |_| send(BookingStatus::Booked)>{p.t(Workspace::DayUndo)}</button>
                        })}
                    </div>
                })}
                {move || current.with(|b| (!b.note.is_empty()).then(|| b.note.clone())).map(|n| view! { <p class="print-only">{n}</p> })}
                {banner.view()}
            </td>
        </tr>
    }
}

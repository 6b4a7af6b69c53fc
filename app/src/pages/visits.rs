//! "Запись на приём": a signed-in citizen chooses a service, an office that offers it, a
//! day of the next 30 and a free time, accepts the terms and books; the confirmation
//! shows the number and the access code once, what to bring and a calendar file. Below,
//! "Мои записи" (`visit_card`), and for anyone a booking found by number and code.

use helpdesk_shared::FieldError;
use helpdesk_shared::appointment::{Booked, Catalog, FreeDay, FreeSlots, NewBooking, Office};
use helpdesk_shared::auth::Me;
use helpdesk_shared::{FieldCode, Lang, ProblemCode};
use leptos::prelude::*;
use leptos_router::components::A;

use super::visit_card::{FindVisit, MyVisits, VisitDetails};
use crate::api::{self, ApiFailure};
use crate::banner::Banner;
use crate::form::{ErrorSummary, FormState, error_for, focus_by_id, same_name};
use crate::i18n::{Key, Visits, VisitsCount};
use crate::load::{common_failure, show};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// The fields in the order of the page.
const ORDER: &[&str] = &["service", "office", "day", "time", "terms"];

#[component]
pub fn VisitsPage() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Visits::Title);
    let session = use_session();
    // Bumped after a booking, a move or a cancellation: the lists and the free times
    // are read again.
    let changed = RwSignal::new(0u32);
    provide_context(JustBooked(RwSignal::new(None)));
    let signed_in = move || matches!(session.me.get(), Some(Some(Me::Citizen { .. })));
    view! {
        <h1>{p.t(Visits::Title)}</h1>
        <p class="lead">{p.t(Visits::Lead)}</p>
        {move || match session.me.get() {
            None => view! { <p aria-busy="true">"…"</p> }.into_any(),
            Some(Some(Me::Citizen { .. })) => view! { <BookingForm changed /> }.into_any(),
            Some(_) => view! {
                <p>{p.t(Visits::SignInFirst)}</p>
                <p><A href="/signin?next=/appointments" attr:class="button">{p.t(Visits::SignInButton)}</A></p>
            }.into_any(),
        }}
        {move || signed_in().then(|| view! { <MyVisits changed /> })}
        <FindVisit />
    }
}

/// The server's `date` is the page's `day` (for `FormState::refuse`).
pub fn date_is_day(e: &mut FieldError) {
    if e.field == "date" {
        e.field = "day".into();
    }
}

/// A day as the picker shows it: `пн, 7 дек` / `Mon 7 Dec`.
pub fn day_label(lang: Lang, date: time::Date) -> String {
    const RU_DAYS: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
    const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const RU_MONTHS: [&str; 12] = [
        "янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ];
    const EN_MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let wd = date.weekday().number_days_from_monday() as usize;
    let m = date.month() as usize - 1;
    match lang {
        Lang::Ru => format!("{}, {} {}", RU_DAYS[wd], date.day(), RU_MONTHS[m]),
        Lang::En => format!("{} {} {}", EN_DAYS[wd], date.day(), EN_MONTHS[m]),
    }
}

/// The booking just made on this page: its confirmation shows what a move below it
/// changes.
#[derive(Clone, Copy)]
pub struct JustBooked(pub RwSignal<Option<Booked>>);

#[component]
fn BookingForm(changed: RwSignal<u32>) -> impl IntoView {
    let p = use_prefs();
    let catalog = LocalResource::new(|| api::get::<Catalog>("/appointments/catalog"));
    let booked = expect_context::<JustBooked>().0;
    let form =
        move |c: Catalog| -> AnyView { view! { <Choose catalog=c booked changed /> }.into_any() };
    view! {
        <section aria-labelledby="book-title" class="panel">
            <h2 id="book-title" tabindex="-1">{move || if booked.with(Option::is_some) { p.t(Visits::BookedTitle)() } else { p.t(Visits::Choose)() }}</h2>
            {move || match booked.get() {
                Some(b) => view! { <Confirmation booked=b /> }.into_any(),
                None => show(catalog, common_failure, form),
            }}
        </section>
    }
}

#[component]
fn Choose(
    catalog: Catalog,
    booked: RwSignal<Option<Booked>>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let p = use_prefs();
    let service = RwSignal::new(None::<String>);
    let office = RwSignal::new(None::<String>);
    let day = RwSignal::new(None::<String>);
    let time = RwSignal::new(None::<String>);
    let terms = RwSignal::new(false);
    let state = FormState::new();
    let (errors, busy, summary) = (state.errors, state.busy, state.summary);
    let banner = Banner::new();
    let catalog = StoredValue::new(catalog);
    let offices = move || {
        let chosen = service.get();
        catalog.with_value(|c| {
            c.offices
                .iter()
                .filter(|o| chosen.as_ref().is_some_and(|s| o.offers(s)))
                .cloned()
                .collect::<Vec<Office>>()
        })
    };
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.clear();
        let missing: Vec<FieldError> = [
            ("service", service.get_untracked().is_none()),
            ("office", office.get_untracked().is_none()),
            ("day", day.get_untracked().is_none()),
            ("time", time.get_untracked().is_none()),
            ("terms", !terms.get_untracked()),
        ]
        .into_iter()
        .filter(|(_, missing)| *missing)
        .map(|(f, _)| FieldError::new(f, FieldCode::Required))
        .collect();
        if !missing.is_empty() {
            return state.refuse(missing, same_name);
        }
        if !state.start() {
            return;
        }
        let req = NewBooking {
            service: service.get_untracked().unwrap_or_default(),
            office: office.get_untracked().unwrap_or_default(),
            date: day.get_untracked().unwrap_or_default(),
            time: time.get_untracked().unwrap_or_default(),
            terms: true,
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, Booked>("/my/appointments", &req).await {
                Ok(b) => {
                    // This form goes when the confirmation comes: done first.
                    state.done();
                    booked.set(Some(b));
                    changed.update(|n| *n += 1);
                    request_animation_frame(|| focus_by_id("book-title"));
                    return;
                }
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::SlotTaken => {
                    time.set(None);
                    changed.update(|n| *n += 1);
                    banner.say(Visits::Taken);
                }
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                    state.refuse(pb.errors, date_is_day)
                }
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Busy => {
                    banner.say(Visits::Busy)
                }
                Err(f) => banner.fail(&f, common_failure),
            }
            state.done();
        });
    };
    let services = catalog.with_value(|c| c.services.clone());
    view! {
        <ErrorSummary errors=errors.into() order=ORDER node=summary />
        <form novalidate on:submit=send class="visit-form">
            <Choice field="service" legend=Visits::Service.into() errors=errors.into()
                options=Signal::derive(move || services.iter().map(|s| (s.id.clone(), s.name.get(p.lang.get()).to_owned(), String::new())).collect())
                value=service on_change=Callback::new(move |_| { office.set(None); day.set(None); time.set(None); }) />
            {move || service.get().map(|_| view! {
                <Choice field="office" legend=Visits::Office.into() errors=errors.into()
                    options=Signal::derive(move || offices().iter().map(|o| {
                        let lang = p.lang.get();
                        (o.id.clone(), o.name.get(lang).to_owned(), format!("{} · {}", o.address.get(lang), o.accessibility.get(lang)))
                    }).collect())
                    value=office on_change=Callback::new(move |_| { day.set(None); time.set(None); }) />
            })}
            {move || office.get().map(|o| view! { <SlotPicker office=o day time changed errors=errors.into() /> })}
            <div class="field checkbox" class:field-error=move || error_for(errors.into(), "terms").get().is_some()>
                {move || error_for(errors.into(), "terms").get().map(|m| view! { <p class="error-message" id="field-terms-error">{m}</p> })}
                <input id="field-terms" type="checkbox" name="terms"
                    prop:checked=move || terms.get()
                    on:change=move |ev| terms.set(event_target_checked(&ev)) />
                <label for="field-terms">{p.t(Visits::Terms)}</label>
            </div>
            {banner.view()}
            <button type="submit" class="button" aria-disabled=move || busy.get().to_string()>{p.t(Visits::Book)}</button>
        </form>
    }
}

/// One choice of several as radio buttons, with its error above them.
#[component]
fn Choice(
    field: &'static str,
    legend: Key,
    errors: Signal<Vec<FieldError>>,
    /// (value, label, hint)
    options: Signal<Vec<(String, String, String)>>,
    value: RwSignal<Option<String>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let p = use_prefs();
    let error = error_for(errors, field);
    view! {
        <fieldset id=format!("field-{field}") tabindex="-1" class="field choice" class:field-error=move || error.get().is_some()>
            <legend class="label">{p.t(legend)}</legend>
            {move || error.get().map(|m| view! { <p class="error-message">{m}</p> })}
            {move || options.get().into_iter().map(|(v, label, hint)| {
                let id = format!("{field}-{v}");
                let checked = { let v = v.clone(); move || value.get().as_deref() == Some(v.as_str()) };
                let pick = { let v = v.clone(); move |_| { value.set(Some(v.clone())); on_change.run(()); } };
                view! {
                    <div class="radio">
                        <input type="radio" id=id.clone() name=field value=v prop:checked=checked on:change=pick />
                        <label for=id>{label}{(!hint.is_empty()).then(|| view! { <span class="hint">{hint}</span> })}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// An office's next 30 days and, for the day chosen, its free times.
#[component]
pub fn SlotPicker(
    office: String,
    day: RwSignal<Option<String>>,
    time: RwSignal<Option<String>>,
    changed: RwSignal<u32>,
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let p = use_prefs();
    let path = format!("/appointments/offices/{office}/days");
    let days = {
        let path = path.clone();
        LocalResource::new(move || {
            changed.track();
            let path = path.clone();
            async move { api::get::<Vec<FreeDay>>(&path).await }
        })
    };
    let slots = LocalResource::new(move || {
        changed.track();
        let chosen = day.get();
        let path = path.clone();
        async move {
            match chosen {
                Some(d) => api::get::<FreeSlots>(&format!("{path}/{d}"))
                    .await
                    .map(Some),
                None => Ok(None),
            }
        }
    });
    let day_error = error_for(errors, "day");
    let time_error = error_for(errors, "time");
    let day_buttons = move |list: Vec<FreeDay>| -> AnyView {
        list.into_iter()
            .map(|d| {
                let iso = d.date.to_string();
                let pressed = { let iso = iso.clone(); move || day.get().as_deref() == Some(iso.as_str()) };
                let pick = { let iso = iso.clone(); move |_| { day.set(Some(iso.clone())); time.set(None); } };
                let lang = p.lang.get_untracked();
                let note = match (d.open, d.free) {
                    (false, _) => Visits::DayClosed.text(lang).to_owned(),
                    (true, 0) => Visits::DayFull.text(lang).to_owned(),
                    (true, n) => VisitsCount::Free.text(lang, n.into()),
                };
                view! {
                    <button type="button" class="day-button" aria-pressed=move || pressed().to_string()
                        disabled=d.free == 0 on:click=pick>
                        <span class="day-name">{day_label(lang, d.date)}</span>
                        <span class="day-free">{note}</span>
                    </button>
                }
            })
            .collect_view()
            .into_any()
    };
    let slot_buttons = move |s: Option<FreeSlots>| -> AnyView {
        let Some(s) = s else { return ().into_any() };
        let free: Vec<_> = s.slots.into_iter().filter(|s| s.free > 0).collect();
        if free.is_empty() {
            return view! { <p>{p.t(Visits::NoSlots)}</p> }.into_any();
        }
        free.into_iter()
            .map(|s| {
                let t = s.time.clone();
                let pressed = { let t = t.clone(); move || time.get().as_deref() == Some(t.as_str()) };
                let pick = { let t = t.clone(); move |_| time.set(Some(t.clone())) };
                view! { <button type="button" class="time-button" aria-pressed=move || pressed().to_string() on:click=pick>{s.time}</button> }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <fieldset id="field-day" tabindex="-1" class="field" class:field-error=move || day_error.get().is_some()>
            <legend class="label">{p.t(Visits::Day)}</legend>
            <p class="hint">{p.t(Visits::DayHint)}</p>
            {move || day_error.get().map(|m| view! { <p class="error-message">{m}</p> })}
            <div class="day-grid">{show(days, common_failure, day_buttons)}</div>
        </fieldset>
        {move || day.get().map(|_| view! {
            <fieldset id="field-time" tabindex="-1" class="field" class:field-error=move || time_error.get().is_some()>
                <legend class="label">{p.t(Visits::Time)}" ("{p.t(Visits::Msk)}")"</legend>
                {move || time_error.get().map(|m| view! { <p class="error-message">{m}</p> })}
                <div class="time-grid">{show(slots, common_failure, slot_buttons)}</div>
            </fieldset>
        })}
    }
}

/// The new booking: its number and code (shown this once), and its details.
#[component]
fn Confirmation(booked: Booked) -> impl IntoView {
    let p = use_prefs();
    let calendar = format!(
        "{}/my/appointments/{}/calendar",
        helpdesk_shared::api::PREFIX,
        booked.booking.number
    );
    view! {
        <dl class="facts visit-facts confirmation">
            <dt>{p.t(Visits::BookedNumber)}</dt><dd class="number">{booked.booking.number.clone()}</dd>
            <dt>{p.t(Visits::BookedCode)}</dt><dd class="number">{booked.access_code.clone()}</dd>
        </dl>
        <p class="hint">{p.t(Visits::BookedCodeHint)}</p>
        <VisitDetails view=booked.booking.clone() />
        <p><a href=calendar download="booking.ics" class="button button-secondary">{p.t(Visits::Calendar)}</a></p>
    }
}

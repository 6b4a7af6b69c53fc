//! The admins' service centres for appointments: names, address, accessibility, hours
//! per weekday, special days, the visit's length, windows and services; the bookings
//! ahead that the centre's schedule no longer holds, to contact the citizens. Checked
//! here as on the server (`Office::parse`); the server checks the role.

use helpdesk_shared::appointment::{Catalog, DayHours, Office, OfficeDay, Texts, hhmm, parse_hhmm};
use helpdesk_shared::appointment_edit::{
    OfficeSaved, OfficeUnplaced, SLOT_MAX, Unfit, WINDOWS_MAX,
};
use helpdesk_shared::{FieldCode, FieldError, Lang};
use leptos::prelude::*;

use super::admin::{refused, said_banner};
use super::admin_services::ServicesAdmin;
use super::visits::day_label;
use crate::api;
use crate::form::{ErrorSummary, FormState, TextField, same_name};
use crate::i18n::{Key, Offices, t};
use crate::load::{common_failure, show};
use crate::prefs::use_prefs;

const FIELDS: &[&str] = &[
    "office_id",
    "title_ru",
    "title_en",
    "address_ru",
    "address_en",
    "access_ru",
    "access_en",
    "hours.0",
    "hours.1",
    "hours.2",
    "hours.3",
    "hours.4",
    "hours.5",
    "hours.6",
    "slot_minutes",
    "windows",
    "services",
    "exceptions",
];
const HOURS: [&str; 7] = [
    "hours.0", "hours.1", "hours.2", "hours.3", "hours.4", "hours.5", "hours.6",
];
const DAYS: [Offices; 7] = [
    Offices::Mon,
    Offices::Tue,
    Offices::Wed,
    Offices::Thu,
    Offices::Fri,
    Offices::Sat,
    Offices::Sun,
];

/// The section: the catalog loaded once, then the centre chosen and its form.
#[component]
pub fn OfficesAdmin() -> impl IntoView {
    let p = use_prefs();
    let catalog = LocalResource::new(|| api::get::<Catalog>("/appointments/catalog"));
    view! {
        <section aria-labelledby="offices-title">
            <h2 id="offices-title">{p.t(Offices::Title)}</h2>
            <p class="hint">{p.t(Offices::Intro)}</p>
            {show(catalog, common_failure, |c: Catalog| view! { <Editor catalog=c /> }.into_any())}
        </section>
    }
}

#[component]
fn Editor(catalog: Catalog) -> impl IntoView {
    let p = use_prefs();
    let chosen = RwSignal::new(
        catalog
            .offices
            .first()
            .map(|o| o.id.clone())
            .unwrap_or_default(),
    );
    let catalog = RwSignal::new(catalog);
    let said = RwSignal::new(None::<(bool, Key)>);
    // Bumped by a save: the list of bookings outside the schedule is read again.
    let saves = RwSignal::new(0u32);
    let form = move || {
        let id = chosen.get();
        let office = catalog.with_untracked(|c| c.offices.iter().find(|o| o.id == id).cloned());
        view! { <OfficeForm office catalog chosen said saves /> }
    };
    view! {
        <div class="field">
            <label class="label" for="field-centre">{p.t(Offices::Choose)}</label>
            <select id="field-centre" class="input" prop:value=move || chosen.get()
                on:change=move |ev| { said.set(None); chosen.set(event_target_value(&ev)) }>
                {move || catalog.with(|c| c.offices.iter().map(|o| {
                    view! { <option value=o.id.clone()>{o.name.get(p.lang.get()).to_owned()}</option> }
                }).collect_view())}
                <option value="">{p.t(Offices::New)}</option>
            </select>
        </div>
        {form}
        {move || (!chosen.get().is_empty()).then(|| view! { <UnplacedList office=chosen.get() saves /> })}
        <ServicesAdmin catalog />
    }
}

/// One signal per field of the form.
#[derive(Clone, Copy)]
struct Draft {
    id: RwSignal<String>,
    texts: [RwSignal<String>; 6],
    open: [RwSignal<bool>; 7],
    opens: [RwSignal<String>; 7],
    closes: [RwSignal<String>; 7],
    slot: RwSignal<String>,
    windows: RwSignal<String>,
    services: RwSignal<Vec<String>>,
    exceptions: RwSignal<Vec<OfficeDay>>,
}

impl Draft {
    fn of(o: Option<&Office>) -> Draft {
        let usual = Some(DayHours::new(9 * 60, 18 * 60));
        let hours = o.map_or([usual, usual, usual, usual, usual, None, None], |o| o.hours);
        let text = |f: fn(&Office) -> &str| RwSignal::new(o.map(f).unwrap_or_default().to_owned());
        Draft {
            id: RwSignal::new(o.map(|o| o.id.clone()).unwrap_or_default()),
            texts: [
                text(|o| &o.name.ru),
                text(|o| &o.name.en),
                text(|o| &o.address.ru),
                text(|o| &o.address.en),
                text(|o| &o.accessibility.ru),
                text(|o| &o.accessibility.en),
            ],
            open: hours.map(|h| RwSignal::new(h.is_some())),
            opens: hours.map(|h| RwSignal::new(hhmm(h.map_or(9 * 60, |h| h.opens)))),
            closes: hours.map(|h| RwSignal::new(hhmm(h.map_or(18 * 60, |h| h.closes)))),
            slot: RwSignal::new(o.map_or(30, |o| o.slot_minutes).to_string()),
            windows: RwSignal::new(o.map_or(1, |o| o.windows).to_string()),
            services: RwSignal::new(o.map(|o| o.services.clone()).unwrap_or_default()),
            exceptions: RwSignal::new(o.map(|o| o.exceptions.clone()).unwrap_or_default()),
        }
    }

    /// The office as typed, or the fields whose text is not a time or a number.
    fn value(self) -> Result<Office, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut hours = [None; 7];
        for (i, h) in hours.iter_mut().enumerate() {
            if !self.open[i].get_untracked() {
                continue;
            }
            let (opens, closes) = (
                self.opens[i].get_untracked(),
                self.closes[i].get_untracked(),
            );
            match (parse_hhmm(&opens), parse_hhmm(&closes)) {
                (Some(opens), Some(closes)) => *h = Some(DayHours { opens, closes }),
                _ => errors.push(FieldError::new(HOURS[i], FieldCode::TimeFormat)),
            }
        }
        let number = |s: RwSignal<String>, field: &str, max: u16, errors: &mut Vec<FieldError>| {
            s.get_untracked().trim().parse::<u16>().unwrap_or_else(|_| {
                errors.push(FieldError::with_limit(
                    field,
                    FieldCode::OutOfRange,
                    max.into(),
                ));
                0
            })
        };
        let slot_minutes = number(self.slot, "slot_minutes", SLOT_MAX, &mut errors);
        let windows = number(self.windows, "windows", WINDOWS_MAX, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let [tr, te, ar, ae, cr, ce] = self.texts.map(|s| s.get_untracked());
        Ok(Office {
            id: self.id.get_untracked().trim().to_owned(),
            name: Texts { ru: tr, en: te },
            address: Texts { ru: ar, en: ae },
            accessibility: Texts { ru: cr, en: ce },
            hours,
            exceptions: self.exceptions.get_untracked(),
            slot_minutes,
            windows,
            services: self.services.get_untracked(),
        })
    }
}

#[component]
fn OfficeForm(
    office: Option<Office>,
    catalog: RwSignal<Catalog>,
    chosen: RwSignal<String>,
    said: RwSignal<Option<(bool, Key)>>,
    saves: RwSignal<u32>,
) -> impl IntoView {
    let p = use_prefs();
    let is_new = office.is_none();
    let name = office.as_ref().map(|o| o.name.clone());
    let d = Draft::of(office.as_ref());
    let state = FormState::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        said.set(None);
        let services = catalog.with_untracked(|c| c.services.clone());
        let office = match d.value().and_then(|o| o.parse(&services)) {
            Ok(o) => o,
            Err(errors) => return state.refuse(errors, same_name),
        };
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            let path = format!("/admin/appointments/offices/{}", office.id);
            match api::put::<_, OfficeSaved>(&path, &office, false).await {
                Ok(saved) => {
                    catalog.set(saved.catalog);
                    said.set(Some((true, Offices::Saved.into())));
                    state.done();
                    saves.update(|n| *n += 1);
                    if is_new {
                        chosen.set(office.id);
                    }
                }
                Err(f) => {
                    refused(state, said, f);
                    state.done();
                }
            }
        });
    };
    let labels = [
        ("title_ru", Offices::TitleRu),
        ("title_en", Offices::TitleEn),
        ("address_ru", Offices::AddressRu),
        ("address_en", Offices::AddressEn),
        ("access_ru", Offices::AccessRu),
        ("access_en", Offices::AccessEn),
    ];
    view! {
        <form novalidate class="panel" on:submit=submit aria-labelledby="office-form-title">
            <h3 id="office-form-title">{move || match &name {
                Some(n) => n.get(p.lang.get()).to_owned(),
                None => t(p.lang.get(), Offices::New).to_owned(),
            }}</h3>
            {move || said.get().map(|s| said_banner(p, s))}
            <ErrorSummary errors=state.errors.into() order=FIELDS node=state.summary />
            {is_new.then(|| view! {
                <TextField name="office_id" label=Offices::Id hint=Offices::IdHint value=d.id error=state.error("office_id") />
            })}
            {labels.into_iter().zip(d.texts).map(|((name, label), value)| {
                let access = name.starts_with("access");
                match access {
                    true => view! { <TextField name label hint=Offices::AccessHint value error=state.error(name) multiline=true /> }.into_any(),
                    false => view! { <TextField name label value error=state.error(name) /> }.into_any(),
                }
            }).collect_view()}
            <fieldset>
                <legend>{p.t(Offices::Hours)}</legend>
                <p class="hint">{p.t(Offices::HoursHint)}</p>
                {(0..7).map(|i| view! { <HoursRow i d error=state.error(HOURS[i]) /> }).collect_view()}
            </fieldset>
            <TextField name="slot_minutes" label=Offices::SlotMinutes value=d.slot error=state.error("slot_minutes") input_type="number" inputmode="numeric" />
            <TextField name="windows" label=Offices::Windows hint=Offices::WindowsHint value=d.windows error=state.error("windows") input_type="number" inputmode="numeric" />
            <fieldset>
                <legend>{p.t(Offices::Services)}</legend>
                {move || state.error("services").get().map(|m| view! { <p class="error-message">{m}</p> })}
                {move || catalog.with(|c| c.services.iter().enumerate().map(|(n, s)| {
                    let id = s.id.clone();
                    let input_id = if n == 0 { "field-services".to_owned() } else { format!("field-service-{}", s.id) };
                    let has = { let id = id.clone(); move || d.services.with(|v| v.contains(&id)) };
                    view! {
                        <div class="field checkbox">
                            <input id=input_id.clone() type="checkbox" prop:checked=has
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    d.services.update(|v| { v.retain(|x| *x != id); if on { v.push(id.clone()) } });
                                } />
                            <label for=input_id>{s.name.get(p.lang.get()).to_owned()}</label>
                        </div>
                    }
                }).collect_view())}
            </fieldset>
            <Exceptions d state />
            <div class="button-row">
                <button type="submit" class="button" aria-disabled=move || state.busy.get().to_string()>{p.t(Offices::Save)}</button>
            </div>
        </form>
    }
}

/// One weekday: open or not, from and until.
#[component]
fn HoursRow(i: usize, d: Draft, error: Signal<Option<String>>) -> impl IntoView {
    let p = use_prefs();
    let day = move || t(p.lang.get(), DAYS[i]);
    let (open_id, from_id, to_id) = (
        format!("field-open-{i}"),
        format!("field-{}", HOURS[i]),
        format!("field-close-{i}"),
    );
    view! {
        <div class="hours-row" class:field-error=move || error.get().is_some()>
            <div class="checkbox">
                <input id=open_id.clone() type="checkbox" prop:checked=move || d.open[i].get()
                    on:change=move |ev| d.open[i].set(event_target_checked(&ev)) />
                <label for=open_id>{day}</label>
            </div>
            {move || error.get().map(|m| view! { <p class="error-message">{m}</p> })}
            <Show when=move || d.open[i].get()>
                <span class="hours-times">
                    <label for=from_id.clone()>{p.t(Offices::Opens)}</label>
                    <input id=from_id.clone() type="time" class="input input-time" step="300"
                        aria-label=move || format!("{}, {}", day(), t(p.lang.get(), Offices::Opens))
                        aria-invalid=move || error.get().is_some().to_string()
                        prop:value=move || d.opens[i].get() on:input=move |ev| d.opens[i].set(event_target_value(&ev)) />
                    <label for=to_id.clone()>{p.t(Offices::Closes)}</label>
                    <input id=to_id.clone() type="time" class="input input-time" step="300"
                        aria-label=move || format!("{}, {}", day(), t(p.lang.get(), Offices::Closes))
                        prop:value=move || d.closes[i].get() on:input=move |ev| d.closes[i].set(event_target_value(&ev)) />
                </span>
            </Show>
        </div>
    }
}

/// The special days, each removable, and a row to add one.
#[component]
fn Exceptions(d: Draft, state: FormState) -> impl IntoView {
    let p = use_prefs();
    let date = RwSignal::new(String::new());
    let closed = RwSignal::new(true);
    let opens = RwSignal::new(String::from("10:00"));
    let closes = RwSignal::new(String::from("15:00"));
    let add = move |_| {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let day = time::Date::parse(date.get_untracked().trim(), &format).ok();
        let hours = match (
            parse_hhmm(&opens.get_untracked()),
            parse_hhmm(&closes.get_untracked()),
        ) {
            (Some(opens), Some(closes)) => Some(DayHours { opens, closes }),
            _ => None,
        };
        let Some(day) = day.filter(|d| (2000..=2100).contains(&d.year())) else {
            return state.refuse(
                vec![FieldError::new("exceptions", FieldCode::DateFormat)],
                same_name,
            );
        };
        let hours = match (closed.get_untracked(), hours) {
            (true, _) => None,
            (false, Some(h)) if h.opens < h.closes => Some(h),
            (false, _) => {
                return state.refuse(
                    vec![FieldError::new("exceptions", FieldCode::OutOfRange)],
                    same_name,
                );
            }
        };
        state.clear();
        d.exceptions.update(|v| {
            v.retain(|x| x.date != day);
            v.push(OfficeDay { date: day, hours });
            v.sort_by_key(|x| x.date);
        });
        date.set(String::new());
    };
    let listed = move || {
        let days = d.exceptions.get();
        if days.is_empty() {
            return view! { <p>{p.t(Offices::ExceptionsEmpty)}</p> }.into_any();
        }
        view! {
            <ul class="plain-list">
                {days.into_iter().map(|x| {
                    let text = move || {
                        let lang = p.lang.get();
                        let hours = x.hours.map_or_else(|| t(lang, Offices::Closed).to_owned(), |h| format!("{}–{}", hhmm(h.opens), hhmm(h.closes)));
                        format!("{}: {hours}", day_label(lang, x.date))
                    };
                    view! {
                        <li>
                            <span>{text}</span>" "
                            <button type="button" class="link-button" aria-label=move || format!("{}: {}", t(p.lang.get(), Offices::RemoveDay), text())
                                on:click=move |_| d.exceptions.update(|v| v.retain(|y| y.date != x.date))>{p.t(Offices::RemoveDay)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let error = state.error("exceptions");
    view! {
        <fieldset>
            <legend>{p.t(Offices::Exceptions)}</legend>
            <p class="hint">{p.t(Offices::ExceptionsHint)}</p>
            {listed}
            {move || error.get().map(|m| view! { <p class="error-message">{m}</p> })}
            <div class="exception-add">
                <div class="field">
                    <label class="label" for="field-exceptions">{p.t(crate::i18n::Visits::Day)}</label>
                    <input id="field-exceptions" type="date" class="input" aria-invalid=move || error.get().is_some().to_string()
                        prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) />
                </div>
                <div class="field checkbox">
                    <input id="field-closed-day" type="checkbox" prop:checked=move || closed.get()
                        on:change=move |ev| closed.set(event_target_checked(&ev)) />
                    <label for="field-closed-day">{p.t(Offices::ClosedAllDay)}</label>
                </div>
                <Show when=move || !closed.get()>
                    <span class="hours-times">
                        <label for="field-exception-opens">{p.t(Offices::Opens)}</label>
                        <input id="field-exception-opens" type="time" class="input input-time" prop:value=move || opens.get()
                            on:input=move |ev| opens.set(event_target_value(&ev)) />
                        <label for="field-exception-closes">{p.t(Offices::Closes)}</label>
                        <input id="field-exception-closes" type="time" class="input input-time" prop:value=move || closes.get()
                            on:input=move |ev| closes.set(event_target_value(&ev)) />
                    </span>
                </Show>
                <button type="button" class="button button-secondary" on:click=add>{p.t(Offices::AddDay)}</button>
            </div>
        </fieldset>
    }
}

pub(super) fn why_key(why: Unfit) -> Offices {
    match why {
        Unfit::Closed => Offices::WhyClosed,
        Unfit::NoService => Offices::WhyNoService,
        Unfit::OverCapacity => Offices::WhyOverCapacity,
    }
}

/// The centre's bookings ahead outside its schedule, read again after each save.
#[component]
fn UnplacedList(office: String, saves: RwSignal<u32>) -> impl IntoView {
    let p = use_prefs();
    let list = LocalResource::new(move || {
        saves.track();
        let path = format!("/staff/appointments/{office}/unplaced");
        async move { api::get::<OfficeUnplaced>(&path).await }
    });
    let render = move |u: OfficeUnplaced| -> AnyView {
        if u.unplaced.is_empty() {
            return view! { <p>{p.t(Offices::UnplacedNone)}</p> }.into_any();
        }
        let lang: Lang = p.lang.get_untracked();
        view! {
            <p class="hint">{p.t(Offices::UnplacedIntro)}</p>
            <ul class="ticket-list">
                {u.unplaced.into_iter().map(|x| view! {
                    <li class="ticket-card">
                        <p class="ticket-card-head"><span>{format!("{}, {}", day_label(lang, x.date), x.booking.time)}</span><span class="meta">{x.booking.number}</span></p>
                        <p>{x.booking.service.get(lang).to_owned()}" — "{x.booking.contact}</p>
                        <p class="meta">{t(lang, why_key(x.why))}</p>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="unplaced-title">
            <h3 id="unplaced-title">{p.t(Offices::Unplaced)}</h3>
            {show(list, common_failure, render)}
        </section>
    }
}

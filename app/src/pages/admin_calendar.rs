//! The admin's business calendar: a year's holidays, days off and working days by
//! transfer, and short days, each made ordinary with a button; a form marks a date.
//! The server checks the role and the date (`functions/src/http/levels_admin.rs`).

use helpdesk_shared::calendar::{SpecialDay, SpecialKind};
use helpdesk_shared::sla::{DayPut, ServiceLevels};
use helpdesk_shared::{FieldCode, FieldError, Lang};
use leptos::prelude::*;

use super::admin::{refused, said_banner};
use crate::api;
use crate::form::{ErrorSummary, FormState, TextField, same_name};
use crate::i18n::{Admin, Key, t};
use crate::prefs::use_prefs;

const DAY_FIELDS: &[&str] = &["date"];

fn kind_key(kind: SpecialKind) -> Admin {
    match kind {
        SpecialKind::Holiday => Admin::KindHoliday,
        SpecialKind::DayOff => Admin::KindDayOff,
        SpecialKind::Working => Admin::KindWorking,
        SpecialKind::Short => Admin::KindShort,
    }
}

/// "04.11.2026, ср".
fn day_text(lang: Lang, d: time::Date) -> String {
    const RU: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = usize::from(d.weekday().number_days_from_monday());
    let name = if lang == Lang::Ru { RU[i] } else { EN[i] };
    format!(
        "{:02}.{:02}.{}, {name}",
        d.day(),
        u8::from(d.month()),
        d.year()
    )
}

/// The calendar's special days of one year, each made ordinary with a button, and a
/// form to mark a day.
#[component]
pub fn CalendarAdmin(
    days: Vec<SpecialDay>,
    year: RwSignal<i32>,
    said: RwSignal<Option<(bool, Key)>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let p = use_prefs();
    let this_year = helpdesk_shared::moscow::date(crate::pages::now()).year();
    let mut years: Vec<i32> = days.iter().map(|d| d.date.year()).collect();
    years.extend([this_year, this_year + 1, year.get_untracked()]);
    years.sort_unstable();
    years.dedup();
    let days = StoredValue::new(days);
    let date = RwSignal::new(String::new());
    let kind = RwSignal::new(SpecialKind::Holiday);
    let state = FormState::new();
    let send = move |day: time::Date, kind: Option<SpecialKind>| {
        // A marked day shows in its year's list.
        year.set(day.year());
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            let path = format!("/admin/service-levels/days/{day}");
            let saved = match kind {
                Some(kind) => api::put::<_, ServiceLevels>(&path, &DayPut { kind }, false).await,
                None => api::delete_for::<ServiceLevels>(&path).await,
            };
            match saved {
                Ok(_) => {
                    said.set(Some((true, Admin::CalendarSaved.into())));
                    on_saved.run(());
                }
                Err(f) => refused(state, said, f),
            }
            state.done();
        });
    };
    let mark = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        said.set(None);
        let format = time::macros::format_description!("[year]-[month]-[day]");
        match time::Date::parse(date.get_untracked().trim(), &format)
            .ok()
            .filter(|d| (2000..=2100).contains(&d.year()))
        {
            Some(day) => send(day, Some(kind.get_untracked())),
            None => state.refuse(
                vec![FieldError::new("date", FieldCode::DateFormat)],
                same_name,
            ),
        }
    };
    let listed = move || {
        let y = year.get();
        let shown: Vec<SpecialDay> =
            days.with_value(|d| d.iter().filter(|d| d.date.year() == y).cloned().collect());
        if shown.is_empty() {
            return view! { <p>{p.t(Admin::CalendarEmpty)}</p> }.into_any();
        }
        view! {
            <ul class="ticket-list calendar-days">
                {shown.into_iter().map(|d| {
                    let when = move || day_text(p.lang.get(), d.date);
                    view! {
                        <li class="ticket-card">
                            <p class="ticket-card-head"><span>{when}</span><span class="meta">{p.t(kind_key(d.kind))}</span></p>
                            <button type="button" class="link-button"
                                aria-label=move || format!("{}: {}", t(p.lang.get(), Admin::CalendarOrdinary), when())
                                on:click=move |_| send(d.date, None)>{p.t(Admin::CalendarOrdinary)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h3 id="calendar-title">{p.t(Admin::CalendarTitle)}</h3>
        <p class="hint">{p.t(Admin::CalendarIntro)}</p>
        {move || said.get().map(|said| said_banner(p, said))}
        <div class="field">
            <label class="label" for="field-year">{p.t(Admin::CalendarYear)}</label>
            <select id="field-year" class="input" prop:value=move || year.get().to_string()
                on:change=move |ev| if let Ok(y) = event_target_value(&ev).parse() { year.set(y) }>
                {years.into_iter().map(|y| view! { <option value=y.to_string()>{y}</option> }).collect_view()}
            </select>
        </div>
        {listed}
        <form novalidate class="panel" on:submit=mark aria-labelledby="calendar-add-title">
            <h4 id="calendar-add-title">{p.t(Admin::CalendarAdd)}</h4>
            <ErrorSummary errors=state.errors.into() order=DAY_FIELDS node=state.summary />
            <TextField name="date" label=Admin::CalendarDate value=date error=state.error("date") input_type="date" />
            <div class="field">
                <label class="label" for="field-kind">{p.t(Admin::CalendarKind)}</label>
                <select id="field-kind" class="input" prop:value=move || kind.get().code()
                    on:change=move |ev| {
                        let code = event_target_value(&ev);
                        if let Some(k) = SpecialKind::ALL.into_iter().find(|k| k.code() == code) { kind.set(k) }
                    }>
                    {SpecialKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{p.t(kind_key(k))}</option> }).collect_view()}
                </select>
            </div>
            <div class="button-row">
                <button type="submit" class="button" aria-disabled=move || state.busy.get().to_string()>{p.t(Admin::CalendarAdd)}</button>
            </div>
        </form>
    }
}

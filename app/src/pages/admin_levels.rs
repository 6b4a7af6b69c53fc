//! The admin's service levels: each topic's time to the first response and to
//! resolution (in working or calendar time) and what happens when a date passes, the
//! chat's first-reply time, and the business calendar (`admin_calendar.rs`). The server checks
//! the role and every value (`functions/src/http/levels_admin.rs`); this page checks the
//! same first, and keeps what was typed when a save fails.

use helpdesk_shared::sla::{
    CategoryPolicy, ChatPolicy, OnLate, Policy, REMIND_MAX_HOURS, SPAN_MAX_MINUTES, ServiceLevels,
    SlaClock, Span,
};
use helpdesk_shared::{Category, FieldCode, FieldError, Lang};
use leptos::prelude::*;

use super::admin::{failure_key, refused, said_banner};
use crate::api;
use crate::form::{ErrorSummary, FormState, TextField, same_name};
use crate::i18n::{Admin, Key, t};
use crate::load::show;
use crate::prefs::use_prefs;

const POLICY_FIELDS: &[&str] = &["first_response", "resolution", "remind_hours"];
const CHAT_FIELDS: &[&str] = &["first_reply_seconds"];

/// A span as people say it: "8 ч в рабочем времени", "1 h 30 min in calendar time".
fn span_text(lang: Lang, s: Span) -> String {
    let (h, m) = (s.minutes / 60, s.minutes % 60);
    let (hu, mu) = match lang {
        Lang::Ru => ("ч", "мин"),
        Lang::En => ("h", "min"),
    };
    let amount = match (h, m) {
        (0, m) => format!("{m} {mu}"),
        (h, 0) => format!("{h} {hu}"),
        (h, m) => format!("{h} {hu} {m} {mu}"),
    };
    let clock = match s.clock {
        SlaClock::Working => Admin::LevelsWorking,
        SlaClock::Calendar => Admin::LevelsCalendar,
    };
    format!("{amount} {}", t(lang, clock))
}

/// Hours as typed ("1,5", "48") in minutes, if in range.
fn minutes_of(hours: &str) -> Option<u32> {
    let h: f64 = hours.trim().replace(',', ".").parse().ok()?;
    let m = (h * 60.0).round();
    (m.is_finite() && m >= 1.0 && m <= f64::from(SPAN_MAX_MINUTES)).then_some(m as u32)
}

fn hours_of(minutes: u32) -> String {
    if minutes.is_multiple_of(60) {
        (minutes / 60).to_string()
    } else {
        format!("{:.2}", f64::from(minutes) / 60.0)
            .trim_end_matches('0')
            .to_owned()
    }
}

/// The policy form: one signal per field.
#[derive(Clone, Copy)]
struct PolicyDraft {
    first: RwSignal<String>,
    first_clock: RwSignal<SlaClock>,
    resolution: RwSignal<String>,
    resolution_clock: RwSignal<SlaClock>,
    alert: RwSignal<bool>,
    escalate: RwSignal<bool>,
    remind: RwSignal<String>,
}

impl PolicyDraft {
    fn fill(self, p: &Policy) {
        self.first.set(hours_of(p.first_response.minutes));
        self.first_clock.set(p.first_response.clock);
        self.resolution.set(hours_of(p.resolution.minutes));
        self.resolution_clock.set(p.resolution.clock);
        self.alert.set(p.on_late.alert);
        self.escalate.set(p.on_late.escalate);
        self.remind.set(p.on_late.remind_hours.to_string());
    }

    /// The policy typed, or what to fix (the server's rules, checked first here).
    fn value(self) -> Result<Policy, Vec<FieldError>> {
        let out_of_range =
            |field, limit| FieldError::with_limit(field, FieldCode::OutOfRange, limit);
        let mut errors = Vec::new();
        let first = minutes_of(&self.first.get_untracked());
        let resolution = minutes_of(&self.resolution.get_untracked());
        let remind = self.remind.get_untracked().trim().parse::<u32>().ok();
        let remind = remind.filter(|h| (1..=REMIND_MAX_HOURS).contains(h));
        if first.is_none() {
            errors.push(out_of_range("first_response", SPAN_MAX_MINUTES / 60));
        }
        if resolution.is_none() {
            errors.push(out_of_range("resolution", SPAN_MAX_MINUTES / 60));
        }
        if remind.is_none() {
            errors.push(out_of_range("remind_hours", REMIND_MAX_HOURS));
        }
        match (first, resolution, remind) {
            (Some(first), Some(resolution), Some(remind_hours)) => Ok(Policy {
                first_response: Span {
                    minutes: first,
                    clock: self.first_clock.get_untracked(),
                },
                resolution: Span {
                    minutes: resolution,
                    clock: self.resolution_clock.get_untracked(),
                },
                on_late: OnLate {
                    alert: self.alert.get_untracked(),
                    escalate: self.escalate.get_untracked(),
                    remind_hours,
                },
            }),
            _ => Err(errors),
        }
    }
}

/// A clock's choice, as a select bound to `clock`.
#[component]
fn ClockSelect(id: &'static str, clock: RwSignal<SlaClock>) -> impl IntoView {
    let p = use_prefs();
    let code = move || match clock.get() {
        SlaClock::Working => "working",
        SlaClock::Calendar => "calendar",
    };
    view! {
        <select id=id class="input" aria-label=p.t(Admin::LevelsClock) prop:value=code
            on:change=move |ev| clock.set(if event_target_value(&ev) == "calendar" { SlaClock::Calendar } else { SlaClock::Working })>
            <option value="working">{p.t(Admin::LevelsWorking)}</option>
            <option value="calendar">{p.t(Admin::LevelsCalendar)}</option>
        </select>
    }
}

/// The service levels for admins: the topics' policies and the calendar.
#[component]
pub fn LevelsAdmin() -> impl IntoView {
    let p = use_prefs();
    let levels = LocalResource::new(|| api::get::<ServiceLevels>("/admin/service-levels"));
    let editing = RwSignal::new(None::<Category>);
    let draft = PolicyDraft {
        first: RwSignal::new(String::new()),
        first_clock: RwSignal::new(SlaClock::Working),
        resolution: RwSignal::new(String::new()),
        resolution_clock: RwSignal::new(SlaClock::Calendar),
        alert: RwSignal::new(true),
        escalate: RwSignal::new(true),
        remind: RwSignal::new(String::new()),
    };
    let state = FormState::new();
    let said = RwSignal::new(None::<(bool, Key)>);
    // The calendar's year and banner outlive the list's reload after a save.
    let year = RwSignal::new(helpdesk_shared::moscow::date(crate::pages::now()).year());
    let day_said = RwSignal::new(None::<(bool, Key)>);
    let form_title = NodeRef::<leptos::html::H3>::new();
    let open = Callback::new(move |c: CategoryPolicy| {
        editing.set(Some(c.category));
        draft.fill(&c.policy);
        state.clear();
        said.set(None);
        request_animation_frame(move || {
            if let Some(h) = form_title.get_untracked() {
                h.scroll_into_view();
                let _ = h.focus();
            }
        });
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(category) = editing.get_untracked() else {
            return;
        };
        let policy = match draft.value() {
            Ok(policy) => policy,
            Err(errs) => return state.refuse(errs, same_name),
        };
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            let path = format!("/admin/service-levels/policies/{}", category.code());
            match api::put::<_, ServiceLevels>(&path, &policy, false).await {
                Ok(_) => {
                    editing.set(None);
                    said.set(Some((true, Admin::LevelsSaved.into())));
                    levels.refetch();
                }
                Err(f) => refused(state, said, f),
            }
            state.done();
        });
    };
    let render = move |s: ServiceLevels| {
        let cards = s
            .policies
            .into_iter()
            .map(|c| {
                let (policy, category) = (c.policy, c.category);
                let late = policy.on_late;
                view! {
                    <li class="ticket-card">
                        <p class="ticket-card-head">
                            <span>{move || category.title(p.lang.get())}</span>
                            <span class="meta">{p.t(if c.default { Admin::LevelsDefault } else { Admin::LevelsChanged })}</span>
                        </p>
                        <p class="meta">
                            {move || format!("{}: {} · {}: {}",
                                t(p.lang.get(), Admin::LevelsFirst), span_text(p.lang.get(), policy.first_response),
                                t(p.lang.get(), Admin::LevelsResolution), span_text(p.lang.get(), policy.resolution))}
                        </p>
                        <p class="meta">
                            {move || format!("{}; {}; {} {} {}",
                                t(p.lang.get(), if late.alert { Admin::LevelsAlertOn } else { Admin::LevelsAlertOff }),
                                t(p.lang.get(), if late.escalate { Admin::LevelsEscalateOn } else { Admin::LevelsEscalateOff }),
                                t(p.lang.get(), Admin::LevelsRemindEvery), late.remind_hours,
                                if p.lang.get() == Lang::Ru { "ч" } else { "h" })}
                        </p>
                        <div class="button-row">
                            <button type="button" class="button button-secondary"
                                aria-label=move || format!("{}: {}", t(p.lang.get(), Admin::LevelsEdit), category.title(p.lang.get()))
                                on:click={
                                    let c = c.clone();
                                    move |_| open.run(c.clone())
                                }>{p.t(Admin::LevelsEdit)}</button>
                        </div>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ChatLevel chat=s.chat said=said on_saved=Callback::new(move |()| levels.refetch()) />
            <ul class="ticket-list">{cards}</ul>
            <super::admin_calendar::CalendarAdmin days=s.days year=year said=day_said on_saved=Callback::new(move |()| levels.refetch()) />
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="levels-title">
            <h2 id="levels-title">{p.t(Admin::LevelsTitle)}</h2>
            <p class="hint">{p.t(Admin::LevelsIntro)}</p>
            {move || said.get().filter(|_| editing.get().is_none()).map(|said| said_banner(p, said))}
            {move || editing.get().map(|category| view! {
                <form novalidate class="panel" on:submit=save>
                    <h3 node_ref=form_title tabindex="-1">
                        {move || format!("{} «{}»", t(p.lang.get(), Admin::LevelsEditTitle), category.title(p.lang.get()))}
                    </h3>
                    <ErrorSummary errors=state.errors.into() order=POLICY_FIELDS node=state.summary />
                    <TextField name="first_response" label=Admin::LevelsFirstHours hint=Admin::LevelsHoursHint
                        value=draft.first error=state.error("first_response") inputmode="decimal" autocomplete="off" />
                    <div class="field"><ClockSelect id="field-first_clock" clock=draft.first_clock /></div>
                    <TextField name="resolution" label=Admin::LevelsResolutionHours hint=Admin::LevelsHoursHint
                        value=draft.resolution error=state.error("resolution") inputmode="decimal" autocomplete="off" />
                    <div class="field"><ClockSelect id="field-resolution_clock" clock=draft.resolution_clock /></div>
                    <div class="field checkbox">
                        <input id="field-alert" type="checkbox" prop:checked=move || draft.alert.get()
                            on:change=move |ev| draft.alert.set(event_target_checked(&ev)) />
                        <label for="field-alert">{p.t(Admin::LevelsAlert)}</label>
                    </div>
                    <div class="field checkbox">
                        <input id="field-escalate" type="checkbox" prop:checked=move || draft.escalate.get()
                            on:change=move |ev| draft.escalate.set(event_target_checked(&ev)) />
                        <label for="field-escalate">{p.t(Admin::LevelsEscalate)}</label>
                    </div>
                    <TextField name="remind_hours" label=Admin::LevelsRemindHours
                        value=draft.remind error=state.error("remind_hours") inputmode="numeric" autocomplete="off" />
                    {move || said.get().filter(|(ok, _)| !ok).map(|(_, key)| view! { <div class="banner" role="alert">{p.t(key)}</div> })}
                    <div class="button-row">
                        <button type="submit" class="button" aria-disabled=move || state.busy.get().to_string()>{p.t(Admin::CannedSave)}</button>
                        <button type="button" class="button button-secondary" on:click=move |_| { editing.set(None); state.clear(); }>{p.t(Admin::Cancel)}</button>
                    </div>
                </form>
            })}
            {show(levels, failure_key, render)}
        </section>
    }
}

/// The chat's first-reply target: shown, and changed in a one-field form.
#[component]
fn ChatLevel(
    chat: ChatPolicy,
    said: RwSignal<Option<(bool, Key)>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let p = use_prefs();
    let editing = RwSignal::new(false);
    let seconds = RwSignal::new(chat.first_reply_seconds.to_string());
    let state = FormState::new();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = ChatPolicy {
            first_reply_seconds: seconds.get_untracked().trim().parse().unwrap_or(0),
        };
        let problems = value.problems();
        if !problems.is_empty() {
            return state.refuse(problems, same_name);
        }
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::put::<_, ServiceLevels>("/admin/service-levels/chat", &value, false).await {
                Ok(_) => {
                    said.set(Some((true, Admin::LevelsChatSaved.into())));
                    on_saved.run(());
                }
                Err(f) => refused(state, said, f),
            }
            state.done();
        });
    };
    view! {
        <div class="ticket-card" id="levels-chat">
            <p class="ticket-card-head"><span>{p.t(Admin::LevelsChat)}</span>
                <span class="meta">{p.t(if chat == ChatPolicy::default() { Admin::LevelsDefault } else { Admin::LevelsChanged })}</span></p>
            <p class="meta">{p.t(Admin::LevelsChatReply)}" "{chat.first_reply_seconds}</p>
            {move || if editing.get() {
                view! {
                    <form novalidate on:submit=save>
                        <ErrorSummary errors=state.errors.into() order=CHAT_FIELDS node=state.summary />
                        <TextField name="first_reply_seconds" label=Admin::LevelsChatSeconds hint=Admin::LevelsChatHint
                            value=seconds error=state.error("first_reply_seconds") inputmode="numeric" autocomplete="off" />
                        <div class="button-row">
                            <button type="submit" class="button" aria-disabled=move || state.busy.get().to_string()>{p.t(Admin::CannedSave)}</button>
                            <button type="button" class="button button-secondary" on:click=move |_| { editing.set(false); state.clear(); }>{p.t(Admin::Cancel)}</button>
                        </div>
                    </form>
                }.into_any()
            } else {
                view! {
                    <div class="button-row"><button type="button" class="button button-secondary"
                        on:click=move |_| editing.set(true)>{p.t(Admin::LevelsChatEdit)}</button></div>
                }.into_any()
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_read_as_typed() {
        assert_eq!(minutes_of("8"), Some(480));
        assert_eq!(minutes_of("1,5"), Some(90));
        assert_eq!(minutes_of(" 0.25 "), Some(15));
        assert_eq!(minutes_of("720"), Some(43_200));
        for bad in ["0", "-1", "721", "abc", "", "NaN", "inf"] {
            assert_eq!(minutes_of(bad), None, "{bad}");
        }
        assert_eq!(hours_of(90), "1.5");
        assert_eq!(hours_of(20), "0.33");
        assert_eq!(hours_of(2880), "48");
    }

    #[test]
    fn spans_read_as_people_say_them() {
        assert_eq!(
            span_text(Lang::Ru, Span::working_hours(8)),
            "8 ч в рабочем времени"
        );
        let s = Span {
            minutes: 90,
            clock: SlaClock::Calendar,
        };
        assert_eq!(span_text(Lang::En, s), "1 h 30 min in calendar time");
    }
}

//! Reports for supervisors and admins (`/staff/reports`): a range of Moscow days and
//! filters, the key figures with the counts they come from, charts (`charts.rs`) with
//! their tables, the definitions of every figure, and the days as CSV. The server checks
//! the role; this page only reads.

use helpdesk_shared::auth::Department;
use helpdesk_shared::report::{Channel, ReportQuery, iso};
use helpdesk_shared::report_view::{ReportView, percent};
use helpdesk_shared::{Category, FieldError, Lang, Level};
use leptos::prelude::*;

use super::charts::{BarChart, LineChart, Series, short_date};
use crate::api::{self, ApiFailure};
use crate::form::{ErrorSummary, TextField, error_for, focus_after_render};
use crate::i18n::{Key, Reports, Site, Workspace, t};
use crate::load::show;
use crate::prefs::use_prefs;

const ORDER: &[&str] = &["from", "to", "category", "channel", "level", "department"];

/// "2 ч 15 мин", "35 с", "3 дн 4 ч"; "—" without a value.
pub fn duration(secs: Option<u64>, lang: Lang) -> String {
    let Some(s) = secs else {
        return "—".into();
    };
    let [sec, min, h, d] = match lang {
        Lang::Ru => ["с", "мин", "ч", "дн"],
        Lang::En => ["s", "min", "h", "d"],
    };
    match s {
        0..60 => format!("{s} {sec}"),
        60..3600 => format!("{} {min}", s / 60),
        3600..86_400 => match (s / 3600, s % 3600 / 60) {
            (h_, 0) => format!("{h_} {h}"),
            (h_, m) => format!("{h_} {h} {m} {min}"),
        },
        _ => match (s / 86_400, s % 86_400 / 3600) {
            (d_, 0) => format!("{d_} {d}"),
            (d_, h_) => format!("{d_} {d} {h_} {h}"),
        },
    }
}

/// "78,0 %" (Russian) or "78.0 %"; "—" of nothing.
fn share(part: i64, whole: i64, lang: Lang) -> String {
    match percent(part, whole) {
        None => "—".into(),
        Some(p) => {
            let s = format!("{p:.1} %");
            match lang {
                Lang::Ru => s.replace('.', ","),
                Lang::En => s,
            }
        }
    }
}

fn failure(f: &ApiFailure) -> Key {
    match f.status() {
        0 => Site::ErrorsNetwork.into(),
        403 => Reports::Forbidden.into(),
        _ => Reports::Failed.into(),
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Reports::Title);
    let today = helpdesk_shared::moscow::date(super::now());
    let applied = RwSignal::new(ReportQuery::recent(today));
    let [from, to, category, channel, level, department] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let fill = move |q: &ReportQuery| {
        from.set(iso(q.from));
        to.set(iso(q.to));
    };
    fill(&applied.get_untracked());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let summary = NodeRef::<leptos::html::Div>::new();
    let report = LocalResource::new(move || {
        let path = format!("/staff/reports?{}", applied.get().to_query());
        async move { api::get::<ReportView>(&path).await }
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let values = [from, to, category, channel, level, department].map(|s| s.get_untracked());
        let pairs = ORDER.iter().copied().zip(values.iter().map(String::as_str));
        match ReportQuery::parse(pairs, helpdesk_shared::moscow::date(super::now())) {
            Ok(q) => {
                errors.set(Vec::new());
                applied.set(q);
            }
            Err(e) => {
                errors.set(e);
                focus_after_render(summary);
            }
        }
    };
    let select = move |id: &'static str,
                       label: Key,
                       value: RwSignal<String>,
                       options: Vec<(String, String)>| {
        view! {
            <div class="field filter">
                <label class="label" for=id>{p.t(label)}</label>
                <select id=id class="input" prop:value=move || value.get()
                    on:change=move |ev| value.set(event_target_value(&ev))>
                    {options.into_iter().map(|(v, text)| view! { <option value=v>{text}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    // "This week", "30 days"…: the range ending today, shown at once.
    let preset = move |days: i64| {
        let today = helpdesk_shared::moscow::date(super::now());
        let q = ReportQuery {
            from: today - time::Duration::days(days - 1),
            to: today,
            ..applied.get_untracked()
        };
        fill(&q);
        errors.set(Vec::new());
        applied.set(q);
    };
    let presets = [
        (7, Reports::Week),
        (30, Reports::Days30),
        (91, Reports::Quarter),
        (365, Reports::Year),
    ];
    let csv = move || {
        let lang = p.lang.get().code();
        format!(
            "/api/v1/staff/reports/csv?{}&lang={lang}",
            applied.get().to_query()
        )
    };
    view! {
        <h1>{p.t(Reports::Title)}</h1>
        <p class="lead">{p.t(Reports::Lead)}</p>
        <ErrorSummary errors=errors.into() order=ORDER node=summary />
        <div class="chips" role="group" aria-label=p.t(Reports::Presets)>
            {presets.map(|(days, label)| {
                let pressed = move || {
                    let q = applied.get();
                    (q.to == helpdesk_shared::moscow::date(super::now())
                        && (q.to - q.from).whole_days() + 1 == days)
                        .to_string()
                };
                view! {
                    <button type="button" class="chip" aria-pressed=pressed on:click=move |_| preset(days)>{p.t(label)}</button>
                }
            })}
        </div>
        <form class="filters" novalidate on:submit=apply aria-label=p.t(Reports::Filters)>
            <TextField name="from" label=Reports::From value=from error=error_for(errors.into(), "from") input_type="date" />
            <TextField name="to" label=Reports::To value=to error=error_for(errors.into(), "to") input_type="date" />
            {move || {
                let lang = p.lang.get();
                let any = || (String::new(), t(lang, Reports::Any).to_owned());
                let categories = std::iter::once(any())
                    .chain(Category::ALL.map(|c| (c.code().to_owned(), c.title(lang).to_owned())))
                    .collect();
                let channels = vec![
                    any(),
                    (Channel::Form.code().to_owned(), t(lang, Reports::ChannelForm).to_owned()),
                    (Channel::Chat.code().to_owned(), t(lang, Reports::ChannelChat).to_owned()),
                ];
                let levels = vec![
                    any(),
                    (Level::Bot.code().to_owned(), t(lang, Reports::LevelBot).to_owned()),
                    (Level::Operator.code().to_owned(), t(lang, Reports::LevelOperator).to_owned()),
                    (Level::Specialist.code().to_owned(), t(lang, Reports::LevelSpecialist).to_owned()),
                ];
                let departments = std::iter::once(any())
                    .chain(Department::ALL.map(|d| (d.code().to_owned(), d.title(lang).to_owned())))
                    .collect();
                view! {
                    {select("field-category", Workspace::QueueCategory.into(), category, categories)}
                    {select("field-channel", Reports::Channel.into(), channel, channels)}
                    {select("field-level", Workspace::QueueLevel.into(), level, levels)}
                    {select("field-department", Reports::Department.into(), department, departments)}
                }
            }}
            <div class="filter"><button type="submit" class="button">{p.t(Reports::Show)}</button></div>
        </form>
        <p><a class="button button-secondary" href=csv download>{p.t(Reports::Csv)}</a></p>
        {show(report, failure, move |r| view! { <Figures r=r /> }.into_any())}
        <Definitions />
    }
}

/// A figure: its name, its value, what it is made of.
fn card(name: String, value: String, detail: String) -> impl IntoView {
    view! {
        <div class="figure">
            <dt>{name}</dt>
            <dd><strong>{value}</strong><span class="meta">{detail}</span></dd>
        </div>
    }
}

#[component]
fn Figures(r: ReportView) -> impl IntoView {
    let p = use_prefs();
    move || {
        let lang = p.lang.get();
        let tt = |k: Reports| t(lang, k).to_owned();
        let sum =
            |f: fn(&helpdesk_shared::report_view::DayRow) -> i64| r.days.iter().map(f).sum::<i64>();
        let (received, resolved, rejected) = (
            sum(|d| d.received),
            sum(|d| d.resolved),
            sum(|d| d.rejected),
        );
        let of = |part: i64, whole: i64| format!("{part} {} {whole}", tt(Reports::Of));
        let times = |x: &helpdesk_shared::report_view::Times| {
            let (work, wall) = (tt(Reports::WorkTime), tt(Reports::WallTime));
            format!(
                "{} {work}; {wall}: {}. {}: {} {work}, {} {wall}. {} {}",
                tt(Reports::Median),
                duration(x.wall_median, lang),
                tt(Reports::P90),
                duration(x.work_p90, lang),
                duration(x.wall_p90, lang),
                share(x.within, x.with_target, lang),
                tt(Reports::WithinLevel),
            )
        };
        let fr = &r.first_response;
        let res = &r.resolution;
        let c = &r.chats;
        let escalated = r.escalated_auto + r.escalated_manual;
        // More than a quarter: a point a week (from its first day), so the line stays
        // readable on a phone; the table follows.
        let weekly = r.days.len() > 92;
        let points: Vec<helpdesk_shared::report_view::DayRow> = if weekly {
            r.days
                .chunks(7)
                .map(|w| helpdesk_shared::report_view::DayRow {
                    date: w[0].date.clone(),
                    received: w.iter().map(|d| d.received).sum(),
                    resolved: w.iter().map(|d| d.resolved).sum(),
                    rejected: w.iter().map(|d| d.rejected).sum(),
                    chats: 0,
                    handed_off: 0,
                })
                .collect()
        } else {
            r.days.clone()
        };
        let labels: Vec<String> = points.iter().map(|d| d.date.clone()).collect();
        let peak = points
            .iter()
            .max_by_key(|d| d.received)
            .filter(|d| d.received > 0);
        let day_summary = format!(
            "{}{}: {received}, {}: {resolved}, {}: {rejected}.{}",
            if weekly {
                tt(Reports::ByWeek)
            } else {
                String::new()
            },
            tt(Reports::Received),
            tt(Reports::Resolved),
            tt(Reports::Rejected),
            peak.map(|d| format!(
                " {} — {}: {}.",
                tt(Reports::Peak),
                short_date(&d.date),
                d.received
            ))
            .unwrap_or_default()
        );
        let series = vec![
            Series {
                name: tt(Reports::Received),
                class: "s1",
                values: points.iter().map(|d| d.received).collect(),
            },
            Series {
                name: tt(Reports::Resolved),
                class: "s2",
                values: points.iter().map(|d| d.resolved).collect(),
            },
            Series {
                name: tt(Reports::Rejected),
                class: "s3",
                values: points.iter().map(|d| d.rejected).collect(),
            },
        ];
        let categories: Vec<(String, i64)> = r
            .categories
            .iter()
            .filter(|v| v.received > 0)
            .map(|v| {
                let name = Category::from_code(&v.key)
                    .map_or_else(|| tt(Reports::NoTopic), |c| c.title(lang).to_owned());
                (name, v.received)
            })
            .collect();
        let channels: Vec<(String, i64)> = r
            .channels
            .iter()
            .map(|v| {
                let name = match Channel::from_code(&v.key) {
                    Some(Channel::Chat) => tt(Reports::ChannelChat),
                    _ => tt(Reports::ChannelForm),
                };
                (name, v.received + v.chats)
            })
            .collect();
        let bars_summary = |rows: &[(String, i64)]| {
            rows.iter()
                .max_by_key(|r| r.1)
                .map(|(n, v)| format!("{} — {n}: {v}.", tt(Reports::Peak)))
                .unwrap_or_else(|| tt(Reports::NoData))
        };
        let cat_summary = bars_summary(&categories);
        let chan_summary = bars_summary(&channels);
        view! {
            <section aria-labelledby="key-title">
                <h2 id="key-title">{tt(Reports::Key)}</h2>
                <dl class="figures">
                    {card(tt(Reports::Received), received.to_string(), format!("{}: {resolved} · {}: {rejected}", tt(Reports::Resolved), tt(Reports::Rejected)))}
                    {card(tt(Reports::FirstResponse), duration(fr.work_median, lang), times(fr))}
                    {card(tt(Reports::Resolution), duration(res.work_median, lang), times(res))}
                    {card(tt(Reports::Fcr), share(r.first_contact, r.resolved, lang), of(r.first_contact, r.resolved))}
                    {card(tt(Reports::Escalated), share(escalated, r.closed, lang),
                        format!("{}: {} · {}: {} · {}", tt(Reports::EscalatedAuto), r.escalated_auto, tt(Reports::EscalatedManual), r.escalated_manual, of(escalated, r.closed)))}
                    {card(tt(Reports::Csat), share(r.satisfied(), r.csat_answers(), lang), format!("{} {}", r.csat_answers(), tt(Reports::Answers)))}
                    {card(tt(Reports::Nps), r.nps_score().map_or_else(|| "—".into(), |n| format!("{n:+}")), format!("{} {}", r.nps_answers(), tt(Reports::Answers)))}
                </dl>
            </section>
            <section aria-labelledby="chats-title">
                <h2 id="chats-title">{tt(Reports::Chats)}</h2>
                <dl class="figures">
                    {card(tt(Reports::ChatsStarted), c.started.to_string(),
                        format!("{}: {} · {}: {}", tt(Reports::ChatsBot), c.bot_only, tt(Reports::ChatsHanded), c.handed_off))}
                    {card(tt(Reports::ChatsWait), duration(c.wait_median, lang),
                        format!("{}; {}: {}", tt(Reports::Median), tt(Reports::P90), duration(c.wait_p90, lang)))}
                    {card(tt(Reports::ChatsReply), duration(c.reply_median, lang),
                        format!("{}; {}: {}. {} — {}", tt(Reports::Median), tt(Reports::P90), duration(c.reply_p90, lang), share(c.replied_within, c.replied, lang), tt(Reports::WithinLevel)))}
                </dl>
            </section>
            <section aria-labelledby="per-day-title">
                <h2 id="per-day-title">{tt(Reports::PerDay)}</h2>
                <LineChart id="per-day" title=tt(Reports::PerDay) summary=day_summary labels=labels series=series lang=lang />
            </section>
            <section aria-labelledby="by-category-title">
                <h2 id="by-category-title">{tt(Reports::ByCategory)}</h2>
                <BarChart id="by-category" title=tt(Reports::ByCategory) summary=cat_summary rows=categories value_name=tt(Reports::Received) lang=lang />
            </section>
            <section aria-labelledby="by-channel-title">
                <h2 id="by-channel-title">{tt(Reports::ByChannel)}</h2>
                <BarChart id="by-channel" title=tt(Reports::ByChannel) summary=chan_summary rows=channels value_name=tt(Reports::Received) lang=lang />
            </section>
        }
    }
}

#[component]
fn Definitions() -> impl IntoView {
    let p = use_prefs();
    view! {
        <section aria-labelledby="definitions-title">
            <h2 id="definitions-title">{p.t(Reports::Definitions)}</h2>
            <ul class="definitions">
                {[Reports::DefVolume, Reports::DefFirst, Reports::DefResolution, Reports::DefFcr,
                  Reports::DefEscalation, Reports::DefCsat, Reports::DefChats, Reports::DefPercentiles]
                    .map(|k| view! { <li>{p.t(k)}</li> })}
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(None, Lang::Ru), "—");
        assert_eq!(duration(Some(35), Lang::Ru), "35 с");
        assert_eq!(duration(Some(600), Lang::En), "10 min");
        assert_eq!(duration(Some(2 * 3600 + 15 * 60), Lang::Ru), "2 ч 15 мин");
        assert_eq!(duration(Some(3 * 86_400 + 4 * 3600), Lang::Ru), "3 дн 4 ч");
        assert_eq!(share(78, 100, Lang::Ru), "78,0 %");
        assert_eq!(share(2, 3, Lang::En), "66.7 %");
        assert_eq!(share(1, 0, Lang::En), "—");
    }
}

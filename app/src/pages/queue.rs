//! The queue: counts, filters, one page at a time, refreshed every 30 seconds.

use std::time::Duration;

use helpdesk_shared::queue::{AssigneeFilter, QueueFilter, QueuePageRequest};
use helpdesk_shared::workspace::{QueueCounts, QueueItem, QueuePage};
use helpdesk_shared::{Category, Level, Status};
use leptos::prelude::*;
use leptos_router::components::A;

use super::moscow;
use crate::api::{self, ApiFailure};
use crate::i18n::Workspace;
use crate::i18n::t;
use crate::load::{common_failure, show};
use crate::prefs::use_prefs;

/// The path of one page of the queue under `filter`.
fn page_path(filter: &QueueFilter, cursor: Option<String>) -> String {
    let request = QueuePageRequest {
        filter: filter.clone(),
        cursor,
        limit: Some(QueuePageRequest::LIMIT_DEFAULT),
    };
    format!("/staff/queue?{}", request.to_query())
}

#[component]
pub fn Queue() -> impl IntoView {
    let p = use_prefs();
    let applied = RwSignal::new(QueueFilter::default());
    // The first page under the filter, and the counts: refreshed every 30 s.
    let first = LocalResource::new(move || {
        let path = page_path(&applied.get(), None);
        async move { api::get::<QueuePage>(&path).await }
    });
    let counts = LocalResource::new(|| api::get::<QueueCounts>("/staff/queue/counts"));
    // The pages after the first ("Показать ещё") and the cursor after them.
    let more = RwSignal::new(More::default());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            counts.refetch();
            // Only while nothing more was read, so the list does not jump under the reader.
            if more.with_untracked(|m| m.0.is_empty()) {
                first.refetch();
            }
        },
        Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }
    // Shows the requests `f` selects; a count's button passes its own filter.
    let select_filter = Callback::new(move |f: QueueFilter| {
        more.set(More::default());
        applied.set(f);
    });
    view! {
        <CountChips counts=counts applied=applied show=select_filter />
        <Filters applied=applied show=select_filter />
        <p class="meta">{p.t(Workspace::QueueRefreshed)}</p>
        {show(first, common_failure, move |page| view! { <QueueTable first=page filter=applied.get_untracked() more=more /> }.into_any())}
    }
}

/// Pages read after the first, and the cursor after the last of them (`None` before any).
#[derive(Clone, Default, PartialEq)]
struct More(Vec<QueueItem>, Option<Option<String>>);

/// The counts, each a button that shows what it counts.
#[component]
fn CountChips(
    counts: LocalResource<Result<QueueCounts, ApiFailure>>,
    applied: RwSignal<QueueFilter>,
    show: Callback<QueueFilter>,
) -> impl IntoView {
    let p = use_prefs();
    let show = move |f: QueueFilter| show.run(f);
    view! {
    <section aria-labelledby="counts-title" class="counts">
            <h2 id="counts-title" class="visually-hidden">{p.t(Workspace::QueueCounts)}</h2>
            {move || counts.get().and_then(Result::ok).map(|c| {
                let lang = p.lang.get();
                let current = applied.get();
                let only = |f: fn(&mut QueueFilter)| {
                    let mut preset = QueueFilter::default();
                    f(&mut preset);
                    preset
                };
                let mut chips = vec![
                    (c.open.to_string(), t(lang, Workspace::QueueOpen), QueueFilter::default(), false),
                    (
                        format!("{}{}", c.overdue, if c.overdue_more { "+" } else { "" }),
                        t(lang, Workspace::QueueOverdue),
                        only(|f| f.overdue = true),
                        c.overdue > 0,
                    ),
                    (c.unassigned.to_string(), t(lang, Workspace::QueueUnassigned), only(|f| f.assignee = Some(AssigneeFilter::Unassigned)), false),
                    (c.mine.to_string(), t(lang, Workspace::QueueMine), only(|f| f.assignee = Some(AssigneeFilter::Me)), false),
                ];
                chips.extend(Status::ALL.into_iter().filter(|s| !s.is_final()).map(|s| {
                    let n = c.by_status.get(s.code()).copied().unwrap_or(0);
                    let preset = QueueFilter { status: Some(s), ..QueueFilter::default() };
                    (n.to_string(), s.title(lang), preset, false)
                }));
                view! {
                    <ul class="chips">
                        {chips.into_iter().map(|(n, label, preset, alert)| {
                            let pressed = preset == current;
                            view! {
                                <li><button type="button" class="chip" class:chip-alert=alert
                                    aria-pressed=pressed.to_string()
                                    on:click=move |_| show(preset.clone())>
                                    <strong>{n}</strong>" "{label}
                                </button></li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
        </section>
    }
}

/// The filter form; it follows the counts' buttons too.
#[component]
fn Filters(applied: RwSignal<QueueFilter>, show: Callback<QueueFilter>) -> impl IntoView {
    let p = use_prefs();
    let draft = RwSignal::new(applied.get_untracked());
    Effect::new(move |_| draft.set(applied.get()));
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        show.run(draft.get_untracked());
    };
    let select = move |id: &'static str,
                       label: Workspace,
                       options: Vec<(String, String)>,
                       get: fn(&QueueFilter) -> String,
                       set: fn(&mut QueueFilter, &str)| {
        view! {
            <div class="field filter">
                <label class="label" for=id>{p.t(label)}</label>
                <select id=id class="input" prop:value=move || get(&draft.get())
                    on:change=move |ev| { let v = event_target_value(&ev); draft.update(|f| set(f, &v)); }>
                    {options.into_iter().map(|(v, text)| view! { <option value=v>{text}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <form class="filters" on:submit=apply aria-label=p.t(Workspace::QueueFilters)>
            {move || {
                let lang = p.lang.get();
                let mut statuses = vec![(String::new(), t(lang, Workspace::QueueOpenOnly).to_owned())];
                statuses.extend(Status::ALL.map(|s| (s.code().to_owned(), s.title(lang).to_owned())));
                let mut categories = vec![(String::new(), t(lang, Workspace::QueueAnyF).to_owned())];
                categories.extend(Category::ALL.map(|c| (c.code().to_owned(), c.title(lang).to_owned())));
                let levels = vec![
                    (String::new(), t(lang, Workspace::QueueAny).to_owned()),
                    (Level::Operator.code().to_owned(), t(lang, Workspace::QueueLevelOperator).to_owned()),
                    (Level::Specialist.code().to_owned(), t(lang, Workspace::QueueLevelSpecialist).to_owned()),
                ];
                let assignees = vec![
                    (String::new(), t(lang, Workspace::QueueAny).to_owned()),
                    (AssigneeFilter::Me.code().to_owned(), t(lang, Workspace::QueueAssigneeMe).to_owned()),
                    (AssigneeFilter::Unassigned.code().to_owned(), t(lang, Workspace::QueueAssigneeNone).to_owned()),
                ];
                view! {
                    {select("filter-status", Workspace::QueueStatus, statuses,
                        |f| f.status.map(|s| s.code().to_owned()).unwrap_or_default(), |f, v| f.status = Status::from_code(v))}
                    {select("filter-category", Workspace::QueueCategory, categories,
                        |f| f.category.map(|c| c.code().to_owned()).unwrap_or_default(), |f, v| f.category = Category::from_code(v))}
                    {select("filter-level", Workspace::QueueLevel, levels,
                        |f| f.level.map(|l| l.code().to_owned()).unwrap_or_default(), |f, v| f.level = Level::from_code(v))}
                    {select("filter-assignee", Workspace::QueueAssignee, assignees,
                        |f| f.assignee.as_ref().map(|a| a.code().to_owned()).unwrap_or_default(), |f, v| f.assignee = AssigneeFilter::parse(v))}
                }
            }}
            <div class="field filter checkbox">
                <input id="filter-overdue" type="checkbox" prop:checked=move || draft.get().overdue
                    on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|f| f.overdue = on); } />
                <label for="filter-overdue">{p.t(Workspace::QueueOnlyOverdue)}</label>
            </div>
            <div class="filter"><button type="submit" class="button">{p.t(Workspace::QueueApply)}</button></div>
        </form>
    }
}

/// "2 ч 10 мин" / "2 h 10 min" of working time.
fn span(minutes: i64, lang: helpdesk_shared::Lang) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let (hs, ms) = match lang {
        helpdesk_shared::Lang::Ru => ("ч", "мин"),
        helpdesk_shared::Lang::En => ("h", "min"),
    };
    match (h, m) {
        (0, m) => format!("{m} {ms}"),
        (h, 0) => format!("{h} {hs}"),
        (h, m) => format!("{h} {hs} {m} {ms}"),
    }
}

/// The due column: the date and how much working time is left (or how late it is); a
/// request waiting for the citizen has its clocks stopped.
fn due_cell(i: &helpdesk_shared::workspace::QueueItem, lang: helpdesk_shared::Lang) -> AnyView {
    let date = moscow(i.expected_by);
    let repeat = i
        .repeat
        .then(|| view! { <span class="late">{t(lang, Workspace::QueueRepeat)}</span> });
    let cell = match i.due_in_minutes {
        Some(m) if m < 0 => view! {
            {date}<span class="late">{format!("{} {}", t(lang, Workspace::QueueLateBy), span(m.abs(), lang))}</span>
        }
        .into_any(),
        Some(m) => view! {
            {date}<span class="meta cell-sub">{format!("{} {}", t(lang, Workspace::QueueDueIn), span(m, lang))}</span>
        }
        .into_any(),
        None if i.status == helpdesk_shared::Status::AwaitingCitizen => view! {
            <span class="meta">{t(lang, Workspace::QueuePaused)}</span>
        }
        .into_any(),
        None => view! { {date} }.into_any(),
    };
    view! { {cell}{repeat} }.into_any()
}

/// The requests, soonest due first, with "show more" while there are more.
#[component]
fn QueueTable(first: QueuePage, filter: QueueFilter, more: RwSignal<More>) -> impl IntoView {
    let p = use_prefs();
    if first.items.is_empty() {
        return view! { <p>{p.t(Workspace::QueueEmpty)}</p> }.into_any();
    }
    let first_cursor = first.cursor.clone();
    let cursor = move || {
        more.with(|m| m.1.clone())
            .unwrap_or_else(|| first_cursor.clone())
    };
    let load_more = {
        let cursor = cursor.clone();
        move |_| {
            let path = page_path(&filter.clone(), cursor());
            leptos::task::spawn_local(async move {
                if let Ok(page) = api::get::<QueuePage>(&path).await {
                    more.update(|m| {
                        m.0.extend(page.items);
                        m.1 = Some(page.cursor);
                    });
                }
            });
        }
    };
    view! {
                <table class="queue">
                    <thead><tr>
                        <th scope="col">{p.t(Workspace::QueueNumber)}</th>
                        <th scope="col">{p.t(Workspace::QueueSubject)}</th>
                        <th scope="col">{p.t(Workspace::QueueStatus)}</th>
                        <th scope="col">{p.t(Workspace::QueueAssignee)}</th>
                        <th scope="col">{p.t(Workspace::QueueDue)}</th>
                    </tr></thead>
                    <tbody>
                        {move || first.items.iter().chain(more.get().0.iter()).cloned().map(|i| {
                            let lang = p.lang.get();
                            let dept = i.department.map(|d| format!(" · {}", d.title(lang))).unwrap_or_default();
                            let due = due_cell(&i, lang);
                            view! {
                                <tr class:row-overdue=i.overdue>
                                    <td><A href=format!("/staff/t/{}", i.number)>{i.number.clone()}</A></td>
                                    <td>{i.subject.clone()}<span class="meta cell-sub">{format!("{}{dept}", i.category.title(lang))}</span></td>
                                    <td><span class=format!("status status-{}", i.status.code())>{i.status.title(lang)}</span></td>
                                    <td>{i.assignee.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td>{due}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="hint">{p.t(Workspace::QueueDueNote)}</p>
                {move || {
                    let load_more = load_more.clone();
                    cursor().is_some().then(|| view! {
                        <p><button type="button" class="button button-secondary" on:click=load_more>{p.t(Workspace::QueueMore)}</button></p>
                    })
                }}
    }.into_any()
}

//! Charts drawn as SVG: lines for a series per day, horizontal bars for categories. Each
//! is an image with a text summary for screen readers (its `<title>` and `<desc>`, also
//! shown under it) and a table with the same numbers behind "Таблица". Drawn in a narrow
//! view box (a phone's width) and scaled up on wider screens, so the labels stay
//! readable on both.

use helpdesk_shared::Lang;
use leptos::prelude::*;

use crate::i18n::{Reports, t};

/// The view box's width.
const W: f64 = 360.0;
const LINE_H: f64 = 200.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 24.0;

/// A series of a line chart: its name, its style's class and one value per label.
pub struct Series {
    pub name: String,
    pub class: &'static str,
    pub values: Vec<i64>,
}

/// The smallest of 1, 2, 5 × 10ⁿ not below `v` (the axis's top).
fn nice_max(v: i64) -> i64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= v.max(1) {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// `2026-12-07` as `07.12`.
pub fn short_date(iso: &str) -> String {
    match (iso.get(8..10), iso.get(5..7)) {
        (Some(d), Some(m)) => format!("{d}.{m}"),
        _ => iso.to_owned(),
    }
}

/// The picture: an image named by its title and described by its summary.
fn svg(
    id: &str,
    height: f64,
    title: String,
    summary: String,
    content: impl IntoView,
) -> impl IntoView {
    let (title_id, desc_id) = (format!("{id}-chart-title"), format!("{id}-chart-desc"));
    let labelled = format!("{title_id} {desc_id}");
    view! {
        <svg class="chart" viewBox=format!("0 0 {W} {height}") role="img" aria-labelledby=labelled>
            <title id=title_id>{title}</title>
            <desc id=desc_id>{summary}</desc>
            {content}
        </svg>
    }
}

/// The same numbers as a table, behind "Таблица".
fn table_behind(
    lang: Lang,
    title: String,
    head: impl IntoView,
    body: impl IntoView,
) -> impl IntoView {
    view! {
        <details>
            <summary>{t(lang, Reports::Table)}</summary>
            <div class="table-scroll">
                <table>
                    <caption class="visually-hidden">{title}</caption>
                    <thead><tr>{head}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </details>
    }
}

/// Lines over `labels` (dates), with a summary and a table.
#[component]
pub fn LineChart(
    id: &'static str,
    title: String,
    summary: String,
    labels: Vec<String>,
    series: Vec<Series>,
    lang: Lang,
) -> impl IntoView {
    let top = nice_max(
        series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .max()
            .unwrap_or(0),
    );
    let n = labels.len().max(1);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = LINE_H - TOP - BOTTOM;
    let x = move |i: usize| {
        LEFT + if n > 1 {
            plot_w * i as f64 / (n - 1) as f64
        } else {
            plot_w / 2.0
        }
    };
    let y = move |v: i64| TOP + plot_h * (1.0 - v as f64 / top as f64);
    let ticks = [0, top / 2, top];
    let marks: Vec<usize> = if n > 2 {
        vec![0, n / 2, n - 1]
    } else {
        (0..n).collect()
    };
    let lines = series
        .iter()
        .map(|s| {
            let points: Vec<String> = s
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
                .collect();
            view! { <polyline class=format!("line {}", s.class) points=points.join(" ") /> }
        })
        .collect_view();
    let picture = view! {
                {ticks.iter().map(|v| view! {
                    <line class="grid" x1=LEFT x2=W - RIGHT y1=y(*v) y2=y(*v) />
                    <text class="axis" x=LEFT - 4.0 y=y(*v) + 4.0 text-anchor="end">{v.to_string()}</text>
                }).collect_view()}
                {marks.into_iter().map(|i| {
                    // The ends' labels stay inside the picture.
                    let anchor = match i {
                        0 if n > 1 => "start",
                        i if i + 1 == n && n > 1 => "end",
                        _ => "middle",
                    };
                    view! {
                        <text class="axis" x=x(i) y=LINE_H - 6.0 text-anchor=anchor>{short_date(&labels[i])}</text>
                    }
                }).collect_view()}
                {lines}
    };
    let head = view! {
        <th scope="col">{t(lang, Reports::Date)}</th>
        {series.iter().map(|s| view! { <th scope="col">{s.name.clone()}</th> }).collect_view()}
    };
    let body = labels
        .iter()
        .enumerate()
        .map(|(i, d)| {
            view! {
                <tr>
                    <th scope="row">{d.clone()}</th>
                    {series.iter().map(|s| view! { <td>{s.values.get(i).copied().unwrap_or(0)}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart-box">
            {svg(id, LINE_H, title.clone(), summary.clone(), picture)}
            <figcaption>
                <ul class="legend">
                    {series.iter().map(|s| view! {
                        <li><svg class="key" viewBox="0 0 24 8" aria-hidden="true"><line class=format!("line {}", s.class) x1="0" x2="24" y1="4" y2="4" /></svg>{s.name.clone()}</li>
                    }).collect_view()}
                </ul>
                <p>{summary}</p>
            </figcaption>
            {table_behind(lang, title, head, body)}
        </figure>
    }
}

/// Horizontal bars, the label above each, largest first, with a table.
#[component]
pub fn BarChart(
    id: &'static str,
    title: String,
    summary: String,
    rows: Vec<(String, i64)>,
    value_name: String,
    lang: Lang,
) -> impl IntoView {
    let mut rows = rows;
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let top = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    const ROW: f64 = 40.0;
    let height = (ROW * rows.len() as f64).max(ROW);
    let picture = view! {
                {rows.iter().enumerate().map(|(i, (label, v))| {
                    let y0 = ROW * i as f64;
                    let width = (W - 60.0) * (*v).max(0) as f64 / top as f64;
                    view! {
                        <text class="bar-label" x="0" y=y0 + 14.0>{label.clone()}</text>
                        <rect class="bar" x="0" y=y0 + 20.0 width=width.max(1.0) height="12" />
                        <text class="axis" x=width + 6.0 y=y0 + 31.0>{v.to_string()}</text>
                    }
                }).collect_view()}
    };
    let head = view! { <th scope="col"></th><th scope="col">{value_name}</th> };
    let body = rows
        .iter()
        .map(|(label, v)| view! { <tr><th scope="row">{label.clone()}</th><td>{*v}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart-box">
            {svg(id, height, title.clone(), summary.clone(), picture)}
            <figcaption><p>{summary}</p></figcaption>
            {table_behind(lang, title, head, body)}
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_a_round_number() {
        assert_eq!(nice_max(0), 1);
        assert_eq!(nice_max(7), 10);
        assert_eq!(nice_max(11), 20);
        assert_eq!(nice_max(480), 500);
        assert_eq!(nice_max(501), 1000);
        assert_eq!(short_date("2026-12-07"), "07.12");
    }
}

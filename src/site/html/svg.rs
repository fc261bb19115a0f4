//! Inline SVG charts: risk heatmaps (likelihood × impact, on the scale set under `risk` in
//! aims.yaml; 5 × 5 by default) and KPI trends (measurements over time against the target).
//! No script, readable without CSS, with a text alternative for screen readers. Charts are
//! `role="group"`, not `img`: their cells and points are links, and an image's children are
//! hidden from assistive technology (WCAG 4.1.2, axe's `nested-interactive`).

use super::{Html, escape};
use crate::config::risk::RiskScale;
use std::fmt::Write;

const CELL: u32 = 64;
const LEFT: u32 = 72;
const TOP: u32 = 16;

fn fill(band: &str) -> &'static str {
    match band {
        "low" => "#d3f0dc",
        "medium" => "#fbeab0",
        "high" => "#fcc99a",
        _ => "#f4a7a7",
    }
}

/// Empty heat map cells for `scale`: `cells[l-1][i-1]`.
pub fn empty_cells(scale: &RiskScale) -> Vec<Vec<Vec<String>>> {
    vec![vec![Vec::new(); usize::from(scale.impact.levels)]; usize::from(scale.likelihood.levels)]
}

/// An axis label: the level and, when configured, its name.
fn axis_label(number: u8, label: Option<&str>) -> String {
    match label {
        Some(label) => format!("{number} {label}"),
        None => number.to_string(),
    }
}

/// `cells[l-1][i-1]` holds the ids of the risks with likelihood `l` and impact `i`.
pub fn heatmap(
    id: &str,
    title: &str,
    cells: &[Vec<Vec<String>>],
    scale: &RiskScale,
    root: &str,
) -> Html {
    let rows = scale.likelihood.levels;
    let columns = scale.impact.levels;
    let width = LEFT + CELL * u32::from(columns) + 8;
    let height = TOP + CELL * u32::from(rows) + 48;
    let total: usize = cells.iter().flatten().map(Vec::len).sum();
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="heatmap" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="group" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{} risks placed by likelihood (rows, {rows} at the top) and impact (columns, {columns} at the right).</desc>"#,
        escape(title),
        total
    );
    for likelihood in (1..=rows).rev() {
        let y = TOP + CELL * u32::from(rows - likelihood);
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" class="axis" text-anchor="end"><title>{}</title>{likelihood}</text>"#,
            LEFT - 10,
            y + CELL / 2 + 5,
            escape(&axis_label(likelihood, scale.likelihood.label(likelihood)))
        );
        for impact in 1..=columns {
            let x = LEFT + CELL * u32::from(impact - 1);
            let ids = cells
                .get(usize::from(likelihood - 1))
                .and_then(|row| row.get(usize::from(impact - 1)))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let score = scale.score(likelihood, impact);
            let label = if ids.is_empty() {
                format!("likelihood {likelihood}, impact {impact}: no risks")
            } else {
                format!(
                    "likelihood {likelihood}, impact {impact}: {}",
                    ids.join(", ")
                )
            };
            let _ = write!(svg, r#"<g><title>{}</title>"#, escape(&label));
            let rect = format!(
                r##"<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{}" stroke="#ffffff" stroke-width="2"/>"##,
                fill(scale.band(score))
            );
            if ids.is_empty() {
                svg.push_str(&rect);
            } else {
                let _ = write!(
                    svg,
                    r#"<a href="{root}risks.html#{}" aria-label="{}">{rect}<text x="{}" y="{}" class="count" text-anchor="middle">{}</text></a>"#,
                    escape(&format!("risk-{}", ids[0])),
                    // The visible count leads the name (WCAG 2.5.3, label in name).
                    escape(&format!(
                        "{} {}, {label}",
                        ids.len(),
                        if ids.len() == 1 { "risk" } else { "risks" }
                    )),
                    x + CELL / 2,
                    y + CELL / 2 + 7,
                    ids.len()
                );
            }
            svg.push_str("</g>");
        }
    }
    for impact in 1..=columns {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" class="axis" text-anchor="middle"><title>{}</title>{impact}</text>"#,
            LEFT + CELL * u32::from(impact - 1) + CELL / 2,
            TOP + CELL * u32::from(rows) + 18,
            escape(&axis_label(impact, scale.impact.label(impact)))
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" class="axis-title" text-anchor="middle">Impact →</text><text x="14" y="{}" class="axis-title" text-anchor="middle" transform="rotate(-90 14 {})">Likelihood →</text></svg>"#,
        LEFT + CELL * u32::from(columns) / 2,
        TOP + CELL * u32::from(rows) + 40,
        TOP + CELL * u32::from(rows) / 2,
        TOP + CELL * u32::from(rows) / 2
    );
    Html(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heatmap_places_and_escapes() {
        let scale = RiskScale::default();
        let mut cells = empty_cells(&scale);
        cells[3][4] = vec!["RISK-<1>".to_owned()];
        let svg = heatmap("h", "Inherent", &cells, &scale, "").to_string();
        assert!(svg.contains("likelihood 4, impact 5: RISK-&lt;1&gt;"));
        assert!(!svg.contains("RISK-<1>"));
        assert_eq!(svg.matches("<rect").count(), 25);
        assert_eq!(scale.band(20), "critical");
    }

    #[test]
    fn heatmap_follows_the_configured_scale() {
        let mut scale = RiskScale::default();
        scale.likelihood.levels = 3;
        scale.likelihood.labels = vec!["Low".into(), "Medium".into(), "<High>".into()];
        scale.impact.levels = 4;
        let cells = empty_cells(&scale);
        let svg = heatmap("h", "Inherent", &cells, &scale, "").to_string();
        assert_eq!(svg.matches("<rect").count(), 12);
        assert!(svg.contains("3 &lt;High&gt;"));
        assert!(svg.contains("rows, 3 at the top"));
    }
}

/// One measurement on a KPI chart.
pub struct ChartPoint<'p> {
    /// `YYYY-MM-DD`; the x position.
    pub date: &'p str,
    pub value: f64,
    /// Where the point links to (the change that recorded it); empty for no link.
    pub href: &'p str,
    /// What the point says when hovered or read out.
    pub label: &'p str,
    pub on_target: bool,
}

const CHART_WIDTH: f64 = 480.0;
const CHART_HEIGHT: f64 = 200.0;
const CHART_LEFT: f64 = 56.0;
const CHART_RIGHT: f64 = 16.0;
const CHART_TOP: f64 = 16.0;
const CHART_BOTTOM: f64 = 40.0;

/// A number as a chart label: up to three decimals, no trailing zeros.
fn tick(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// A KPI's measurements over time: points (oldest first) joined by a line, each a link to the
/// change that recorded it, and the target as a dashed line. `description` is the text
/// alternative's summary; the page also shows the values as a table.
pub fn kpi_chart(
    id: &str,
    title: &str,
    description: &str,
    points: &[ChartPoint<'_>],
    target: Option<f64>,
) -> Html {
    let days: Vec<Option<i64>> = points
        .iter()
        .map(|point| {
            crate::dates::parse_date(point.date)
                .map(|date| crate::dates::days_between(jiff::civil::date(2000, 1, 1), date))
        })
        .collect();
    let known: Vec<i64> = days.iter().flatten().copied().collect();
    let (first, last) = (
        known.iter().min().copied().unwrap_or(0),
        known.iter().max().copied().unwrap_or(0),
    );
    let values = points.iter().map(|point| point.value).chain(target);
    let (mut low, mut high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !low.is_finite() || !high.is_finite() {
        (low, high) = (0.0, 1.0);
    }
    let pad = if high > low {
        (high - low) * 0.1
    } else {
        low.abs().max(1.0) * 0.1
    };
    let (low, high) = (low - pad, high + pad);
    let plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT;
    let plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM;
    let x_of = |index: usize| -> f64 {
        match days.get(index).copied().flatten() {
            Some(day) if last > first => {
                CHART_LEFT + plot_width * (day - first) as f64 / (last - first) as f64
            }
            Some(_) => CHART_LEFT + plot_width / 2.0,
            // Undated: spread by order.
            None if points.len() > 1 => {
                CHART_LEFT + plot_width * index as f64 / (points.len() - 1) as f64
            }
            None => CHART_LEFT + plot_width / 2.0,
        }
    };
    let y_of = |value: f64| CHART_TOP + plot_height * (high - value) / (high - low);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="kpi-chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" width="{CHART_WIDTH}" height="{CHART_HEIGHT}" role="group" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(description),
    );
    // Axes and the value range.
    let bottom = CHART_TOP + plot_height;
    let _ = write!(
        svg,
        r#"<line class="axis-line" x1="{CHART_LEFT}" y1="{CHART_TOP}" x2="{CHART_LEFT}" y2="{bottom}"/><line class="axis-line" x1="{CHART_LEFT}" y1="{bottom}" x2="{}" y2="{bottom}"/>"#,
        CHART_WIDTH - CHART_RIGHT
    );
    for value in [low + pad, high - pad] {
        let _ = write!(
            svg,
            r#"<text class="axis" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            CHART_LEFT - 6.0,
            y_of(value) + 4.0,
            escape(&tick(value))
        );
    }
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        let _ = write!(
            svg,
            r#"<text class="axis" x="{CHART_LEFT}" y="{}" text-anchor="start">{}</text>"#,
            bottom + 18.0,
            escape(first.date)
        );
        if points.len() > 1 {
            let _ = write!(
                svg,
                r#"<text class="axis" x="{}" y="{}" text-anchor="end">{}</text>"#,
                CHART_WIDTH - CHART_RIGHT,
                bottom + 18.0,
                escape(last.date)
            );
        }
    }
    if let Some(target) = target {
        let y = y_of(target);
        let _ = write!(
            svg,
            r#"<g class="target"><title>{}</title><line x1="{CHART_LEFT}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke-dasharray="6 4"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">target {}</text></g>"#,
            escape(&format!("target {}", tick(target))),
            CHART_WIDTH - CHART_RIGHT,
            CHART_WIDTH - CHART_RIGHT,
            y - 4.0,
            escape(&tick(target))
        );
    }
    if points.len() > 1 {
        let line: Vec<String> = (0..points.len())
            .map(|index| format!("{:.1},{:.1}", x_of(index), y_of(points[index].value)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline class="series" fill="none" points="{}"/>"#,
            line.join(" ")
        );
    }
    for (index, point) in points.iter().enumerate() {
        let class = if point.on_target {
            "point ok"
        } else {
            "point off"
        };
        let circle = format!(
            r#"<circle class="{class}" cx="{:.1}" cy="{:.1}" r="5"><title>{}</title></circle>"#,
            x_of(index),
            y_of(point.value),
            escape(point.label)
        );
        if point.href.is_empty() {
            svg.push_str(&circle);
        } else {
            let _ = write!(
                svg,
                r#"<a href="{}" aria-label="{}">{circle}</a>"#,
                escape(point.href),
                escape(point.label)
            );
        }
    }
    svg.push_str("</svg>");
    Html(svg)
}

#[cfg(test)]
mod kpi_tests {
    use super::*;

    #[test]
    fn kpi_chart_links_points_draws_the_target_and_escapes() {
        let points = [
            ChartPoint {
                date: "2026-03-31",
                value: 0.9,
                href: "#c-1",
                label: "2026-03-31: 0.9 <ok>",
                on_target: true,
            },
            ChartPoint {
                date: "2026-06-30",
                value: 0.7,
                href: "https://forge.example/commit/\"x",
                label: "2026-06-30: 0.7",
                on_target: false,
            },
        ];
        let svg = kpi_chart("k", "KPI <1>", "two points", &points, Some(0.8)).to_string();
        assert!(svg.contains(r#"role="group""#));
        assert!(svg.contains("<title id=\"k-title\">KPI &lt;1&gt;</title>"));
        assert!(svg.contains("0.9 &lt;ok&gt;"));
        assert!(svg.contains(r#"href="https://forge.example/commit/&quot;x""#));
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("target 0.8"));
        assert!(svg.contains("<polyline"));
        assert!(!svg.contains("<script"));
        // Oldest at the left edge, newest at the right; higher values higher up.
        assert!(svg.contains(r#"cx="56.0""#));
        assert!(svg.contains(r#"cx="464.0""#));
    }

    #[test]
    fn kpi_chart_with_one_point_or_none() {
        let one = [ChartPoint {
            date: "2026-03-31",
            value: 5.0,
            href: "",
            label: "5",
            on_target: true,
        }];
        let svg = kpi_chart("k", "t", "d", &one, None).to_string();
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(!svg.contains("<a "));
        let svg = kpi_chart("k", "t", "d", &[], Some(1.0)).to_string();
        assert_eq!(svg.matches("<circle").count(), 0);
        assert!(svg.ends_with("</svg>"));
    }
}

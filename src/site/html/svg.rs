//! Inline SVG risk heatmaps (likelihood × impact, on the scale set under `risk` in aims.yaml;
//! 5 × 5 by default): no script, readable without CSS, with a text alternative for screen
//! readers.

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
        r#"<svg class="heatmap" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{} risks placed by likelihood (rows, {rows} at the top) and impact (columns, {columns} at the right).</desc>"#,
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
                    r#"<a href="{root}risks.html#{}">{rect}<text x="{}" y="{}" class="count" text-anchor="middle">{}</text></a>"#,
                    escape(&format!("risk-{}", ids[0])),
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

//! Inline SVG risk heatmaps (5×5, likelihood × impact): no script, readable without CSS, with a
//! text alternative for screen readers.

use super::context::escape;
use std::fmt::Write;

const CELL: u32 = 64;
const LEFT: u32 = 72;
const TOP: u32 = 16;

/// The colour band of a likelihood × impact score, shared with the tables' badges.
pub fn band(score: u8) -> &'static str {
    crate::load::model::risk_band(score)
}

fn fill(score: u8) -> &'static str {
    match band(score) {
        "low" => "#d3f0dc",
        "medium" => "#fbeab0",
        "high" => "#fcc99a",
        _ => "#f4a7a7",
    }
}

/// `cells[l-1][i-1]` holds the ids of the risks with likelihood `l` and impact `i`.
pub fn heatmap(id: &str, title: &str, cells: &[[Vec<String>; 5]; 5], root: &str) -> String {
    let width = LEFT + CELL * 5 + 8;
    let height = TOP + CELL * 5 + 48;
    let total: usize = cells.iter().flatten().map(Vec::len).sum();
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="heatmap" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{} risks placed by likelihood (rows, 5 at the top) and impact (columns, 5 at the right).</desc>"#,
        escape(title),
        total
    );
    for likelihood in (1..=5u8).rev() {
        let y = TOP + CELL * u32::from(5 - likelihood);
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" class="axis" text-anchor="end">{likelihood}</text>"#,
            LEFT - 10,
            y + CELL / 2 + 5
        );
        for impact in 1..=5u8 {
            let x = LEFT + CELL * u32::from(impact - 1);
            let ids = &cells[usize::from(likelihood - 1)][usize::from(impact - 1)];
            let score = likelihood * impact;
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
                fill(score)
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
    for impact in 1..=5u32 {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" class="axis" text-anchor="middle">{impact}</text>"#,
            LEFT + CELL * (impact - 1) + CELL / 2,
            TOP + CELL * 5 + 18
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" class="axis-title" text-anchor="middle">Impact →</text><text x="14" y="{}" class="axis-title" text-anchor="middle" transform="rotate(-90 14 {})">Likelihood →</text></svg>"#,
        LEFT + CELL * 5 / 2,
        TOP + CELL * 5 + 40,
        TOP + CELL * 5 / 2,
        TOP + CELL * 5 / 2
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heatmap_places_and_escapes() {
        let mut cells: [[Vec<String>; 5]; 5] = Default::default();
        cells[3][4] = vec!["RISK-<1>".to_owned()];
        let svg = heatmap("h", "Inherent", &cells, "");
        assert!(svg.contains("likelihood 4, impact 5: RISK-&lt;1&gt;"));
        assert!(!svg.contains("RISK-<1>"));
        assert_eq!(svg.matches("<rect").count(), 25);
        assert_eq!(band(20), "critical");
    }
}

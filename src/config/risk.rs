//! The risk method from `risk:` in aims.yaml: how many likelihood and impact levels there are
//! and what they are called, how a level is scored, the bands that colour heat maps and weigh
//! gap priorities, the appetite above which a residual risk needs a recorded acceptance, and
//! the risk categories. Without `risk:`, the built-in 5 × 5 multiplied scale applies.
//!
//! The shape is checked by aims.yaml's JSON Schema; this module checks what a schema cannot
//! (one label per level, bands in order and within the scale, appetite within the scale).

use crate::diagnostic::Span;
use serde::Deserialize;
use serde_json::{Value, json};

/// The built-in risk categories (used when aims.yaml sets none).
pub const DEFAULT_CATEGORIES: &[&str] = &[
    "fairness",
    "privacy",
    "safety",
    "security",
    "transparency",
    "accountability",
    "robustness",
    "legal",
    "other",
];

/// The names of the bands, lowest first. Heat maps colour by them and the gap analysis weighs
/// controls by them.
pub const BAND_NAMES: [&str; 4] = ["low", "medium", "high", "critical"];

/// One axis of the scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub levels: u8,
    /// One name per level, lowest first; empty when none are configured.
    pub labels: Vec<String>,
}

impl Axis {
    fn default_axis() -> Axis {
        Axis {
            levels: 5,
            labels: Vec::new(),
        }
    }

    /// The name of `level` (1-based), when labels are configured.
    pub fn label(&self, level: u8) -> Option<&str> {
        self.labels
            .get(usize::from(level).checked_sub(1)?)
            .map(String::as_str)
    }

    /// The level a label names (case-insensitive, ignoring surrounding spaces).
    pub fn level_of(&self, label: &str) -> Option<u8> {
        let wanted = label.trim().to_lowercase();
        self.labels
            .iter()
            .position(|name| name.to_lowercase() == wanted)
            .and_then(|index| u8::try_from(index + 1).ok())
    }
}

/// How likelihood and impact combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scoring {
    Multiply,
    Add,
}

/// The risk method in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskScale {
    pub likelihood: Axis,
    pub impact: Axis,
    pub scoring: Scoring,
    /// Upper bounds (inclusive) of the low, medium and high bands.
    pub bands: [u8; 3],
    pub appetite: Option<u8>,
    /// The allowed categories.
    pub categories: Vec<String>,
    /// Whether aims.yaml configured categories (otherwise the built-in ones apply).
    pub custom_categories: bool,
}

impl Default for RiskScale {
    fn default() -> RiskScale {
        let mut scale = RiskScale {
            likelihood: Axis::default_axis(),
            impact: Axis::default_axis(),
            scoring: Scoring::Multiply,
            bands: [0; 3],
            appetite: None,
            categories: DEFAULT_CATEGORIES.iter().map(|c| (*c).to_owned()).collect(),
            custom_categories: false,
        };
        scale.bands = scale.default_bands();
        scale
    }
}

impl RiskScale {
    /// The level of a likelihood and an impact.
    pub fn score(&self, likelihood: u8, impact: u8) -> u8 {
        match self.scoring {
            Scoring::Multiply => likelihood.saturating_mul(impact),
            Scoring::Add => likelihood.saturating_add(impact),
        }
    }

    pub fn min_score(&self) -> u8 {
        self.score(1, 1)
    }

    pub fn max_score(&self) -> u8 {
        self.score(self.likelihood.levels, self.impact.levels)
    }

    /// Whether a likelihood and an impact are on the scale.
    pub fn on_scale(&self, likelihood: u8, impact: u8) -> bool {
        (1..=self.likelihood.levels).contains(&likelihood)
            && (1..=self.impact.levels).contains(&impact)
    }

    /// `low`, `medium`, `high` or `critical`.
    pub fn band(&self, score: u8) -> &'static str {
        let index = self
            .bands
            .iter()
            .position(|bound| score <= *bound)
            .unwrap_or(3);
        BAND_NAMES[index]
    }

    /// The bands of the built-in 5 × 5 multiplied scale (4, 9, 16), scaled to this one's range.
    fn default_bands(&self) -> [u8; 3] {
        let (min, max) = (f64::from(self.min_score()), f64::from(self.max_score()));
        let at = |fraction: f64| (min + fraction * (max - min)).floor() as u8;
        [at(0.16), at(0.36), at(0.64)]
    }

    /// `12 (L3 × I4)` or `7 (L3 + I4)`.
    pub fn describe(&self, likelihood: u8, impact: u8) -> String {
        let operator = match self.scoring {
            Scoring::Multiply => "×",
            Scoring::Add => "+",
        };
        format!(
            "{} (L{likelihood} {operator} I{impact})",
            self.score(likelihood, impact)
        )
    }

    /// Whether a residual (or inherent) level is above the appetite.
    pub fn above_appetite(&self, score: u8) -> bool {
        self.appetite.is_some_and(|appetite| score > appetite)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAxis {
    levels: Option<u8>,
    #[serde(default)]
    labels: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBands {
    low: u8,
    medium: u8,
    high: u8,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRisk {
    likelihood: Option<RawAxis>,
    impact: Option<RawAxis>,
    scoring: Option<Scoring>,
    bands: Option<RawBands>,
    appetite: Option<u8>,
    categories: Option<Vec<String>>,
}

/// Reads `risk:` (already validated against the schema). `span` gives the position of a
/// pointer in aims.yaml; problems are pushed as `(span, message, help)`.
pub fn parse(
    value: Option<&Value>,
    span: impl Fn(&str) -> Span,
    errors: &mut Vec<(Span, String, Option<String>)>,
) -> RiskScale {
    let Some(value) = value else {
        return RiskScale::default();
    };
    let raw: RawRisk = match serde_json::from_value(value.clone()) {
        Ok(raw) => raw,
        Err(error) => {
            errors.push((span("/risk"), format!("invalid `risk`: {error}"), None));
            return RiskScale::default();
        }
    };
    let mut axis = |name: &str, raw: Option<RawAxis>| {
        let raw = raw.unwrap_or_default();
        let levels = raw
            .levels
            .unwrap_or_else(|| u8::try_from(raw.labels.len()).unwrap_or(5))
            .clamp(2, 10);
        let levels = if raw.levels.is_none() && raw.labels.is_empty() {
            5
        } else {
            levels
        };
        if !raw.labels.is_empty() && raw.labels.len() != usize::from(levels) {
            errors.push((
                span(&format!("/risk/{name}/labels")),
                format!("{} {name} labels for {levels} levels", raw.labels.len()),
                Some(format!(
                    "give one label per level, lowest first, or set `levels: {}`",
                    raw.labels.len()
                )),
            ));
        }
        Axis {
            levels,
            labels: raw.labels,
        }
    };
    let likelihood = axis("likelihood", raw.likelihood);
    let impact = axis("impact", raw.impact);
    let mut scale = RiskScale {
        likelihood,
        impact,
        scoring: raw.scoring.unwrap_or(Scoring::Multiply),
        bands: [0; 3],
        appetite: raw.appetite,
        categories: Vec::new(),
        custom_categories: raw.categories.is_some(),
    };
    scale.bands = match raw.bands {
        Some(bands) => {
            let list = [bands.low, bands.medium, bands.high];
            if !(list[0] < list[1] && list[1] < list[2]) {
                errors.push((
                    span("/risk/bands"),
                    format!(
                        "the bands must rise: low {} < medium {} < high {}",
                        list[0], list[1], list[2]
                    ),
                    None,
                ));
            }
            if list[2] >= scale.max_score() {
                errors.push((
                    span("/risk/bands/high"),
                    format!(
                        "the high band ends at {}, but the highest risk level on this scale is {}, so no risk would ever be critical",
                        list[2],
                        scale.max_score()
                    ),
                    Some(format!(
                        "set `high` below {}",
                        scale.max_score()
                    )),
                ));
            }
            list
        }
        None => scale.default_bands(),
    };
    if let Some(appetite) = scale.appetite
        && appetite >= scale.max_score()
    {
        errors.push((
            span("/risk/appetite"),
            format!(
                "an appetite of {appetite} accepts every risk: the highest level on this scale is {}",
                scale.max_score()
            ),
            Some(format!(
                "set it between {} and {}",
                scale.min_score(),
                scale.max_score() - 1
            )),
        ));
    }
    scale.categories = match raw.categories {
        Some(categories) => categories,
        None => DEFAULT_CATEGORIES.iter().map(|c| (*c).to_owned()).collect(),
    };
    scale
}

/// The risk schema with the configured scale and categories in place of the built-in 1–5 and
/// category list.
pub fn risk_schema_for(mut schema: Value, scale: &RiskScale) -> Value {
    let level = |axis: &Axis, what: &str| {
        let mut description = format!("{what}, 1 to {}", axis.levels);
        if !axis.labels.is_empty() {
            let named: Vec<String> = axis
                .labels
                .iter()
                .enumerate()
                .map(|(index, label)| format!("{} {label}", index + 1))
                .collect();
            description = format!("{what}: {}", named.join(", "));
        }
        json!({
            "description": format!("{description} (the scale is set under `risk` in aims.yaml)."),
            "type": "integer",
            "minimum": 1,
            "maximum": axis.levels
        })
    };
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.insert(
            "likelihood".to_owned(),
            level(&scale.likelihood, "Inherent likelihood"),
        );
        properties.insert("impact".to_owned(), level(&scale.impact, "Inherent impact"));
        if let Some(category) = properties
            .get_mut("category")
            .and_then(Value::as_object_mut)
        {
            category.insert("enum".to_owned(), json!(scale.categories));
        }
        if let Some(residual) = properties
            .get_mut("residual")
            .and_then(|residual| residual.get_mut("properties"))
            .and_then(Value::as_object_mut)
        {
            residual.insert(
                "likelihood".to_owned(),
                level(&scale.likelihood, "Residual likelihood"),
            );
            residual.insert("impact".to_owned(), level(&scale.impact, "Residual impact"));
        }
    }
    schema
}

/// The built-in kinds' schemas as this scale shapes them: the risk schema gets the configured
/// levels and categories, every other kind (and the default scale) is left as shipped.
pub fn shape_schema(scale: &RiskScale, kind: &str, schema: Value) -> Value {
    if kind == "risk" && *scale != RiskScale::default() {
        risk_schema_for(schema, scale)
    } else {
        schema
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parsed(value: Value) -> (RiskScale, Vec<String>) {
        let mut errors = Vec::new();
        let scale = parse(Some(&value), |_| Span::START, &mut errors);
        (
            scale,
            errors.into_iter().map(|(_, message, _)| message).collect(),
        )
    }

    #[test]
    fn default_scale_is_five_by_five() {
        let scale = RiskScale::default();
        assert_eq!(scale.bands, [4, 9, 16]);
        assert_eq!(scale.band(4), "low");
        assert_eq!(scale.band(9), "medium");
        assert_eq!(scale.band(12), "high");
        assert_eq!(scale.band(20), "critical");
        assert_eq!(scale.max_score(), 25);
        assert_eq!(scale.describe(3, 4), "12 (L3 × I4)");
    }

    #[test]
    fn three_levels_with_labels_and_appetite() {
        let (scale, errors) = parsed(json!({
            "likelihood": {"labels": ["Low", "Medium", "High"]},
            "impact": {"levels": 3, "labels": ["Low", "Medium", "High"]},
            "appetite": 3,
            "categories": ["bias", "privacy"]
        }));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(scale.likelihood.levels, 3);
        assert_eq!(scale.likelihood.level_of(" high "), Some(3));
        assert_eq!(scale.impact.label(2), Some("Medium"));
        assert_eq!(scale.max_score(), 9);
        assert_eq!(scale.bands, [2, 3, 6]);
        assert!(scale.above_appetite(4));
        assert!(!scale.above_appetite(3));
        assert_eq!(scale.categories, vec!["bias", "privacy"]);
    }

    #[test]
    fn inconsistent_settings_are_errors() {
        let (_, errors) = parsed(json!({
            "likelihood": {"levels": 4, "labels": ["a", "b", "c"]},
            "bands": {"low": 5, "medium": 4, "high": 30},
            "appetite": 40
        }));
        assert_eq!(errors.len(), 4, "{errors:?}");
        let (scale, errors) = parsed(json!({"scoring": "add", "likelihood": {"levels": 3}}));
        assert!(errors.is_empty());
        assert_eq!(scale.max_score(), 8);
        assert_eq!(scale.describe(2, 3), "5 (L2 + I3)");
    }

    #[test]
    fn configured_risk_scale_replaces_one_to_five() {
        let mut scale = RiskScale::default();
        scale.likelihood.levels = 3;
        scale.likelihood.labels = vec!["Low".into(), "Medium".into(), "High".into()];
        scale.impact.levels = 3;
        scale.categories = vec!["bias".into()];
        let set = crate::schema::SchemaSet::compile_shaped(&[], |kind, schema| {
            shape_schema(&scale, kind, schema)
        })
        .unwrap();
        let doc = json!({
            "id": "RISK-001", "kind": "risk", "title": "R", "owner": "a@example.com",
            "status": "draft", "systems": ["AIS-001"], "risk_source": "x",
            "likelihood": 4, "impact": 3, "category": "privacy",
            "treatment": {"option": "mitigate"},
            "residual": {"likelihood": 1, "impact": 5}
        });
        let findings = set.validate("risk", &doc);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert!(
            messages.contains(&"`4` is above the maximum of 3"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"`5` is above the maximum of 3"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"`privacy` is not one of `bias`"),
            "{messages:?}"
        );
        let likelihood = findings
            .iter()
            .find(|f| f.pointer == "/likelihood")
            .unwrap();
        assert!(
            likelihood
                .help
                .as_deref()
                .unwrap()
                .contains("1 Low, 2 Medium, 3 High"),
            "{likelihood:?}"
        );
    }
}

//! Turning one cell into one field value, by the field's type: `Yes` → true, `High` → 4 (from
//! the risk scale's labels or the mapping's `values`), `Jane Doe` → her email (`people`),
//! `A-7-4` → `A.7.4`, `Clause 6.1.2` → `6.1.2`, `31.03.2026` → `2026-03-31`, `annually` →
//! `P12M`, `Not implemented` → `not-implemented`, `R-1` → `RISK-001`, lists split on `,`, `;` or
//! line breaks. What cannot be converted is kept as written, so the schema check reports it at
//! its cell with the usual message.

use super::fields::FieldType;
use super::mapping::{IdRule, ValueMap, normal};
use super::source::{Raw, float_text};
use crate::catalog::hints;
use crate::config::risk::Axis;
use serde_json::{Number, Value};

/// Words read as true or false in a boolean field.
const TRUE_WORDS: &[&str] = &[
    "yes",
    "y",
    "true",
    "t",
    "1",
    "x",
    "✓",
    "✔",
    "included",
    "include",
    "applicable",
    "applies",
    "in scope",
    "oui",
    "ja",
    "si",
    "sí",
];
const FALSE_WORDS: &[&str] = &[
    "no",
    "n",
    "false",
    "f",
    "0",
    "excluded",
    "exclude",
    "not applicable",
    "n/a",
    "na",
    "out of scope",
    "non",
    "nein",
];

/// What a conversion may consult besides the cell.
pub struct Context<'a> {
    /// The column's value map, then the field's (from `values:`).
    pub values: Vec<&'a ValueMap>,
    /// Names → emails.
    pub people: &'a ValueMap,
    /// The list separator the mapping sets for this field or column.
    pub split: Option<&'a str>,
    /// For id references: rewrite to this prefix.
    pub prefix: Option<&'a str>,
    /// For likelihood and impact fields: the configured scale's labels.
    pub axis: Option<&'a Axis>,
    /// The document's own id rule (for `DocumentId` fields).
    pub ids: &'a IdRule,
    /// The kind's id prefix.
    pub kind_prefix: Option<&'a str>,
}

/// A plain JSON value for a raw cell, without type knowledge (`x-` fields): numbers stay
/// numbers (whole ones as integers), and text that is a JSON list or mapping (how exports write
/// them) is read as one.
pub fn natural(raw: &Raw) -> Value {
    match raw {
        Raw::Text(text) => {
            let trimmed = text.trim();
            if ((trimmed.starts_with('[') && trimmed.ends_with(']'))
                || (trimmed.starts_with('{') && trimmed.ends_with('}')))
                && let Ok(value) = serde_json::from_str::<Value>(trimmed)
            {
                return value;
            }
            // A number written the way a number prints (`7`, `-2`, `1.5`, but not `007`) is
            // one, so text sources keep numbers numeric.
            if let Ok(number) = trimmed.parse::<i64>()
                && number.to_string() == trimmed
            {
                return Value::from(number);
            }
            if let Ok(number) = trimmed.parse::<f64>()
                && number.is_finite()
                && number.to_string() == trimmed
                && let Some(number) = Number::from_f64(number)
            {
                return Value::Number(number);
            }
            Value::String(text.trim_end().to_owned())
        }
        Raw::Int(number) => Value::from(*number),
        Raw::Float(number) if number.fract() == 0.0 && number.abs() < 9.0e15 => {
            Value::from(*number as i64)
        }
        Raw::Float(number) => Number::from_f64(*number)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(float_text(*number))),
        Raw::Bool(value) => Value::Bool(*value),
        Raw::Date(date) => Value::String(date.to_string()),
        Raw::Json(value) => value.clone(),
    }
}

fn mapped<'v>(context: &Context<'v>, text: &str) -> Option<&'v Value> {
    context.values.iter().find_map(|map| map.get(text))
}

/// Converts a cell for a field of type `ty`.
pub fn convert(raw: &Raw, ty: &FieldType, context: &Context<'_>) -> Value {
    if let Raw::Json(value) = raw {
        return convert_json(value, ty, context);
    }
    let text = raw.text();
    if let Some(value) = mapped(context, &text) {
        return match (ty, value) {
            (FieldType::List(_), Value::Array(_)) => value.clone(),
            (FieldType::List(_), other) => Value::Array(vec![other.clone()]),
            (_, other) => other.clone(),
        };
    }
    match ty {
        FieldType::List(item) => {
            let pieces = split(&text, context.split);
            Value::Array(
                pieces
                    .into_iter()
                    .map(|piece| match mapped(context, &piece) {
                        Some(value) => value.clone(),
                        None => scalar(&Raw::Text(piece), item, context),
                    })
                    .collect(),
            )
        }
        other => scalar(raw, other, context),
    }
}

/// Foreign frontmatter values: lists stay lists, scalars convert like cells.
fn convert_json(value: &Value, ty: &FieldType, context: &Context<'_>) -> Value {
    match (value, ty) {
        (Value::Array(items), FieldType::List(item)) => Value::Array(
            items
                .iter()
                .map(|entry| match entry {
                    Value::Object(_) | Value::Array(_) => entry.clone(),
                    scalar_value => convert_json(scalar_value, item, context),
                })
                .collect(),
        ),
        (Value::Array(_) | Value::Object(_), _) => value.clone(),
        (Value::String(text), _) => convert(&Raw::Text(text.clone()), ty, context),
        (Value::Number(number), _) => {
            let raw = match number.as_i64() {
                Some(int) => Raw::Int(int),
                None => Raw::Float(number.as_f64().unwrap_or(f64::NAN)),
            };
            convert(&raw, ty, context)
        }
        (Value::Bool(flag), _) => convert(&Raw::Bool(*flag), ty, context),
        (Value::Null, _) => Value::Null,
    }
}

/// Splits a list cell: on the mapping's separator; else one item per line when the cell has
/// several lines (as exports write lists), else on `;` when there is one, else on `,`.
pub fn split(text: &str, separator: Option<&str>) -> Vec<String> {
    let pieces: Vec<&str> = match separator {
        Some(separator) => text.split(separator).collect(),
        None if text.trim().contains('\n') => text.split('\n').collect(),
        None if text.contains(';') => text.split(';').collect(),
        None => text.split(',').collect(),
    };
    pieces
        .into_iter()
        .map(|piece| {
            piece
                .trim()
                .trim_start_matches(['-', '•', '*'])
                .trim()
                .to_owned()
        })
        .filter(|piece| !piece.is_empty())
        .collect()
}

fn text_value(text: &str) -> Value {
    Value::String(text.trim().to_owned())
}

fn scalar(raw: &Raw, ty: &FieldType, context: &Context<'_>) -> Value {
    let text = raw.text();
    let trimmed = text.trim();
    match ty {
        FieldType::Text | FieldType::Const(_) | FieldType::Object | FieldType::List(_) => {
            Value::String(text.trim_end().trim_start_matches([' ', '\t']).to_owned())
        }
        FieldType::Any => natural(raw),
        FieldType::Integer => integer(raw, context.axis).unwrap_or_else(|| text_value(trimmed)),
        FieldType::Number => match raw {
            Raw::Int(number) => Value::from(*number),
            Raw::Float(number) => Number::from_f64(*number)
                .map(Value::Number)
                .unwrap_or_else(|| text_value(trimmed)),
            _ => trimmed
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number)
                .unwrap_or_else(|| text_value(trimmed)),
        },
        FieldType::Boolean => match raw {
            Raw::Bool(value) => Value::Bool(*value),
            _ => {
                let word = normal(trimmed);
                if TRUE_WORDS.contains(&word.as_str()) {
                    Value::Bool(true)
                } else if FALSE_WORDS.contains(&word.as_str()) {
                    Value::Bool(false)
                } else {
                    text_value(trimmed)
                }
            }
        },
        FieldType::Date => match raw {
            Raw::Date(date) => Value::String(date.to_string()),
            Raw::Float(serial) => serial_date(*serial).unwrap_or_else(|| text_value(trimmed)),
            Raw::Int(serial) => serial_date(*serial as f64).unwrap_or_else(|| text_value(trimmed)),
            _ => date(trimmed).map_or_else(|| text_value(trimmed), Value::String),
        },
        FieldType::Email | FieldType::Identity => {
            if let Some(email) = context.people.get(trimmed) {
                return email.clone();
            }
            // `Jane Doe <jane@acme.example>`.
            if let (Some(open), Some(close)) = (trimmed.rfind('<'), trimmed.rfind('>'))
                && open < close
                && trimmed[open + 1..close].contains('@')
            {
                return Value::String(trimmed[open + 1..close].trim().to_owned());
            }
            text_value(trimmed)
        }
        FieldType::ControlId => hints::control_id(trimmed)
            .map(|id| Value::String(id.to_owned()))
            .unwrap_or_else(|| text_value(trimmed)),
        FieldType::ClauseId => hints::clause_id(trimmed)
            .map(|id| Value::String(id.to_owned()))
            .unwrap_or_else(|| text_value(trimmed)),
        FieldType::DocumentId => {
            Value::String(rewrite_id(trimmed, context.ids, context.kind_prefix))
        }
        FieldType::DocumentRef => match context.prefix {
            Some(prefix) => Value::String(rewrite_id(
                trimmed,
                &IdRule {
                    prefix: Some(prefix.to_owned()),
                    ..context.ids.clone()
                },
                Some(prefix),
            )),
            None => text_value(trimmed),
        },
        FieldType::Duration => duration(trimmed).map_or_else(|| text_value(trimmed), Value::String),
        FieldType::Enum(options) => {
            let wanted = normal(trimmed).replace([' ', '_'], "-");
            options
                .iter()
                .find(|option| option.to_lowercase() == wanted)
                .map(|option| Value::String(option.clone()))
                .unwrap_or_else(|| text_value(trimmed))
        }
    }
}

/// A whole number: the cell's number, `4 - High` or `4 (High)`, or a configured label.
fn integer(raw: &Raw, axis: Option<&Axis>) -> Option<Value> {
    match raw {
        Raw::Int(number) => Some(Value::from(*number)),
        Raw::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            Some(Value::from(*number as i64))
        }
        Raw::Float(_) => None,
        _ => {
            let text = raw.text();
            let trimmed = text.trim();
            if let Ok(number) = trimmed.parse::<i64>() {
                return Some(Value::from(number));
            }
            if let Some(level) = axis.and_then(|axis| axis.level_of(trimmed)) {
                return Some(Value::from(level));
            }
            let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
            let rest = trimmed[digits.len()..].trim_start();
            if !digits.is_empty()
                && (rest.is_empty() || rest.starts_with(['-', '(', '–', ':', ' ']))
            {
                return digits.parse::<i64>().ok().map(Value::from);
            }
            None
        }
    }
}

fn serial_date(serial: f64) -> Option<Value> {
    // Plausible register dates only (1970–2100), so a score is never read as a date.
    if !(25_569.0..73_051.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    jiff::civil::date(1899, 12, 30)
        .checked_add(jiff::Span::new().days(days))
        .ok()
        .map(|date| Value::String(date.to_string()))
}

/// `2026-03-31`, `2026/03/31`, `2026-03-31T10:00`, `31.03.2026`, `31/03/2026` (day first,
/// only when unambiguous: the day is above 12).
pub fn date(text: &str) -> Option<String> {
    let head = text.get(..10).unwrap_or(text);
    if let Ok(date) = head.replace('/', "-").parse::<jiff::civil::Date>() {
        return Some(date.to_string());
    }
    let parts: Vec<&str> = text.split(['.', '/', '-']).map(str::trim).collect();
    if let [day, month, year] = parts.as_slice()
        && year.len() == 4
    {
        let (day, month, year): (i8, i8, i16) =
            (day.parse().ok()?, month.parse().ok()?, year.parse().ok()?);
        let unambiguous = text.contains('.') || day > 12;
        if unambiguous {
            return jiff::civil::Date::new(year, month, day)
                .ok()
                .map(|date| date.to_string());
        }
    }
    None
}

/// `12 months` → `P12M`, `1 year` → `P1Y`, `annually` → `P12M`, `P6M` stays.
pub fn duration(text: &str) -> Option<String> {
    let lowered = normal(text);
    if lowered.starts_with('p') && lowered.len() > 1 {
        return Some(lowered.to_uppercase());
    }
    let named = match lowered.as_str() {
        "annual" | "annually" | "yearly" | "every year" => Some("P12M"),
        "biannual" | "biannually" | "semi-annual" | "semi-annually" | "half-yearly" => Some("P6M"),
        "quarterly" | "every quarter" => Some("P3M"),
        "monthly" | "every month" => Some("P1M"),
        "weekly" | "every week" => Some("P1W"),
        _ => None,
    };
    if let Some(named) = named {
        return Some(named.to_owned());
    }
    let digits: String = lowered.chars().take_while(char::is_ascii_digit).collect();
    let unit = lowered[digits.len()..].trim();
    let number: u32 = digits.parse().ok()?;
    let letter = match unit.trim_end_matches('s') {
        "year" | "yr" | "y" => 'Y',
        "month" | "mo" | "m" => 'M',
        "week" | "wk" | "w" => 'W',
        "day" | "d" => 'D',
        _ => return None,
    };
    Some(format!("P{number}{letter}"))
}

/// A document id in the kind's form: `R-01` → `RISK-001`, `risk 7` → `RISK-007`; an id that
/// already has the prefix keeps it (upper-cased); explicit `ids.map` entries win.
pub fn rewrite_id(text: &str, rule: &IdRule, kind_prefix: Option<&str>) -> String {
    let trimmed = text.trim();
    if let Some((_, to)) = rule.map.iter().find(|(from, _)| *from == normal(trimmed)) {
        return to.clone();
    }
    if rule.keep {
        return trimmed.to_owned();
    }
    let Some(prefix) = rule.prefix.as_deref().or(kind_prefix) else {
        return trimmed.to_owned();
    };
    let upper = trimmed.to_uppercase();
    if let Some(rest) = upper.strip_prefix(&format!("{prefix}-"))
        && !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return upper;
    }
    // The last run of digits is the number.
    let digits: String = {
        let reversed: String = upper
            .chars()
            .rev()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(char::is_ascii_digit)
            .collect();
        reversed.chars().rev().collect()
    };
    if !digits.is_empty() {
        let number = digits.trim_start_matches('0');
        let number = if number.is_empty() { "0" } else { number };
        return format!("{prefix}-{number:0>width$}", width = rule.width);
    }
    let slug: String = upper
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        trimmed.to_owned()
    } else {
        format!("{prefix}-{slug}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context<'a>(ids: &'a IdRule, people: &'a ValueMap, axis: Option<&'a Axis>) -> Context<'a> {
        Context {
            values: Vec::new(),
            people,
            split: None,
            prefix: None,
            axis,
            ids,
            kind_prefix: Some("RISK"),
        }
    }

    #[test]
    fn converts_by_type() {
        let ids = IdRule::default();
        let people = ValueMap::default();
        let axis = Axis {
            levels: 3,
            labels: vec!["Low".into(), "Medium".into(), "High".into()],
        };
        let c = context(&ids, &people, Some(&axis));
        let text = |s: &str| Raw::Text(s.to_owned());
        assert_eq!(
            convert(&text("Yes"), &FieldType::Boolean, &c),
            Value::Bool(true)
        );
        assert_eq!(
            convert(&text("N/A"), &FieldType::Boolean, &c),
            Value::Bool(false)
        );
        assert_eq!(
            convert(&text("High"), &FieldType::Integer, &c),
            Value::from(3)
        );
        assert_eq!(
            convert(&text("4 - Likely"), &FieldType::Integer, &c),
            Value::from(4)
        );
        assert_eq!(
            convert(&Raw::Float(2.0), &FieldType::Integer, &c),
            Value::from(2)
        );
        assert_eq!(
            convert(&text("Very high"), &FieldType::Integer, &c),
            Value::from("Very high")
        );
        assert_eq!(
            convert(
                &text("A-7-4; a.5.4; A7.2"),
                &FieldType::List(Box::new(FieldType::ControlId)),
                &c
            ),
            serde_json::json!(["A.7.4", "A.5.4", "A.7.2"])
        );
        assert_eq!(
            convert(
                &text("A.7.4\nA.5.4, data"),
                &FieldType::List(Box::new(FieldType::Text)),
                &c
            ),
            serde_json::json!(["A.7.4", "A.5.4, data"])
        );
        assert_eq!(
            convert(&Raw::Float(6.1), &FieldType::ClauseId, &c),
            Value::from("6.1")
        );
        assert_eq!(
            convert(&text("Clause 9.2"), &FieldType::ClauseId, &c),
            Value::from("9.2")
        );
        assert_eq!(
            convert(&text("31.03.2026"), &FieldType::Date, &c),
            Value::from("2026-03-31")
        );
        assert_eq!(
            convert(&text("03/04/2026"), &FieldType::Date, &c),
            Value::from("03/04/2026")
        );
        assert_eq!(
            convert(&Raw::Float(46112.0), &FieldType::Date, &c),
            Value::from("2026-03-31")
        );
        assert_eq!(
            convert(&text("Annually"), &FieldType::Duration, &c),
            Value::from("P12M")
        );
        assert_eq!(
            convert(&text("6 months"), &FieldType::Duration, &c),
            Value::from("P6M")
        );
        let options = FieldType::Enum(vec!["implemented".into(), "not-implemented".into()]);
        assert_eq!(
            convert(&text("Not Implemented"), &options, &c),
            Value::from("not-implemented")
        );
        assert_eq!(
            convert(&text("In progress"), &options, &c),
            Value::from("In progress")
        );
        assert_eq!(
            convert(&text("Jane <jane@acme.example>"), &FieldType::Email, &c),
            Value::from("jane@acme.example")
        );
        assert_eq!(
            convert(&text("R-01"), &FieldType::DocumentId, &c),
            Value::from("RISK-001")
        );
    }

    #[test]
    fn value_maps_and_people_come_first() {
        let ids = IdRule::default();
        let people = ValueMap::default();
        let mapping = crate::import::mapping::parse(
            "m.yaml",
            "values:\n  likelihood: {Very high: 5}\n  treatment.controls: {All data: [A.7.2, A.7.4]}\npeople:\n  Direction Générale: dg@acme.example\n",
            "risk",
            &crate::import::fields::Fields::of(
                &crate::schema::SchemaSet::compile(&[]).unwrap(),
                "risk",
                false,
            )
            .unwrap(),
            None,
        )
        .unwrap();
        let mut c = context(&ids, &mapping.people, None);
        c.values = vec![mapping.values_for(&["likelihood".into()]).unwrap()];
        assert_eq!(
            convert(&Raw::Text(" very HIGH ".into()), &FieldType::Integer, &c),
            Value::from(5)
        );
        c.values = vec![
            mapping
                .values_for(&["treatment".into(), "controls".into()])
                .unwrap(),
        ];
        assert_eq!(
            convert(
                &Raw::Text("All data".into()),
                &FieldType::List(Box::new(FieldType::ControlId)),
                &c
            ),
            serde_json::json!(["A.7.2", "A.7.4"])
        );
        let c = context(&ids, &mapping.people, None);
        assert_eq!(
            convert(
                &Raw::Text("Direction Générale".into()),
                &FieldType::Email,
                &c
            ),
            Value::from("dg@acme.example")
        );
        let _ = people;
    }

    #[test]
    fn rewrites_ids() {
        let rule = IdRule::default();
        assert_eq!(rewrite_id("R-01", &rule, Some("RISK")), "RISK-001");
        assert_eq!(rewrite_id("risk-12", &rule, Some("RISK")), "RISK-12");
        assert_eq!(rewrite_id("R1234", &rule, Some("RISK")), "RISK-1234");
        assert_eq!(rewrite_id("Bias", &rule, Some("RISK")), "RISK-BIAS");
        assert_eq!(
            rewrite_id(
                "AI-2",
                &IdRule {
                    prefix: Some("AIS".into()),
                    ..rule.clone()
                },
                None
            ),
            "AIS-002"
        );
        let keep = IdRule {
            keep: true,
            ..IdRule::default()
        };
        assert_eq!(rewrite_id("R-01", &keep, Some("RISK")), "R-01");
    }
}

//! Reading ISO/IEC 42001 identifiers the way people write them, and explaining the ones that are
//! not what a field expects: `A-7-4` is control `A.7.4`, `A.6.2` is an area of Annex A (list its
//! controls), `A.5.1` is an objective and not a control (and 5.1 a clause), `6.1.2` under
//! `controls` is a clause. The lint messages and the importer both use these.

use super::catalog;

/// Upper-cases, trims and turns the separators people use in control ids (`-`, `_`, spaces,
/// a missing dot after `A`) into dots: `a-7-4` → `A.7.4`, `A7.4` → `A.7.4`,
/// `A.7.4 Quality of data` → `A.7.4`. Returns the text as it would be written canonically,
/// whether or not such a control exists.
pub fn canonical_control(text: &str) -> Option<String> {
    let text = text.trim();
    let rest = text.strip_prefix('A').or_else(|| text.strip_prefix('a'))?;
    let mut numbers = Vec::new();
    let mut current = String::new();
    for ch in rest.chars() {
        if ch.is_ascii_digit() {
            current.push(ch);
        } else if matches!(ch, '.' | '-' | '_' | ' ') && !current.is_empty() {
            numbers.push(std::mem::take(&mut current));
        } else if matches!(ch, '.' | '-' | '_' | ' ') && numbers.is_empty() {
            continue;
        } else {
            break;
        }
    }
    if !current.is_empty() {
        numbers.push(current);
    }
    if numbers.is_empty() || numbers.len() > 3 {
        return None;
    }
    Some(format!("A.{}", numbers.join(".")))
}

/// The Annex A control `text` stands for, when it names one in any common spelling.
pub fn control_id(text: &str) -> Option<&'static str> {
    let canonical = canonical_control(text)?;
    catalog()
        .controls
        .iter()
        .find(|control| control.id == canonical)
        .map(|control| control.id.as_str())
}

/// The clause `text` stands for: `6.1.2`, `Clause 6.1.2`, `§ 6.1.2`, `6.1.2.` or the number 6.1.
pub fn clause_id(text: &str) -> Option<&'static str> {
    let trimmed = text.trim();
    let lowered = trimmed.to_lowercase();
    let rest = lowered
        .strip_prefix("clause")
        .or_else(|| lowered.strip_prefix("cl."))
        .or_else(|| lowered.strip_prefix('§'))
        .unwrap_or(&lowered)
        .trim()
        .trim_end_matches('.');
    let number: String = rest
        .chars()
        .take_while(|ch| ch.is_ascii_digit() || *ch == '.')
        .collect();
    let number = number.trim_end_matches('.');
    catalog()
        .clauses
        .iter()
        .find(|clause| clause.id == number)
        .map(|clause| clause.id.as_str())
}

fn listed(ids: &[(&str, &str)]) -> String {
    ids.iter()
        .map(|(id, title)| format!("{id} ({title})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The controls under an area id (`A.6` or `A.6.2`), with their titles.
fn controls_under(area: &str) -> Vec<(&'static str, &'static str)> {
    let prefix = format!("{area}.");
    catalog()
        .controls
        .iter()
        .filter(|control| control.id.starts_with(&prefix))
        .map(|control| (control.id.as_str(), control.title.as_str()))
        .collect()
}

/// The title of an area: a group (`A.6`) or one of A.6's two sub-areas.
fn area_title(area: &str) -> Option<String> {
    let catalog = catalog();
    if let Some(group) = catalog.group(area) {
        return Some(group.title.clone());
    }
    match area {
        "A.6.1" => Some("management guidance for AI system development".to_owned()),
        "A.6.2" => Some("AI system life cycle".to_owned()),
        _ => None,
    }
}

/// Why `text` is not an Annex A control, when there is more to say than "did you mean":
/// a spelling of a real control, an area, an objective, or a clause.
pub fn control(text: &str) -> Option<String> {
    let catalog = catalog();
    let canonical = canonical_control(text);
    if let Some(canonical) = &canonical {
        if canonical != text && catalog.control(canonical).is_some() {
            return Some(format!("write it as `{canonical}`"));
        }
        let controls = controls_under(canonical);
        if !controls.is_empty()
            && let Some(title) = area_title(canonical)
        {
            return Some(format!(
                "`{canonical}` is an area of Annex A ({title}), not a control; list the controls \
                 it applies to: {}",
                listed(&controls)
            ));
        }
        if let Some(area) = canonical.strip_suffix(".1") {
            let controls = controls_under(area);
            if !controls.is_empty()
                && let Some(title) = area_title(area)
            {
                let mut help = format!(
                    "`{canonical}` is the objective of {area} ({title}), not a control; its \
                     controls are {}",
                    listed(&controls)
                );
                let as_clause = canonical.trim_start_matches("A.");
                if let Some(clause) = catalog.clause(as_clause) {
                    help.push_str(&format!(
                        "; if you meant clause {} ({}), list it under `clauses`",
                        clause.id, clause.title
                    ));
                }
                return Some(help);
            }
        }
    }
    if let Some(clause) = clause_id(text) {
        let clause = catalog.clause(clause)?;
        return Some(format!(
            "`{}` is a clause ({}), not an Annex A control: list it under `clauses`",
            clause.id, clause.title
        ));
    }
    None
}

/// Why `text` is not a clause of 4–10, when there is more to say than "did you mean".
pub fn clause(text: &str) -> Option<String> {
    let catalog = catalog();
    if let Some(control) = control_id(text) {
        let title = catalog
            .control(control)
            .map(|c| c.title.as_str())
            .unwrap_or_default();
        return Some(format!(
            "`{control}` is an Annex A control ({title}), not a clause: list it under `controls`"
        ));
    }
    if let Some(clause) = clause_id(text)
        && clause != text
    {
        return Some(format!("write it as `{clause}`"));
    }
    // `4.1.1`: the nearest enclosing clause.
    let mut current = text.trim();
    while let Some((parent, _)) = current.rsplit_once('.') {
        // Only below a sub-clause: for `5.9`, "did you mean 5.1" helps more than "see 5".
        if !parent.contains('.') {
            break;
        }
        if let Some(clause) = catalog.clause(parent) {
            return Some(format!(
                "`{text}` is not a clause of ISO/IEC 42001; the nearest is {} ({})",
                clause.id, clause.title
            ));
        }
        current = parent;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_controls() {
        assert_eq!(canonical_control("A-7-4").as_deref(), Some("A.7.4"));
        assert_eq!(canonical_control("a.7.4").as_deref(), Some("A.7.4"));
        assert_eq!(canonical_control("A7.4").as_deref(), Some("A.7.4"));
        assert_eq!(canonical_control("A.6.2.4").as_deref(), Some("A.6.2.4"));
        assert_eq!(
            canonical_control("A.7.4 Quality of data").as_deref(),
            Some("A.7.4")
        );
        assert_eq!(canonical_control("Annex"), None);
        assert_eq!(canonical_control("A"), None);
        assert_eq!(control_id("A_10_2"), Some("A.10.2"));
        assert_eq!(control_id("A.6.2"), None);
    }

    #[test]
    fn spellings_of_clauses() {
        assert_eq!(clause_id("6.1.2"), Some("6.1.2"));
        assert_eq!(clause_id("Clause 6.1.2"), Some("6.1.2"));
        assert_eq!(clause_id("§ 9.2."), Some("9.2"));
        assert_eq!(clause_id("11"), None);
    }

    #[test]
    fn explains_areas_objectives_and_clauses() {
        let area = control("A.6.2").unwrap();
        assert!(area.starts_with("`A.6.2` is an area of Annex A"), "{area}");
        assert!(area.contains("A.6.2.4 (AI system verification and validation)"));
        let objective = control("A.5.1").unwrap();
        assert!(objective.contains("objective of A.5"), "{objective}");
        assert!(!objective.contains("did you mean"));
        assert!(objective.contains("clause 5.1 (Leadership and commitment)"));
        assert_eq!(control("A-7-4").as_deref(), Some("write it as `A.7.4`"));
        assert!(control("6.1.2").unwrap().contains("is a clause"));
        assert_eq!(control("A.2.9"), None);
        assert!(
            clause("A.6.2.4")
                .unwrap()
                .contains("list it under `controls`")
        );
        assert!(clause("4.1.1").unwrap().contains("the nearest is 4.1"));
        assert_eq!(
            clause("Clause 6.1.2").as_deref(),
            Some("write it as `6.1.2`")
        );
    }
}

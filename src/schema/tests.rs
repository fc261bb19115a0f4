//! Unit tests of schema compilation and error explanation.

use super::*;

fn set() -> SchemaSet {
    SchemaSet::compile(&[]).unwrap()
}

fn valid_policy() -> Value {
    json!({
        "id": "POL-001", "kind": "policy", "title": "AI policy",
        "owner": "ceo@example.com", "status": "active", "policy_type": "ai"
    })
}

#[test]
fn valid_document_has_no_findings() {
    assert_eq!(set().validate("policy", &valid_policy()), vec![]);
}

#[test]
fn explains_common_mistakes() {
    let mut doc = valid_policy();
    doc["ownr"] = json!("x");
    doc["status"] = json!("actve");
    doc["controls"] = json!(["A.2.9"]);
    doc["clauses"] = json!(["5.9"]);
    doc["review_cycle"] = json!("12 months");
    doc.as_object_mut().unwrap().remove("title");
    let findings = set().validate("policy", &doc);
    let messages: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
    assert!(
        messages.contains(&"missing required field `title`"),
        "{messages:?}"
    );
    assert!(messages.contains(&"unknown field `ownr`"), "{messages:?}");
    assert!(
        messages.contains(&"`actve` is not one of `draft`, `active` and `retired`"),
        "{messages:?}"
    );
    let control = findings
        .iter()
        .find(|f| f.kind == FindingKind::UnknownControl)
        .expect("unknown control finding");
    assert_eq!(control.pointer, "/controls/0");
    assert_eq!(control.help.as_deref(), Some("did you mean `A.2.2`?"));
    assert!(
        findings
            .iter()
            .any(|f| f.kind == FindingKind::UnknownClause)
    );
    assert!(
        messages.contains(&"`12 months` is not an ISO 8601 duration"),
        "{messages:?}"
    );
    let unknown = findings
        .iter()
        .find(|f| f.message == "unknown field `ownr`")
        .unwrap();
    assert_eq!(unknown.help.as_deref(), Some("did you mean `owner`?"));
    assert_eq!(unknown.target, Target::Key);
}

#[test]
fn yaml_boolean_hint() {
    let doc = json!({
        "id": "SOA-001", "kind": "soa", "title": "SoA", "owner": "a@example.com",
        "status": "draft", "annex_a": [{"id": "A.2.2", "applicable": "yes"}]
    });
    let findings = set().validate("soa", &doc);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].pointer, "/annex_a/0/applicable");
    assert!(
        findings[0]
            .help
            .as_deref()
            .unwrap()
            .contains("write `true`")
    );
}

#[test]
fn unquoted_clause_is_one_finding_that_says_quote_it() {
    let mut doc = valid_policy();
    doc["clauses"] = json!([4.1, 10]);
    let findings = set().validate("policy", &doc);
    assert_eq!(findings.len(), 2, "{findings:?}");
    for finding in &findings {
        assert_eq!(finding.kind, FindingKind::Schema);
        assert!(finding.help.as_deref().unwrap().contains("quotes"));
    }
}

#[test]
fn owner_that_is_a_name_gets_help() {
    let mut doc = valid_policy();
    doc["owner"] = json!("Direction Générale");
    let findings = set().validate("policy", &doc);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let help = findings[0].help.as_deref().unwrap();
    assert!(help.contains("direction.generale@example.com"), "{help}");
    assert!(help.contains("roles"), "{help}");
}

#[test]
fn control_ids_get_specific_hints() {
    let mut doc = valid_policy();
    doc["controls"] = json!(["A.6.2", "A.5.1"]);
    let findings = set().validate("policy", &doc);
    let helps: Vec<&str> = findings.iter().filter_map(|f| f.help.as_deref()).collect();
    assert!(helps[0].contains("is an area of Annex A"), "{helps:?}");
    assert!(helps[0].contains("A.6.2.2 (AI system requirements and specification)"));
    assert!(helps[1].contains("objective of A.5"), "{helps:?}");
    assert!(!helps[1].contains("did you mean"));
}

#[test]
fn extension_fields_are_allowed_at_any_depth() {
    let doc = json!({
        "id": "RISK-001", "kind": "risk", "title": "R", "owner": "a@example.com",
        "status": "draft", "systems": ["AIS-001"], "risk_source": "x",
        "likelihood": 2, "impact": 3, "x-top": 1,
        "treatment": {"option": "mitigate", "x-ticket": "JIRA-1"},
        "residual": {"likelihood": 1, "impact": 1, "x-note": "n"},
        "references": [{"framework": "nist-ai-rmf", "id": "MAP 1", "x-mine": true}]
    });
    assert_eq!(set().validate("risk", &doc), vec![]);
    let soa = json!({
        "id": "SOA-001", "kind": "soa", "title": "SoA", "owner": "a@example.com",
        "status": "draft", "annex_a": [{"id": "A.2.2", "applicable": true,
        "owner": "ai-lead", "due": "2027-01-31", "notes": "n", "x-row": 7,
        "references": [{"framework": "iso27001", "id": "5.1"}]}]
    });
    assert_eq!(set().validate("soa", &soa), vec![]);
}

/// Every closed object of every built-in schema takes `x-` fields.
#[test]
fn every_closed_object_allows_extensions() {
    fn walk(node: &Value, at: &str, out: &mut Vec<String>) {
        match node {
            Value::Object(object) => {
                if object.get("additionalProperties") == Some(&Value::Bool(false))
                    && object
                        .get("patternProperties")
                        .and_then(|p| p.get("^x-"))
                        .is_none()
                {
                    out.push(at.to_owned());
                }
                for (key, child) in object {
                    walk(child, &format!("{at}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, &format!("{at}/{index}"), out);
                }
            }
            _ => {}
        }
    }
    let mut closed = Vec::new();
    walk(
        &serde_json::from_str(COMMON_SCHEMA).unwrap(),
        "common",
        &mut closed,
    );
    for kind in BUILTIN_KINDS {
        walk(
            &serde_json::from_str(kind.schema).unwrap(),
            kind.name,
            &mut closed,
        );
    }
    assert!(closed.is_empty(), "objects without x- fields: {closed:?}");
}

#[test]
fn custom_kind_with_one_error_reports_only_it() {
    let custom = CustomSchema {
        kind: "vendor".to_owned(),
        schema: json!({
            "type": "object",
            "properties": {
                "vendor": {"type": "string"},
                "tier": {"$ref": "#/$defs/tier"},
                "contact": {"type": "object", "properties": {"name": {"type": "string"}},
                            "additionalProperties": false}
            },
            "$defs": {"tier": {"enum": ["low", "high"]}},
            "required": ["vendor"]
        }),
    };
    let set = SchemaSet::compile(&[custom]).unwrap();
    let doc = json!({
        "id": "VA-001", "kind": "vendor", "title": "V", "owner": "a@example.com",
        "status": "actve", "vendor": "Acme", "tier": "low", "x-own": 1,
        "contact": {"name": "Bob", "x-phone": "1"}
    });
    let findings = set.validate("vendor", &doc);
    let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        vec!["`actve` is not one of `draft`, `active` and `retired`"],
        "{findings:?}"
    );
    let mut bad = doc.clone();
    bad["vendr"] = json!("x");
    let findings = set.validate("vendor", &bad);
    let unknown = findings
        .iter()
        .find(|f| f.message == "unknown field `vendr`")
        .expect("typo reported");
    assert_eq!(unknown.help.as_deref(), Some("did you mean `vendor`?"));
}

#[test]
fn navigates_schemas_for_names_and_descriptions() {
    let schema: Value =
        serde_json::from_str(crate::catalog::kinds::builtin("risk").unwrap().schema).unwrap();
    let common: Value = serde_json::from_str(COMMON_SCHEMA).unwrap();
    let names = property_names(&schema, &common, "");
    assert!(names.contains(&"owner".to_owned()) && names.contains(&"treatment".to_owned()));
    let names = property_names(&schema, &common, "/treatment");
    assert!(names.contains(&"option".to_owned()));
    assert!(describe_field(&schema, &common, "/likelihood").is_some());
}

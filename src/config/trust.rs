//! The part of aims.yaml that decides who may approve: `roles`, `aliases`, the `approvers`
//! defaults and the `approval` policy. Approvals are judged against these settings *as they
//! stood* when the approval was given, so history reads them from every committed version of
//! aims.yaml; a change to them takes effect only once approved by those already in force.

use super::{ApprovalPolicy, Config};
use serde_json::Value;
use std::collections::BTreeMap;

/// Who may approve what, from one version of aims.yaml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trust {
    /// Role → emails.
    pub roles: BTreeMap<String, Vec<String>>,
    /// Email → other emails of the same person.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// `defaults.approvers`.
    pub default_approvers: Option<Vec<String>>,
    /// `defaults.kinds.KIND.approvers`.
    pub kind_approvers: BTreeMap<String, Vec<String>>,
    pub policy: ApprovalPolicy,
}

impl Trust {
    /// The trust settings of a configuration already loaded.
    pub fn of(config: &Config) -> Trust {
        Trust {
            roles: config.roles.clone(),
            aliases: config.aliases.clone(),
            default_approvers: config.defaults.approvers.clone(),
            kind_approvers: config
                .kind_defaults
                .iter()
                .filter_map(|(kind, defaults)| {
                    defaults
                        .approvers
                        .clone()
                        .map(|approvers| (kind.clone(), approvers))
                })
                .collect(),
            policy: config.approval.clone(),
        }
    }

    /// Reads the trust settings from the text of an aims.yaml, leniently: other sections are
    /// not looked at, so an old version with since-removed keys still reads. `Err` when the
    /// YAML or the trust sections themselves cannot be read.
    pub fn parse(text: &str) -> Result<Trust, String> {
        let whole_file = crate::diagnostic::Span::START;
        let located = crate::yaml::parse_mapping(text, 1, whole_file)
            .map_err(|problem| format!("{problem:?}"))?;
        let value = located.value;
        let field = |pointer: &str| value.pointer(pointer).cloned().unwrap_or(Value::Null);
        let map_of_lists = |pointer: &str| -> Result<BTreeMap<String, Vec<String>>, String> {
            match field(pointer) {
                Value::Null => Ok(BTreeMap::new()),
                other => {
                    serde_json::from_value(other).map_err(|error| format!("`{pointer}`: {error}"))
                }
            }
        };
        let list = |pointer: &str| -> Result<Option<Vec<String>>, String> {
            match field(pointer) {
                Value::Null => Ok(None),
                other => serde_json::from_value(other)
                    .map(Some)
                    .map_err(|error| format!("`{pointer}`: {error}")),
            }
        };
        let mut kind_approvers = BTreeMap::new();
        if let Some(kinds) = value.pointer("/defaults/kinds").and_then(Value::as_object) {
            for (kind, defaults) in kinds {
                if let Some(approvers) = defaults.get("approvers") {
                    let approvers: Vec<String> = serde_json::from_value(approvers.clone())
                        .map_err(|error| format!("`defaults.kinds.{kind}.approvers`: {error}"))?;
                    kind_approvers.insert(kind.clone(), approvers);
                }
            }
        }
        let policy = match field("/approval") {
            Value::Null => ApprovalPolicy::default(),
            other => {
                serde_json::from_value(other).map_err(|error| format!("`approval`: {error}"))?
            }
        };
        Ok(Trust {
            roles: map_of_lists("/roles")?,
            aliases: map_of_lists("/aliases")?,
            default_approvers: list("/defaults/approvers")?,
            kind_approvers,
            policy,
        })
    }

    pub fn is_role(&self, name: &str) -> bool {
        self.roles.contains_key(name)
    }

    /// The emails an identity stands for: a role's members, or the email itself.
    pub fn emails_for<'a>(&'a self, identity: &'a str) -> Vec<&'a str> {
        match self.roles.get(identity) {
            Some(emails) => emails.iter().map(String::as_str).collect(),
            None if identity.contains('@') => vec![identity],
            None => Vec::new(),
        }
    }

    /// Whether `email` belongs to some role.
    pub fn holds_a_role(&self, email: &str) -> bool {
        self.roles
            .values()
            .flatten()
            .any(|member| self.same_person(member, email))
    }

    /// Whether two emails are the same person: equal ignoring case, or aliases of each other.
    pub fn same_person(&self, a: &str, b: &str) -> bool {
        if a.eq_ignore_ascii_case(b) {
            return true;
        }
        let aliased = |from: &str, to: &str| {
            self.aliases.iter().any(|(email, others)| {
                email.eq_ignore_ascii_case(from)
                    && others.iter().any(|other| other.eq_ignore_ascii_case(to))
            })
        };
        aliased(a, b) || aliased(b, a)
    }

    /// The approvers a document of `kind` needs when it lists `own` (its `approvers` field):
    /// its own list, else the defaults for its kind, else the general default.
    pub fn approvers<'a>(&'a self, kind: &str, own: Option<Vec<&'a str>>) -> Vec<&'a str> {
        if let Some(own) = own
            && !own.is_empty()
        {
            return own;
        }
        self.kind_approvers
            .get(kind)
            .or(self.default_approvers.as_ref())
            .map(|list| list.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// Who approves changes to these settings: `approval.config_approvers`, else
    /// `defaults.approvers`.
    pub fn config_approvers(&self) -> Vec<&str> {
        self.policy
            .config_approvers
            .as_ref()
            .or(self.default_approvers.as_ref())
            .map(|list| list.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// What changed from `self` to `newer`, in words (empty when nothing did).
    pub fn changes_to(&self, newer: &Trust) -> Vec<String> {
        self.changes(newer)
            .into_iter()
            .map(|change| change.description)
            .collect()
    }

    /// What changed from `self` to `newer`, each with the aims.yaml node it is about.
    pub fn changes(&self, newer: &Trust) -> Vec<TrustChange> {
        let mut out = Vec::new();
        let keys = |a: &BTreeMap<String, Vec<String>>, b: &BTreeMap<String, Vec<String>>| {
            let mut keys: Vec<String> = a.keys().chain(b.keys()).cloned().collect();
            keys.sort();
            keys.dedup();
            keys
        };
        for role in keys(&self.roles, &newer.roles) {
            describe_list(
                &format!("role `{role}`"),
                crate::yaml::pointer(["roles", &role]),
                self.roles.get(&role),
                newer.roles.get(&role),
                &mut out,
            );
        }
        for email in keys(&self.aliases, &newer.aliases) {
            describe_list(
                &format!("aliases of {email}"),
                crate::yaml::pointer(["aliases", &email]),
                self.aliases.get(&email),
                newer.aliases.get(&email),
                &mut out,
            );
        }
        describe_list(
            "default approvers",
            "/defaults/approvers".to_owned(),
            self.default_approvers.as_ref(),
            newer.default_approvers.as_ref(),
            &mut out,
        );
        for kind in keys(&self.kind_approvers, &newer.kind_approvers) {
            describe_list(
                &format!("approvers of kind `{kind}`"),
                crate::yaml::pointer(["defaults", "kinds", &kind, "approvers"]),
                self.kind_approvers.get(&kind),
                newer.kind_approvers.get(&kind),
                &mut out,
            );
        }
        if self.policy != newer.policy {
            out.push(TrustChange {
                pointer: "/approval".to_owned(),
                description: "the `approval` policy".to_owned(),
            });
        }
        out
    }
}

/// One difference between two versions of the trust settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustChange {
    /// JSON pointer of the node in aims.yaml (the newer version's, when it exists).
    pub pointer: String,
    pub description: String,
}

fn describe_list(
    what: &str,
    pointer: String,
    before: Option<&Vec<String>>,
    after: Option<&Vec<String>>,
    out: &mut Vec<TrustChange>,
) {
    let description = match (before, after) {
        (None, None) => return,
        (None, Some(after)) => format!("{what} added ({})", after.join(", ")),
        (Some(_), None) => format!("{what} removed"),
        (Some(before), Some(after)) if before != after => {
            let added: Vec<&str> = after
                .iter()
                .filter(|item| !before.contains(item))
                .map(String::as_str)
                .collect();
            let removed: Vec<&str> = before
                .iter()
                .filter(|item| !after.contains(item))
                .map(String::as_str)
                .collect();
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("gains {}", added.join(", ")));
            }
            if !removed.is_empty() {
                parts.push(format!("loses {}", removed.join(", ")));
            }
            if parts.is_empty() {
                parts.push("reordered".to_owned());
            }
            format!("{what} {}", parts.join(" and "))
        }
        _ => return,
    };
    out.push(TrustChange {
        pointer,
        description,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_trust_sections() {
        let trust = Trust::parse(
            "organisation: X\nunknown_old_key: 1\nroles:\n  ceo: [a@x.example]\naliases:\n  a@x.example: [a@home.example]\n\
             defaults:\n  approvers: [ceo]\n  kinds:\n    risk: {approvers: [cto], review_cycle: P6M}\n\
             approval:\n  require_signed: true\n",
        )
        .unwrap();
        assert_eq!(trust.emails_for("ceo"), vec!["a@x.example"]);
        assert!(trust.same_person("A@home.example", "a@x.example"));
        assert!(!trust.same_person("b@x.example", "a@x.example"));
        assert_eq!(trust.approvers("risk", None), vec!["cto"]);
        assert_eq!(trust.approvers("policy", None), vec!["ceo"]);
        assert_eq!(trust.config_approvers(), vec!["ceo"]);
        assert!(trust.policy.require_signed);
        assert!(Trust::parse("roles: [not, a, map]\n").is_err());
    }

    #[test]
    fn describes_changes() {
        let before = Trust::parse("roles:\n  ceo: [a@x.example]\n").unwrap();
        let after =
            Trust::parse("roles:\n  ceo: [a@x.example, f@x.example]\n  cto: [c@x.example]\n")
                .unwrap();
        assert_eq!(
            before.changes_to(&after),
            vec![
                "role `ceo` gains f@x.example".to_owned(),
                "role `cto` added (c@x.example)".to_owned()
            ]
        );
        assert!(after.changes_to(&after).is_empty());
    }
}

//! The built-in document kinds: their id prefixes, embedded JSON Schemas, the clauses a document
//! of the kind evidences by its nature, and which of their fields refer to other documents.

/// A field holding document ids, as a JSON pointer pattern where `*` matches any array index.
#[derive(Debug, Clone, Copy)]
pub struct ReferenceField {
    pub pointer: &'static str,
    /// Kinds the referenced document must have; empty means any kind.
    pub targets: &'static [&'static str],
}

/// A built-in document kind.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinKind {
    pub name: &'static str,
    pub prefix: &'static str,
    pub title: &'static str,
    /// The kind's JSON Schema (draft 2020-12), as shipped in `schema/`.
    pub schema: &'static str,
    /// Clauses every active document of this kind evidences without listing them.
    pub implied_clauses: &'static [&'static str],
    pub references: &'static [ReferenceField],
}

/// The common-fields schema every kind schema includes.
pub const COMMON_SCHEMA: &str = include_str!("../../schema/common.schema.json");
/// The schema of `aims.yaml`.
pub const CONFIG_SCHEMA: &str = include_str!("../../schema/aims.schema.json");

/// Reference fields present on every kind.
pub const COMMON_REFERENCES: &[ReferenceField] = &[ReferenceField {
    pointer: "/related/*",
    targets: &[],
}];

const SYSTEMS: ReferenceField = ReferenceField {
    pointer: "/systems/*",
    targets: &["ai-system"],
};

pub const BUILTIN_KINDS: &[BuiltinKind] = &[
    BuiltinKind {
        name: "scope",
        prefix: "SCOPE",
        title: "AIMS scope",
        schema: include_str!("../../schema/scope.schema.json"),
        implied_clauses: &["4.3"],
        references: &[SYSTEMS],
    },
    BuiltinKind {
        name: "policy",
        prefix: "POL",
        title: "Policy",
        schema: include_str!("../../schema/policy.schema.json"),
        // The AI policy (policy_type: ai) also evidences 5.2; see `implied_clauses`.
        implied_clauses: &[],
        references: &[ReferenceField {
            pointer: "/supersedes",
            targets: &["policy"],
        }],
    },
    BuiltinKind {
        name: "ai-system",
        prefix: "AIS",
        title: "AI system",
        schema: include_str!("../../schema/ai-system.schema.json"),
        implied_clauses: &[],
        references: &[],
    },
    BuiltinKind {
        name: "risk",
        prefix: "RISK",
        title: "AI risk",
        schema: include_str!("../../schema/risk.schema.json"),
        implied_clauses: &["8.2", "8.3"],
        references: &[
            SYSTEMS,
            ReferenceField {
                pointer: "/treatment/documents/*",
                targets: &[],
            },
            ReferenceField {
                pointer: "/acceptance/record",
                targets: &[],
            },
        ],
    },
    BuiltinKind {
        name: "impact-assessment",
        prefix: "AIIA",
        title: "AI system impact assessment",
        schema: include_str!("../../schema/impact-assessment.schema.json"),
        implied_clauses: &["6.1.4", "8.4"],
        references: &[
            SYSTEMS,
            ReferenceField {
                pointer: "/risks/*",
                targets: &["risk"],
            },
        ],
    },
    BuiltinKind {
        name: "soa",
        prefix: "SOA",
        title: "Statement of Applicability",
        schema: include_str!("../../schema/soa.schema.json"),
        implied_clauses: &["6.1.3"],
        references: &[ReferenceField {
            pointer: "/annex_a/*/implemented_by/*",
            targets: &[],
        }],
    },
    BuiltinKind {
        name: "objective",
        prefix: "OBJ",
        title: "AI objective",
        schema: include_str!("../../schema/objective.schema.json"),
        implied_clauses: &["6.2"],
        references: &[SYSTEMS],
    },
    BuiltinKind {
        name: "audit",
        prefix: "AUD",
        title: "Internal audit",
        schema: include_str!("../../schema/audit.schema.json"),
        implied_clauses: &["9.2.2"],
        references: &[ReferenceField {
            pointer: "/findings/*",
            targets: &["nonconformity"],
        }],
    },
    BuiltinKind {
        name: "management-review",
        prefix: "MR",
        title: "Management review",
        schema: include_str!("../../schema/management-review.schema.json"),
        implied_clauses: &["9.3.3"],
        references: &[
            ReferenceField {
                pointer: "/inputs/*/references/*",
                targets: &[],
            },
            ReferenceField {
                pointer: "/decisions/*/references/*",
                targets: &[],
            },
        ],
    },
    BuiltinKind {
        name: "nonconformity",
        prefix: "NC",
        title: "Nonconformity",
        schema: include_str!("../../schema/nonconformity.schema.json"),
        implied_clauses: &["10.2"],
        references: &[ReferenceField {
            pointer: "/raised_in",
            targets: &["audit", "management-review", "record"],
        }],
    },
    BuiltinKind {
        name: "procedure",
        prefix: "PROC",
        title: "Procedure",
        schema: include_str!("../../schema/procedure.schema.json"),
        implied_clauses: &[],
        references: &[],
    },
    BuiltinKind {
        name: "record",
        prefix: "REC",
        title: "Record",
        schema: include_str!("../../schema/record.schema.json"),
        implied_clauses: &[],
        references: &[SYSTEMS],
    },
];

pub fn builtin(name: &str) -> Option<&'static BuiltinKind> {
    BUILTIN_KINDS.iter().find(|kind| kind.name == name)
}

/// Every schema file shipped in `schema/`, by file name (for `aims schema --out`).
pub fn schema_files() -> Vec<(String, &'static str)> {
    let mut files = vec![
        ("aims.schema.json".to_owned(), CONFIG_SCHEMA),
        ("common.schema.json".to_owned(), COMMON_SCHEMA),
    ];
    files.extend(
        BUILTIN_KINDS
            .iter()
            .map(|kind| (format!("{}.schema.json", kind.name), kind.schema)),
    );
    files
}

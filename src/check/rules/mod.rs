//! The rule registry: every rule, in code order. Each rule lives in its own file with its code,
//! its documentation (printed by `aims explain CODE`) and its logic.

mod approval_problem;
mod prelude;

use super::{Rule, RuleMeta};

/// A rule as the registry holds it: what it declares about itself, and its checks.
pub struct Registered {
    pub meta: &'static RuleMeta,
    pub rule: &'static dyn Rule,
}

/// Declares each rule's module and its [`RULES`] entry from one list, so a rule cannot be
/// written and then forgotten in the registry.
macro_rules! rules {
    ($($module:ident::$rule:ident),* $(,)?) => {
        $(pub(super) mod $module;)*

        /// Every rule, sorted by code.
        pub static RULES: &[Registered] = &[
            $(Registered { meta: &$module::$rule::META, rule: &$module::$rule },)*
        ];
    };
}

rules! {
    config_invalid::ConfigInvalid,
    unused_override::UnusedOverride,
    unused_waiver::UnusedWaiver,
    expired_waiver::ExpiredWaiver,
    unreadable_file::UnreadableFile,
    missing_frontmatter::MissingFrontmatter,
    unterminated_frontmatter::UnterminatedFrontmatter,
    invalid_yaml::InvalidYaml,
    duplicate_key::DuplicateKey,
    unsupported_yaml::UnsupportedYaml,
    unknown_kind::UnknownKind,
    schema_violation::SchemaViolation,
    duplicate_id::DuplicateId,
    id_prefix::IdPrefix,
    unknown_reference::UnknownReference,
    reference_kind::ReferenceKind,
    unknown_control::UnknownControl,
    unknown_clause::UnknownClause,
    unknown_approver::UnknownApprover,
    placeholder_identity::PlaceholderIdentity,
    example_document::ExampleDocument,
    unknown_framework_reference::UnknownFrameworkReference,
    soa_missing::SoaMissing,
    soa_control_missing::SoaControlMissing,
    soa_control_duplicate::SoaControlDuplicate,
    soa_exclusion_unjustified::SoaExclusionUnjustified,
    soa_implementation_incomplete::SoaImplementationIncomplete,
    risk_control_not_applicable::RiskControlNotApplicable,
    clause_not_evidenced::ClauseNotEvidenced,
    risk_acceptance_missing::RiskAcceptanceMissing,
    nonconformity_overdue::NonconformityOverdue,
    risk_above_appetite::RiskAboveAppetite,
    kpi_measurement_overdue::KpiMeasurementOverdue,
    kpi_off_target::KpiOffTarget,
    system_risk_unassessed::SystemRiskUnassessed,
    system_impact_unassessed::SystemImpactUnassessed,
    system_outside_scope::SystemOutsideScope,
    high_risk_evidence_missing::HighRiskEvidenceMissing,
    not_approved::NotApproved,
    approval_stale::ApprovalStale,
    review_overdue::ReviewOverdue,
    review_due_soon::ReviewDueSoon,
    claim_contradicts_history::ClaimContradictsHistory,
    self_approval::SelfApproval,
    approver_not_listed::ApproverNotListed,
    approval_unsigned::ApprovalUnsigned,
    history_incomplete::HistoryIncomplete,
    signer_mismatch::SignerMismatch,
    approval_misdated::ApprovalMisdated,
    approver_change_unapproved::ApproverChangeUnapproved,
    upstream_changed::UpstreamChanged,
    risk_acceptance_unrecorded::RiskAcceptanceUnrecorded,
    evidence_missing::EvidenceMissing,
    evidence_outside_project::EvidenceOutsideProject,
    evidence_symlink_escape::EvidenceSymlinkEscape,
    evidence_untracked::EvidenceUntracked,
    evidence_stale::EvidenceStale,
}

/// Whether `code` names a rule, as [`lookup`] understands it: what aims.yaml's `severity:` and
/// `waivers:` are checked against.
pub fn is_code(code: &str) -> bool {
    lookup(code).is_some()
}

/// Metadata of every rule, sorted by code.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|registered| registered.meta)
}

/// A rule by code (`AIMS201`, case-insensitive) or name (`duplicate-id`).
pub fn lookup(code_or_name: &str) -> Option<&'static RuleMeta> {
    all().find(|meta| meta.code.eq_ignore_ascii_case(code_or_name) || meta.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_documented() {
        let metas: Vec<_> = all().collect();
        for pair in metas.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        for meta in metas {
            assert!(
                meta.code.len() == 7 && meta.code.starts_with("AIMS"),
                "{}",
                meta.code
            );
            assert!(
                meta.doc.contains("## What it checks"),
                "{} lacks docs",
                meta.code
            );
            assert!(
                meta.doc.contains("## How to fix"),
                "{} lacks a fix",
                meta.code
            );
        }
        assert_eq!(lookup("aims201").map(|m| m.name), Some("duplicate-id"));
        assert_eq!(lookup("duplicate-id").map(|m| m.code), Some("AIMS201"));
    }
}

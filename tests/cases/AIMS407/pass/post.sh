source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
at 2026-02-01; edit aims/policy.md "A change."
at 2026-02-02; approval_commit POL-001 stranger@elsewhere.example
# A listed approver approves the same version: the stranger's approval changes nothing.
at 2026-02-03; approval_commit POL-001 ceo@base.example

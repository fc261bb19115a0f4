source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
at 2026-02-01; edit aims/policy.md "A sentence added after approval."
at 2026-02-03; as "Cleo CEO" ceo@base.example; "$AIMS_BIN" approve POL-001 >/dev/null

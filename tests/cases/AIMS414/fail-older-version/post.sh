source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
at 2026-01-03; as "Cleo CEO" ceo@base.example; "$AIMS_BIN" accept RISK-001 >/dev/null
# The risk is edited and approved again, but nobody accepts the new version.
at 2026-02-01; edit aims/risk.md "Residual re-estimated after the February tests."
at 2026-02-02; as "Cleo CEO" ceo@base.example; "$AIMS_BIN" approve RISK-001 >/dev/null

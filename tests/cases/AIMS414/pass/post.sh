source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
# The CEO, whom the approved risk names under `acceptance.by`, accepts it.
at 2026-01-03; as "Cleo CEO" ceo@base.example; "$AIMS_BIN" accept RISK-001 >/dev/null

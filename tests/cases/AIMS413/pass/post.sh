source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
at 2026-02-01; edit aims/system.md "Now also ranks internal transfers."
at 2026-02-02; as "Cleo CEO" ceo@base.example; "$AIMS_BIN" approve AIS-001 >/dev/null
# The risk is still right: a review records that. The impact assessment is edited and approved.
at 2026-02-03; "$AIMS_BIN" review RISK-001 >/dev/null
at 2026-02-04; edit aims/impact.md "Internal transfers are assessed too."
at 2026-02-05; as "Cleo CEO" ceo@base.example; "$AIMS_BIN" approve AIIA-001 >/dev/null

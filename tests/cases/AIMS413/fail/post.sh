source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
# The AI system changes after the risk and the impact assessment were approved; the change is
# approved, but nobody looks at the risk or the impact assessment again.
at 2026-02-01; edit aims/system.md "Now also ranks internal transfers."
at 2026-02-02; as "Cleo CEO" ceo@base.example; "$AIMS_BIN" approve AIS-001 >/dev/null

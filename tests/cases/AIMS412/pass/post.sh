source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
# A second CEO is added, and the CEO in force approves the change.
at 2026-02-01
sed -i 's/^  ceo: \[ceo@base.example\]$/  ceo: [ceo@base.example, cfo@base.example]/' aims.yaml
git -c user.name="Lee Lead" -c user.email=lead@base.example commit -q -am "Add the CFO to the CEO role"
at 2026-02-02; as "Cleo CEO" ceo@base.example
"$AIMS_BIN" approve aims.yaml >/dev/null

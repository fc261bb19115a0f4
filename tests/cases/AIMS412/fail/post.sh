source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
# The AI lead makes themself a CEO and commits it; nobody entitled approved the change.
at 2026-02-01
sed -i 's/^  ceo: \[ceo@base.example\]$/  ceo: [ceo@base.example, lead@base.example]/' aims.yaml
git -c user.name="Lee Lead" -c user.email=lead@base.example commit -q -am "Add myself as CEO"

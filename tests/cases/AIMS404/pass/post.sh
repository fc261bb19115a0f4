source "$CASES/lib/history.sh"
sed -i 's/^policy_type: ai$/policy_type: ai\nreview_cycle: P13M/' aims/policy.md
at 2026-01-01; git add -A; git -c user.name="Test Author" -c user.email=author@base.example commit -q -m "Cycle"
at 2026-01-02; approve_all

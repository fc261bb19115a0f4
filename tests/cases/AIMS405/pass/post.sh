source "$CASES/lib/history.sh"
sed -i 's/^policy_type: ai$/policy_type: ai\napproved_by: ceo\nlast_reviewed: "2026-01-02"\nversion: 1/' aims/policy.md
at 2026-01-01; git add -A; git -c user.name="Test Author" -c user.email=author@base.example commit -q -m "Claims"
at 2026-01-02; approve_all

source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
# The author of the change approves it themself (aims approve would refuse; this bypasses it).
at 2026-02-01; edit aims/policy.md "Changed by the author."
at 2026-02-02; approval_commit POL-001 author@base.example

source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
at 2026-02-01; edit aims/policy.md "An edit made on 1 February."
at 2026-02-02; approval_commit POL-001 ceo@base.example

source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
at 2026-02-01; edit aims/policy.md "An edit made on 1 February."
# An approval back-dated to before the edit it approves (GIT_COMMITTER_DATE and author date).
at 2026-01-15; approval_commit POL-001 ceo@base.example
# And one dated years in the future.
at 2026-02-03; edit aims/procedure.md "Another edit."
at 2031-01-01; approval_commit PROC-001 ceo@base.example

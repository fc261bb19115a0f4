source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
# The AI lead writes an acceptance commit by hand: the risk names the CEO, so it does not count.
at 2026-01-03; approval_commit RISK-001 lead@base.example Accepts

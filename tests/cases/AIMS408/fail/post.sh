source "$CASES/lib/history.sh"
at 2026-01-02; approve_all

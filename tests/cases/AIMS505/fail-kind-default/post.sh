source "$CASES/lib/history.sh"
# The training record was committed with the fixture on 2026-01-01 and is refreshed every six
# months: due 2026-07-01, stale on 2026-11-22.
at 2026-01-02; approve_all

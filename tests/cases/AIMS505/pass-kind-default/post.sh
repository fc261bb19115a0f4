source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
# Refreshed in September: the procedure's three months run to December.
at 2026-09-01; edit evidence/training.csv "sam,AI basics,2026-08-30"

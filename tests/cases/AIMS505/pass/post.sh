source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
# A new training record is committed in October: due again in April 2027.
at 2026-10-01; edit evidence/training.csv "sam,AI basics,2026-09-30"

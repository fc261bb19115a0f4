source "$CASES/lib/history.sh"
# The fixture commit is never approved.

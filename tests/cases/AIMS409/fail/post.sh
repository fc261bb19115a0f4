source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
# Replace the repository with a depth-1 clone of itself, as actions/checkout does by default.
clone=$(mktemp -d)
git clone -q --depth 1 "file://$PWD" "$clone/repo"
rm -rf .git && mv "$clone/repo/.git" .git

source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
clone=$(mktemp -d)
git clone -q "file://$PWD" "$clone/repo"
rm -rf .git && mv "$clone/repo/.git" .git

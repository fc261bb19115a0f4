# Helpers for history fixtures (sourced by post.sh scripts). Every commit has a pinned date.
set -euo pipefail

# at DATE: pin author and committer dates for what follows.
at() {
  export GIT_AUTHOR_DATE="$1T10:00:00+00:00" GIT_COMMITTER_DATE="$1T10:00:00+00:00"
}

# as NAME EMAIL: act as this git user.
as() {
  git config user.name "$1"
  git config user.email "$2"
}

ALL_DOCUMENTS="SCOPE-001 POL-001 PROC-001 SOA-001 AIS-001 RISK-001 AIIA-001 OBJ-001 AUD-001 MR-001 NC-001"

# approve_all: the CEO approves every base document.
approve_all() {
  as "Cleo CEO" ceo@base.example
  "$AIMS_BIN" approve $ALL_DOCUMENTS >/dev/null
}

# approval_commit ID EMAIL [TRAILER]: an approval commit written by hand (not by aims), as
# someone bypassing `aims approve` would.
approval_commit() {
  local id=$1 email=$2 trailer=${3:-Approves}
  local path
  path=$(grep -rl "^id: $id\$" aims | head -1)
  git -c user.name="Someone" -c user.email="$email" commit -q --allow-empty \
    -m "Approve $id" -m "$trailer: $id <$(git rev-parse "HEAD:$path")>"
}

# edit PATH TEXT: append a line to a document and commit it as the fixture author.
edit() {
  echo "$2" >> "$1"
  git add "$1"
  git -c user.name="Test Author" -c user.email=author@base.example commit -q -m "Edit $1"
}

source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
# The AI lead's SSH key, trusted for lead@base.example only.
ssh-keygen -q -t ed25519 -N "" -C lead@base.example -f "$HOME/lead_key"
echo "lead@base.example namespaces=\"git\" $(cat "$HOME/lead_key.pub")" > "$HOME/allowed_signers"
git config gpg.format ssh
git config gpg.ssh.allowedSignersFile "$HOME/allowed_signers"
# The policy is edited, then "approved" in a commit authored as the CEO but signed with the
# AI lead's key: the signature verifies, for the wrong person.
at 2026-02-01; edit aims/policy.md "A change the CEO never saw."
at 2026-02-02; as "Cleo CEO" ceo@base.example
git config user.signingkey "$HOME/lead_key"
"$AIMS_BIN" approve --sign POL-001 >/dev/null

source "$CASES/lib/history.sh"
at 2026-01-02; approve_all
# The CEO's own key signs the CEO's approval.
ssh-keygen -q -t ed25519 -N "" -C ceo@base.example -f "$HOME/ceo_key"
echo "ceo@base.example namespaces=\"git\" $(cat "$HOME/ceo_key.pub")" > "$HOME/allowed_signers"
git config gpg.format ssh
git config gpg.ssh.allowedSignersFile "$HOME/allowed_signers"
at 2026-02-01; edit aims/policy.md "A change the CEO read."
at 2026-02-02; as "Cleo CEO" ceo@base.example
git config user.signingkey "$HOME/ceo_key"
"$AIMS_BIN" approve --sign POL-001 >/dev/null

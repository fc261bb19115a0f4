source "$CASES/lib/history.sh"
# An SSH signing key made for this test, trusted through an allowed-signers file.
ssh-keygen -q -t ed25519 -N "" -C ceo@base.example -f "$HOME/ceo_key"
echo "ceo@base.example namespaces=\"git\" $(cat "$HOME/ceo_key.pub")" > "$HOME/allowed_signers"
git config gpg.format ssh
git config user.signingkey "$HOME/ceo_key"
git config gpg.ssh.allowedSignersFile "$HOME/allowed_signers"
at 2026-01-02; as "Cleo CEO" ceo@base.example
"$AIMS_BIN" approve --sign $ALL_DOCUMENTS >/dev/null

#!/usr/bin/env bash
# Puts the aims binary in place for action.yml and writes AIMS=<path> to $GITHUB_ENV.
#
#   install.sh resolve   decide where aims comes from; writes step outputs (mode, version,
#                        target, archive, sha256, url, dir) to $GITHUB_OUTPUT
#   install.sh install   AIMS_BIN as given; or the release archive: downloaded unless the cache
#                        restored it, verified against the checksum pinned in
#                        action/checksums.txt, unpacked; or, when no release matches, a source
#                        build with cargo
#
# Inputs come from the environment: AIMS_BIN, INPUT_VERSION, INPUT_RELEASE_URL (else
# AIMS_RELEASE_URL, else this action's GitHub releases), RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP,
# GITHUB_ACTION_PATH, GITHUB_ACTION_REPOSITORY, GITHUB_SERVER_URL, and for `install` the
# outputs of `resolve` as AIMS_MODE, AIMS_VERSION, AIMS_TARGET, AIMS_ARCHIVE, AIMS_SHA256,
# AIMS_URL, AIMS_DIR.
set -euo pipefail

action="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"

fail() {
  echo "::error title=aims: installation failed::$1"
  exit 1
}

# The Rust target triple of a release built for this runner, or nothing.
target_for() {
  case "$1/$2" in
    Linux/X64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64) echo aarch64-unknown-linux-musl ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) echo "" ;;
  esac
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

resolve() {
  out="${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
  if [ -n "${AIMS_BIN:-}" ]; then
    echo "mode=given" >>"$out"
    return
  fi
  version="${INPUT_VERSION:-}"
  version="${version#v}"
  if [ -z "$version" ]; then
    # The version of the action's own ref.
    version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$action/Cargo.toml" | head -n 1)"
  fi
  target="$(target_for "${RUNNER_OS:-}" "${RUNNER_ARCH:-}")"
  ext=tar.gz
  if [ "${RUNNER_OS:-}" = Windows ]; then ext=zip; fi
  archive="aims-$version-$target.$ext"
  sha=""
  if [ -n "$target" ] && [ -n "$version" ] && [ -f "$action/action/checksums.txt" ]; then
    sha="$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1; exit }' "$action/action/checksums.txt")"
  fi
  if [ -z "$sha" ]; then
    echo "::notice title=aims::no prebuilt aims $version release for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?} is pinned in this action; building from source (this takes minutes)"
    echo "mode=source" >>"$out"
    return
  fi
  base="${INPUT_RELEASE_URL:-${AIMS_RELEASE_URL:-}}"
  if [ -z "$base" ]; then
    repository="${GITHUB_ACTION_REPOSITORY:-}"
    [ -n "$repository" ] || repository="${GITHUB_REPOSITORY:-}"
    base="${GITHUB_SERVER_URL:-https://github.com}/$repository/releases/download"
  fi
  {
    echo "mode=download"
    echo "version=$version"
    echo "target=$target"
    echo "archive=$archive"
    echo "sha256=$sha"
    echo "url=${base%/}/v$version/$archive"
    echo "dir=${RUNNER_TEMP:?RUNNER_TEMP is not set}/aims-$version-$target"
  } >>"$out"
}

install() {
  env_file="${GITHUB_ENV:?GITHUB_ENV is not set}"
  case "${AIMS_MODE:-}" in
    given)
      echo "AIMS=$AIMS_BIN" >>"$env_file"
      ;;
    download)
      : "${AIMS_DIR:?}" "${AIMS_ARCHIVE:?}" "${AIMS_SHA256:?}" "${AIMS_URL:?}" "${AIMS_VERSION:?}" "${AIMS_TARGET:?}"
      mkdir -p "$AIMS_DIR"
      archive="$AIMS_DIR/$AIMS_ARCHIVE"
      if [ -f "$archive" ] && [ "$(sha256_of "$archive")" = "$AIMS_SHA256" ]; then
        echo "aims $AIMS_VERSION for $AIMS_TARGET: cached archive verified (sha256 $AIMS_SHA256)"
      else
        rm -f "$archive"
        echo "downloading $AIMS_URL"
        curl --fail --silent --show-error --location --retry 3 --connect-timeout 20 \
          --output "$archive.part" "$AIMS_URL" ||
          fail "could not download $AIMS_URL (the release aims $AIMS_VERSION pinned by this action); check the release exists, or set AIMS_BIN"
        actual="$(sha256_of "$archive.part")"
        if [ "$actual" != "$AIMS_SHA256" ]; then
          rm -f "$archive.part"
          fail "checksum mismatch for $AIMS_ARCHIVE from $AIMS_URL: its sha256 is $actual, but this action pins $AIMS_SHA256. The download was refused and nothing was run."
        fi
        mv "$archive.part" "$archive"
        echo "aims $AIMS_VERSION for $AIMS_TARGET: downloaded and verified (sha256 $AIMS_SHA256)"
      fi
      rm -rf "$AIMS_DIR/unpacked"
      mkdir -p "$AIMS_DIR/unpacked"
      case "$AIMS_ARCHIVE" in
        *.zip) unzip -q "$archive" -d "$AIMS_DIR/unpacked" ;;
        *) tar -xzf "$archive" -C "$AIMS_DIR/unpacked" ;;
      esac
      binary="$AIMS_DIR/unpacked/aims-$AIMS_VERSION-$AIMS_TARGET/aims"
      case "$AIMS_ARCHIVE" in *.zip) binary="$binary.exe" ;; esac
      [ -f "$binary" ] || fail "$AIMS_ARCHIVE does not hold aims-$AIMS_VERSION-$AIMS_TARGET/aims"
      echo "AIMS=$binary" >>"$env_file"
      ;;
    source)
      cargo build --release --locked --manifest-path "$action/Cargo.toml" --target-dir "$action/target"
      echo "AIMS=$action/target/release/aims" >>"$env_file"
      ;;
    *)
      fail "unknown install mode '${AIMS_MODE:-}'"
      ;;
  esac
}

case "${1:-}" in
  resolve) resolve ;;
  install) install ;;
  *)
    echo "usage: install.sh resolve|install" >&2
    exit 2
    ;;
esac

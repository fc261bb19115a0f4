//! Commit signatures, as an approval's strongest evidence: whether a commit is signed, whether
//! the signature verifies with the repository's configuration (gpg, gpgsm, or ssh-keygen with
//! `gpg.ssh.allowedSignersFile`, exactly as git does), and *who* signed it.
//!
//! A valid signature proves who made the commit only when the signing identity is the commit's
//! author: a commit authored as `ceo@` but signed with someone else's key is that other
//! person's commit, whatever its author line says. Results are memoised per run and never
//! cached across runs: keyrings and allowed-signers files change (a key gets revoked).

use std::collections::HashMap;
use std::sync::Mutex;

/// What checking one commit's signature found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    /// The commit carries no signature.
    Unsigned,
    /// Signed, but the signature does not verify (unknown key, bad signature, revoked or
    /// expired key, or no verifier installed). `reason` is one line for people.
    Unverified { reason: String },
    /// The signature verifies; `signer` is the email of the signing identity (the gpg user
    /// id's email or the ssh principal), when the verifier reported one.
    Verified { signer: Option<String> },
}

impl Signature {
    pub fn is_signed(&self) -> bool {
        !matches!(self, Signature::Unsigned)
    }

    pub fn is_verified(&self) -> bool {
        matches!(self, Signature::Verified { .. })
    }
}

/// The email in a signer identity: `Name <email>` → `email`; an ssh principal is the email.
pub fn signer_email(identity: &str) -> String {
    match identity.rsplit_once('<') {
        Some((_, rest)) => rest.trim_end().trim_end_matches('>').trim().to_owned(),
        None => identity.trim().to_owned(),
    }
}

/// Checks signatures of commits in one repository, each commit once per run.
pub struct Verifier {
    repo: gix::ThreadSafeRepository,
    memo: Mutex<HashMap<String, Signature>>,
}

impl Verifier {
    pub fn new(repo: &gix::Repository) -> Verifier {
        Verifier {
            repo: repo.clone().into_sync(),
            memo: Mutex::new(HashMap::new()),
        }
    }

    /// The signature state of commit `id` (hex).
    pub fn check(&self, id: &str) -> Signature {
        if let Ok(memo) = self.memo.lock()
            && let Some(known) = memo.get(id)
        {
            return known.clone();
        }
        let found = check_commit(&self.repo.to_thread_local(), id);
        if let Ok(mut memo) = self.memo.lock() {
            memo.insert(id.to_owned(), found.clone());
        }
        found
    }
}

fn check_commit(repo: &gix::Repository, id: &str) -> Signature {
    let Ok(id) = gix::ObjectId::from_hex(id.as_bytes()) else {
        return Signature::Unverified {
            reason: "not a commit id".to_owned(),
        };
    };
    let Ok(commit) = repo.find_commit(id) else {
        return Signature::Unverified {
            reason: "the commit could not be read".to_owned(),
        };
    };
    match commit.verify_signature() {
        Ok(None) => Signature::Unsigned,
        Ok(Some(outcome)) if outcome.is_valid() => Signature::Verified {
            signer: outcome
                .signer
                .as_ref()
                .map(|signer| signer_email(&signer.to_string()))
                .filter(|email| !email.is_empty()),
        },
        Ok(Some(outcome)) => Signature::Unverified {
            reason: match outcome.status {
                gix::objs::signature::verify::Status::Good => {
                    "the signing key is not trusted (not in the allowed signers file or keyring)"
                        .to_owned()
                }
                gix::objs::signature::verify::Status::Bad => "the signature is bad".to_owned(),
                gix::objs::signature::verify::Status::Expired => {
                    "the signature has expired".to_owned()
                }
                gix::objs::signature::verify::Status::ExpiredKey => {
                    "the signing key has expired".to_owned()
                }
                gix::objs::signature::verify::Status::RevokedKey => {
                    "the signing key was revoked".to_owned()
                }
                _ => "the signature could not be checked".to_owned(),
            },
        },
        Err(error) => {
            // An unsigned commit never gets here; a signed one whose verifier could not run
            // (no gpg, no allowed signers file) is signed but unproven.
            let text = error.to_string();
            Signature::Unverified {
                reason: format!(
                    "the signature could not be checked: {}",
                    text.lines().next().unwrap_or_default()
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signer_emails() {
        assert_eq!(
            signer_email("Cleo Chief <cleo@story.example>"),
            "cleo@story.example"
        );
        assert_eq!(signer_email("cleo@story.example"), "cleo@story.example");
        assert_eq!(signer_email("Cleo (work) <c@x>"), "c@x");
    }
}

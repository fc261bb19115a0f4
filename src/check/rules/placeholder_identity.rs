use super::prelude::*;

declare_rule! {
    /// ## What it checks
    /// Email addresses at domains reserved for examples and testing (RFC 2606 and RFC 6761):
    /// `example.com`, `example.net`, `example.org` and their subdomains, and the `.example`,
    /// `.test`, `.invalid` and `.localhost` top-level domains. They are reported in `aims.yaml`
    /// (`roles`, `aliases`) and in documents (`owner`, `approvers` and other people fields)
    /// until replaced; `aims init` writes such placeholders for you to replace.
    ///
    /// ## Why it matters
    /// Approvals are matched by the email people commit with. A role whose members are
    /// `ceo@example.com` can never approve anything, and a document owned by a placeholder has
    /// no accountable person.
    ///
    /// ## How to fix
    /// Replace each placeholder with the real person's commit email (`git config user.email`).
    /// A fictional organisation (a demo, a training repository) can turn the rule off in
    /// `aims.yaml`: `severity: {AIMS208: off}`.
    pub struct PlaceholderIdentity {
        code: "AIMS208",
        name: "placeholder-identity",
        severity: Warning,
        summary: "An email address uses a domain reserved for examples",
    }
}

/// Whether `email`'s domain is reserved for documentation or testing.
pub fn is_placeholder(email: &str) -> bool {
    let Some((_, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    let second_level = ["example.com", "example.net", "example.org"];
    let top_level = ["example", "test", "invalid", "localhost"];
    second_level
        .iter()
        .any(|reserved| domain == *reserved || domain.ends_with(&format!(".{reserved}")))
        || top_level
            .iter()
            .any(|reserved| domain == *reserved || domain.ends_with(&format!(".{reserved}")))
}

fn finding(email: &str) -> String {
    format!("`{email}` is a placeholder address at a domain reserved for examples")
}

const HELP: &str = "replace it with the real person's commit email: approvals are matched by the email people commit with";

impl Rule for PlaceholderIdentity {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let document = doc.document;
        if let Some(owner) = document.str_at("/owner")
            && is_placeholder(owner)
        {
            out.push(
                Self::META
                    .at(document, "/owner", finding(owner))
                    .with_help(HELP),
            );
        }
        for (pointer, identity) in &doc.facts.identities {
            if is_placeholder(identity) {
                out.push(
                    Self::META
                        .at(document, pointer, finding(identity))
                        .with_help(HELP),
                );
            }
        }
    }

    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let config = ctx.config;
        for (section, map) in [("roles", &config.roles), ("aliases", &config.aliases)] {
            for (key, emails) in map {
                let base = crate::yaml::pointer([section, key.as_str()]);
                if section == "aliases" && is_placeholder(key) {
                    out.push(
                        Self::META
                            .in_config(config.key_span(&base), finding(key))
                            .with_help(HELP),
                    );
                }
                for (index, email) in emails.iter().enumerate() {
                    if is_placeholder(email) {
                        out.push(
                            Self::META
                                .in_config(config.span(&format!("{base}/{index}")), finding(email))
                                .with_help(HELP),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn reserved_domains() {
        for email in [
            "ceo@example.com",
            "a@mail.example.org",
            "x@acme.example",
            "y@host.test",
            "z@EXAMPLE.NET",
            "q@nowhere.invalid",
        ] {
            assert!(is_placeholder(email), "{email}");
        }
        for email in [
            "ceo@acme.com",
            "a@examples.com",
            "b@myexample.com",
            "no-at-sign",
        ] {
            assert!(!is_placeholder(email), "{email}");
        }
    }
}

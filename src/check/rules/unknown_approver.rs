use super::prelude::*;
use crate::text::did_you_mean;

declare_rule! {
    /// ## What it checks
    /// A role or person named in `approvers`, a risk's `acceptance.by`, an impact assessment
    /// mitigation's `owner`, a management review decision's `owner` or a Statement of
    /// Applicability entry's `owner` that is neither a role defined under `roles` in `aims.yaml`
    /// nor an email address; and likewise in `aims.yaml` itself: `defaults.approvers`, each
    /// kind's `approvers` and `approval.config_approvers` (deleting a role that a kind's
    /// approvers name would leave every such document unapprovable).
    ///
    /// ## Why it matters
    /// Approvals are verified against git history by email. A role that maps to no one means
    /// nobody can ever approve the document.
    ///
    /// ## How to fix
    /// Use a role from `aims.yaml` (the help suggests the closest), add the role there with the
    /// emails of the people who hold it, or write an email address.
    pub struct UnknownApprover {
        code: "AIMS207",
        name: "unknown-approver",
        severity: Error,
        summary: "A role or person is neither a configured role nor an email",
    }
}

impl Rule for UnknownApprover {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let ctx = doc.ctx;
        for (pointer, identity) in &doc.facts.identities {
            if identity.contains('@') || ctx.config.is_role(identity) {
                continue;
            }
            out.push(
                Self::META
                    .at(
                        doc.document,
                        pointer,
                        format!("`{identity}` is not a role in aims.yaml nor an email address"),
                    )
                    .with_help(help(ctx, identity)),
            );
        }
    }

    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let config = ctx.config;
        let mut lists: Vec<(String, &Vec<String>)> = Vec::new();
        if let Some(approvers) = &config.defaults.approvers {
            lists.push(("/defaults/approvers".to_owned(), approvers));
        }
        for (kind, defaults) in &config.kind_defaults {
            if let Some(approvers) = &defaults.approvers {
                lists.push((
                    crate::yaml::pointer(["defaults", "kinds", kind, "approvers"]),
                    approvers,
                ));
            }
        }
        if let Some(approvers) = &config.approval.config_approvers {
            lists.push(("/approval/config_approvers".to_owned(), approvers));
        }
        for (base, identities) in lists {
            for (index, identity) in identities.iter().enumerate() {
                if identity.contains('@') || config.is_role(identity) {
                    continue;
                }
                out.push(
                    Self::META
                        .in_config(
                            config.span(&format!("{base}/{index}")),
                            format!(
                                "`{identity}` is not a role under `roles` nor an email address: nobody it names can approve"
                            ),
                        )
                        .with_help(help(ctx, identity)),
                );
            }
        }
    }
}

fn help(ctx: &Context<'_>, identity: &str) -> String {
    match did_you_mean(identity, ctx.config.roles.keys().map(String::as_str)) {
        Some(role) => format!("did you mean the role `{role}`?"),
        None if ctx.config.roles.is_empty() => {
            "define roles in aims.yaml, e.g. `roles: {ciso: [ciso@example.com]}`".to_owned()
        }
        None => format!(
            "roles defined in aims.yaml: {}",
            crate::text::code_list(ctx.config.roles.keys())
        ),
    }
}

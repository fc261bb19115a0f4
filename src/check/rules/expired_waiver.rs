use super::prelude::*;
use crate::config::Config;
use jiff::civil::Date;

declare_rule! {
    /// ## What it checks
    /// A waiver in `aims.yaml` whose `expires` date has passed.
    ///
    /// ## Why it matters
    /// A waiver with an expiry date is a time-boxed exception ("we accept this until the vendor
    /// contract is renewed"). After the date the exception lapses: the findings it covered are
    /// reported again, and this finding says why.
    ///
    /// ## How to fix
    /// Fix the underlying findings and remove the waiver, or renew it with a new date and reason.
    pub struct ExpiredWaiver {
        code: "AIMS004",
        name: "expired-waiver",
        severity: Warning,
        summary: "A waiver has expired",
    }
}

/// Raised by the engine when it applies aims.yaml; see [`check`].
impl Rule for ExpiredWaiver {}

pub fn check(config: &Config, today: Date, out: &mut Vec<Diagnostic>) {
    for waiver in &config.waivers {
        if let Some(expires) = waiver.expires
            && expires < today
        {
            out.push(
                ExpiredWaiver::META
                    .in_config(
                        waiver.span,
                        format!("this waiver for {} expired on {expires}", waiver.code),
                    )
                    .with_help("the findings it covered are reported again; fix them or renew the waiver"),
            );
        }
    }
}

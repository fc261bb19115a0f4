//! The filter flags of `aims status`: `--state`, `--owner`, `--kind`.

use aims::report::status_view::{StateFilter, StatusFilter};
use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateArg {
    Approved,
    /// Changed since its last approval.
    Changed,
    NeverApproved,
    Draft,
    Retired,
    /// Review overdue (active documents).
    Overdue,
    /// Review due soon (active documents).
    DueSoon,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Show only documents in these states (comma-separated or repeated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STATE")]
    pub state: Vec<StateArg>,
    /// Show only documents owned by these emails.
    #[arg(long, value_delimiter = ',', value_name = "EMAIL")]
    pub owner: Vec<String>,
    /// Show only documents of these kinds (policy, risk, …).
    #[arg(long, value_delimiter = ',', value_name = "KIND")]
    pub kind: Vec<String>,
}

impl FilterArgs {
    pub fn filter(&self) -> StatusFilter {
        StatusFilter {
            states: self
                .state
                .iter()
                .map(|state| match state {
                    StateArg::Approved => StateFilter::Approved,
                    StateArg::Changed => StateFilter::Changed,
                    StateArg::NeverApproved => StateFilter::NeverApproved,
                    StateArg::Draft => StateFilter::Draft,
                    StateArg::Retired => StateFilter::Retired,
                    StateArg::Overdue => StateFilter::Overdue,
                    StateArg::DueSoon => StateFilter::DueSoon,
                })
                .collect(),
            owners: self.owner.clone(),
            kinds: self.kind.clone(),
        }
    }
}

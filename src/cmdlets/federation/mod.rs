//! The federation family: Access Edge configuration, hosting and public providers, allowed and
//! blocked domains, Central Management store replication, and Test-CsFederatedPartner
//! (federation-model.md §1–§3, scenarios S01–S06, S10, S11, S14, S15).
//!
//! # Layout (STYLE §1)
//!
//! - [`ops`]: the rules and changes on a [`crate::model::Deployment`]; no printing, no runtime
//!   values, no message texts.
//! - [`cmdlets`]: thin bodies that read bound parameters, call the ShouldProcess gate and `ops`,
//!   and write objects.
//! - [`errors`]: the family's error enum; the only place its message texts live.
//!
//! This module joins them into the behaviour table ([`FAMILY`], listed in
//! [`crate::cmdlets::FAMILIES`]) and registers the default views of the family's types
//! ([`register_views`], listed in [`crate::cmdlets::VIEW_TABLES`]).

pub mod cmdlets;
pub mod errors;
pub mod ops;

use crate::cmdlets::Behaviour;
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::format::{View, ViewRegistry};
use crate::runtime::interp::{Flow, Interp};
use crate::runtime::pipeline::Sink;
use crate::runtime::value::Value;

type Body = fn(&mut Interp, &Bound, &mut dyn Sink) -> Result<(), Flow>;

/// A body run once per input object (or once when the cmdlet starts a pipeline); pipeline
/// input reaches it through the parameters it binds (`-Instance`, `-Identity`).
struct Run(Body);

impl CmdletBody for Run {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> Result<(), Flow> {
        (self.0)(it, b, out)
    }
}

macro_rules! family {
    ($( $name:literal => $body:path ),* $(,)?) => {
        /// The emulated cmdlets of the family (exact casing) and their bodies.
        pub static FAMILY: &[(&str, Behaviour)] = &[
            $((
                $name,
                Behaviour {
                    make: {
                        fn make() -> Box<dyn CmdletBody> {
                            Box::new(Run($body))
                        }
                        make
                    },
                    generic: false,
                },
            ),)*
        ];
    };
}

family! {
    "Get-CsAccessEdgeConfiguration" => cmdlets::get_access_edge,
    "Set-CsAccessEdgeConfiguration" => cmdlets::set_access_edge,
    "Get-CsHostingProvider" => cmdlets::get_hosting_provider,
    "New-CsHostingProvider" => cmdlets::new_hosting_provider,
    "Set-CsHostingProvider" => cmdlets::set_hosting_provider,
    "Remove-CsHostingProvider" => cmdlets::remove_hosting_provider,
    "Enable-CsHostingProvider" => cmdlets::enable_hosting_provider,
    "Disable-CsHostingProvider" => cmdlets::disable_hosting_provider,
    "Get-CsPublicProvider" => cmdlets::get_public_provider,
    "New-CsPublicProvider" => cmdlets::new_public_provider,
    "Set-CsPublicProvider" => cmdlets::set_public_provider,
    "Remove-CsPublicProvider" => cmdlets::remove_public_provider,
    "Enable-CsPublicProvider" => cmdlets::enable_public_provider,
    "Disable-CsPublicProvider" => cmdlets::disable_public_provider,
    "Get-CsAllowedDomain" => cmdlets::get_allowed_domain,
    "New-CsAllowedDomain" => cmdlets::new_allowed_domain,
    "Set-CsAllowedDomain" => cmdlets::set_allowed_domain,
    "Remove-CsAllowedDomain" => cmdlets::remove_allowed_domain,
    "Get-CsBlockedDomain" => cmdlets::get_blocked_domain,
    "New-CsBlockedDomain" => cmdlets::new_blocked_domain,
    "Set-CsBlockedDomain" => cmdlets::set_blocked_domain,
    "Remove-CsBlockedDomain" => cmdlets::remove_blocked_domain,
    "Get-CsManagementStoreReplicationStatus" => cmdlets::get_replication_status,
    "Invoke-CsManagementStoreReplication" => cmdlets::invoke_replication,
    "Test-CsFederatedPartner" => cmdlets::test_federated_partner,
}

/// Default views of the family's types. Types with five or more properties print as lists
/// without help (§6.1); BlockedDomain has three, and the published Lync output shows it as a
/// list (federation-model.md §1.5), so it gets a list view.
pub fn register_views(reg: &mut ViewRegistry) {
    reg.register(
        cmdlets::BLOCKED.type_name,
        View::List {
            properties: ["Identity", "Domain", "Comment"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_cmdlet_is_in_the_catalog_with_its_casing() {
        for (name, _) in FAMILY {
            let spec = crate::cmdlets::lookup(name);
            assert_eq!(spec.map(|s| s.name), Some(*name));
        }
    }
}

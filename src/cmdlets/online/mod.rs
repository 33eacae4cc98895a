//! The online family: the remote session to Lync Online (New-CsOnlineSession,
//! Import-PSSession, Get-/Remove-PSSession) and the tenant's federation settings
//! (Get-/Set-CsTenantFederationConfiguration), federation-model.md §1.7 and §1.10.
//!
//! Session state is [`session::OnlineState`] on the interpreter (`it.online`); imported
//! commands resolve through [`session::prepare_imported`], the one hook in
//! `runtime::commands::prepare`.

pub mod edge;
pub mod errors;
pub mod session;
pub mod tenant;

pub use session::{OnlineState, ask_credential, fallback_admin, prepare_imported};

use super::Behaviour;
use crate::runtime::commands::CmdletBody;
use crate::runtime::format::{Align, Column, View, ViewRegistry};

fn make<T: CmdletBody + Default + 'static>() -> Box<dyn CmdletBody> {
    Box::new(T::default())
}

const fn own(make: fn() -> Box<dyn CmdletBody>) -> Behaviour {
    Behaviour {
        make,
        generic: false,
    }
}

/// The family's behaviour table (catalog cmdlets; run locally, the tenant cmdlets fail).
pub static TABLE: &[(&str, Behaviour)] = &[
    (
        "New-CsOnlineSession",
        own(make::<session::NewCsOnlineSession>),
    ),
    (
        "Get-CsTenantFederationConfiguration",
        own(make::<tenant::GetTenantFederation>),
    ),
    (
        "Set-CsTenantFederationConfiguration",
        own(make::<tenant::SetTenantFederation>),
    ),
    // Value builders: they reach no tenant, so they work locally too.
    (
        "New-CsEdgeAllowAllKnownDomains",
        own(make::<edge::NewEdgeAllowAllKnownDomains>),
    ),
    ("New-CsEdgeAllowList", own(make::<edge::NewEdgeAllowList>)),
    (
        "New-CsEdgeDomainPattern",
        own(make::<edge::NewEdgeDomainPattern>),
    ),
];

/// Windows PowerShell's default views of the session and module objects
/// (PowerShellCore_format_ps1xml.cs; ComputerType is a 5.1 addition left out for 3.0/4.0).
pub fn register_views(reg: &mut ViewRegistry) {
    let mut id = Column::new("Id").width(3);
    id.align = Align::Right;
    let mut availability = Column::new("Availability").width(13);
    availability.align = Align::Right;
    reg.register(
        session::PSSESSION_TYPE,
        View::Table {
            columns: vec![
                id,
                Column::new("Name").width(15),
                Column::new("ComputerName").width(15),
                Column::new("State").width(13),
                Column::new("ConfigurationName").width(20),
                availability,
            ],
        },
    );
    reg.register(
        session::MODULE_INFO_TYPE,
        View::Table {
            columns: vec![
                Column::new("ModuleType").width(10),
                Column::new("Version").width(10),
                Column::new("Name").width(35),
                Column::new("ExportedCommands"),
            ],
        },
    );
}

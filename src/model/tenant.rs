//! The Office 365 tenant that a hybrid deployment pairs with (Lync Online side).
//!
//! The tenant has its own configuration documents (`TenantFederationConfiguration` and, later,
//! online policies) in a [`ConfigStore`] that does not replicate to on-premises servers.
//! Which on-premises users exist online is recorded on each [`super::users::User`]
//! (`dir_synced`, `online_licensed`) rather than in a second user list, so 100,000 users are
//! not stored twice.

use serde::{Deserialize, Serialize};

use super::cms::ConfigStore;
use super::identity::eq_ci;
use super::ids::Guid;

/// A domain registered in the tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TenantDomain {
    pub name: String,
    /// Verified for the tenant (on-premises SIP domains must be, for hybrid).
    pub verified: bool,
}

/// The tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tenant {
    pub tenant_id: Guid,
    pub display_name: String,
    /// The initial `*.onmicrosoft.com` domain first, then verified custom domains.
    pub domains: Vec<TenantDomain>,
    /// Host of the remote PowerShell endpoint (`$session.ComputerName`), e.g.
    /// `admin0a.online.lync.com`; Move-CsUser builds the HostedMigration URL from it.
    pub admin_host: String,
    /// The `HostingProvider` value of users moved online (the Lync Online federation FQDN).
    pub online_proxy_fqdn: String,
    /// Online registrar pool shown on the tenant side for users homed online.
    pub online_registrar_pool: String,
    /// Tenant-side configuration documents (`TenantFederationConfiguration`…).
    pub configuration: ConfigStore,
}

impl Tenant {
    pub fn has_domain(&self, name: &str) -> bool {
        self.domains.iter().any(|d| eq_ci(&d.name, name))
    }

    /// The `*.onmicrosoft.com` domain.
    pub fn initial_domain(&self) -> Option<&TenantDomain> {
        self.domains
            .iter()
            .find(|d| d.name.to_ascii_lowercase().ends_with(".onmicrosoft.com"))
    }
}

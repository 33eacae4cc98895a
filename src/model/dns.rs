//! The DNS records federation and hybrid checks consult (SRV and host records), split into the
//! internal and external views as a Lync deployment publishes them.
//! Names are compared without case; no resolution beyond exact record lookup is modelled.

use serde::{Deserialize, Serialize};

use super::identity::eq_ci;

/// Which DNS a record is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DnsView {
    Internal,
    External,
}

/// One record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "Type", rename_all_fields = "PascalCase", deny_unknown_fields)]
#[non_exhaustive]
pub enum DnsRecord {
    #[serde(rename = "SRV")]
    Srv {
        name: String,
        view: DnsView,
        priority: u16,
        weight: u16,
        port: u16,
        target: String,
    },
    A {
        name: String,
        view: DnsView,
        address: String,
    },
    #[serde(rename = "CNAME")]
    Cname {
        name: String,
        view: DnsView,
        target: String,
    },
}

impl DnsRecord {
    pub fn name(&self) -> &str {
        match self {
            DnsRecord::Srv { name, .. }
            | DnsRecord::A { name, .. }
            | DnsRecord::Cname { name, .. } => name,
        }
    }

    pub fn view(&self) -> DnsView {
        match self {
            DnsRecord::Srv { view, .. }
            | DnsRecord::A { view, .. }
            | DnsRecord::Cname { view, .. } => *view,
        }
    }
}

/// An SRV answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SrvTarget<'a> {
    pub priority: u16,
    pub weight: u16,
    pub port: u16,
    pub target: &'a str,
}

/// All records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DnsZone {
    pub records: Vec<DnsRecord>,
}

impl DnsZone {
    /// SRV records for `name` (e.g. `_sipfederationtls._tcp.litwareinc.com`) in one view.
    pub fn srv(&self, name: &str, in_view: DnsView) -> Vec<SrvTarget<'_>> {
        self.records
            .iter()
            .filter_map(|r| match r {
                DnsRecord::Srv {
                    name: n,
                    view,
                    priority,
                    weight,
                    port,
                    target,
                } if *view == in_view && eq_ci(n, name) => Some(SrvTarget {
                    priority: *priority,
                    weight: *weight,
                    port: *port,
                    target,
                }),
                _ => None,
            })
            .collect()
    }

    /// Addresses of the A records for `name` in one view (CNAMEs are followed once).
    pub fn addresses(&self, name: &str, in_view: DnsView) -> Vec<&str> {
        let direct: Vec<&str> = self
            .records
            .iter()
            .filter_map(|r| match r {
                DnsRecord::A {
                    name: n,
                    view,
                    address,
                } if *view == in_view && eq_ci(n, name) => Some(address.as_str()),
                _ => None,
            })
            .collect();
        if !direct.is_empty() {
            return direct;
        }
        self.records
            .iter()
            .filter_map(|r| match r {
                DnsRecord::Cname {
                    name: n,
                    view,
                    target,
                } if *view == in_view && eq_ci(n, name) => Some(target.as_str()),
                _ => None,
            })
            .flat_map(|t| {
                self.records.iter().filter_map(move |r| match r {
                    DnsRecord::A {
                        name: n,
                        view,
                        address,
                    } if *view == in_view && eq_ci(n, t) => Some(address.as_str()),
                    _ => None,
                })
            })
            .collect()
    }
}

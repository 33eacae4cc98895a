//! The generic store of scoped documents: one implementation of the Get/Set/New/Remove/Grant
//! cmdlets of every configuration and policy family kept in the Central Management Store.
//!
//! # The rule (which cmdlets run here)
//!
//! A catalog cmdlet runs on the generic store when all of these hold (see [`covers`]):
//!
//! - it belongs to the Lync module and its verb is `Get`, `Set`, `New`, `Remove` or `Grant`;
//! - its noun has a `Get-` cmdlet whose `-Identity` is an `XdsIdentity` or an
//!   `XdsGlobalRelativeIdentity` and which takes `-Filter` (the signature of a CMS document);
//! - the noun is not one whose data lives elsewhere in the model ([`EXCLUDED_NOUNS`]: the
//!   topology's pools, computers, services, sites, trunks, SIP domains and trusted
//!   applications, certificates, conference directories, device update rules, the built-in
//!   language list);
//! - `Set-`/`New-`/`Remove-` take an `-Identity` (or `-Instance`) of an XDS type, and
//!   `Grant-` takes a user `-Identity` and `-PolicyName`.
//!
//! A family that registers its own behaviour in [`super::FAMILIES`] always wins over this rule
//! ([`super::behaviour`] asks the families first).
//!
//! # Kinds
//!
//! The document kind is the noun without `Cs`. Its properties are the property-setting
//! parameters of `New-` (syntax order), then those only `Set-` has; their defaults come from
//! the signature's `default_value`, otherwise from the type (see [`ops::type_default`]).
//! Three shapes exist ([`Shape`]): scoped documents (`Global`, `site:`, `service:`, `tag:`;
//! Global exists implicitly), child documents (`<parent>/<name>`, created with `-Parent` and
//! `-Name`) and global-relative named documents (plain names).
//!
//! This module owns no storage: documents live in `Deployment`'s generic CMS store.

#[cfg(test)]
mod behaviour_tests;
pub mod body;
pub mod errors;
pub mod ops;

use super::spec::{CmdletSpec, Module, ParamSpec, Ty};
use super::{Behaviour, lookup};

/// Nouns whose Get- looks like a CMS document but whose data the model keeps elsewhere (the
/// topology, the certificate store) or which Lync fills itself; they are left to their
/// families.
pub const EXCLUDED_NOUNS: &[&str] = &[
    "CsPool",
    "CsComputer",
    "CsService",
    "CsSite",
    "CsTrunk",
    "CsSipDomain",
    "CsTrustedApplicationComputer",
    "CsTrustedApplicationPool",
    "CsConferenceDirectory",
    "CsCertificate",
    "CsDeviceUpdateRule",
    "CsDialInConferencingLanguageList",
];

/// Parameters that select, create or control, rather than set a document property.
const CONTROL_PARAMETERS: &[&str] = &[
    "Identity",
    "Instance",
    "Filter",
    "Force",
    "InMemory",
    "Tenant",
    "LocalStore",
    "Include",
    "ApplicableTo",
    "Parent",
    "PolicyName",
    "PassThru",
    "DomainController",
];

/// How the identities of a kind look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `Global`, `site:…`, `service:…`, `tag:…`; the Global document always exists.
    Scoped,
    /// `<scope>/<name>` items created with `-Parent` and `-Name` (rules, scenarios…).
    Child,
    /// Global-relative plain names (routes, regions, partners…).
    Named,
}

/// A document kind as the signatures describe it.
#[derive(Debug, Clone)]
pub struct Kind {
    /// The noun without `Cs`, e.g. `ClientPolicy`: the store's key.
    pub name: &'static str,
    pub shape: Shape,
    /// `*Policy` and `DialPlan`: per-user assignable, a bare name means `tag:`.
    pub is_policy: bool,
    /// Property parameters in display order.
    pub properties: Vec<&'static ParamSpec>,
}

fn is_xds(ty: &Ty) -> bool {
    matches!(ty, Ty::XdsIdentity | Ty::XdsGlobalRelativeIdentity)
}

fn sibling(verb: &str, noun: &str) -> Option<&'static CmdletSpec> {
    lookup(&format!("{verb}-{noun}"))
}

/// True when the noun's Get- has the signature of a CMS document.
pub fn is_document_noun(noun: &str) -> bool {
    if EXCLUDED_NOUNS.iter().any(|n| n.eq_ignore_ascii_case(noun)) {
        return false;
    }
    let Some(get) = sibling("Get", noun) else {
        return false;
    };
    get.module == Module::Lync
        && get.param("Identity").is_some_and(|p| is_xds(&p.ty))
        && get.param("Filter").is_some()
}

/// The generic rule (see the module documentation).
pub fn covers(spec: &CmdletSpec) -> bool {
    if spec.module != Module::Lync {
        return false;
    }
    let identity_is_xds = spec.param("Identity").is_some_and(|p| is_xds(&p.ty));
    let shape_ok = match spec.verb {
        "Get" => true,
        "Set" | "Remove" => identity_is_xds || spec.param("Instance").is_some(),
        "New" => identity_is_xds,
        "Grant" => {
            spec.param("PolicyName").is_some()
                && spec
                    .param("Identity")
                    .is_some_and(|p| matches!(p.ty, Ty::UserId))
        }
        _ => false,
    };
    shape_ok && is_document_noun(spec.noun)
}

/// An object builder: a `New-` cmdlet of the Lync module whose noun has no `Get-` and which
/// changes nothing (no ShouldProcess). These build the element objects that other documents
/// hold (`New-CsSimpleUrlEntry`, `New-CsRgsTimeRange`, `New-CsVoiceRegex`…): they only write
/// an object with the given properties.
pub fn is_builder(spec: &CmdletSpec) -> bool {
    spec.module == Module::Lync
        && spec.verb == "New"
        && !spec.supports_should_process
        && sibling("Get", spec.noun).is_none()
}

/// The behaviour the generic rule gives a cmdlet, if it covers it.
pub fn behaviour_for(spec: &CmdletSpec) -> Option<Behaviour> {
    (covers(spec) || is_builder(spec)).then_some(Behaviour {
        make: body::make,
        generic: true,
    })
}

/// The kind of a document noun (`CsClientPolicy` → `ClientPolicy`), built from its cmdlets.
pub fn kind_of(noun: &'static str) -> Kind {
    let name = noun.strip_prefix("Cs").unwrap_or(noun);
    let new = sibling("New", noun);
    let set = sibling("Set", noun);
    let get_identity = sibling("Get", noun).and_then(|g| g.param("Identity"));
    let shape = if get_identity.is_some_and(|p| p.ty == Ty::XdsGlobalRelativeIdentity) {
        Shape::Named
    } else if new.is_some_and(|n| n.param("Parent").is_some()) {
        Shape::Child
    } else {
        Shape::Scoped
    };
    let is_policy = name.ends_with("Policy") || name == "DialPlan";
    let mut properties: Vec<&'static ParamSpec> = Vec::new();
    for spec in [new, set].into_iter().flatten() {
        for p in spec.params {
            // `-Filter` selects documents only on `Get-`; on `New-`/`Set-` it is a property
            // (DiagnosticConfiguration's list of diagnostic filters).
            let control = (CONTROL_PARAMETERS
                .iter()
                .any(|c| c.eq_ignore_ascii_case(p.name))
                && !p.name.eq_ignore_ascii_case("Filter"))
                || (shape == Shape::Child && p.name.eq_ignore_ascii_case("Name"));
            if control
                || properties
                    .iter()
                    .any(|q| q.name.eq_ignore_ascii_case(p.name))
            {
                continue;
            }
            properties.push(p);
        }
    }
    // A kind whose documents the model builds (with Lync 2013's own property list) keeps only
    // those properties: parameters today's reference adds for later products are refused.
    if name == "ExternalAccessPolicy" {
        let model = crate::model::federation::external_access_policy(
            crate::model::identity::Identity::Global,
        );
        properties.retain(|p| model.get_ci(p.name).is_some());
    }
    Kind {
        name,
        shape,
        is_policy,
        properties,
    }
}

/// True when `name` is a parameter that selects or controls rather than sets a property.
pub fn is_control_parameter(name: &str) -> bool {
    CONTROL_PARAMETERS
        .iter()
        .any(|c| c.eq_ignore_ascii_case(name))
        || ["Name", "WhatIf", "Confirm"]
            .iter()
            .any(|c| c.eq_ignore_ascii_case(name))
}

/// The .NET type name of a kind's objects. Only `ExternalAccessPolicy` is confirmed
/// (federation-model.md §1.6); the others follow its pattern and are our guess:
/// `…WritableConfig.Policy.<Area>.<Kind>` for policies, `…WritableConfig.Settings.<Area>.<Kind>`
/// for everything else, where Area is the kind without its `Policy`/`Configuration` suffix.
pub fn type_name(kind: &Kind) -> String {
    let area = |suffix: &str| {
        kind.name
            .strip_suffix(suffix)
            .filter(|a| !a.is_empty())
            .unwrap_or(kind.name)
            .to_string()
    };
    if let Some(rgs) = kind.name.strip_prefix("Rgs") {
        // Response Group objects live in their own namespace (our guess, like the rest).
        return format!("Microsoft.Rtc.Rgs.Management.WritableSettings.{rgs}");
    }
    match kind.name {
        "ExternalAccessPolicy" => {
            "Microsoft.Rtc.Management.WritableConfig.Policy.ExternalAccess.ExternalAccessPolicy"
                .into()
        }
        n if kind.is_policy => format!(
            "Microsoft.Rtc.Management.WritableConfig.Policy.{}.{}",
            area("Policy"),
            n
        ),
        n => format!(
            "Microsoft.Rtc.Management.WritableConfig.Settings.{}.{}",
            area("Configuration"),
            n
        ),
    }
}

/// Every noun the generic rule covers, in catalog order (one entry per noun).
pub fn nouns() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for spec in super::all() {
        if spec.verb == "Get" && covers(spec) && !out.contains(&spec.noun) {
            out.push(spec.noun);
        }
    }
    out
}

/// Registers the default list view of every generic kind: Lync shows these objects as lists
/// whatever their number of properties.
pub fn register_views(reg: &mut crate::runtime::format::ViewRegistry) {
    for noun in nouns() {
        let kind = kind_of(noun);
        let doc = ops::defaults(&kind, crate::model::identity::Identity::Global);
        let mut properties = vec!["Identity".to_string()];
        properties.extend(doc.properties.keys().cloned());
        reg.register(
            &type_name(&kind),
            crate::runtime::format::View::List { properties },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covered(name: &str) -> bool {
        lookup(name).is_some_and(covers)
    }

    #[test]
    fn the_rule_covers_configuration_and_policy_cmdlets() {
        for name in [
            "Get-CsClientPolicy",
            "Set-CsClientPolicy",
            "New-CsClientPolicy",
            "Remove-CsClientPolicy",
            "Grant-CsClientPolicy",
            "Get-CsVoiceNormalizationRule",
            "New-CsNetworkRegion",
            "Get-CsExternalAccessPolicy",
            "Grant-CsDialPlan",
        ] {
            assert!(covered(name), "{name}");
        }
        for name in [
            "Get-CsUser",
            "Get-CsPool",
            "Test-CsVoicePolicy",
            "Copy-CsVoicePolicy",
            "Get-CsSite",
            "Get-CsTenantFederationConfiguration",
            "Enable-CsHostingProvider",
        ] {
            assert!(!covered(name), "{name}");
        }
    }

    #[test]
    fn kinds_take_properties_from_the_signature() {
        let k = kind_of("CsExternalAccessPolicy");
        assert_eq!(k.name, "ExternalAccessPolicy");
        assert_eq!(k.shape, Shape::Scoped);
        assert!(k.is_policy);
        assert!(k.properties.iter().any(|p| p.name == "EnableOutsideAccess"));
        assert!(!k.properties.iter().any(|p| p.name == "Identity"));
        assert_eq!(kind_of("CsVoiceNormalizationRule").shape, Shape::Child);
        assert_eq!(kind_of("CsNetworkRegion").shape, Shape::Named);
        let rule = kind_of("CsVoiceNormalizationRule");
        assert!(!rule.properties.iter().any(|p| p.name == "Name"));
    }

    #[test]
    fn type_names() {
        assert_eq!(
            type_name(&kind_of("CsClientPolicy")),
            "Microsoft.Rtc.Management.WritableConfig.Policy.Client.ClientPolicy"
        );
        assert_eq!(
            type_name(&kind_of("CsExternalAccessPolicy")),
            "Microsoft.Rtc.Management.WritableConfig.Policy.ExternalAccess.ExternalAccessPolicy"
        );
    }
}

//! The one place where the catalog knowingly differs from `cmdlets.json`.
//!
//! The reference is extracted from today's documentation pages, which describe Skype for
//! Business Server 2019 as much as Lync Server 2013. When the official examples (which are
//! what Lync admins copy) or a known Lync 2013 fact contradict a page, the example or the
//! fact wins and the difference is written down here, with its reason.
//!
//! The generator (`tests/catalog_reference.rs`, run with `UPDATE_CATALOG=1`) applies this
//! table while writing `catalog_data.rs`; the reference test accepts a difference from
//! `cmdlets.json` only for the (cmdlet, parameter) pairs listed here.
//!
//! Parameters that the pages mark as not applicable to Lync Server 2013 are not deviations:
//! they are excluded by rule and listed in [`super::excluded_parameters`].

/// What a deviation changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// The parameter is not mandatory in any set.
    Optional,
    /// The parameter's position in every set that has it (`None` = named only).
    Position(Option<u8>),
    /// The listed parameters must be given all together or not at all; applied to the
    /// cmdlet as a [`super::spec::Constraint::Together`] of this parameter and these others.
    TogetherWith(&'static [&'static str]),
    /// The parameter's real type is this object type (kept as [`super::spec::Ty::Named`]).
    NamedType(&'static str),
    /// The cmdlet's `DefaultParameterSetName` (cmdlet-level: `parameter` is empty).
    DefaultSet(&'static str),
    /// The parameter did not exist in Lync Server 2013 / Lync Online 2013, although today's
    /// page lists it for Lync 2013 or for every product: it is left out of the catalog and
    /// listed with the excluded parameters, so the binder rejects it as unknown
    /// (`NamedParameterNotFound`) and `lyncshell check` reports it as `NotInLync2013`.
    NotInLync2013,
    /// The parameter existed in Lync 2013 but today's page lost it: it is added to every
    /// set of the cmdlet as a named, optional parameter of this reference type name, right
    /// after the named parameter (its place in the Lync 2013 syntax), or before WhatIf when
    /// a set lacks that parameter.
    Added(&'static str, &'static str),
}

/// One recorded difference from the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deviation {
    pub cmdlet: &'static str,
    /// Empty for a change to the cmdlet as a whole ([`Change::DefaultSet`]).
    pub parameter: &'static str,
    pub change: Change,
    /// Why: the example or fact that wins, in our own words.
    pub reason: &'static str,
}

/// The reason shared by the Teams-era parameters of Set-CsTenantFederationConfiguration.
const LATER_TENANT_PARAMETER: &str = "Not in the Lync Online 2013 syntax (TechNet jj994080, 2013-08-13: Identity, \
                 Tenant, AllowedDomains, BlockedDomains, AllowFederatedUsers, AllowPublicUsers, \
                 SharedSipAddressSpace, Instance, Force); a later Skype for Business Online / \
                 Teams addition.";

/// The reason shared by the Teams consumer parameters of the external access policy cmdlets.
const TEAMS_CONSUMER_PARAMETER: &str = "Teams consumer federation is a Teams setting; the page's product list wrongly \
                 includes Lync 2013, whose syntax does not have it.";

/// The reason shared by the Grant-Cs*Policy pages that mark -PolicyName mandatory.
const GRANT_POLICY_NAME_NULL: &str = "`-PolicyName $null` removes a per-user assignment (the Grant pages' own \
                 examples, TechNet dn362781); a mandatory parameter would refuse $null, so \
                 Lync's parameter cannot be mandatory (as on the other Grant-Cs*Policy pages).";

/// Every deviation, sorted by cmdlet then parameter.
pub static DEVIATIONS: &[Deviation] = &[
    Deviation {
        cmdlet: "Get-CsPersistentChatAddin",
        parameter: "Identity",
        change: Change::Optional,
        reason: "Example 3 lists add-ins with only -PersistentChatPoolFqdn and Remove- Example 2 \
                 pipes a bare `Get-CsPersistentChatAddin`; the page marks -Identity mandatory, \
                 which would refuse both. Without it every add-in is listed.",
    },
    Deviation {
        cmdlet: "Get-CsPersistentChatCategory",
        parameter: "Identity",
        change: Change::Optional,
        reason: "Example 3 and the Remove-/Set- examples pipe a bare \
                 `Get-CsPersistentChatCategory`; the page marks -Identity mandatory, which would \
                 refuse them. Without it every category is listed.",
    },
    Deviation {
        cmdlet: "Grant-CsClientPolicy",
        parameter: "PolicyName",
        change: Change::Optional,
        reason: GRANT_POLICY_NAME_NULL,
    },
    Deviation {
        cmdlet: "Grant-CsConferencingPolicy",
        parameter: "PolicyName",
        change: Change::Optional,
        reason: GRANT_POLICY_NAME_NULL,
    },
    Deviation {
        cmdlet: "Grant-CsExternalAccessPolicy",
        parameter: "Force",
        change: Change::NotInLync2013,
        reason: "The Lync 2013 syntax of Grant-CsExternalAccessPolicy (TechNet, Lync Server 2013 \
                 help) has only Identity, PolicyName, DomainController, PassThru, WhatIf and \
                 Confirm; -Force arrived with the Teams-era GrantToTenant set.",
    },
    Deviation {
        cmdlet: "Grant-CsExternalAccessPolicy",
        parameter: "Global",
        change: Change::NotInLync2013,
        reason: "Tenant-wide assignment (GrantToTenant set) belongs to Skype for Business Online \
                 and Teams; Lync 2013 grants per user only.",
    },
    Deviation {
        cmdlet: "Grant-CsExternalAccessPolicy",
        parameter: "Group",
        change: Change::NotInLync2013,
        reason: "Group policy assignment (GrantToGroup set) is a Teams feature; not in the Lync \
                 2013 syntax.",
    },
    Deviation {
        cmdlet: "Grant-CsExternalAccessPolicy",
        parameter: "Rank",
        change: Change::NotInLync2013,
        reason: "Part of the Teams GrantToGroup set; not in the Lync 2013 syntax.",
    },
    Deviation {
        cmdlet: "Grant-CsHostedVoicemailPolicy",
        parameter: "PolicyName",
        change: Change::Optional,
        reason: GRANT_POLICY_NAME_NULL,
    },
    Deviation {
        cmdlet: "Grant-CsMobilityPolicy",
        parameter: "PolicyName",
        change: Change::Optional,
        reason: GRANT_POLICY_NAME_NULL,
    },
    Deviation {
        cmdlet: "Grant-CsVoicePolicy",
        parameter: "PolicyName",
        change: Change::Optional,
        reason: GRANT_POLICY_NAME_NULL,
    },
    Deviation {
        cmdlet: "Grant-CsVoiceRoutingPolicy",
        parameter: "PolicyName",
        change: Change::Optional,
        reason: GRANT_POLICY_NAME_NULL,
    },
    Deviation {
        cmdlet: "Move-CsUser",
        parameter: "AccessTokens",
        change: Change::NotInLync2013,
        reason: "Modern-authentication token passing for moves to Teams (SfB Server 2015 CU8 / \
                 2019); the Lync 2013 syntax (TechNet gg398528, 2013-02-22) has Identity, Target, \
                 Credential, DomainController, Force, HostedMigrationOverrideUrl, \
                 IgnoreBackendStoreException, MoveConferenceData, PassThru, ProxyPool.",
    },
    Deviation {
        cmdlet: "Move-CsUser",
        parameter: "MoveToTeams",
        change: Change::NotInLync2013,
        reason: "Moves to Teams Only arrived with SfB Server 2015 CU8 and 2019; absent from the \
                 Lync 2013 syntax (TechNet gg398528).",
    },
    Deviation {
        cmdlet: "Move-CsUser",
        parameter: "UseLegacyMode",
        change: Change::NotInLync2013,
        reason: "Selects the pre-OAuth move path of SfB Server 2015 CU8+ / 2019; Lync 2013 had \
                 only that path and no switch (TechNet gg398528).",
    },
    Deviation {
        cmdlet: "New-CsExternalAccessPolicy",
        parameter: "EnablePublicCloudAccess",
        change: Change::Added("Boolean", "EnableXmppAccess"),
        reason: "Lync 2013 has it (TechNet Lync 2013 syntax of New-CsExternalAccessPolicy; the \
                 captured Global policy shows the property); today's page dropped it.",
    },
    Deviation {
        cmdlet: "New-CsExternalAccessPolicy",
        parameter: "EnableTeamsConsumerAccess",
        change: Change::NotInLync2013,
        reason: TEAMS_CONSUMER_PARAMETER,
    },
    Deviation {
        cmdlet: "New-CsExternalAccessPolicy",
        parameter: "EnableTeamsConsumerInbound",
        change: Change::NotInLync2013,
        reason: TEAMS_CONSUMER_PARAMETER,
    },
    Deviation {
        cmdlet: "New-CsExternalAccessPolicy",
        parameter: "Tenant",
        change: Change::Added("Guid", "InMemory"),
        reason: "The Lync 2013 syntax of New-CsExternalAccessPolicy has [-Tenant <Guid>] \
                 (federation-model.md §1.6, TechNet Lync 2013 help); today's page lists it for \
                 Skype for Business Online and Server 2015/2019 only, which would exclude it.",
    },
    Deviation {
        cmdlet: "New-CsHostingProvider",
        parameter: "EnabledSharedAddressSpace",
        change: Change::Optional,
        reason: "The page's syntax marks it mandatory, but the Lync 2013 description names \
                 only Identity, ProxyFqdn and Enabled as required, and Example 1 creates a \
                 provider without it; it is needed (with HostsOCSUsers) only for split domain.",
    },
    Deviation {
        cmdlet: "New-CsHostingProvider",
        parameter: "HostsOCSUsers",
        change: Change::Optional,
        reason: "See EnabledSharedAddressSpace: mandatory only together with it.",
    },
    Deviation {
        cmdlet: "New-CsHostingProvider",
        parameter: "HostsOCSUsers",
        change: Change::TogetherWith(&["EnabledSharedAddressSpace"]),
        reason: "Lync 2013 rejects a hosting provider that sets only one of the pair.",
    },
    Deviation {
        cmdlet: "New-CsOnlineSession",
        parameter: "TeamsEnvironmentName",
        change: Change::NotInLync2013,
        reason: "Selects a Teams government cloud; added to the Skype for Business Online \
                 connector years after the Lync Online 2013 era.",
    },
    Deviation {
        cmdlet: "Remove-CsPersistentChatMessage",
        parameter: "Remove",
        change: Change::Optional,
        reason: "Both official examples remove messages with only -Identity and a filter \
                 (-EndDate, -UserUri); the page marks the -Remove switch mandatory in the \
                 Remove set. Without -ReplaceMessage only the Remove set fits, so binding \
                 stays unambiguous.",
    },
    Deviation {
        cmdlet: "Set-CsExternalAccessPolicy",
        parameter: "EnablePublicCloudAccess",
        change: Change::Added("Boolean", "EnableXmppAccess"),
        reason: "Lync 2013 has it (see New-CsExternalAccessPolicy); today's page dropped it.",
    },
    Deviation {
        cmdlet: "Set-CsExternalAccessPolicy",
        parameter: "EnableTeamsConsumerAccess",
        change: Change::NotInLync2013,
        reason: TEAMS_CONSUMER_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsExternalAccessPolicy",
        parameter: "EnableTeamsConsumerInbound",
        change: Change::NotInLync2013,
        reason: TEAMS_CONSUMER_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsLisPort",
        parameter: "",
        change: Change::DefaultSet("PortSet"),
        reason: "Same page structure as Set-CsLisSubnet, whose Example 1 needs the short set as \
                 default; applied to the sibling LIS cmdlets for consistency.",
    },
    Deviation {
        cmdlet: "Set-CsLisSubnet",
        parameter: "",
        change: Change::DefaultSet("SubnetSet"),
        reason: "Example 1 (`Set-CsLisSubnet -Subnet 192.10.10.0`) fits both the SubnetSet and the \
                 location set, and the page flags no default. The short set is the one the \
                 example means (no location given).",
    },
    Deviation {
        cmdlet: "Set-CsLisSwitch",
        parameter: "",
        change: Change::DefaultSet("SwitchSet"),
        reason: "Same page structure as Set-CsLisSubnet, whose Example 1 needs the short set as \
                 default; applied to the sibling LIS cmdlets for consistency.",
    },
    Deviation {
        cmdlet: "Set-CsLisWirelessAccessPoint",
        parameter: "",
        change: Change::DefaultSet("WAPSet"),
        reason: "Same page structure as Set-CsLisSubnet, whose Example 1 needs the short set as \
                 default; applied to the sibling LIS cmdlets for consistency.",
    },
    Deviation {
        cmdlet: "Set-CsPersistentChatActiveServer",
        parameter: "ActiveServers",
        change: Change::Optional,
        reason: "Example 3 clears the list with `-ActiveServers $Null`; a mandatory parameter \
                 without AllowNull would refuse $null, so Lync's cannot be one.",
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "AllowPublicUsers",
        change: Change::Added("Boolean", "AllowFederatedUsers"),
        reason: "The Lync Online 2013 syntax (TechNet jj994080, 2013-08-13) has \
                 -AllowPublicUsers, and its Example 1 uses it; today's page dropped it after \
                 Skype consumer interop ended (2025).",
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "AllowTeamsConsumer",
        change: Change::NotInLync2013,
        reason: LATER_TENANT_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "AllowTeamsConsumerInbound",
        change: Change::NotInLync2013,
        reason: LATER_TENANT_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "AllowedDomains",
        change: Change::NamedType("IAllowedDomainsChoice"),
        reason: "The parameter metadata says Boolean, but the syntax block and every example \
                 pass an object from New-CsEdgeAllowAllKnownDomains / New-CsEdgeAllowList.",
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "AllowedDomainsAsAList",
        change: Change::NotInLync2013,
        reason: LATER_TENANT_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "AllowedTrialTenantDomains",
        change: Change::NotInLync2013,
        reason: LATER_TENANT_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "BlockAllSubdomains",
        change: Change::NotInLync2013,
        reason: LATER_TENANT_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "BlockedDomains",
        change: Change::NamedType("PSListModifier"),
        reason: "The Lync Online 2013 syntax (TechNet jj994080) types it PSListModifier: a \
                 domain pattern, a list of them, $null, or @{Add=…}/@{Remove=…}/@{Replace=…} \
                 (Examples 1–5); today's page says List, which would turn the hashtable into \
                 a one-item list.",
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "EnableExternalAccessRestrictionsForChatParticipants",
        change: Change::NotInLync2013,
        reason: LATER_TENANT_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "EnableMutualFederationForChatParticipants",
        change: Change::NotInLync2013,
        reason: LATER_TENANT_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "ExternalAccessWithTrialTenants",
        change: Change::NotInLync2013,
        reason: LATER_TENANT_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "RestrictTeamsConsumerToExternalUserProfiles",
        change: Change::NotInLync2013,
        reason: LATER_TENANT_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "SecurityTeamAllowBlockListDelegation",
        change: Change::NotInLync2013,
        reason: LATER_TENANT_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "TreatDiscoveredPartnersAsUnverified",
        change: Change::NotInLync2013,
        reason: LATER_TENANT_PARAMETER,
    },
    Deviation {
        cmdlet: "Set-CsUserDatabaseState",
        parameter: "Online",
        change: Change::Position(Some(3)),
        reason: "The page gives Identity and Online the same position (2) in the Identity set, \
                 which PowerShell's metadata check rejects. Online moves after Identity, \
                 following the syntax order. The examples name both parameters, so nothing \
                 depends on the exact number.",
    },
    Deviation {
        cmdlet: "Start-CsWindowsService",
        parameter: "",
        change: Change::DefaultSet("Name"),
        reason: "Example 1 runs Start-CsWindowsService with no arguments (start every Lync \
                 service), which fits both the Name and InputObject sets; the page flags no \
                 default.",
    },
    Deviation {
        cmdlet: "Stop-CsWindowsService",
        parameter: "",
        change: Change::DefaultSet("Name"),
        reason: "Same sets as Start-CsWindowsService; a bare call must resolve the same way.",
    },
];

/// The deviations recorded for one cmdlet (case-insensitive).
pub fn for_cmdlet(cmdlet: &str) -> impl Iterator<Item = &'static Deviation> + use<'_> {
    DEVIATIONS
        .iter()
        .filter(move |d| d.cmdlet.eq_ignore_ascii_case(cmdlet))
}

/// One parameter of an [`AddedCmdlet`] (a single parameter set, as on its page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddedParam {
    pub name: &'static str,
    /// The reference type name (`String`, `List`, …) the generator maps to a `Ty`.
    pub type_name: &'static str,
    pub mandatory: bool,
}

/// A cmdlet that `cmdlets.json` lacks altogether but that a Lync 2013 admin had. The
/// generator turns each entry into a reference-shaped cmdlet (one set, named parameters,
/// no pipeline input) and emits it with the others; the reference test expects exactly these
/// extra cmdlets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddedCmdlet {
    pub name: &'static str,
    /// From the Lync Online session (`Module::LyncOnline`) rather than the local Lync module.
    pub online: bool,
    pub params: &'static [AddedParam],
    /// The page the signature comes from (the Lync 2013 help, or the archived skype-ps page).
    pub source: &'static str,
    pub reason: &'static str,
}

/// Cmdlets added to the catalog, sorted by name.
pub static ADDED_CMDLETS: &[AddedCmdlet] = &[
    AddedCmdlet {
        name: "New-CsEdgeAllowAllKnownDomains",
        online: true,
        params: &[],
        source: "skype/skype-ps/skype/New-CsEdgeAllowAllKnownDomains.md",
        reason: "Lync Online 2013 cmdlet (Lync Server 2013 help, \"can only be used with Lync \
                 Online\") that builds the value -AllowedDomains takes to federate with every \
                 domain not blocked; today's reference moved it to the Teams module.",
    },
    AddedCmdlet {
        name: "New-CsEdgeAllowList",
        online: true,
        // The page types it String, but it takes the objects of New-CsEdgeDomainPattern,
        // several at once (`-AllowedDomain $x,$y`) or $null for an empty list.
        params: &[AddedParam {
            name: "AllowedDomain",
            type_name: "List",
            mandatory: false,
        }],
        source: "skype/skype-ps/skype/New-CsEdgeAllowList.md",
        reason: "Lync Online 2013 cmdlet that builds the allow list -AllowedDomains takes; not \
                 in today's reference. No New-CsEdgeBlockList ever existed: -BlockedDomains \
                 takes domain patterns directly.",
    },
    AddedCmdlet {
        name: "New-CsEdgeDomainPattern",
        online: true,
        params: &[AddedParam {
            name: "Domain",
            type_name: "String",
            mandatory: true,
        }],
        source: "skype/skype-ps/skype/New-CsEdgeDomainPattern.md",
        reason: "Lync Online 2013 cmdlet (Lync Server 2013 help, 2013-02-22: \
                 `New-CsEdgeDomainPattern -Domain <String>`) that builds the domain objects \
                 of the allowed and blocked lists; not in today's reference.",
    },
];

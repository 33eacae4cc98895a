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
        reason: "`-PolicyName $null` removes a per-user assignment (the Grant pages' own \
                 examples, TechNet dn362781); a mandatory parameter would refuse $null, so \
                 Lync's parameter cannot be mandatory (as on the other Grant-Cs*Policy pages).",
    },
    Deviation {
        cmdlet: "Grant-CsConferencingPolicy",
        parameter: "PolicyName",
        change: Change::Optional,
        reason: "`-PolicyName $null` removes a per-user assignment (the Grant pages' own \
                 examples, TechNet dn362781); a mandatory parameter would refuse $null, so \
                 Lync's parameter cannot be mandatory (as on the other Grant-Cs*Policy pages).",
    },
    Deviation {
        cmdlet: "Grant-CsHostedVoicemailPolicy",
        parameter: "PolicyName",
        change: Change::Optional,
        reason: "`-PolicyName $null` removes a per-user assignment (the Grant pages' own \
                 examples, TechNet dn362781); a mandatory parameter would refuse $null, so \
                 Lync's parameter cannot be mandatory (as on the other Grant-Cs*Policy pages).",
    },
    Deviation {
        cmdlet: "Grant-CsMobilityPolicy",
        parameter: "PolicyName",
        change: Change::Optional,
        reason: "`-PolicyName $null` removes a per-user assignment (the Grant pages' own \
                 examples, TechNet dn362781); a mandatory parameter would refuse $null, so \
                 Lync's parameter cannot be mandatory (as on the other Grant-Cs*Policy pages).",
    },
    Deviation {
        cmdlet: "Grant-CsVoicePolicy",
        parameter: "PolicyName",
        change: Change::Optional,
        reason: "`-PolicyName $null` removes a per-user assignment (the Grant pages' own \
                 examples, TechNet dn362781); a mandatory parameter would refuse $null, so \
                 Lync's parameter cannot be mandatory (as on the other Grant-Cs*Policy pages).",
    },
    Deviation {
        cmdlet: "Grant-CsVoiceRoutingPolicy",
        parameter: "PolicyName",
        change: Change::Optional,
        reason: "`-PolicyName $null` removes a per-user assignment (the Grant pages' own \
                 examples, TechNet dn362781); a mandatory parameter would refuse $null, so \
                 Lync's parameter cannot be mandatory (as on the other Grant-Cs*Policy pages).",
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
        cmdlet: "Remove-CsPersistentChatMessage",
        parameter: "Remove",
        change: Change::Optional,
        reason: "Both official examples remove messages with only -Identity and a filter \
                 (-EndDate, -UserUri); the page marks the -Remove switch mandatory in the \
                 Remove set. Without -ReplaceMessage only the Remove set fits, so binding \
                 stays unambiguous.",
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
        cmdlet: "Set-CsTenantFederationConfiguration",
        parameter: "AllowedDomains",
        change: Change::NamedType("IAllowedDomainsChoice"),
        reason: "The parameter metadata says Boolean, but the syntax block and every example \
                 pass an object from New-CsEdgeAllowAllKnownDomains / New-CsEdgeAllowList.",
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

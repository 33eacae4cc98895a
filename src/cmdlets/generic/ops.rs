//! Operations of the generic store on `&mut Deployment`: listing with the implicit Global
//! document, defaults from the signature, scope rules, create / write / remove / reset, and
//! per-user assignments. No runtime values and no text here (errors are [`GenericError`]s).

use super::errors::GenericError;
use super::{Kind, Shape};
use crate::cmdlets::spec::{ParamSpec, Ty};
use crate::model::Deployment;
use crate::model::cms::ConfigDocument;
use crate::model::identity::Identity;
use crate::model::value::{PropValue, Properties};

/// The value a property takes when nobody set it: the signature's documented default, read
/// with the parameter's type; otherwise **our** type default (false, 0, an empty list, or
/// nothing for strings, enums and other types).
pub fn type_default(p: &ParamSpec) -> PropValue {
    let element = p.ty.element();
    if let Some(text) = p.default_value {
        return match element {
            Ty::Boolean | Ty::Switch => match text.to_ascii_lowercase().as_str() {
                "true" | "$true" => PropValue::Bool(true),
                "false" | "$false" => PropValue::Bool(false),
                _ => PropValue::str(text),
            },
            Ty::Byte | Ty::Int16 | Ty::Int32 | Ty::Int64 | Ty::UInt16 | Ty::UInt32 | Ty::UInt64 => {
                text.parse::<i64>()
                    .map_or_else(|_| PropValue::str(text), PropValue::Int)
            }
            _ => PropValue::str(text),
        };
    }
    if p.ty.is_multi_valued() {
        return PropValue::List(Vec::new());
    }
    match p.ty {
        Ty::Boolean | Ty::Switch => PropValue::Bool(false),
        Ty::Byte
        | Ty::Int16
        | Ty::Int32
        | Ty::Int64
        | Ty::UInt16
        | Ty::UInt32
        | Ty::UInt64
        | Ty::Double => PropValue::Int(0),
        _ => PropValue::Null,
    }
}

/// A new document of `kind` with every property at its default. `ExternalAccessPolicy` takes
/// its Lync 2013 on-premises defaults from the model (federation-model.md §1.6) rather than
/// from today's reference, whose defaults describe Lync Online.
pub fn defaults(kind: &Kind, identity: Identity) -> ConfigDocument {
    let mut doc = match kind.name {
        "ExternalAccessPolicy" => crate::model::federation::external_access_policy(identity),
        _ => ConfigDocument::new(identity, Properties::new()),
    };
    for p in &kind.properties {
        if doc.get_ci(p.name).is_none() {
            doc.properties.insert(p.name.to_string(), type_default(p));
        }
    }
    doc
}

/// A stored document with every property of its kind: missing ones take their defaults (the
/// seeded example documents store only their identity), in the kind's order; properties the
/// kind does not know are kept after them.
pub fn complete(kind: &Kind, doc: &ConfigDocument) -> ConfigDocument {
    let base = defaults(kind, doc.identity.clone());
    let mut properties = Properties::new();
    for (k, v) in &base.properties {
        let value = doc.get_ci(k).map_or_else(|| v.clone(), |(_, s)| s.clone());
        properties.insert(k.clone(), value);
    }
    for (k, v) in &doc.properties {
        if base.get_ci(k).is_none() {
            properties.insert(k.clone(), v.clone());
        }
    }
    ConfigDocument {
        identity: doc.identity.clone(),
        version: doc.version,
        properties,
    }
}

/// Parses an `-Identity` value for `kind`: a bare policy name means `tag:` (dn362781), a
/// site's or service's spelling becomes the topology's, `global/x` becomes `Global/x`.
pub fn parse_identity(dep: &Deployment, kind: &Kind, text: &str) -> Result<Identity, GenericError> {
    let parsed = Identity::parse(text).map_err(|e| GenericError::BadIdentity {
        text: text.to_string(),
        reason: e.to_string(),
    })?;
    // `MediationServer:pool0.litwareinc.com` (no `service:` word) names a service: the examples
    // write service scopes this way too.
    let parsed = match parsed {
        Identity::Plain(n) => match n.split_once(':') {
            Some((role, rest))
                if !rest.trim().is_empty()
                    && crate::model::identity::canonical_role(role.trim()).is_some() =>
            {
                Identity::service(role.trim(), rest.trim())
            }
            _ => Identity::Plain(n),
        },
        other => other,
    };
    let id = match (kind.shape, parsed) {
        (Shape::Scoped, id) if kind.is_policy => id.into_policy_identity(),
        // `get`, not slicing: byte 7 may fall inside a multi-byte character.
        (_, Identity::Plain(n))
            if n.len() > 7
                && n.get(..7)
                    .is_some_and(|p| p.eq_ignore_ascii_case("global/")) =>
        {
            Identity::Plain(format!("Global/{}", n.get(7..).unwrap_or("")))
        }
        (_, id) => id,
    };
    Ok(dep.canonical_identity(id))
}

/// Lync's scope rules for a kind: policies live at Global, site and tag scope (dial plans
/// also at service scope); configurations at Global, site and service scope.
pub fn check_scope(kind: &Kind, identity: &Identity) -> Result<(), GenericError> {
    if kind.shape != Shape::Scoped {
        return Ok(());
    }
    let (ok, allowed) = match identity {
        Identity::Global | Identity::Site(_) => (true, ""),
        Identity::Tag(_) => (
            kind.is_policy,
            "Global, site:<SiteName> or service:<Role>:<PoolFqdn>",
        ),
        Identity::Service { .. } => (
            !kind.is_policy || kind.name == "DialPlan",
            "Global, site:<SiteName> or tag:<PolicyName>",
        ),
        _ if kind.is_policy => (false, "Global, site:<SiteName> or tag:<PolicyName>"),
        _ => (
            false,
            "Global, site:<SiteName> or service:<Role>:<PoolFqdn>",
        ),
    };
    if ok {
        Ok(())
    } else {
        Err(GenericError::BadScope {
            kind: kind.name.to_string(),
            identity: identity.to_string(),
            allowed,
        })
    }
}

/// Every document of `kind` in listing order; the Global one of a scoped kind is always there
/// (with its defaults until something writes it), without the read changing the store.
pub fn list(dep: &Deployment, kind: &Kind) -> Vec<ConfigDocument> {
    let stored = dep.documents(kind.name);
    let mut out = Vec::with_capacity(stored.len() + 1);
    if kind.shape == Shape::Scoped && !stored.iter().any(|d| d.identity.is_global()) {
        out.push(defaults(kind, Identity::Global));
    }
    out.extend(stored.iter().map(|d| complete(kind, d)));
    for doc in &mut out {
        embed(dep, kind, doc);
    }
    out
}

/// One document, the implicit Global included.
pub fn find(dep: &Deployment, kind: &Kind, identity: &Identity) -> Option<ConfigDocument> {
    let mut doc = match dep.document(kind.name, identity) {
        Some(d) => complete(kind, d),
        None if kind.shape == Shape::Scoped && identity.is_global() => {
            defaults(kind, Identity::Global)
        }
        None => return None,
    };
    embed(dep, kind, &mut doc);
    Some(doc)
}

/// How a container document holds the documents of another kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    /// The Global container lists every document of the element kind.
    All,
    /// Each container lists the child documents of its own scope (`<container>/<name>`).
    Children,
}

/// Lists that Lync shows inside a document but stores as documents of their own:
/// `(container kind, list property, element noun, how)`. `Get-CsRoutingConfiguration` shows
/// every voice route in `Route`; a dial plan shows the normalization rules of its scope in
/// `NormalizationRules`; and so on. Writing the container (`Set-… -Instance $a` after changing
/// the list, or `-NormalizationRules @{Add=…}`) writes the elements back.
const EMBEDDED: &[(&str, &str, &str, Holds)] = &[
    ("RoutingConfiguration", "Route", "CsVoiceRoute", Holds::All),
    (
        "VoiceConfiguration",
        "VoiceTestConfigurations",
        "CsVoiceTestConfiguration",
        Holds::All,
    ),
    (
        "DialPlan",
        "NormalizationRules",
        "CsVoiceNormalizationRule",
        Holds::Children,
    ),
    (
        "TrunkConfiguration",
        "OutboundTranslationRulesList",
        "CsOutboundTranslationRule",
        Holds::Children,
    ),
    (
        "TrunkConfiguration",
        "OutboundCallingNumberTranslationRulesList",
        "CsOutboundCallingNumberTranslationRule",
        Holds::Children,
    ),
    (
        "TrunkConfiguration",
        "SipResponseCodeTranslationRulesList",
        "CsSipResponseCodeTranslationRule",
        Holds::Children,
    ),
    (
        "ClientVersionPolicy",
        "Rules",
        "CsClientVersionPolicyRule",
        Holds::Children,
    ),
    (
        "ClsConfiguration",
        "Scenarios",
        "CsClsScenario",
        Holds::Children,
    ),
    (
        "ClsConfiguration",
        "Regions",
        "CsClsRegion",
        Holds::Children,
    ),
    (
        "ClsConfiguration",
        "SecurityGroups",
        "CsClsSecurityGroup",
        Holds::Children,
    ),
    (
        "UserServicesConfiguration",
        "PresenceProviders",
        "CsPresenceProvider",
        Holds::Children,
    ),
];

fn embedded(kind: &Kind) -> Vec<(&'static str, Kind, Holds)> {
    EMBEDDED
        .iter()
        .filter(|(k, _, _, _)| *k == kind.name)
        .map(|(_, property, noun, holds)| (*property, super::kind_of(noun), *holds))
        .collect()
}

/// The type name of the elements a container kind shows in `property`, if it is an embedded
/// list.
pub fn embedded_element_type(kind: &Kind, property: &str) -> Option<String> {
    embedded(kind)
        .into_iter()
        .find(|(p, _, _)| p.eq_ignore_ascii_case(property))
        .map(|(_, element, _)| super::type_name(&element))
}

/// The part of an identity after its last `/` (a child's name), or the whole name.
fn leaf(identity: &Identity) -> String {
    let shown = identity.to_string();
    match shown.rsplit_once('/') {
        Some((_, name)) => name.to_string(),
        None => identity.name().to_string(),
    }
}

/// True when `child` is `<parent>/<name>`.
fn is_child_of(child: &Identity, parent: &Identity) -> bool {
    let prefix = format!("{parent}/");
    child
        .to_string()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(&prefix))
}

/// The element documents a container shows.
fn held<'a>(
    dep: &'a Deployment,
    container: &'a Identity,
    element: &Kind,
    holds: Holds,
) -> impl Iterator<Item = &'a ConfigDocument> + 'a {
    dep.documents(element.name)
        .iter()
        .filter(move |d| match holds {
            Holds::All => container.is_global(),
            Holds::Children => is_child_of(&d.identity, container),
        })
}

/// An element document as the record its container shows: Identity, Name, then its properties.
fn element_record(element: &Kind, doc: &ConfigDocument) -> PropValue {
    let doc = complete(element, doc);
    let mut props = Properties::new();
    props.insert("Identity".into(), PropValue::str(&doc.identity.to_string()));
    props.insert("Name".into(), PropValue::str(&leaf(&doc.identity)));
    for (k, v) in doc.properties {
        if !k.eq_ignore_ascii_case("Name") {
            props.insert(k, v);
        }
    }
    PropValue::Record(props)
}

/// Fills a container document's embedded lists from the element documents.
fn embed(dep: &Deployment, kind: &Kind, doc: &mut ConfigDocument) {
    for (property, element, holds) in embedded(kind) {
        if holds == Holds::All && !doc.identity.is_global() {
            continue;
        }
        let items = held(dep, &doc.identity, &element, holds)
            .map(|d| element_record(&element, d))
            .collect();
        doc.properties
            .insert(property.to_string(), PropValue::List(items));
    }
}

/// Writes a container's embedded lists back as element documents and takes the lists out of
/// the container. A record's `Name` is its key (for children, `<container>/<Name>`): changed
/// elements are replaced, missing ones removed, new ones added.
fn unembed(
    dep: &mut Deployment,
    kind: &Kind,
    doc: &mut ConfigDocument,
) -> Result<(), GenericError> {
    for (property, element, holds) in embedded(kind) {
        let Some(PropValue::List(items)) = doc.properties.shift_remove(property) else {
            continue;
        };
        if holds == Holds::All && !doc.identity.is_global() {
            continue;
        }
        let mut wanted: Vec<ConfigDocument> = Vec::new();
        for item in &items {
            let PropValue::Record(fields) = item else {
                continue;
            };
            let text = |key: &str| {
                fields
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .and_then(|(_, v)| v.as_str())
                    .filter(|t| !t.trim().is_empty())
                    .map(str::to_string)
            };
            let from_identity = || {
                text("Identity")
                    .and_then(|t| Identity::parse(&t).ok())
                    .map(|id| leaf(&id))
            };
            let Some(name) = text("Name").or_else(from_identity) else {
                continue;
            };
            let full = match holds {
                Holds::All => name,
                Holds::Children => format!("{}/{name}", doc.identity),
            };
            let Ok(identity) = Identity::parse(&full) else {
                continue;
            };
            let mut props = Properties::new();
            for p in &element.properties {
                if p.name.eq_ignore_ascii_case("Name") {
                    continue;
                }
                if let Some((_, v)) = fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(p.name)) {
                    props.insert(p.name.to_string(), v.clone());
                }
            }
            wanted.push(ConfigDocument::new(identity, props));
        }
        let stale: Vec<Identity> = held(dep, &doc.identity, &element, holds)
            .map(|d| d.identity.clone())
            .filter(|id| !wanted.iter().any(|w| &w.identity == id))
            .collect();
        for id in stale {
            dep.remove_document(element.name, &id)
                .map_err(|e| model_error(&element, e))?;
        }
        for w in wanted {
            let unchanged = dep.document(element.name, &w.identity).is_some_and(|d| {
                complete(&element, d).properties == complete(&element, &w).properties
            });
            if !unchanged {
                write_plain(dep, &element, w)?;
            }
        }
    }
    Ok(())
}

/// Removing a container removes the child documents it shows.
fn remove_held(dep: &mut Deployment, kind: &Kind, identity: &Identity) -> Result<(), GenericError> {
    for (_, element, holds) in embedded(kind) {
        if holds != Holds::Children {
            continue;
        }
        let ids: Vec<Identity> = held(dep, identity, &element, holds)
            .map(|d| d.identity.clone())
            .collect();
        for id in ids {
            dep.remove_document(element.name, &id)
                .map_err(|e| model_error(&element, e))?;
        }
    }
    Ok(())
}

/// For a child kind (`<scope>/<name>` rules), an identity that names only the scope
/// (`site:Redmond`, `Global`, `service:PstnGateway:192.168.0.240`) selects every child of that
/// scope: `Some(children)` (possibly empty). `None` when the identity names one document or the
/// kind has no children.
pub fn children_of_scope(
    dep: &Deployment,
    kind: &Kind,
    identity: &Identity,
) -> Option<Vec<ConfigDocument>> {
    if kind.shape != Shape::Child {
        return None;
    }
    if identity.to_string().contains('/') {
        return None;
    }
    Some(
        list(dep, kind)
            .into_iter()
            .filter(|d| is_child_of(&d.identity, identity))
            .collect(),
    )
}

fn model_error(kind: &Kind, e: crate::model::Error) -> GenericError {
    match e {
        crate::model::Error::DocumentExists { identity, .. } => GenericError::Exists {
            kind: kind.name.to_string(),
            identity,
        },
        crate::model::Error::DocumentNotFound { identity, .. } => GenericError::NotFound {
            kind: kind.name.to_string(),
            identity,
        },
        other => GenericError::BadIdentity {
            text: String::new(),
            reason: other.to_string(),
        },
    }
}

/// `New-`: adds a document; the Global document of a scoped kind always exists already.
pub fn create(dep: &mut Deployment, kind: &Kind, doc: ConfigDocument) -> Result<(), GenericError> {
    if find(dep, kind, &doc.identity).is_some() {
        return Err(GenericError::Exists {
            kind: kind.name.to_string(),
            identity: doc.identity,
        });
    }
    let mut doc = doc;
    unembed(dep, kind, &mut doc)?;
    dep.insert_document(kind.name, doc)
        .map_err(|e| model_error(kind, e))
}

/// `Set-`: stores a document, replacing the one with its identity or adding it (the implicit
/// Global document and `-Instance` objects made with `-InMemory`).
pub fn write(
    dep: &mut Deployment,
    kind: &Kind,
    mut doc: ConfigDocument,
) -> Result<(), GenericError> {
    unembed(dep, kind, &mut doc)?;
    write_plain(dep, kind, doc)
}

fn write_plain(dep: &mut Deployment, kind: &Kind, doc: ConfigDocument) -> Result<(), GenericError> {
    if dep.document(kind.name, &doc.identity).is_some() {
        dep.replace_document(kind.name, doc)
    } else {
        dep.insert_document(kind.name, doc)
    }
    .map_err(|e| model_error(kind, e))
}

/// What `Remove-` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    Removed,
    /// The Global document cannot be removed: it was reset to its defaults.
    Reset,
}

/// `Remove-`: deletes a document, or resets the Global one of a scoped kind.
pub fn remove(
    dep: &mut Deployment,
    kind: &Kind,
    identity: &Identity,
) -> Result<Removal, GenericError> {
    if kind.shape == Shape::Scoped && identity.is_global() {
        if dep.document(kind.name, identity).is_some() {
            dep.replace_document(kind.name, defaults(kind, Identity::Global))
                .map_err(|e| model_error(kind, e))?;
        }
        return Ok(Removal::Reset);
    }
    dep.remove_document(kind.name, identity)
        .map_err(|e| model_error(kind, e))?;
    remove_held(dep, kind, identity)?;
    Ok(Removal::Removed)
}

/// How many users have the tag policy `name` of `kind` assigned.
pub fn assigned_users(dep: &Deployment, kind: &Kind, name: &str) -> usize {
    dep.users
        .iter()
        .filter(|u| {
            u.policy(kind.name)
                .is_some_and(|t| t.eq_ignore_ascii_case(name))
        })
        .count()
}

/// `Grant-`: checks the policy name (`None` = unassign) and returns the tag name to store.
pub fn grantable(
    dep: &Deployment,
    kind: &Kind,
    policy_name: Option<&str>,
) -> Result<Option<String>, GenericError> {
    let Some(raw) = policy_name.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    let name = match raw.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("tag:") => raw.get(4..).unwrap_or_default(),
        _ => raw,
    };
    if name.eq_ignore_ascii_case("global") {
        return Err(GenericError::GrantGlobal {
            kind: kind.name.to_string(),
        });
    }
    match dep.document(kind.name, &Identity::tag(name)) {
        Some(doc) => Ok(Some(doc.identity.name().to_string())),
        None => Err(GenericError::PolicyNotFound {
            kind: kind.name.to_string(),
            name: name.to_string(),
        }),
    }
}

/// The user at a `-Identity` value (Lync-enabled users only).
pub fn resolve_user(dep: &Deployment, identity: &str) -> Result<usize, GenericError> {
    dep.resolve_lync_user(identity).map_err(|e| match e {
        crate::model::Error::AmbiguousUser { identity, count } => {
            GenericError::AmbiguousUser { identity, count }
        }
        _ => GenericError::UserNotFound {
            identity: identity.to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::super::kind_of;
    use super::*;

    #[test]
    fn global_exists_implicitly_and_resets() {
        let mut dep = Deployment::litware();
        let kind = kind_of("CsRegistrarConfiguration");
        assert_eq!(list(&dep, &kind).len(), 1);
        let version = dep.cms.version();
        assert!(find(&dep, &kind, &Identity::Global).is_some());
        assert_eq!(dep.cms.version(), version, "reading does not write");
        assert!(matches!(
            create(&mut dep, &kind, defaults(&kind, Identity::Global)),
            Err(GenericError::Exists { .. })
        ));
        assert_eq!(
            remove(&mut dep, &kind, &Identity::Global),
            Ok(Removal::Reset)
        );
        let tag = defaults(&kind, Identity::tag("Sales"));
        assert_eq!(create(&mut dep, &kind, tag.clone()), Ok(()));
        assert!(matches!(
            create(&mut dep, &kind, tag),
            Err(GenericError::Exists { .. })
        ));
        assert_eq!(
            remove(&mut dep, &kind, &Identity::tag("sales")),
            Ok(Removal::Removed)
        );
        assert!(matches!(
            remove(&mut dep, &kind, &Identity::tag("sales")),
            Err(GenericError::NotFound { .. })
        ));
    }

    #[test]
    fn scopes() {
        let policy = kind_of("CsClientPolicy");
        let config = kind_of("CsRegistrarConfiguration");
        let dep = Deployment::litware();
        let bare = parse_identity(&dep, &policy, "Sales");
        assert_eq!(bare, Ok(Identity::tag("Sales")));
        assert!(check_scope(&policy, &Identity::tag("x")).is_ok());
        assert!(check_scope(&policy, &Identity::service("Registrar", "p")).is_err());
        assert!(check_scope(&config, &Identity::service("Registrar", "p")).is_ok());
        assert!(check_scope(&config, &Identity::tag("x")).is_err());
    }

    #[test]
    fn defaults_are_typed() {
        let kind = kind_of("CsExternalAccessPolicy");
        let doc = defaults(&kind, Identity::Global);
        assert_eq!(
            doc.get("EnableFederationAccess"),
            Some(&PropValue::Bool(false))
        );
        assert_eq!(
            doc.properties.keys().next().map(String::as_str),
            Some("Description")
        );
    }
}

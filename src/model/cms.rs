//! The Central Management Store: one generic store of scoped configuration documents, its change
//! counter, and the replicas that every Lync server (Front End, Edge…) keeps of it.
//!
//! Every `*Policy`, `*Configuration`, provider and federated-domain family is a *kind* of document
//! here; no family gets its own storage.
//! Documents of one kind are kept in Lync's listing order: scope first (Global, site, service,
//! tag, plain names), creation order within a scope.
//!
//! Replication model (federation-model.md §1.9, open question 9, see `docs/model.md`): every
//! committed change bumps [`CentralManagementStore::version`]; each replica records the version
//! it holds and, when behind, the virtual time at which it will catch up
//! (`change time + replication_delay_seconds`).
//! A replica that is up to date reads through to the CMS; when a change makes it stale it keeps a
//! copy of the documents as they were (copy-on-write), which is what `-LocalStore` shows.
//! This module does no I/O and never reads the real clock: callers pass the virtual time.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::Error;
use super::identity::Identity;
use super::ids::Timestamp;
use super::value::{PropValue, Properties};

/// Kind names of the documents the federation family uses (the cmdlet noun without `Cs`).
pub mod kinds {
    pub const ACCESS_EDGE_CONFIGURATION: &str = "AccessEdgeConfiguration";
    pub const HOSTING_PROVIDER: &str = "HostingProvider";
    pub const PUBLIC_PROVIDER: &str = "PublicProvider";
    pub const ALLOWED_DOMAIN: &str = "AllowedDomain";
    pub const BLOCKED_DOMAIN: &str = "BlockedDomain";
    pub const EXTERNAL_ACCESS_POLICY: &str = "ExternalAccessPolicy";
    pub const TENANT_FEDERATION_CONFIGURATION: &str = "TenantFederationConfiguration";
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}

/// One scoped configuration document (a policy, a settings object, a provider, a domain entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigDocument {
    pub identity: Identity,
    /// The CMS version that last wrote this document (0 = part of the initial state).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub version: u64,
    /// Properties in display order, without `Identity` (the runtime puts it first).
    pub properties: Properties,
}

impl ConfigDocument {
    pub fn new(identity: Identity, properties: Properties) -> ConfigDocument {
        ConfigDocument {
            identity,
            version: 0,
            properties,
        }
    }

    /// A property value, by exact name.
    pub fn get(&self, property: &str) -> Option<&PropValue> {
        self.properties.get(property)
    }

    /// A property value, by name without case (PowerShell property access is case-insensitive).
    pub fn get_ci(&self, property: &str) -> Option<(&str, &PropValue)> {
        self.properties
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(property))
            .map(|(k, v)| (k.as_str(), v))
    }
}

/// Documents grouped by kind. Serialized as `{ "<Kind>": [ documents… ] }`; loading goes through
/// [`ConfigStore::insert`], so a file with a duplicate identity is refused and documents are put
/// back in listing order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ConfigStore {
    kinds: IndexMap<String, Vec<ConfigDocument>>,
}

impl ConfigStore {
    pub fn new() -> ConfigStore {
        ConfigStore::default()
    }

    /// The document of `kind` whose identity equals `identity` (case-insensitive).
    pub fn get(&self, kind: &str, identity: &Identity) -> Option<&ConfigDocument> {
        self.list(kind).iter().find(|d| &d.identity == identity)
    }

    /// All documents of `kind`, in listing order (empty when the kind has none).
    pub fn list(&self, kind: &str) -> &[ConfigDocument] {
        self.kinds.get(kind).map_or(&[], Vec::as_slice)
    }

    /// True when no kind holds a document.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The kinds present, in first-insertion order.
    pub fn kinds(&self) -> impl Iterator<Item = &str> {
        self.kinds.keys().map(String::as_str)
    }

    /// Adds a document at its place in listing order; fails when the identity exists.
    pub fn insert(&mut self, kind: &str, doc: ConfigDocument) -> Result<(), Error> {
        if self.get(kind, &doc.identity).is_some() {
            return Err(Error::DocumentExists {
                kind: kind.to_string(),
                identity: doc.identity,
            });
        }
        let docs = self.kinds.entry(kind.to_string()).or_default();
        let scope = doc.identity.scope();
        let at = docs
            .iter()
            .position(|d| d.identity.scope() > scope)
            .unwrap_or(docs.len());
        docs.insert(at, doc);
        Ok(())
    }

    fn position(&self, kind: &str, identity: &Identity) -> Result<usize, Error> {
        self.list(kind)
            .iter()
            .position(|d| &d.identity == identity)
            .ok_or_else(|| Error::DocumentNotFound {
                kind: kind.to_string(),
                identity: identity.clone(),
            })
    }

    /// Replaces the document with the same identity; fails when there is none.
    pub fn replace(&mut self, kind: &str, doc: ConfigDocument) -> Result<(), Error> {
        let at = self.position(kind, &doc.identity)?;
        if let Some(slot) = self.kinds.get_mut(kind).and_then(|d| d.get_mut(at)) {
            *slot = doc;
        }
        Ok(())
    }

    /// Lets `change` edit a document's properties in place; fails when there is none.
    pub fn update<F: FnOnce(&mut ConfigDocument)>(
        &mut self,
        kind: &str,
        identity: &Identity,
        change: F,
    ) -> Result<(), Error> {
        let at = self.position(kind, identity)?;
        if let Some(slot) = self.kinds.get_mut(kind).and_then(|d| d.get_mut(at)) {
            change(slot);
        }
        Ok(())
    }

    /// Removes and returns a document; fails when there is none.
    pub fn remove(&mut self, kind: &str, identity: &Identity) -> Result<ConfigDocument, Error> {
        let at = self.position(kind, identity)?;
        let docs = self
            .kinds
            .get_mut(kind)
            .ok_or_else(|| Error::DocumentNotFound {
                kind: kind.to_string(),
                identity: identity.clone(),
            })?;
        let doc = docs.remove(at);
        if docs.is_empty() {
            self.kinds.shift_remove(kind);
        }
        Ok(doc)
    }

    fn set_version(&mut self, kind: &str, identity: &Identity, version: u64) {
        if let Some(doc) = self
            .kinds
            .get_mut(kind)
            .and_then(|d| d.iter_mut().find(|d| &d.identity == identity))
        {
            doc.version = version;
        }
    }
}

impl<'de> Deserialize<'de> for ConfigStore {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ConfigStore, D::Error> {
        let raw = IndexMap::<String, Vec<ConfigDocument>>::deserialize(d)?;
        let mut store = ConfigStore::new();
        for (kind, docs) in raw {
            for doc in docs {
                store.insert(&kind, doc).map_err(serde::de::Error::custom)?;
            }
        }
        Ok(store)
    }
}

fn default_delay() -> i64 {
    60
}

/// The replica of the CMS kept by one server (`Get-CsManagementStoreReplicationStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replica {
    /// The server's FQDN (`ReplicaFqdn`).
    pub fqdn: String,
    /// The CMS version this replica holds.
    pub version: u64,
    /// When this replica will have caught up, if it is behind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catch_up_at: Option<Timestamp>,
    /// `LastStatusReport`: when the replica last reported to the master.
    pub last_status_report: Timestamp,
    /// `LastUpdateCreation`: when the master created the update the replica last applied.
    pub last_update_creation: Timestamp,
    /// `ProductVersion` of the server.
    pub product_version: String,
    /// The documents this replica holds while it is behind; `None` when it equals the CMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_documents: Option<ConfigStore>,
}

impl Replica {
    pub fn new(fqdn: &str, now: Timestamp, product_version: &str) -> Replica {
        Replica {
            fqdn: fqdn.to_string(),
            version: 0,
            catch_up_at: None,
            last_status_report: now,
            last_update_creation: now,
            product_version: product_version.to_string(),
            stale_documents: None,
        }
    }
}

/// The CMS: documents, change counter, replicas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CentralManagementStore {
    /// Bumped by every committed change.
    version: u64,
    /// When the last change was committed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_change: Option<Timestamp>,
    /// How long (virtual seconds) a replica takes to pick up a change ("normally within a
    /// minute", federation-model.md §1.9).
    #[serde(default = "default_delay")]
    replication_delay_seconds: i64,
    /// `ActiveMasterFqdn`: the Front End pool that hosts the master.
    pub active_master_fqdn: String,
    documents: ConfigStore,
    replicas: Vec<Replica>,
}

impl CentralManagementStore {
    pub fn new(active_master_fqdn: &str) -> CentralManagementStore {
        CentralManagementStore {
            version: 0,
            last_change: None,
            replication_delay_seconds: default_delay(),
            active_master_fqdn: active_master_fqdn.to_string(),
            documents: ConfigStore::new(),
            replicas: Vec::new(),
        }
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn last_change(&self) -> Option<Timestamp> {
        self.last_change
    }

    pub fn replication_delay_seconds(&self) -> i64 {
        self.replication_delay_seconds
    }

    pub fn set_replication_delay_seconds(&mut self, secs: i64) {
        self.replication_delay_seconds = secs.max(0);
    }

    /// The master copy of every document.
    pub fn documents(&self) -> &ConfigStore {
        &self.documents
    }

    pub fn get(&self, kind: &str, identity: &Identity) -> Option<&ConfigDocument> {
        self.documents.get(kind, identity)
    }

    pub fn list(&self, kind: &str) -> &[ConfigDocument] {
        self.documents.list(kind)
    }

    /// Seeds a document into the initial state: no version bump, replicas unaffected.
    /// Meant for building fixtures, not for cmdlets.
    pub fn seed(&mut self, kind: &str, doc: ConfigDocument) -> Result<(), Error> {
        self.documents.insert(kind, doc)
    }

    /// Adds a replica that holds the current version.
    pub fn add_replica(&mut self, fqdn: &str, now: Timestamp, product_version: &str) {
        let mut r = Replica::new(fqdn, now, product_version);
        r.version = self.version;
        self.replicas.push(r);
    }

    pub fn replicas(&self) -> &[Replica] {
        &self.replicas
    }

    /// The replica of one server (FQDN without case).
    pub fn replica(&self, fqdn: &str) -> Option<&Replica> {
        self.replicas
            .iter()
            .find(|r| r.fqdn.eq_ignore_ascii_case(fqdn))
    }

    /// `UpToDate` of a replica.
    pub fn is_up_to_date(&self, replica: &Replica) -> bool {
        replica.version >= self.version
    }

    /// The documents a server sees in its local store (`-LocalStore`).
    pub fn local_store(&self, fqdn: &str) -> Option<&ConfigStore> {
        let r = self.replica(fqdn)?;
        Some(r.stale_documents.as_ref().unwrap_or(&self.documents))
    }

    /// Adds a document; fails (changing nothing) when the identity exists.
    pub fn insert(&mut self, kind: &str, doc: ConfigDocument, now: Timestamp) -> Result<(), Error> {
        if self.documents.get(kind, &doc.identity).is_some() {
            return Err(Error::DocumentExists {
                kind: kind.to_string(),
                identity: doc.identity,
            });
        }
        let identity = doc.identity.clone();
        self.before_change();
        self.documents.insert(kind, doc)?;
        self.commit(kind, &identity, now);
        Ok(())
    }

    /// Replaces a document; fails (changing nothing) when it does not exist.
    pub fn replace(
        &mut self,
        kind: &str,
        doc: ConfigDocument,
        now: Timestamp,
    ) -> Result<(), Error> {
        self.documents.position(kind, &doc.identity)?;
        let identity = doc.identity.clone();
        self.before_change();
        self.documents.replace(kind, doc)?;
        self.commit(kind, &identity, now);
        Ok(())
    }

    /// Edits a document in place; fails (changing nothing) when it does not exist.
    pub fn update<F: FnOnce(&mut ConfigDocument)>(
        &mut self,
        kind: &str,
        identity: &Identity,
        now: Timestamp,
        change: F,
    ) -> Result<(), Error> {
        self.documents.position(kind, identity)?;
        self.before_change();
        self.documents.update(kind, identity, change)?;
        self.commit(kind, identity, now);
        Ok(())
    }

    /// Removes a document; fails (changing nothing) when it does not exist.
    pub fn remove(
        &mut self,
        kind: &str,
        identity: &Identity,
        now: Timestamp,
    ) -> Result<ConfigDocument, Error> {
        self.documents.position(kind, identity)?;
        self.before_change();
        let doc = self.documents.remove(kind, identity)?;
        self.version += 1;
        self.schedule(now);
        Ok(doc)
    }

    /// Replicas that are current keep a copy of the documents before they change.
    fn before_change(&mut self) {
        let version = self.version;
        for r in &mut self.replicas {
            if r.version >= version && r.stale_documents.is_none() {
                r.stale_documents = Some(self.documents.clone());
            }
        }
    }

    fn commit(&mut self, kind: &str, identity: &Identity, now: Timestamp) {
        self.version += 1;
        self.documents.set_version(kind, identity, self.version);
        self.schedule(now);
    }

    fn schedule(&mut self, now: Timestamp) {
        self.last_change = Some(now);
        let due = now.plus_seconds(self.replication_delay_seconds);
        for r in &mut self.replicas {
            // A replica already waiting picks this change up with the next push after it.
            r.catch_up_at = Some(r.catch_up_at.map_or(due, |t| t.max(due)));
        }
    }

    /// Brings every replica whose catch-up time has come up to date.
    pub fn replicate_due(&mut self, now: Timestamp) {
        let (version, created) = (self.version, self.last_change);
        for r in &mut self.replicas {
            if let Some(due) = r.catch_up_at
                && due <= now
            {
                catch_up(r, version, created, due);
            }
        }
    }

    /// `Import-CsConfiguration -LocalStore`: the replica on `fqdn` takes `store` as its local
    /// documents (as on a server set up from an exported configuration) and catches up with the
    /// master after the replication delay. Returns false when `fqdn` holds no replica.
    pub fn import_local(&mut self, fqdn: &str, store: ConfigStore, now: Timestamp) -> bool {
        let delay = self.replication_delay_seconds;
        let same = store == self.documents;
        let Some(r) = self
            .replicas
            .iter_mut()
            .find(|r| r.fqdn.eq_ignore_ascii_case(fqdn))
        else {
            return false;
        };
        if same {
            r.stale_documents = None;
        } else {
            r.stale_documents = Some(store);
            r.version = r.version.min(self.version.saturating_sub(1));
            r.catch_up_at = Some(now.plus_seconds(delay));
        }
        true
    }

    /// `Invoke-CsManagementStoreReplication`: every replica (or only `fqdn`) catches up now.
    /// Returns false when `fqdn` names no replica.
    pub fn replicate_now(&mut self, fqdn: Option<&str>, now: Timestamp) -> bool {
        let (version, created) = (self.version, self.last_change);
        let mut found = false;
        for r in &mut self.replicas {
            if fqdn.is_none_or(|f| r.fqdn.eq_ignore_ascii_case(f)) {
                found = true;
                catch_up(r, version, created, now);
            }
        }
        found
    }
}

fn catch_up(r: &mut Replica, version: u64, created: Option<Timestamp>, at: Timestamp) {
    r.version = version;
    r.catch_up_at = None;
    r.stale_documents = None;
    r.last_status_report = at;
    if let Some(c) = created {
        r.last_update_creation = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str) -> ConfigDocument {
        let mut p = Properties::new();
        p.insert("Enabled".into(), PropValue::Bool(false));
        ConfigDocument::new(Identity::parse(id).unwrap_or(Identity::Global), p)
    }

    #[test]
    fn lists_in_scope_then_creation_order() {
        let mut s = ConfigStore::new();
        for id in [
            "tag:B",
            "site:Redmond",
            "tag:A",
            "global",
            "service:Registrar:x.com",
        ] {
            assert!(s.insert("ExternalAccessPolicy", doc(id)).is_ok());
        }
        let shown: Vec<String> = s
            .list("ExternalAccessPolicy")
            .iter()
            .map(|d| d.identity.to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "Global",
                "Site:Redmond",
                "Service:Registrar:x.com",
                "Tag:B",
                "Tag:A"
            ]
        );
    }

    #[test]
    fn insert_replace_remove_report_typed_errors() {
        let mut s = ConfigStore::new();
        assert!(s.insert("HostingProvider", doc("LyncOnline")).is_ok());
        let dup = s.insert("HostingProvider", doc("lynconline"));
        assert!(
            matches!(dup, Err(Error::DocumentExists { ref kind, .. }) if kind == "HostingProvider")
        );
        let missing = s.replace("HostingProvider", doc("Other"));
        assert!(matches!(missing, Err(Error::DocumentNotFound { .. })));
        assert!(
            s.remove("HostingProvider", &Identity::plain("LYNCONLINE"))
                .is_ok()
        );
        assert!(s.list("HostingProvider").is_empty());
        assert!(matches!(
            s.remove("HostingProvider", &Identity::plain("LyncOnline")),
            Err(Error::DocumentNotFound { .. })
        ));
    }

    #[test]
    fn replicas_lag_until_due_or_forced() {
        let t0 = Timestamp(1_000_000);
        let mut cms = CentralManagementStore::new("atl-cs-001.litwareinc.com");
        cms.add_replica("atl-edge-001.litwareinc.com", t0, "5.0.8308.0");
        cms.add_replica("atl-cs-001.litwareinc.com", t0, "5.0.8308.0");
        assert!(cms.replicas().iter().all(|r| cms.is_up_to_date(r)));

        assert!(cms.insert("HostingProvider", doc("LyncOnline"), t0).is_ok());
        assert_eq!(cms.version(), 1);
        assert!(cms.replicas().iter().all(|r| !cms.is_up_to_date(r)));
        let edge = "atl-edge-001.litwareinc.com";
        assert_eq!(
            cms.local_store(edge)
                .map(|s| s.list("HostingProvider").len()),
            Some(0)
        );

        cms.replicate_due(t0.plus_seconds(59));
        assert_eq!(
            cms.local_store(edge)
                .map(|s| s.list("HostingProvider").len()),
            Some(0)
        );
        cms.replicate_due(t0.plus_seconds(60));
        assert!(cms.replicas().iter().all(|r| cms.is_up_to_date(r)));
        assert_eq!(
            cms.local_store(edge)
                .map(|s| s.list("HostingProvider").len()),
            Some(1)
        );

        let t1 = t0.plus_seconds(100);
        assert!(
            cms.remove("HostingProvider", &Identity::plain("LyncOnline"), t1)
                .is_ok()
        );
        assert_eq!(
            cms.local_store(edge)
                .map(|s| s.list("HostingProvider").len()),
            Some(1)
        );
        assert!(cms.replicate_now(Some("ATL-EDGE-001.litwareinc.com"), t1));
        assert_eq!(
            cms.local_store(edge)
                .map(|s| s.list("HostingProvider").len()),
            Some(0)
        );
        assert!(cms.replica(edge).is_some_and(|r| cms.is_up_to_date(r)));
        assert!(
            cms.replica("atl-cs-001.litwareinc.com")
                .is_some_and(|r| !cms.is_up_to_date(r))
        );
        assert!(!cms.replicate_now(Some("nowhere.example.com"), t1));
    }

    #[test]
    fn loading_refuses_duplicates_and_restores_order() {
        let dup = r#"{"HostingProvider":[{"identity":"A","properties":{}},{"identity":"a","properties":{}}]}"#;
        let r: Result<ConfigStore, _> = serde_json::from_str(dup);
        assert!(r.is_err_and(|e| e.to_string().contains("already exists")));
        let unordered = r#"{"ExternalAccessPolicy":[{"identity":"Tag:X","properties":{}},{"identity":"Global","properties":{}}]}"#;
        let s: Result<ConfigStore, _> = serde_json::from_str(unordered);
        let first = s.ok().and_then(|s| {
            s.list("ExternalAccessPolicy")
                .first()
                .map(|d| d.identity.to_string())
        });
        assert_eq!(first.as_deref(), Some("Global"));
    }

    #[test]
    fn failed_change_touches_nothing() {
        let t0 = Timestamp(0);
        let mut cms = CentralManagementStore::new("a");
        cms.add_replica("a", t0, "5.0.8308.0");
        assert!(cms.seed("AllowedDomain", doc("fabrikam.com")).is_ok());
        let before = cms.clone();
        assert!(
            cms.insert("AllowedDomain", doc("FABRIKAM.COM"), t0)
                .is_err()
        );
        assert!(
            cms.remove("AllowedDomain", &Identity::plain("x.com"), t0)
                .is_err()
        );
        assert!(
            cms.update("AllowedDomain", &Identity::plain("x.com"), t0, |_| {})
                .is_err()
        );
        assert_eq!(cms, before);
    }
}

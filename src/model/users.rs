//! Users: the Active Directory accounts the deployment knows, Lync-enabled or not, and how
//! Lync's `-Identity` finds one.
//!
//! Storage is a `Vec<User>` in directory order plus a sorted index of 64-bit hashes of every
//! lookup key (SIP address, UPN, SamAccountName, distinguished name).
//! The index is a flat `Vec`, so cloning 100,000 users copies one array instead of rebuilding a
//! hash map, and lookups are a binary search followed by an exact comparison.
//! The index is never serialized; it is rebuilt on load.
//! This module knows nothing about policies' existence or pools' existence: cmdlets check those.

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Error;
use super::identity::eq_ci;
use super::wildcard;

/// The per-user policy properties of `Get-CsUser`, in Lync's display order
/// (federation-model.md §1.8). A user without an entry shows an empty value
/// (`ExchangeArchivingPolicy` shows `Uninitialized`).
pub const USER_POLICY_KINDS: &[&str] = &[
    "VoicePolicy",
    "ConferencingPolicy",
    "PresencePolicy",
    "DialPlan",
    "LocationPolicy",
    "ClientPolicy",
    "ClientVersionPolicy",
    "ArchivingPolicy",
    "ExchangeArchivingPolicy",
    "PinPolicy",
    "ExternalAccessPolicy",
    "MobilityPolicy",
    "PersistentChatPolicy",
    "UserServicesPolicy",
    "HostedVoicemailPolicy",
];

/// `HostingProvider` of a user homed on-premises.
pub const ON_PREMISES_HOSTING_PROVIDER: &str = "SRV:";

fn srv() -> String {
    ON_PREMISES_HOSTING_PROVIDER.to_string()
}
fn is_srv(s: &str) -> bool {
    s == ON_PREMISES_HOSTING_PROVIDER
}
fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_false(b: &bool) -> bool {
    !*b
}

/// One user account. Field order is `Get-CsUser`'s display order; fields at their default value
/// are left out of the JSON so a 100,000-user fixture stays small.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct User {
    /// The AD distinguished name, e.g. `CN=Ken Myer,OU=Redmond,DC=litwareinc,DC=com`.
    pub identity: String,
    /// Per-user policy assignments: policy type name (`ExternalAccessPolicy`) → tag name
    /// without the `Tag:` prefix. No entry = governed by site/global policy.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub policies: IndexMap<String, String>,
    /// `SRV:` when homed on-premises, the provider's ProxyFqdn when homed online.
    #[serde(default = "srv", skip_serializing_if = "is_srv")]
    pub hosting_provider: String,
    /// The Registrar pool FQDN; `None` when homed online or not enabled for Lync.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registrar_pool: Option<String>,
    /// Lync's `Enabled` (`Set-CsUser -Enabled`).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    /// `sip:` address; `None` = an AD account not enabled for Lync (only `Get-CsAdUser` sees it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sip_address: Option<String>,
    #[serde(rename = "LineURI", default, skip_serializing_if = "Option::is_none")]
    pub line_uri: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub enterprise_voice_enabled: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub ex_um_enabled: bool,
    pub display_name: String,
    pub sam_account_name: String,
    pub user_principal_name: String,
    /// AD `department` (for `-LdapFilter "Department=Finance"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// AD `title` (for `-LdapFilter "Title=Sales Representative"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// AD `l` (locality, for `-LdapFilter "l=Redmond"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Synchronized to the Office 365 tenant by directory synchronization.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub dir_synced: bool,
    /// Holds a Lync Online (Plan 2) license in the tenant.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub online_licensed: bool,
}

impl User {
    /// A Lync-enabled, on-premises user with the usual Litware naming (`CN=<display>,<ou_dn>`).
    pub fn on_premises(
        display_name: &str,
        sam: &str,
        ad_domain: &str,
        ou_dn: &str,
        pool: &str,
    ) -> User {
        User {
            identity: format!("CN={display_name},{ou_dn}"),
            policies: IndexMap::new(),
            hosting_provider: srv(),
            registrar_pool: Some(pool.to_string()),
            enabled: true,
            sip_address: Some(format!("sip:{sam}@{ad_domain}")),
            line_uri: None,
            enterprise_voice_enabled: false,
            ex_um_enabled: false,
            display_name: display_name.to_string(),
            sam_account_name: sam.to_string(),
            user_principal_name: format!("{sam}@{ad_domain}"),
            department: None,
            title: None,
            city: None,
            dir_synced: true,
            online_licensed: true,
        }
    }

    /// True when the account is enabled for Lync (has a SIP address), i.e. `Get-CsUser` lists it.
    pub fn is_lync_enabled(&self) -> bool {
        self.sip_address.is_some()
    }

    /// True when the user is homed on-premises (`HostingProvider` is `SRV:`).
    pub fn is_on_premises(&self) -> bool {
        is_srv(&self.hosting_provider)
    }

    /// The tag name of the user's policy of `kind`, if one is granted.
    pub fn policy(&self, kind: &str) -> Option<&str> {
        self.policies.get(kind).map(String::as_str)
    }

    /// Grants (`Some(tag)`) or unassigns (`None`) a per-user policy.
    pub fn set_policy(&mut self, kind: &str, tag: Option<&str>) {
        match tag {
            Some(t) => {
                self.policies.insert(kind.to_string(), t.to_string());
            }
            None => {
                self.policies.shift_remove(kind);
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
enum Key {
    Sip = 1,
    Upn = 2,
    Sam = 3,
    Dn = 4,
}

/// FNV-1a over the key kind and the lowercased text: stable across runs and platforms.
fn key_hash(key: Key, text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    eat(key as u8);
    if text.is_ascii() {
        for b in text.bytes() {
            eat(b.to_ascii_lowercase());
        }
        return h;
    }
    let mut buf = [0u8; 4];
    for c in text.chars().flat_map(char::to_lowercase) {
        for b in c.encode_utf8(&mut buf).bytes() {
            eat(b);
        }
    }
    h
}

/// Strips a leading `sip:` (any case).
pub fn strip_sip(s: &str) -> &str {
    match s.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("sip:") => s.get(4..).unwrap_or(""),
        _ => s,
    }
}

fn keys_of(u: &User) -> [Option<(Key, &str)>; 4] {
    [
        u.sip_address.as_deref().map(|s| (Key::Sip, strip_sip(s))),
        Some((Key::Upn, u.user_principal_name.as_str())),
        Some((Key::Sam, u.sam_account_name.as_str())),
        Some((Key::Dn, u.identity.as_str())),
    ]
}

fn key_text(u: &User, key: Key) -> Option<&str> {
    match key {
        Key::Sip => u.sip_address.as_deref().map(strip_sip),
        Key::Upn => Some(&u.user_principal_name),
        Key::Sam => Some(&u.sam_account_name),
        Key::Dn => Some(&u.identity),
    }
}

fn key_name(key: Key) -> &'static str {
    match key {
        Key::Sip => "SipAddress",
        Key::Upn => "UserPrincipalName",
        Key::Sam => "SamAccountName",
        Key::Dn => "Identity",
    }
}

/// All users plus the lookup index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserStore {
    users: Vec<User>,
    /// `(key hash, user position)`, sorted.
    index: Vec<(u64, u32)>,
}

impl UserStore {
    pub fn new() -> UserStore {
        UserStore::default()
    }

    /// Builds the store, failing on a duplicate SIP address, UPN, SamAccountName or DN.
    pub fn from_users(users: Vec<User>) -> Result<UserStore, Error> {
        let mut store = UserStore {
            users,
            index: Vec::new(),
        };
        store.rebuild_index()?;
        Ok(store)
    }

    fn rebuild_index(&mut self) -> Result<(), Error> {
        let mut index = Vec::with_capacity(self.users.len() * 4);
        for (i, u) in self.users.iter().enumerate() {
            let pos = u32::try_from(i).map_err(|_| Error::TooManyUsers)?;
            for (k, text) in keys_of(u).into_iter().flatten() {
                index.push((key_hash(k, text), pos));
            }
        }
        index.sort_unstable();
        // Equal hashes are either a real duplicate or (rarely) a collision: compare the text.
        for w in index.windows(2) {
            if w[0].0 == w[1].0 {
                self.check_pair(w[0].1, w[1].1)?;
            }
        }
        self.index = index;
        Ok(())
    }

    fn check_pair(&self, a: u32, b: u32) -> Result<(), Error> {
        let (Some(ua), Some(ub)) = (self.users.get(a as usize), self.users.get(b as usize)) else {
            return Ok(());
        };
        for k in [Key::Sip, Key::Upn, Key::Sam, Key::Dn] {
            if let (Some(x), Some(y)) = (key_text(ua, k), key_text(ub, k))
                && eq_ci(x, y)
            {
                return Err(Error::DuplicateUser {
                    property: key_name(k),
                    value: y.to_string(),
                });
            }
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.users.len()
    }

    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    /// All users in directory order.
    pub fn all(&self) -> &[User] {
        &self.users
    }

    pub fn iter(&self) -> std::slice::Iter<'_, User> {
        self.users.iter()
    }

    pub fn get(&self, position: usize) -> Option<&User> {
        self.users.get(position)
    }

    fn lookup(&self, key: Key, text: &str) -> Option<usize> {
        let h = key_hash(key, text);
        let start = self.index.partition_point(|&(x, _)| x < h);
        self.index
            .get(start..)?
            .iter()
            .take_while(|&&(x, _)| x == h)
            .map(|&(_, p)| p as usize)
            .find(|&p| {
                self.users
                    .get(p)
                    .and_then(|u| key_text(u, key))
                    .is_some_and(|t| eq_ci(t, text))
            })
    }

    /// The user with this SIP address (with or without `sip:`).
    pub fn by_sip_address(&self, sip: &str) -> Option<usize> {
        self.lookup(Key::Sip, strip_sip(sip.trim()))
    }

    /// Resolves a user the way Lync's `-Identity` does: SIP address (with or without `sip:`),
    /// UPN, `DOMAIN\SamAccountName`, distinguished name or display name, all without case.
    /// Wildcards (`*`, `?`, `[a-z]`) select every match (`"* Smith"`).
    /// `netbios` and `ad_domain` are the forms accepted before the backslash.
    /// Returns positions in directory order (empty when nothing matches).
    pub fn resolve(&self, identity: &str, netbios: &str, ad_domain: &str) -> Vec<usize> {
        let t = identity.trim();
        if t.is_empty() {
            return Vec::new();
        }
        if wildcard::has_wildcards(t) {
            return self.find(t);
        }
        if t.len() > 4 && t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sip:")) {
            return self.lookup(Key::Sip, strip_sip(t)).into_iter().collect();
        }
        if t.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("cn=")) {
            return self.lookup(Key::Dn, t).into_iter().collect();
        }
        if let Some((domain, sam)) = t.split_once('\\') {
            if eq_ci(domain, netbios) || eq_ci(domain, ad_domain) {
                return self.lookup(Key::Sam, sam).into_iter().collect();
            }
            return Vec::new();
        }
        if t.contains('@')
            && let Some(p) = self
                .lookup(Key::Upn, t)
                .or_else(|| self.lookup(Key::Sip, t))
        {
            return vec![p];
        }
        self.users
            .iter()
            .enumerate()
            .filter(|(_, u)| eq_ci(&u.display_name, t))
            .map(|(i, _)| i)
            .collect()
    }

    /// Users whose display name, SIP address (with or without `sip:`), UPN or
    /// `SamAccountName` matches a PowerShell wildcard pattern, without case.
    pub fn find(&self, pattern: &str) -> Vec<usize> {
        let Some(p) = wildcard::Pattern::new(pattern) else {
            return Vec::new();
        };
        self.users
            .iter()
            .enumerate()
            .filter(|(_, u)| {
                p.matches(&u.display_name)
                    || u.sip_address
                        .as_deref()
                        .is_some_and(|s| p.matches(s) || p.matches(strip_sip(s)))
                    || p.matches(&u.user_principal_name)
                    || p.matches(&u.sam_account_name)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Users whose distinguished name lies in (or below) an OU, as `-OU "ou=Finance,dc=…"`
    /// selects them; the comparison ignores case and blanks after commas.
    pub fn in_organizational_unit(&self, ou_dn: &str) -> Vec<usize> {
        let norm = |s: &str| -> String {
            s.split(',')
                .map(|p| p.trim().to_lowercase())
                .collect::<Vec<_>>()
                .join(",")
        };
        let suffix = format!(",{}", norm(ou_dn));
        self.users
            .iter()
            .enumerate()
            .filter(|(_, u)| norm(&u.identity).ends_with(&suffix))
            .map(|(i, _)| i)
            .collect()
    }

    /// Adds a user at the end; fails (changing nothing) on a duplicate key.
    pub fn add(&mut self, user: User) -> Result<usize, Error> {
        for (k, text) in keys_of(&user).into_iter().flatten() {
            if self.lookup(k, text).is_some() {
                return Err(Error::DuplicateUser {
                    property: key_name(k),
                    value: text.to_string(),
                });
            }
        }
        let pos = self.users.len();
        let p32 = u32::try_from(pos).map_err(|_| Error::TooManyUsers)?;
        for (k, text) in keys_of(&user).into_iter().flatten() {
            let entry = (key_hash(k, text), p32);
            let at = self.index.partition_point(|e| *e < entry);
            self.index.insert(at, entry);
        }
        self.users.push(user);
        Ok(pos)
    }

    /// Changes one user. When a lookup key changes the index is rebuilt; a change that would
    /// duplicate another user's key is undone and reported.
    pub fn modify<R, F: FnOnce(&mut User) -> R>(
        &mut self,
        position: usize,
        change: F,
    ) -> Result<R, Error> {
        let user = self
            .users
            .get_mut(position)
            .ok_or(Error::UserPositionOutOfRange { position })?;
        let before: Vec<u64> = keys_of(user)
            .into_iter()
            .map(|k| k.map_or(0, |(k, t)| key_hash(k, t)))
            .collect();
        let saved = user.clone();
        let out = change(user);
        let after: Vec<u64> = keys_of(user)
            .into_iter()
            .map(|k| k.map_or(0, |(k, t)| key_hash(k, t)))
            .collect();
        if before != after
            && let Err(e) = self.rebuild_index()
        {
            if let Some(u) = self.users.get_mut(position) {
                *u = saved;
            }
            self.rebuild_index()?;
            return Err(e);
        }
        Ok(out)
    }

    /// Rehomes a user (what `Move-CsUser` changes): Registrar pool and hosting provider.
    /// Neither is a lookup key, so this is the fast path for bulk moves (no copy, no rehash).
    pub fn move_user(
        &mut self,
        position: usize,
        registrar_pool: Option<&str>,
        hosting_provider: &str,
    ) -> Result<(), Error> {
        let user = self
            .users
            .get_mut(position)
            .ok_or(Error::UserPositionOutOfRange { position })?;
        user.registrar_pool = registrar_pool.map(str::to_string);
        if user.hosting_provider != hosting_provider {
            user.hosting_provider = hosting_provider.to_string();
        }
        Ok(())
    }

    /// Grants (`Some(tag)`) or unassigns (`None`) a per-user policy (fast path, no rehash).
    pub fn set_policy(
        &mut self,
        position: usize,
        kind: &str,
        tag: Option<&str>,
    ) -> Result<(), Error> {
        self.users
            .get_mut(position)
            .ok_or(Error::UserPositionOutOfRange { position })?
            .set_policy(kind, tag);
        Ok(())
    }

    /// Removes a user and returns it.
    pub fn remove(&mut self, position: usize) -> Result<User, Error> {
        if position >= self.users.len() {
            return Err(Error::UserPositionOutOfRange { position });
        }
        let user = self.users.remove(position);
        self.rebuild_index()?;
        Ok(user)
    }
}

impl Serialize for UserStore {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.users.serialize(s)
    }
}

impl<'de> Deserialize<'de> for UserStore {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<UserStore, D::Error> {
        let users = Vec::<User>::deserialize(d)?;
        UserStore::from_users(users).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OU: &str = "OU=Redmond,DC=litwareinc,DC=com";

    fn store() -> UserStore {
        let users = vec![
            User::on_premises(
                "Ken Myer",
                "kenmyer",
                "litwareinc.com",
                OU,
                "atl-cs-001.litwareinc.com",
            ),
            User::on_premises(
                "Pilar Ackerman",
                "pilar",
                "litwareinc.com",
                OU,
                "atl-cs-001.litwareinc.com",
            ),
            User::on_premises(
                "Jeff Smith",
                "jsmith",
                "litwareinc.com",
                OU,
                "atl-cs-001.litwareinc.com",
            ),
            User::on_premises(
                "Ann Smith",
                "asmith",
                "litwareinc.com",
                OU,
                "atl-cs-001.litwareinc.com",
            ),
        ];
        UserStore::from_users(users).unwrap_or_default()
    }

    fn one(s: &UserStore, id: &str) -> Option<String> {
        match s.resolve(id, "LITWAREINC", "litwareinc.com").as_slice() {
            [p] => s.get(*p).map(|u| u.display_name.clone()),
            _ => None,
        }
    }

    #[test]
    fn resolves_every_identity_form() {
        let s = store();
        assert_eq!(s.len(), 4);
        for id in [
            "sip:kenmyer@litwareinc.com",
            "SIP:KenMyer@LitwareInc.com",
            "kenmyer@litwareinc.com",
            "litwareinc\\kenmyer",
            "LITWAREINC\\KENMYER",
            "litwareinc.com\\kenmyer",
            "CN=Ken Myer,OU=Redmond,DC=litwareinc,DC=com",
            "cn=ken myer,ou=redmond,dc=litwareinc,dc=com",
            "Ken Myer",
            "ken myer",
        ] {
            assert_eq!(one(&s, id).as_deref(), Some("Ken Myer"), "{id}");
        }
        assert_eq!(one(&s, "contoso\\kenmyer"), None);
        assert_eq!(one(&s, "nobody@litwareinc.com"), None);
        assert!(s.resolve("", "LITWAREINC", "litwareinc.com").is_empty());
    }

    #[test]
    fn wildcards_select_several() {
        let s = store();
        assert_eq!(
            s.resolve("* Smith", "LITWAREINC", "litwareinc.com"),
            vec![2, 3]
        );
        assert_eq!(s.find("sip:*smith@*"), vec![2, 3]);
        assert_eq!(s.find("[kp]*"), vec![0, 1]);
    }

    #[test]
    fn organizational_unit_selects_by_dn_suffix() {
        let mut s = store();
        let fin = User::on_premises(
            "Kim Akers",
            "kimakers",
            "litwareinc.com",
            "OU=Finance,DC=litwareinc,DC=com",
            "p",
        );
        assert!(s.add(fin).is_ok());
        assert_eq!(
            s.in_organizational_unit("ou=finance, dc=litwareinc, dc=com"),
            vec![4]
        );
        assert_eq!(s.in_organizational_unit("dc=litwareinc,dc=com").len(), 5);
        assert!(
            s.in_organizational_unit("ou=Tokyo,dc=litwareinc,dc=com")
                .is_empty()
        );
    }

    #[test]
    fn duplicates_are_refused() {
        let mut s = store();
        let dup = User::on_premises("Other", "kenmyer", "litwareinc.com", "OU=X", "p");
        assert!(matches!(
            s.add(dup),
            Err(Error::DuplicateUser {
                property: "SipAddress",
                ..
            })
        ));
        let r = s.modify(1, |u| {
            u.sip_address = Some("sip:KENMYER@litwareinc.com".into())
        });
        assert!(matches!(r, Err(Error::DuplicateUser { .. })));
        assert_eq!(
            one(&s, "sip:pilar@litwareinc.com").as_deref(),
            Some("Pilar Ackerman")
        );
    }

    #[test]
    fn modify_keeps_index_current() {
        let mut s = store();
        assert!(
            s.modify(0, |u| u.registrar_pool =
                Some("atl-cs-002.litwareinc.com".into()))
                .is_ok()
        );
        assert!(
            s.modify(0, |u| u.sip_address = Some("sip:ken@litwareinc.com".into()))
                .is_ok()
        );
        assert_eq!(
            one(&s, "sip:ken@litwareinc.com").as_deref(),
            Some("Ken Myer")
        );
        assert_eq!(one(&s, "sip:kenmyer@litwareinc.com"), None);
        let added = s.add(User::on_premises(
            "New One",
            "newone",
            "litwareinc.com",
            OU,
            "p",
        ));
        assert_eq!(added.ok(), Some(4));
        assert_eq!(one(&s, "litwareinc\\newone").as_deref(), Some("New One"));
        assert!(s.remove(0).is_ok());
        assert_eq!(
            one(&s, "sip:pilar@litwareinc.com").as_deref(),
            Some("Pilar Ackerman")
        );
        assert_eq!(one(&s, "sip:ken@litwareinc.com"), None);
    }

    #[test]
    fn policies_grant_and_unassign() {
        let mut u = User::on_premises("A B", "ab", "litwareinc.com", OU, "p");
        u.set_policy("ExternalAccessPolicy", Some("FederationUsers"));
        assert_eq!(u.policy("ExternalAccessPolicy"), Some("FederationUsers"));
        u.set_policy("ExternalAccessPolicy", None);
        assert_eq!(u.policy("ExternalAccessPolicy"), None);
    }
}

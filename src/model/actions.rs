//! State of the administrative actions that is not a CMS document: users' dial-in PINs and
//! audio-conferencing-provider (ACP) entries, custom RBAC roles, Centralized Logging sessions,
//! the management shell's UI culture, and the maintenance marks (address book and user
//! database updates).
//!
//! Everything is keyed by what Lync keys it by (a user's distinguished name, a role's name,
//! a pool's FQDN). A state file without this part loads as "nothing set" (`#[serde(default)]`),
//! and an empty part is not written, so older files and fixtures stay byte-identical.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ids::Timestamp;

/// A user's dial-in conferencing PIN. The PIN itself is never stored in clear (Lync keeps a
/// hash too); `digest` is an FNV-1a digest so tests can tell PINs apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct PinState {
    /// `None` while no PIN was set (a lock may exist without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<u64>,
    pub set_at: Timestamp,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
}

/// One audio conferencing provider entry of a user (Set-CsUserAcp).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct AcpEntry {
    pub name: String,
    pub domain: String,
    pub toll_number: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub toll_free_numbers: Vec<String>,
    pub participant_passcode: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_default: bool,
}

/// A custom RBAC role (New-CsAdminRole): a copy of a built-in role's cmdlets with scopes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct CustomRole {
    pub identity: String,
    pub template: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_scopes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub config_scopes: Vec<String>,
    pub sid: String,
}

/// A Centralized Logging session running a scenario on a pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct ClsSession {
    pub pool: String,
    pub scenario: String,
    pub started: Timestamp,
    /// Duration in minutes (Lync's default is four hours).
    pub minutes: i64,
    /// Log lines flushed to the pool's file share by Sync-CsClsLogging.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synced: bool,
}

impl ClsSession {
    /// Whether the session still runs at `now`.
    pub fn active_at(&self, now: Timestamp) -> bool {
        now.0 < self.started.plus_seconds(self.minutes.saturating_mul(60)).0
    }
}

/// The whole part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ActionsState {
    /// PINs by user distinguished name (lower case).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pins: BTreeMap<String, PinState>,
    /// ACP entries by user distinguished name (lower case).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub acp: BTreeMap<String, Vec<AcpEntry>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_roles: Vec<CustomRole>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cls_sessions: Vec<ClsSession>,
    /// Set-CsUICulture (`None` = the operating system's culture).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui_culture: Option<String>,
    /// Last Update-CsAddressBook / Update-CsUserDatabase per pool FQDN (lower case).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub address_book_updates: BTreeMap<String, Timestamp>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub user_database_updates: BTreeMap<String, Timestamp>,
    /// Credentials of synthetic-transaction test users (Set-CsTestUserCredential), by SIP
    /// address in lower case: the account name (the password is not kept).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub test_credentials: BTreeMap<String, String>,
    /// Files on the emulated server's disks, by [`server_path_key`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub server_files: BTreeMap<String, ServerFile>,
}

impl ActionsState {
    pub fn is_empty(&self) -> bool {
        *self == ActionsState::default()
    }
}

/// FNV-1a 64 of a PIN (not a security measure; the emulator holds no real secrets).
pub fn pin_digest(pin: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in pin.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A file on the disk of the emulated server the shell runs on (Export-CsConfiguration
/// -FileName C:\…, Test-CsComputer -Report, `[System.IO.File]::WriteAllBytes('C:\…')`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct ServerFile {
    /// The path as first written (`C:\Logs\Config.zip`).
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The key of a server path: lower case, `\` separators, no trailing separator.
pub fn server_path_key(path: &str) -> String {
    path.trim()
        .replace('/', "\\")
        .trim_end_matches('\\')
        .to_ascii_lowercase()
}

/// The Litware lab's actions state: the credentials of its two test users are stored, as
/// Set-CsTestUserCredential leaves them after the pool's test users were configured.
pub fn litware_actions(netbios: &str) -> ActionsState {
    let mut a = ActionsState::default();
    for sam in ["kenmyer", "pilar"] {
        a.test_credentials.insert(
            format!("sip:{sam}@litwareinc.com"),
            format!("{netbios}\\{sam}"),
        );
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_end_after_their_duration() {
        let s = ClsSession {
            pool: "p".into(),
            scenario: "CPS".into(),
            started: Timestamp(1_000),
            minutes: 2,
            synced: false,
        };
        assert!(s.active_at(Timestamp(1_119)));
        assert!(!s.active_at(Timestamp(1_120)));
    }

    #[test]
    fn server_paths_ignore_case_and_separators() {
        assert_eq!(
            server_path_key("C:/Logs/A.zip"),
            server_path_key("c:\\logs\\a.ZIP")
        );
        assert_eq!(server_path_key("C:\\Logs\\"), "c:\\logs");
    }

    #[test]
    fn an_empty_part_is_not_written_and_loads_back() {
        let a = ActionsState::default();
        assert!(a.is_empty());
        let json = serde_json::to_string(&litware_actions("LITWAREINC")).unwrap_or_default();
        let back: ActionsState = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back.test_credentials.len(), 2);
        assert_ne!(pin_digest("12345"), pin_digest("12346"));
    }
}

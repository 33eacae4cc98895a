//! The infrastructure family: Windows services, server settings (`Set-Cs*Server`), pool
//! disaster recovery, user database state, the management store's location, SIP domains,
//! trunks, conference directories, trusted applications and endpoints, certificates, Active
//! Directory preparation, databases, Kerberos accounts and device update rules.
//!
//! Everything reads and changes `Deployment::topology` (its `infra` part for what is not the
//! published topology itself, see `model::infra`). One body serves every cmdlet of the family:
//! it finds its handler by the running command's name, like the generic store does.
//!
//! Object type names come from the reference pages' OUTPUTS sections where they give one;
//! property orders and every error text are ours (≈) unless a comment says otherwise.

mod ad;
mod certs;
mod directory;
mod servers;
mod trusted;

pub(crate) use servers::settings_view;

use std::rc::Rc;

use super::Behaviour;
use super::generic::errors::GenericError;
use crate::cmdlets::lookup;
use crate::model::identity::Identity;
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::convert;
use crate::runtime::errors::{ErrorCategory, ErrorInfo, ErrorRecord};
use crate::runtime::interp::{Flow, Interp};
use crate::runtime::pipeline::Sink;
use crate::runtime::should_process::should_process;
use crate::runtime::value::{PsObject, Value};

/// A failure of one invocation.
pub(crate) enum Fail {
    /// Not found / already exists / not modelled: the generic store's records.
    Lync(GenericError),
    /// A rule of the deployment refused the change (our texts, ≈).
    Invalid {
        id: &'static str,
        message: String,
        category: ErrorCategory,
        target: Option<String>,
    },
    Flow(Flow),
}

impl From<Flow> for Fail {
    fn from(f: Flow) -> Self {
        Fail::Flow(f)
    }
}

impl From<GenericError> for Fail {
    fn from(e: GenericError) -> Self {
        Fail::Lync(e)
    }
}

pub(crate) type Res = Result<(), Fail>;

pub(crate) fn not_found(kind: &str, identity: &str) -> Fail {
    Fail::Lync(GenericError::NotFound {
        kind: kind.to_string(),
        identity: Identity::Plain(identity.to_string()),
    })
}

pub(crate) fn exists(kind: &str, identity: &str) -> Fail {
    Fail::Lync(GenericError::Exists {
        kind: kind.to_string(),
        identity: Identity::Plain(identity.to_string()),
    })
}

pub(crate) fn invalid(id: &'static str, target: &str, message: String) -> Fail {
    Fail::Invalid {
        id,
        message,
        category: ErrorCategory::InvalidOperation,
        target: Some(target.to_string()),
    }
}

/// One invocation: the bound parameters, the pipeline input, the output.
pub(crate) struct Cx<'a> {
    pub it: &'a mut Interp,
    pub b: &'a Bound,
    pub input: Option<&'a Value>,
    pub out: &'a mut dyn Sink,
    pub name: &'static str,
}

impl Cx<'_> {
    pub fn text(&self, name: &str) -> Option<String> {
        self.b
            .values
            .get(name)
            .filter(|v| !v.is_null())
            .map(identity_text)
    }

    pub fn switch(&self, name: &str) -> bool {
        self.b
            .values
            .get(name)
            .is_some_and(|v| !matches!(v, Value::Switch(false)) && convert::is_true(v))
    }

    pub fn given(&self, name: &str) -> bool {
        self.b.values.contains_key(name)
    }

    pub fn boolean(&self, name: &str) -> Option<bool> {
        self.b.values.get(name).map(convert::is_true)
    }

    /// A string-array parameter (`-Type Default,WebServicesInternal`), flattened.
    pub fn list(&self, name: &str) -> Vec<String> {
        match self.b.values.get(name) {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => flatten(v),
        }
    }

    pub fn emit(&mut self, v: Value) -> Res {
        self.out.push(self.it, v)?;
        Ok(())
    }

    /// The ShouldProcess gate: action = cmdlet name, target = the object's identity.
    pub fn confirm(&mut self, target: &str) -> Result<bool, Fail> {
        Ok(should_process(self.it, self.b, self.name, target)?)
    }

    pub fn verbose(&mut self, text: &str) {
        self.it.write_verbose(text);
    }

    pub fn warn(&mut self, text: &str) {
        self.it.write_warning(text);
    }

    /// Parameters lyncshell does not model fail loudly instead of being ignored.
    pub fn refuse(&self, names: &[&'static str]) -> Res {
        for n in names {
            if self.given(n) {
                return Err(GenericError::Unmodelled {
                    cmdlet: self.name.to_string(),
                    parameter: n,
                }
                .into());
            }
        }
        Ok(())
    }

    /// `-Report <path>`: an HTML log of what the cmdlet did, written inside the sandbox; a
    /// path the sandbox refuses costs a warning, not the action.
    pub fn report(&mut self, lines: &[String]) {
        let Some(path) = self.text("Report") else {
            return;
        };
        let mut html = format!(
            "<html><head><title>{}</title></head><body>\r\n<h1>{}</h1>\r\n<ul>\r\n",
            self.name, self.name
        );
        for l in lines {
            html.push_str(&format!("<li>{}</li>\r\n", escape_html(l)));
        }
        html.push_str("</ul>\r\n</body></html>\r\n");
        if let Err(rec) = crate::runtime::builtins_host::write_file(self.it, &path, &html, false) {
            let text = format!("The report was not written: {}", rec.info.message);
            self.warn(&text);
        }
    }

    /// The computer the shell runs on.
    pub fn local_computer(&self) -> Result<String, Fail> {
        self.it
            .deployment
            .topology
            .local_computer()
            .map(str::to_string)
            .ok_or_else(|| not_found("computer", "localhost"))
    }

    pub fn now(&self) -> crate::model::Timestamp {
        self.it.deployment.now()
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The Lync-enabled user named by `-Identity` (SIP address, UPN, DOMAIN\\user, DN or display
/// name), or the generic store's UserNotFound / AmbiguousUser error.
pub(crate) fn resolve_user(cx: &Cx<'_>) -> Result<usize, Fail> {
    let id = cx.text("Identity").unwrap_or_default();
    cx.it.deployment.resolve_lync_user(&id).map_err(|e| {
        Fail::Lync(match e {
            crate::model::Error::AmbiguousUser { identity, count } => {
                GenericError::AmbiguousUser { identity, count }
            }
            _ => GenericError::UserNotFound { identity: id },
        })
    })
}

/// The strings inside a value (arrays flattened; objects by their Identity).
pub(crate) fn flatten(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.borrow().iter().flat_map(flatten).collect(),
        Value::List(l) => l.borrow().items.iter().flat_map(flatten).collect(),
        Value::Null => Vec::new(),
        other => vec![identity_text(other)],
    }
}

/// The text of an identity-like value: an object gives its Identity property.
pub(crate) fn identity_text(v: &Value) -> String {
    crate::cmdlets::users::cmdlets::identity_text(v)
}

/// A property of a piped object, as text.
pub(crate) fn property_text(v: &Value, name: &str) -> Option<String> {
    if let Value::Object(o) = v {
        let o = o.borrow();
        return o
            .properties
            .values()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .filter(|p| !p.value.is_null())
            .map(|p| convert::to_string(&p.value));
    }
    None
}

/// An object of `type_name` whose text form is `identity`.
pub(crate) fn obj(type_name: &str, identity: &str, props: Vec<(&str, Value)>) -> Value {
    let mut o = PsObject {
        type_names: vec![Rc::from(type_name), Rc::from("System.Object")],
        to_string: Some(Rc::from(identity)),
        ..PsObject::default()
    };
    for (k, v) in props {
        o.add(k, v);
    }
    Value::object(o)
}

/// A computer as Get-CsComputer and Get-CsTrustedApplicationComputer write it.
pub(crate) fn computer_object(type_name: &str, fqdn: &str, pool: &str) -> Value {
    obj(
        type_name,
        fqdn,
        vec![
            ("Identity", Value::str(fqdn)),
            ("Pool", Value::str(pool)),
            ("Fqdn", Value::str(fqdn)),
        ],
    )
}

pub(crate) fn opt(s: Option<&str>) -> Value {
    s.map_or(Value::Null, Value::str)
}

pub(crate) fn strs<'a>(items: impl IntoIterator<Item = &'a str>) -> Value {
    Value::array(items.into_iter().map(Value::str).collect())
}

/// `-Filter` / wildcard match, case-insensitive.
pub(crate) fn like(pattern: &str, text: &str) -> bool {
    super::wildcard_match(pattern, text)
}

/// Strips a leading `scope:` word (`service:`, `site:`) from an identity.
pub(crate) fn strip_scope<'a>(text: &'a str, scope: &str) -> &'a str {
    let t = text.trim();
    match t.get(..scope.len()) {
        Some(p) if p.eq_ignore_ascii_case(scope) => t.get(scope.len()..).unwrap_or(t).trim(),
        _ => t,
    }
}

/// Default views: Get-CsWindowsService prints a table of Status, Name and ActivityLevel, as
/// Lync's does (REF:Get-CsWindowsService example 2 says the default view is a table showing
/// a subset of the properties); the widths are ours.
pub fn register_views(reg: &mut crate::runtime::format::ViewRegistry) {
    use crate::runtime::format::{Align, Column, View};
    let col = |p: &str, width: usize| Column {
        property: p.to_string(),
        label: None,
        width,
        align: Align::Left,
    };
    reg.register(
        servers::NT_SERVICE_TYPE,
        View::Table {
            columns: vec![col("Status", 8), col("Name", 18), col("ActivityLevel", 0)],
        },
    );
}

type Handler = fn(&mut Cx<'_>) -> Res;

macro_rules! family {
    ($($name:literal => $handler:path,)*) => {
        static HANDLERS: &[(&str, Handler)] = &[$(($name, $handler),)*];
        /// The family's behaviour table.
        pub static TABLE: &[(&str, Behaviour)] = &[$(($name, Behaviour { make, generic: false }),)*];
    };
}

family! {
    "Get-CsWindowsService" => servers::get_windows_service,
    "Start-CsWindowsService" => servers::start_windows_service,
    "Stop-CsWindowsService" => servers::stop_windows_service,
    "Set-CsRegistrar" => servers::set_server,
    "Set-CsWebServer" => servers::set_server,
    "Set-CsUserServer" => servers::set_server,
    "Set-CsEdgeServer" => servers::set_server,
    "Set-CsMediationServer" => servers::set_server,
    "Set-CsMonitoringServer" => servers::set_server,
    "Set-CsArchivingServer" => servers::set_server,
    "Set-CsConferenceServer" => servers::set_server,
    "Set-CsManagementServer" => servers::set_server,
    "Set-CsApplicationServer" => servers::set_server,
    "Set-CsPersistentChatActiveServer" => servers::set_persistent_chat_active_server,
    "Set-CsSite" => servers::set_site,
    "Get-CsTopology" => servers::get_topology,
    "Enable-CsTopology" => servers::enable_topology,
    "Get-CsPoolFabricState" => servers::get_pool_fabric_state,
    "Get-CsPoolBackupRelationship" => servers::get_pool_backup_relationship,
    "Get-CsUserPoolInfo" => servers::get_user_pool_info,
    "Reset-CsPoolRegistrarState" => servers::reset_pool_registrar_state,
    "Invoke-CsPoolFailOver" => servers::invoke_pool_failover,
    "Invoke-CsPoolFailBack" => servers::invoke_pool_failback,
    "Get-CsUserDatabaseState" => servers::get_user_database_state,
    "Set-CsUserDatabaseState" => servers::set_user_database_state,
    "Get-CsBackupServiceStatus" => servers::get_backup_service_status,
    "Get-CsNetworkInterface" => servers::get_network_interface,
    "Enable-CsComputer" => servers::enable_computer,
    "Disable-CsComputer" => servers::disable_computer,
    "Enable-CsReplica" => servers::enable_replica,
    "Invoke-CsManagementServerFailover" => directory::invoke_management_server_failover,
    "Move-CsManagementServer" => directory::move_management_server,
    "Get-CsConfigurationStoreLocation" => directory::get_store_location,
    "Set-CsConfigurationStoreLocation" => directory::set_store_location,
    "Remove-CsConfigurationStoreLocation" => directory::remove_store_location,
    "Get-CsManagementConnection" => directory::get_management_connection,
    "Set-CsManagementConnection" => directory::set_management_connection,
    "Remove-CsManagementConnection" => directory::remove_management_connection,
    "Get-CsSipDomain" => directory::get_sip_domain,
    "New-CsSipDomain" => directory::new_sip_domain,
    "Set-CsSipDomain" => directory::set_sip_domain,
    "Remove-CsSipDomain" => directory::remove_sip_domain,
    "Get-CsTrunk" => directory::get_trunk,
    "Get-CsConferenceDirectory" => directory::get_conference_directory,
    "New-CsConferenceDirectory" => directory::new_conference_directory,
    "Move-CsConferenceDirectory" => directory::move_conference_directory,
    "Remove-CsConferenceDirectory" => directory::remove_conference_directory,
    "Get-CsDeviceUpdateRule" => directory::get_device_update_rule,
    "Approve-CsDeviceUpdateRule" => directory::change_device_update_rule,
    "Reset-CsDeviceUpdateRule" => directory::change_device_update_rule,
    "Restore-CsDeviceUpdateRule" => directory::change_device_update_rule,
    "Remove-CsDeviceUpdateRule" => directory::change_device_update_rule,
    "Import-CsDeviceUpdate" => directory::import_device_update,
    "Clear-CsDeviceUpdateFile" => directory::clear_device_update_file,
    "Get-CsTrustedApplicationPool" => trusted::get_pool,
    "New-CsTrustedApplicationPool" => trusted::new_pool,
    "Set-CsTrustedApplicationPool" => trusted::set_pool,
    "Remove-CsTrustedApplicationPool" => trusted::remove_pool,
    "Get-CsTrustedApplicationComputer" => trusted::get_computer,
    "New-CsTrustedApplicationComputer" => trusted::new_computer,
    "Remove-CsTrustedApplicationComputer" => trusted::remove_computer,
    "Get-CsTrustedApplication" => trusted::get_application,
    "New-CsTrustedApplication" => trusted::new_application,
    "Set-CsTrustedApplication" => trusted::set_application,
    "Remove-CsTrustedApplication" => trusted::remove_application,
    "Get-CsTrustedApplicationEndpoint" => trusted::get_endpoint,
    "New-CsTrustedApplicationEndpoint" => trusted::new_endpoint,
    "Set-CsTrustedApplicationEndpoint" => trusted::set_endpoint,
    "Remove-CsTrustedApplicationEndpoint" => trusted::remove_endpoint,
    "Move-CsApplicationEndpoint" => trusted::move_endpoint,
    "Get-CsHybridApplicationEndpoint" => trusted::get_endpoint,
    "New-CsHybridApplicationEndpoint" => trusted::new_hybrid_endpoint,
    "Set-CsHybridApplicationEndpoint" => trusted::set_endpoint,
    "Remove-CsHybridApplicationEndpoint" => trusted::remove_endpoint,
    "Get-CsCertificate" => certs::get_certificate,
    "Set-CsCertificate" => certs::set_certificate,
    "Remove-CsCertificate" => certs::remove_certificate,
    "Request-CsCertificate" => certs::request_certificate,
    "Import-CsCertificate" => certs::import_certificate,
    "Get-CsClientCertificate" => certs::get_client_certificate,
    "Revoke-CsClientCertificate" => certs::revoke_client_certificate,
    "Get-CsAdDomain" => ad::get_ad_domain,
    "Enable-CsAdDomain" => ad::enable_ad_domain,
    "Disable-CsAdDomain" => ad::disable_ad_domain,
    "Get-CsAdForest" => ad::get_ad_forest,
    "Enable-CsAdForest" => ad::enable_ad_forest,
    "Disable-CsAdForest" => ad::disable_ad_forest,
    "Get-CsAdServerSchema" => ad::get_ad_server_schema,
    "Install-CsAdServerSchema" => ad::install_ad_server_schema,
    "Grant-CsOUPermission" => ad::grant_ou_permission,
    "Revoke-CsOUPermission" => ad::revoke_ou_permission,
    "Grant-CsSetupPermission" => ad::grant_setup_permission,
    "Revoke-CsSetupPermission" => ad::revoke_setup_permission,
    "New-CsKerberosAccount" => ad::new_kerberos_account,
    "Set-CsKerberosAccountPassword" => ad::set_kerberos_account_password,
    "Install-CsDatabase" => ad::install_database,
    "Uninstall-CsDatabase" => ad::uninstall_database,
    "Install-CsMirrorDatabase" => ad::install_mirror_database,
    "Uninstall-CsMirrorDatabase" => ad::uninstall_mirror_database,
    "Invoke-CsQoEDatabasePurge" => ad::purge_database,
    "Invoke-CsCdrDatabasePurge" => ad::purge_database,
    "Invoke-CsArchivingDatabasePurge" => ad::purge_database,
}

fn make() -> Box<dyn CmdletBody> {
    Box::new(InfraBody::default())
}

#[derive(Default)]
struct InfraBody {
    handler: Option<(&'static str, Handler)>,
}

impl CmdletBody for InfraBody {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> Result<(), Flow> {
        if self.handler.is_none() {
            let name = it.frames.last().map(|f| f.command.clone());
            self.handler = name.and_then(|n| {
                HANDLERS
                    .iter()
                    .find(|(h, _)| h.eq_ignore_ascii_case(&n))
                    .map(|(h, f)| (*h, *f))
            });
        }
        let Some((name, handler)) = self.handler else {
            return Ok(());
        };
        let mut cx = Cx {
            it,
            b,
            input,
            out,
            name,
        };
        match handler(&mut cx) {
            Ok(()) => Ok(()),
            Err(Fail::Flow(f)) => Err(f),
            Err(Fail::Lync(e)) => {
                let class = lookup(name)
                    .map(crate::runtime::host_commands::class_name)
                    .unwrap_or_default();
                it.write_error(e.record(name, class))
            }
            Err(Fail::Invalid {
                id,
                message,
                category,
                target,
            }) => {
                let mut info = ErrorInfo::new(message, id, category)
                    .exception("System.InvalidOperationException");
                if let Some(t) = target {
                    info = info.target(Value::str(&t));
                }
                let mut rec = ErrorRecord::new(info);
                rec.command = Some(name.to_string());
                rec.activity = name.to_string();
                rec.class_name = lookup(name).map(crate::runtime::host_commands::class_name);
                it.write_error(rec)
            }
        }
    }
}

#[cfg(test)]
mod tests;

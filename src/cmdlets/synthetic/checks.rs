//! Deployment checks that are not user transactions: Test-CsTopology, Test-CsComputer,
//! Test-CsDatabase, Test-CsOUPermission / Test-CsSetupPermission, Test-CsReplica,
//! Test-CsKerberosAccountAssignment, Test-CsCertificateConfiguration,
//! Test-CsWatcherNodeConfiguration and Test-CsLisCivicAddress.
//!
//! They read the model and report what it holds. What the model does not hold is assumed as a
//! healthy lab has it (documented in docs/actions.md): certificates are installed for every
//! service of a computer in the topology, SQL instances are reachable, and databases carry the
//! version Lync Server 2013 RTM installs.

use super::engine::TASK_OUTPUT_TYPE;
use super::{R, object, opt};
use crate::cmdlets::users::cmdlets::{switch, text};
use crate::model::Deployment;
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::errors::ErrorCategory;
use crate::runtime::interp::Interp;
use crate::runtime::pipeline::Sink;
use crate::runtime::value::Value;

/// The object every check writes: Lync's TaskOutput shape (≈ for these cmdlets).
fn task_output(target: &str, failure: Option<(String, String)>) -> Value {
    let (result, error, diagnosis) = match failure {
        None => ("Success", Value::Null, Value::Null),
        Some((e, d)) => ("Failure", Value::str(&e), Value::str(&d)),
    };
    object(
        TASK_OUTPUT_TYPE,
        None,
        vec![
            ("TargetFqdn", Value::str(target)),
            ("Result", Value::str(result)),
            ("Latency", Value::TimeSpan(0)),
            ("Error", error),
            ("Diagnosis", diagnosis),
        ],
    )
}

/// The FQDN of the computer the shell runs on (`$env:COMPUTERNAME` + the AD domain).
pub fn local_fqdn(it: &Interp) -> String {
    let host = it
        .env
        .get("COMPUTERNAME")
        .cloned()
        .unwrap_or_else(|| "ATL-CS-001".into());
    format!(
        "{}.{}",
        host.to_ascii_lowercase(),
        it.deployment.organization.ad_domain
    )
}

/// `-Report <file>`: writes an HTML report of the check to the file (on the emulated
/// server's disk for `C:\…` paths, in the working directory otherwise).
pub fn write_report(it: &mut Interp, b: &Bound, lines: &[String]) -> R<()> {
    let Some(path) = text(b, "Report") else {
        return Ok(());
    };
    let name = super::running_spec(it).map_or("lyncshell", |s| s.name);
    let mut html = format!("<html><head><title>{name}</title></head><body><h1>{name}</h1><ul>\n");
    for l in lines {
        let esc = l
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        html.push_str(&format!("<li>{esc}</li>\n"));
    }
    html.push_str("</ul></body></html>\n");
    match crate::runtime::server_disk::write(it, &path, html.into_bytes()) {
        Ok(()) => Ok(()),
        Err(f) => it.write_error(crate::runtime::errors::ErrorRecord::new(
            f.info().target(Value::str(&path)),
        )),
    }
}

/// The lines of a report for a TaskOutput-shaped result.
fn outcome_lines(target: &str, failure: &Option<(String, String)>) -> Vec<String> {
    match failure {
        None => vec![format!("{target}: Success")],
        Some((e, d)) => vec![format!("{target}: Failure"), e.clone(), d.clone()],
    }
}

/// Writes the report (if asked) and the TaskOutput.
fn finish(
    it: &mut Interp,
    b: &Bound,
    out: &mut dyn Sink,
    target: &str,
    failure: Option<(String, String)>,
) -> R<()> {
    write_report(it, b, &outcome_lines(target, &failure))?;
    let o = task_output(target, failure);
    out.push(it, o)
}

// ----- Test-CsTopology --------------------------------------------------------------------

#[derive(Default)]
pub struct TestTopology;

impl CmdletBody for TestTopology {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let d = &it.deployment;
        let (target, failure) = match text(b, "Service") {
            Some(svc) => {
                let bare = super::bare_service(&svc);
                match d.topology.service_by_identity(&bare) {
                    Some(s) => (s.pool_fqdn.clone(), check_service_pool(d, &s.pool_fqdn)),
                    None => (
                        bare.clone(),
                        Some((
                            format!("The service {bare} is not in the published topology."),
                            "Use an Identity that Get-CsService lists.".into(),
                        )),
                    ),
                }
            }
            None => {
                let failure = d.check().err().map(|e| {
                    (
                        format!("The topology is not consistent: {e}"),
                        "Correct the topology in Topology Builder and publish it again.".into(),
                    )
                });
                (local_fqdn(it), failure)
            }
        };
        finish(it, b, out, &target, failure)
    }
}

fn check_service_pool(d: &Deployment, pool: &str) -> Option<(String, String)> {
    match d.topology.pool(pool) {
        Some(p) if !p.computers.is_empty() => None,
        Some(_) => Some((
            format!("The pool {pool} has no computers."),
            "Add a computer to the pool.".into(),
        )),
        None => Some((
            format!("The pool {pool} of the service is not in the topology."),
            "Publish the topology again.".into(),
        )),
    }
}

// ----- Test-CsComputer --------------------------------------------------------------------

#[derive(Default)]
pub struct TestComputer;

impl CmdletBody for TestComputer {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let fqdn = local_fqdn(it);
        let d = &it.deployment;
        let computer = d
            .topology
            .computers
            .iter()
            .find(|c| c.fqdn.eq_ignore_ascii_case(&fqdn))
            .cloned();
        let failure = match &computer {
            None => Some((
                format!("The computer {fqdn} is not in the published topology."),
                "Run Test-CsComputer on a server of the topology (Get-CsComputer).".into(),
            )),
            Some(c) => {
                let roles: Vec<String> = d
                    .topology
                    .services_of(&c.pool)
                    .map(|s| s.role.clone())
                    .collect();
                let lines: Vec<String> = roles
                    .iter()
                    .map(|r| format!("{r}: service installed and running"))
                    .collect();
                for l in &lines {
                    it.write_verbose(l);
                }
                None
            }
        };
        finish(it, b, out, &fqdn, failure)
    }
}

// ----- Test-CsDatabase --------------------------------------------------------------------

/// Lync Server 2013 database roles, their `-DatabaseType` names and database names.
const DATABASES: &[(&str, &str, &[&str])] = &[
    (
        "CentralManagementDatabase",
        "CentralManagement",
        &["xds", "lis"],
    ),
    ("UserDatabase", "User", &["rtcxds", "rtcshared", "rtcab"]),
    (
        "ApplicationDatabase",
        "Application",
        &["rgsconfig", "rgsdyn", "cpsdyn"],
    ),
    ("ArchivingDatabase", "Archiving", &["LcsLog"]),
    (
        "MonitoringDatabase",
        "Monitoring",
        &["LcsCDR", "QoEMetrics"],
    ),
];

/// ? The type and property list of Test-CsDatabase's result as console captures show it.
const DATABASE_RESULT: &str =
    "Microsoft.Rtc.Management.Deployment.DatabaseInstaller+DatabaseTestResult";

fn database_result(server: &str, instance: Option<&str>, name: &str) -> Value {
    let source = match instance {
        Some(i) => format!("{server}\\{i}"),
        None => server.to_string(),
    };
    object(
        DATABASE_RESULT,
        None,
        vec![
            ("SqlServerFqdn", Value::str(server)),
            ("SqlInstanceName", opt(instance)),
            ("DatabaseName", Value::str(name)),
            ("DataSource", Value::str(&source)),
            ("ExpectedVersion", Value::str("5.0.1")),
            ("InstalledVersion", Value::str("5.0.1")),
            ("Succeed", Value::Bool(true)),
        ],
    )
}

#[derive(Default)]
pub struct TestDatabase;

impl CmdletBody for TestDatabase {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let d = &it.deployment;
        let wanted_type = text(b, "DatabaseType");
        let sql = text(b, "SqlServerFqdn").map(|s| s.to_ascii_lowercase());
        let instance = text(b, "SqlInstanceName");
        let cms_only = switch(b, "CentralManagementDatabase");
        let local = switch(b, "LocalService").then(|| local_fqdn(it));
        let mut found = Vec::new();
        for s in &d.topology.services {
            let Some((_, ty, names)) = DATABASES.iter().find(|(r, _, _)| *r == s.role) else {
                continue;
            };
            if cms_only && s.role != "CentralManagementDatabase" {
                continue;
            }
            if let Some(w) = &wanted_type
                && !w.eq_ignore_ascii_case(ty)
            {
                continue;
            }
            if let Some(q) = &sql
                && !s.pool_fqdn.eq_ignore_ascii_case(q)
            {
                continue;
            }
            if let Some(l) = &local
                && !d
                    .topology
                    .pool(&s.pool_fqdn)
                    .is_some_and(|p| p.computers.iter().any(|c| c.eq_ignore_ascii_case(l)))
            {
                continue;
            }
            for name in *names {
                found.push(database_result(&s.pool_fqdn, instance.as_deref(), name));
            }
        }
        // A Front End server keeps local SQL Express databases of its own (RTCLOCAL, LYNCLOCAL).
        if let Some(l) = &local
            && wanted_type.is_none()
            && d.topology.computers.iter().any(|c| {
                c.fqdn.eq_ignore_ascii_case(l) && d.topology.service("Registrar", &c.pool).is_some()
            })
        {
            for (inst, name) in [
                ("RTCLOCAL", "rtc"),
                ("RTCLOCAL", "rtcdyn"),
                ("LYNCLOCAL", "lyss"),
            ] {
                found.push(database_result(l, Some(inst), name));
            }
        }
        if found.is_empty() {
            let what = wanted_type.unwrap_or_else(|| "requested".into());
            let at = sql.map(|s| format!(" on {s}")).unwrap_or_default();
            return super::write_error(
                it,
                "DatabaseNotInTopology",
                ErrorCategory::ObjectNotFound,
                format!("The topology defines no {what} database{at}."),
                None,
            );
        }
        let lines: Vec<String> = found
            .iter()
            .map(|o| {
                let db = crate::runtime::members::get_member(o, "DataSource")
                    .map(|v| crate::runtime::convert::to_string(&v))
                    .unwrap_or_default();
                format!("{db}: installed version matches the expected version")
            })
            .collect();
        write_report(it, b, &lines)?;
        for o in found {
            out.push(it, o)?;
        }
        Ok(())
    }
}

// ----- Test-CsOUPermission / Test-CsSetupPermission ----------------------------------------

#[derive(Default)]
pub struct TestOuPermission;

impl CmdletBody for TestOuPermission {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let Some(ou) = text(b, "OU").or_else(|| text(b, "ComputerOU")) else {
            write_report(it, b, &["Permissions are set".to_string()])?;
            return out.push(it, Value::Bool(true));
        };
        let d = &it.deployment;
        // The model knows the OUs of its users only; any OU of the lab's domain is taken to
        // exist, one of another domain is not found.
        let dn = domain_dn(d).to_ascii_lowercase();
        let compact: String = ou
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let exists = compact == dn || compact.ends_with(&format!(",{dn}"));
        if !exists {
            return super::write_error(
                it,
                "OUNotFound",
                ErrorCategory::ObjectNotFound,
                format!(
                    "The organizational unit \"{ou}\" is not in the domain {}.",
                    d.organization.ad_domain
                ),
                Some(&ou),
            );
        }
        // Lync's domain preparation grants the permissions on every OU of the lab.
        write_report(it, b, &[format!("{ou}: permissions are set")])?;
        out.push(it, Value::Bool(true))
    }
}

fn domain_dn(d: &Deployment) -> String {
    d.organization
        .ad_domain
        .split('.')
        .map(|p| format!("DC={p}"))
        .collect::<Vec<_>>()
        .join(",")
}

// ----- Test-CsReplica ---------------------------------------------------------------------

#[derive(Default)]
pub struct TestReplica;

impl CmdletBody for TestReplica {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let fqdn = local_fqdn(it);
        let d = &it.deployment;
        let failure = match d.cms.replica(&fqdn) {
            None => Some((
                format!("{fqdn} holds no replica of the Central Management Store."),
                "Run the test on a server of the topology.".into(),
            )),
            Some(r) if !d.cms.is_up_to_date(r) => Some((
                format!("The replica on {fqdn} is not up to date."),
                "Wait for replication or run Invoke-CsManagementStoreReplication.".into(),
            )),
            Some(_) => None,
        };
        finish(it, b, out, &fqdn, failure)
    }
}

// ----- Test-CsKerberosAccountAssignment ---------------------------------------------------

#[derive(Default)]
pub struct TestKerberosAccountAssignment;

impl CmdletBody for TestKerberosAccountAssignment {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let id = super::identity_or_input(b, "Identity", input).unwrap_or_default();
        let d = &it.deployment;
        let found = d
            .documents("KerberosAccountAssignment")
            .iter()
            .any(|doc| doc.identity.to_string().eq_ignore_ascii_case(id.trim()));
        let failure = (!found).then(|| {
            (
                format!("No Kerberos account is assigned to {id}."),
                "Assign one with New-CsKerberosAccountAssignment.".into(),
            )
        });
        finish(it, b, out, &id, failure)
    }
}

// ----- Test-CsCertificateConfiguration ----------------------------------------------------

#[derive(Default)]
pub struct TestCertificateConfiguration;

impl CmdletBody for TestCertificateConfiguration {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let fqdn = local_fqdn(it);
        let in_topology = it
            .deployment
            .topology
            .computers
            .iter()
            .any(|c| c.fqdn.eq_ignore_ascii_case(&fqdn));
        let failure = (!in_topology).then(|| {
            (
                format!("The computer {fqdn} is not in the published topology."),
                "Certificates can only be checked on a server of the topology.".into(),
            )
        });
        finish(it, b, out, &fqdn, failure)
    }
}

// ----- Test-CsWatcherNodeConfiguration ----------------------------------------------------

#[derive(Default)]
pub struct TestWatcherNodeConfiguration;

impl CmdletBody for TestWatcherNodeConfiguration {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        crate::cmdlets::users::cmdlets::refuse_unmodelled(it, b, &["FileName"])?;
        let d = &it.deployment;
        let mut results = Vec::new();
        for doc in d.documents("WatcherNodeConfiguration") {
            let pool = doc.identity.to_string();
            let target = match doc.get_ci("TargetFqdn") {
                Some((_, crate::model::value::PropValue::Str(t))) if !t.is_empty() => t.clone(),
                _ => pool.clone(),
            };
            let failure = if d.topology.pool(&target).is_none() {
                Some((
                    format!("The watcher node target {target} is not a pool of the topology."),
                    "Correct TargetFqdn with Set-CsWatcherNodeConfiguration.".into(),
                ))
            } else {
                None
            };
            results.push(task_output(&target, failure));
        }
        if results.is_empty() {
            return super::write_error(
                it,
                "NoWatcherNode",
                ErrorCategory::ObjectNotFound,
                "No watcher node is configured (New-CsWatcherNodeConfiguration).".into(),
                None,
            );
        }
        for o in results {
            out.push(it, o)?;
        }
        Ok(())
    }
}

// ----- Test-CsLisCivicAddress -------------------------------------------------------------

const CIVIC_FIELDS: &[&str] = &[
    "HouseNumber",
    "HouseNumberSuffix",
    "PreDirectional",
    "StreetName",
    "StreetSuffix",
    "PostDirectional",
    "City",
    "State",
    "PostalCode",
    "Country",
];

/// ≈ no capture of the result type was found.
const CIVIC_RESULT: &str = "Microsoft.Rtc.Management.Lis.CivicAddressValidationResult";

#[derive(Default)]
pub struct TestLisCivicAddress;

impl CmdletBody for TestLisCivicAddress {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let mut props: Vec<(&str, Value)> = Vec::new();
        let mut complete = true;
        for f in CIVIC_FIELDS {
            let v = text(b, f).unwrap_or_default();
            if matches!(
                *f,
                "HouseNumber" | "StreetName" | "City" | "State" | "Country"
            ) && v.trim().is_empty()
            {
                complete = false;
            }
            props.push((f, Value::str(&v)));
        }
        // Without an MSAG provider in the lab, an address is valid when it has the parts a
        // provider requires; the stored addresses' MSAGValid flag is not updated, and the
        // cmdlet says so rather than pretending it did.
        let status = if complete { "Valid" } else { "Invalid" };
        if switch(b, "UpdateValidationStatus") {
            it.write_warning(
                "lyncshell does not update the MSAGValid flag of stored LIS locations; only the validation result is reported.",
            );
        }
        props.push(("ValidationStatus", Value::str(status)));
        let o = object(CIVIC_RESULT, None, props);
        out.push(it, o)
    }
}

//! Certificates: Get/Set/Remove/Request/Import-CsCertificate on the local computer's store.

use super::{Cx, Fail, Res, invalid, not_found, obj, opt, property_text, strs};
use crate::model::Timestamp;
use crate::model::identity::eq_ci;
use crate::model::infra::{Certificate, CertificateRequest};
use crate::runtime::value::{DateTime, DateTimeKind, Value};

/// REF:Get-CsCertificate OUTPUTS.
const CERT_TYPE: &str = "Microsoft.Rtc.Management.Deployment.CertificateReference";
/// ? (no reference type for a pending request).
const REQUEST_TYPE: &str = "Microsoft.Rtc.Management.Deployment.CertificateRequest";

/// The certificate uses Lync 2013 knows (CertType).
const CERT_TYPES: &[&str] = &[
    "Default",
    "WebServicesInternal",
    "WebServicesExternal",
    "Internal",
    "External",
    "AccessEdgeExternal",
    "DataEdgeExternal",
    "AudioVideoAuthentication",
    "OAuthTokenIssuer",
    "XmppServer",
    "iPhoneAPNService",
    "iPadAPNService",
    "MPNService",
    "WsFedTokenTransfer",
    "PICWebService",
    "ProvisionService",
];

fn date(t: Timestamp) -> Value {
    const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;
    Value::DateTime(DateTime {
        ticks: t
            .0
            .saturating_mul(10_000_000)
            .saturating_add(UNIX_EPOCH_TICKS),
        kind: DateTimeKind::Local,
    })
}

fn cert_object(c: &Certificate, use_: Option<&str>) -> Value {
    obj(
        CERT_TYPE,
        &c.thumbprint,
        vec![
            ("Issuer", Value::str(&c.issuer)),
            ("NotAfter", date(c.not_after)),
            ("NotBefore", date(c.not_before)),
            ("SerialNumber", Value::str(&c.serial_number)),
            ("Subject", Value::str(&c.subject)),
            (
                "AlternativeNames",
                strs(c.alternative_names.iter().map(String::as_str)),
            ),
            ("Thumbprint", Value::str(&c.thumbprint)),
            ("EffectiveDate", Value::Null),
            ("PreviousThumbprint", Value::Null),
            ("UpdateTime", Value::Null),
            ("Use", opt(use_)),
            ("SourceScope", Value::str("Local")),
        ],
    )
}

/// `-Type` values, checked and in Lync's spelling.
fn types(cx: &Cx<'_>) -> Result<Vec<String>, Fail> {
    let mut out = Vec::new();
    for t in cx.list("Type") {
        for part in t.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some(known) = CERT_TYPES.iter().find(|k| eq_ci(k, part)) else {
                return Err(invalid(
                    "InvalidCertificateType",
                    part,
                    format!(
                        "\"{part}\" is not a certificate type. Use one of: {}.",
                        CERT_TYPES.join(", ")
                    ),
                ));
            };
            out.push((*known).to_string());
        }
    }
    Ok(out)
}

pub(super) fn get_certificate(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["NetportId"])?;
    let wanted = types(cx)?;
    // Global certificates (OAuth) are not modelled: none exist.
    if cx
        .text("Identity")
        .is_some_and(|i| i.eq_ignore_ascii_case("global"))
    {
        return Ok(());
    }
    let here = cx.local_computer()?;
    let mut objs = Vec::new();
    for c in cx
        .it
        .deployment
        .topology
        .infra
        .certificates
        .iter()
        .filter(|c| eq_ci(&c.computer, &here))
    {
        for u in &c.uses {
            if wanted.is_empty() || wanted.iter().any(|w| eq_ci(w, u)) {
                objs.push(cert_object(c, Some(u)));
            }
        }
    }
    for o in objs {
        cx.emit(o)?;
    }
    cx.report(&[format!("Read the certificates of {here}.")]);
    Ok(())
}

pub(super) fn set_certificate(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["NetportId", "Roll", "EffectiveDate", "Path", "Password"])?;
    let here = cx.local_computer()?;
    let thumbprint = match cx.b.values.get("Reference").filter(|v| !v.is_null()) {
        Some(r) => property_text(r, "Thumbprint").unwrap_or_default(),
        None => cx.text("Thumbprint").unwrap_or_default(),
    };
    let mut uses = types(cx)?;
    if uses.is_empty()
        && let Some(u) =
            cx.b.values
                .get("Reference")
                .and_then(|r| property_text(r, "Use"))
    {
        uses.push(u);
    }
    if uses.is_empty() {
        return Err(invalid(
            "CertificateTypeRequired",
            &thumbprint,
            "Specify the certificate's use with -Type.".into(),
        ));
    }
    let certs = &cx.it.deployment.topology.infra.certificates;
    if !certs
        .iter()
        .any(|c| eq_ci(&c.computer, &here) && eq_ci(&c.thumbprint, &thumbprint))
    {
        return Err(invalid(
            "CertificateNotFound",
            &thumbprint,
            format!(
                "No certificate with thumbprint \"{thumbprint}\" is in the local computer's store ({here})."
            ),
        ));
    }
    if !cx.confirm(&thumbprint)? {
        return Ok(());
    }
    cx.it
        .deployment
        .topology
        .infra
        .assign_uses(&here, Some(&thumbprint), &uses);
    cx.report(&[format!("Assigned {thumbprint} to {}.", uses.join(", "))]);
    Ok(())
}

pub(super) fn remove_certificate(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["NetportId", "Previous"])?;
    let here = cx.local_computer()?;
    let uses = types(cx)?;
    let assigned = |u: &String| {
        cx.it
            .deployment
            .topology
            .infra
            .certificates
            .iter()
            .any(|c| eq_ci(&c.computer, &here) && c.uses.iter().any(|x| eq_ci(x, u)))
    };
    if let Some(missing) = uses.iter().find(|u| !assigned(u)) {
        return Err(invalid(
            "CertificateNotAssigned",
            missing,
            format!("No certificate is assigned to \"{missing}\" on {here}."),
        ));
    }
    if !cx.confirm(&uses.join(","))? {
        return Ok(());
    }
    cx.it
        .deployment
        .topology
        .infra
        .assign_uses(&here, None, &uses);
    Ok(())
}

/// A new thumbprint: 40 hex digits drawn from the deployment's identifier source.
fn new_thumbprint(cx: &mut Cx<'_>) -> String {
    let a = cx.it.deployment.next_guid().to_string().replace('-', "");
    let b = cx.it.deployment.next_guid().to_string().replace('-', "");
    format!("{a}{}", b.get(..8).unwrap_or_default()).to_ascii_uppercase()
}

fn issue(
    cx: &mut Cx<'_>,
    req: &CertificateRequest,
    friendly: Option<String>,
    names: Vec<String>,
) -> Certificate {
    let thumbprint = new_thumbprint(cx);
    let now = cx.now();
    let issuer = req
        .ca
        .as_deref()
        .map(|ca| format!("CN={}", ca.rsplit('\\').next().unwrap_or(ca)))
        .unwrap_or_else(|| "CN=MyCa".into());
    Certificate {
        serial_number: thumbprint.get(..20).unwrap_or_default().to_string(),
        thumbprint,
        subject: req.subject.clone(),
        issuer,
        not_before: now,
        not_after: now.plus_seconds(2 * 365 * 86_400),
        alternative_names: names,
        friendly_name: friendly,
        computer: req.computer.clone(),
        uses: Vec::new(),
    }
}

fn request_object(r: &CertificateRequest) -> Value {
    obj(
        REQUEST_TYPE,
        &r.request_id.to_string(),
        vec![
            (
                "RequestId",
                Value::Int(i32::try_from(r.request_id).unwrap_or(i32::MAX)),
            ),
            ("Type", strs(r.types.iter().map(String::as_str))),
            ("ComputerFqdn", Value::str(&r.computer)),
            ("Subject", Value::str(&r.subject)),
            ("CA", opt(r.ca.as_deref())),
            ("Output", opt(r.output.as_deref())),
            (
                "Status",
                Value::str(if r.issued.is_some() {
                    "Issued"
                } else {
                    "Pending"
                }),
            ),
        ],
    )
}

pub(super) fn request_certificate(cx: &mut Cx<'_>) -> Res {
    // -Template, -KeyAlg, -CaAccount… only shape the request the CA receives; the model
    // keeps the issued certificate, not its template.
    if cx.switch("List") {
        let reqs = cx.it.deployment.topology.infra.certificate_requests.clone();
        for r in reqs.iter().filter(|r| r.issued.is_none()) {
            cx.emit(request_object(r))?;
        }
        return Ok(());
    }
    if cx.switch("Clear") {
        let id = cx.text("RequestId").and_then(|s| s.parse::<u32>().ok());
        if !cx.confirm("CertificateRequests")? {
            return Ok(());
        }
        cx.it
            .deployment
            .topology
            .infra
            .certificate_requests
            .retain(|r| r.issued.is_some() || id.is_some_and(|i| i != r.request_id));
        return Ok(());
    }
    if cx.switch("Retrieve") {
        let id = cx
            .text("RequestId")
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(0);
        let Some(req) = cx
            .it
            .deployment
            .topology
            .infra
            .certificate_requests
            .iter()
            .find(|r| r.request_id == id && r.issued.is_none())
            .cloned()
        else {
            return Err(not_found("certificate request", &id.to_string()));
        };
        if req.output.is_some() {
            return Err(invalid(
                "OfflineRequest",
                &id.to_string(),
                format!(
                    "Request {id} is an offline request: submit its file to the CA and use Import-CsCertificate."
                ),
            ));
        }
        if !cx.confirm(&id.to_string())? {
            return Ok(());
        }
        let c = issue(cx, &req, None, Vec::new());
        return store_issued(cx, id, c);
    }
    // -New
    let types = types(cx)?;
    if types.is_empty() {
        return Err(invalid(
            "CertificateTypeRequired",
            cx.name,
            "Specify the certificate's use with -Type.".into(),
        ));
    }
    let computer = match cx.text("ComputerFqdn") {
        Some(c) => super::servers::find_computer(&cx.it.deployment.topology, &c)
            .ok_or_else(|| not_found("computer", &c))?,
        None => cx.local_computer()?,
    };
    let mut names: Vec<String> = vec![computer.clone()];
    if let Some(d) = cx.text("DomainName") {
        for n in d.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if !names.iter().any(|x| eq_ci(x, n)) {
                names.push(n.to_string());
            }
        }
    }
    if cx.switch("AllSipDomain") {
        for d in &cx.it.deployment.topology.sip_domains {
            let n = format!("sip.{}", d.name);
            if !names.iter().any(|x| eq_ci(x, &n)) {
                names.push(n);
            }
        }
    }
    let request_id = cx
        .it
        .deployment
        .topology
        .infra
        .certificate_requests
        .iter()
        .map(|r| r.request_id)
        .max()
        .unwrap_or(0)
        + 1;
    let req = CertificateRequest {
        request_id,
        types: types.clone(),
        computer: computer.clone(),
        subject: format!("CN={computer}"),
        ca: cx.text("CA"),
        output: cx.text("Output"),
        issued: None,
    };
    if !cx.confirm(&format!("{} ({})", computer, types.join(",")))? {
        return Ok(());
    }
    if let Some(path) = req.output.clone() {
        let body = format!(
            "-----BEGIN NEW CERTIFICATE REQUEST-----\r\nSubject: {}\r\nSubjectAltNames: {}\r\nUses: {}\r\nRequestId: {}\r\n-----END NEW CERTIFICATE REQUEST-----\r\n",
            req.subject,
            names.join(", "),
            types.join(", "),
            request_id
        );
        crate::runtime::builtins_host::write_file(cx.it, &path, &body, false).map_err(|rec| {
            Fail::Flow(crate::runtime::interp::Flow::Error {
                record: rec,
                script: false,
            })
        })?;
        cx.it
            .deployment
            .topology
            .infra
            .certificate_requests
            .push(req);
        cx.verbose(&format!(
            "Wrote certificate request {request_id} to {path}."
        ));
        return Ok(());
    }
    cx.it
        .deployment
        .topology
        .infra
        .certificate_requests
        .push(req.clone());
    let c = issue(
        cx,
        &req,
        cx.text("FriendlyName"),
        names.iter().map(|n| format!("sip:{n}")).collect(),
    );
    store_issued(cx, request_id, c)
}

fn store_issued(cx: &mut Cx<'_>, id: u32, c: Certificate) -> Res {
    let v = cert_object(&c, None);
    let infra = &mut cx.it.deployment.topology.infra;
    if let Some(r) = infra
        .certificate_requests
        .iter_mut()
        .find(|r| r.request_id == id)
    {
        r.issued = Some(c.thumbprint.clone());
    }
    infra.certificates.push(c);
    cx.emit(v)
}

/// Import-CsCertificate: a certificate file from the sandbox into the local store, assigned
/// to the given uses. The thumbprint is a hash of the file's bytes.
pub(super) fn import_certificate(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["Roll", "EffectiveDate"])?;
    let here = cx.local_computer()?;
    let path = cx.text("Path").unwrap_or_default();
    let full = crate::runtime::builtins_host::sandbox_path(cx.it, &path).map_err(|rec| {
        Fail::Flow(crate::runtime::interp::Flow::Error {
            record: rec,
            script: false,
        })
    })?;
    let bytes = std::fs::read(&full).map_err(|_| {
        invalid(
            "CertificateFileNotFound",
            &path,
            format!("Cannot read the certificate file \"{path}\"."),
        )
    })?;
    let uses = types(cx)?;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in &bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let thumbprint = format!("{h:016X}{:016X}{:08X}", h.rotate_left(17), h >> 32);
    if !cx.confirm(&thumbprint)? {
        return Ok(());
    }
    let now = cx.now();
    let infra = &mut cx.it.deployment.topology.infra;
    infra.assign_uses(&here, None, &uses);
    infra
        .certificates
        .retain(|c| !eq_ci(&c.thumbprint, &thumbprint));
    infra.certificates.push(Certificate {
        serial_number: thumbprint.get(..20).unwrap_or_default().to_string(),
        thumbprint,
        subject: format!("CN={here}"),
        issuer: "CN=MyCa".into(),
        not_before: now,
        not_after: now.plus_seconds(2 * 365 * 86_400),
        alternative_names: vec![format!("sip:{here}")],
        friendly_name: None,
        computer: here,
        uses,
    });
    Ok(())
}

// ----- client certificates ----------------------------------------------------------------

/// ? (REF names no type; the namespace of the user PIN service).
const CLIENT_CERT_TYPE: &str = "Microsoft.Rtc.Management.UserPinService.ClientCertificate";

/// The SIP address of the user named by `-Identity` (a piped user object gives its Identity).
fn user_sip(cx: &Cx<'_>) -> Result<(String, String), Fail> {
    let pos = super::resolve_user(cx)?;
    let u = cx.it.deployment.users.get(pos);
    let sip = u.and_then(|u| u.sip_address.clone()).unwrap_or_default();
    let dn = u.map(|u| u.identity.clone()).unwrap_or_default();
    Ok((sip, dn))
}

pub(super) fn get_client_certificate(cx: &mut Cx<'_>) -> Res {
    let (sip, _) = user_sip(cx)?;
    let objs: Vec<Value> = cx
        .it
        .deployment
        .topology
        .infra
        .client_certificates
        .iter()
        .filter(|c| eq_ci(&c.sip_address, &sip))
        .map(|c| {
            obj(
                CLIENT_CERT_TYPE,
                &c.serial_number,
                vec![
                    ("UserUri", Value::str(&c.sip_address)),
                    ("SerialNumber", Value::str(&c.serial_number)),
                    ("PublicationTime", date(c.publication_time)),
                    ("ExpirationTime", date(c.expiration_time)),
                ],
            )
        })
        .collect();
    for o in objs {
        cx.emit(o)?;
    }
    Ok(())
}

/// Revoke-CsClientCertificate: every client certificate of the user is revoked (a user
/// without one is left as is).
pub(super) fn revoke_client_certificate(cx: &mut Cx<'_>) -> Res {
    let (sip, dn) = user_sip(cx)?;
    if !cx.confirm(&dn)? {
        return Ok(());
    }
    cx.it
        .deployment
        .topology
        .infra
        .client_certificates
        .retain(|c| !eq_ci(&c.sip_address, &sip));
    Ok(())
}

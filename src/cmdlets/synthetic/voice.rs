//! Voice routing tests. They apply what is stored in the CMS — normalization rules (.NET
//! regular expressions with `$1` translations), voice routes (`NumberPattern`, `PstnUsages`,
//! `Priority`), voice policies' PSTN usages — exactly as the routing engine would: the rule
//! with the lowest Priority whose Pattern matches translates the number; the first route (by
//! Priority) that matches the number and carries one of the policy's usages, taken in the
//! policy's usage order, routes it.
//!
//! Output types follow the reference pages' OUTPUTS where they name one
//! (`LocationProfileTestResult`, `VoicePolicyTestResult`, `OcsVoiceUserTestResult`); the others
//! and every property name not shown on those pages are ours (≈).

use super::engine::effective_policy;
use super::{R, object, opt};
use crate::cmdlets::users::cmdlets::{identity_text, text};
use crate::model::Deployment;
use crate::model::cms::ConfigDocument;
use crate::model::users::User;
use crate::model::value::PropValue;
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::convert;
use crate::runtime::errors::ErrorCategory;
use crate::runtime::interp::Interp;
use crate::runtime::ops;
use crate::runtime::pipeline::Sink;
use crate::runtime::value::Value;

const DIAL_PLAN_RESULT: &str = "Microsoft.Rtc.Management.Voice.LocationProfileTestResult";
const RULE_RESULT: &str = "Microsoft.Rtc.Management.Voice.NormalizationRuleTestResult";
const ROUTE_RESULT: &str = "Microsoft.Rtc.Management.Voice.RouteTestResult";
const POLICY_RESULT: &str = "Microsoft.Rtc.Management.Voice.VoicePolicyTestResult";
const USER_RESULT: &str = "Microsoft.Rtc.Management.Voice.OcsVoiceUserTestResult";
const CONFIG_RESULT: &str = "Microsoft.Rtc.Management.Voice.VoiceTestConfigurationTestResult";
const TRUNK_RESULT: &str = "Microsoft.Rtc.Management.Voice.TrunkConfigurationTestResult";
const INTER_TRUNK_RESULT: &str = "Microsoft.Rtc.Management.Voice.InterTrunkRoutingTestResult";
const RULE_TYPE: &str = "Microsoft.Rtc.Management.WritableConfig.Policy.Voice.NormalizationRule";

/// A normalization (or translation) rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub identity: String,
    pub name: String,
    pub description: String,
    pub pattern: String,
    pub translation: String,
    pub priority: i64,
    pub internal: bool,
}

/// A voice route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub identity: String,
    pub pattern: String,
    pub usages: Vec<String>,
    pub priority: i64,
}

fn s(doc: &ConfigDocument, name: &str) -> String {
    match doc.get_ci(name) {
        Some((_, PropValue::Str(v))) => v.clone(),
        Some((_, PropValue::Int(i))) => i.to_string(),
        _ => String::new(),
    }
}

fn int(doc: &ConfigDocument, name: &str) -> i64 {
    match doc.get_ci(name) {
        Some((_, PropValue::Int(i))) => *i,
        Some((_, PropValue::Str(v))) => v.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

fn list(doc: &ConfigDocument, name: &str) -> Vec<String> {
    match doc.get_ci(name) {
        Some((_, PropValue::List(items))) => items
            .iter()
            .filter_map(|i| match i {
                PropValue::Str(v) => Some(v.clone()),
                _ => None,
            })
            .collect(),
        Some((_, PropValue::Str(v))) if !v.is_empty() => vec![v.clone()],
        _ => Vec::new(),
    }
}

fn rule_of(doc: &ConfigDocument) -> Rule {
    let identity = doc.identity.to_string();
    let name = identity.rsplit('/').next().unwrap_or(&identity).to_string();
    Rule {
        name,
        description: s(doc, "Description"),
        pattern: s(doc, "Pattern"),
        translation: s(doc, "Translation"),
        priority: int(doc, "Priority"),
        internal: matches!(
            doc.get_ci("IsInternalExtension"),
            Some((_, PropValue::Bool(true)))
        ),
        identity,
    }
}

/// The rules of `kind` stored under a parent document (`<parent>/<name>`), by Priority.
pub fn child_rules(d: &Deployment, kind: &str, parent: &str) -> Vec<Rule> {
    let prefix = format!("{}/", parent.to_ascii_lowercase());
    let mut rules: Vec<Rule> = d
        .documents(kind)
        .iter()
        .filter(|doc| {
            doc.identity
                .to_string()
                .to_ascii_lowercase()
                .starts_with(&prefix)
        })
        .map(rule_of)
        .collect();
    rules.sort_by_key(|r| r.priority);
    rules
}

/// The routes of the CMS, by Priority.
pub fn routes(d: &Deployment) -> Vec<Route> {
    let mut out: Vec<Route> = d
        .documents("VoiceRoute")
        .iter()
        .map(|doc| Route {
            identity: doc.identity.to_string(),
            pattern: s(doc, "NumberPattern"),
            usages: list(doc, "PstnUsages"),
            priority: int(doc, "Priority"),
        })
        .collect();
    out.sort_by_key(|r| r.priority);
    out
}

/// True when a .NET pattern matches; an empty or invalid pattern matches nothing.
pub fn matches(pattern: &str, number: &str) -> bool {
    !pattern.is_empty()
        && ops::regex(pattern, true).is_ok_and(|re| re.is_match(number).unwrap_or(false))
}

/// Applies the first matching rule: (translated number, rule).
pub fn normalize<'a>(rules: &'a [Rule], number: &str) -> Option<(String, &'a Rule)> {
    rules
        .iter()
        .find(|r| matches(&r.pattern, number))
        .and_then(|r| {
            let re = ops::regex(&r.pattern, true).ok()?;
            Some((ops::regex_replace(&re, number, &r.translation), r))
        })
}

/// The first route for `number` through `usages` (in usage order): (route, usage).
pub fn first_route(d: &Deployment, usages: &[String], number: &str) -> Option<(String, String)> {
    let all = routes(d);
    usages.iter().find_map(|usage| {
        all.iter()
            .find(|r| {
                r.usages.iter().any(|u| u.eq_ignore_ascii_case(usage))
                    && matches(&r.pattern, number)
            })
            .map(|r| (r.identity.clone(), usage.clone()))
    })
}

/// The route a user's call to `number` takes, through the user's effective voice policy.
pub fn route_for_user(d: &Deployment, u: &User, number: &str) -> Option<(String, String)> {
    let policy = effective_policy(d, u, "VoicePolicy")?;
    first_route(d, &list(policy, "PstnUsages"), number)
}

/// The user's dial plan: the assigned one, the pool's (`Service:Registrar:<pool>`), the
/// site's, else Global.
fn user_dial_plan(d: &Deployment, u: &User) -> String {
    let docs = d.documents("DialPlan");
    let exists = |id: &str| {
        docs.iter()
            .any(|doc| doc.identity.to_string().eq_ignore_ascii_case(id))
    };
    if let Some(tag) = u.policy("DialPlan") {
        return format!("Tag:{tag}");
    }
    if let Some(pool) = u.registrar_pool.as_deref() {
        let service = format!("Service:Registrar:{pool}");
        if exists(&service) {
            return service;
        }
        if let Some(site) = d.topology.site_of_pool(pool) {
            let site = format!("Site:{}", site.name);
            if exists(&site) {
                return site;
            }
        }
    }
    "Global".into()
}

fn rule_value(r: &Rule) -> Value {
    let shown = format!(
        "Description={};Pattern={};Translation={};Name={};IsInternalExtension={}",
        r.description,
        r.pattern,
        r.translation,
        r.name,
        if r.internal { "True" } else { "False" }
    );
    object(
        RULE_TYPE,
        Some(&shown),
        vec![
            ("Description", Value::str(&r.description)),
            ("Pattern", Value::str(&r.pattern)),
            ("Translation", Value::str(&r.translation)),
            ("Name", Value::str(&r.name)),
            ("IsInternalExtension", Value::Bool(r.internal)),
        ],
    )
}

/// The (TranslatedNumber, MatchingRule) values of applying `rules` to a number.
fn translation(rules: &[Rule], number: &str) -> (Value, Value) {
    match normalize(rules, number) {
        Some((t, r)) => (Value::str(&t), rule_value(r)),
        None => (Value::Null, Value::Null),
    }
}

/// A property of an object value, case-insensitively.
fn prop(v: &Value, name: &str) -> Option<Value> {
    let Value::Object(o) = v else {
        return None;
    };
    o.borrow()
        .properties
        .values()
        .find(|p| p.name.eq_ignore_ascii_case(name))
        .map(|p| p.value.clone())
}

fn prop_text(v: &Value, name: &str) -> String {
    prop(v, name)
        .filter(|x| !x.is_null())
        .map(|x| convert::to_string(&x))
        .unwrap_or_default()
}

fn prop_list(v: &Value, name: &str) -> Vec<String> {
    match prop(v, name) {
        Some(Value::Array(a)) => a.borrow().iter().map(convert::to_string).collect(),
        Some(Value::List(l)) => l.borrow().items.iter().map(convert::to_string).collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![convert::to_string(&other)],
    }
}

/// The rule a value stands for: an object from Get-CsVoiceNormalizationRule (or built
/// in memory), read from its own properties.
fn rule_from_value(v: &Value) -> Rule {
    let identity = identity_text(v);
    Rule {
        name: identity.rsplit('/').next().unwrap_or(&identity).to_string(),
        description: prop_text(v, "Description"),
        pattern: prop_text(v, "Pattern"),
        translation: prop_text(v, "Translation"),
        priority: prop_text(v, "Priority").parse().unwrap_or(0),
        internal: prop(v, "IsInternalExtension").is_some_and(|x| convert::is_true(&x)),
        identity,
    }
}

/// The rules of a dial plan value: the rule objects it carries, else those stored under its
/// Identity.
fn dial_plan_rules(d: &Deployment, plan: &Value) -> Vec<Rule> {
    let carried: Vec<Rule> = match prop(plan, "NormalizationRules") {
        Some(Value::Array(a)) => a
            .borrow()
            .iter()
            .filter(|x| matches!(x, Value::Object(_)))
            .map(rule_from_value)
            .filter(|r| !r.pattern.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    if !carried.is_empty() {
        return carried;
    }
    child_rules(d, "VoiceNormalizationRule", &identity_text(plan))
}

fn number(b: &Bound, name: &str) -> String {
    text(b, name)
        .unwrap_or_default()
        .trim()
        .trim_start_matches("tel:")
        .to_string()
}

/// The value of an object parameter: the bound value, else the piped object.
fn object_param(b: &Bound, name: &str, input: Option<&Value>) -> Option<Value> {
    b.values
        .get(name)
        .filter(|v| !v.is_null())
        .cloned()
        .or_else(|| input.cloned())
}

fn missing(it: &mut Interp, name: &str) -> R<()> {
    super::write_error(
        it,
        "MissingInput",
        ErrorCategory::InvalidArgument,
        format!("Give an object for -{name}, or pipe one."),
        None,
    )
}

// ----- Test-CsDialPlan --------------------------------------------------------------------

#[derive(Default)]
pub struct TestDialPlan;

impl CmdletBody for TestDialPlan {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let Some(plan) = object_param(b, "Dialplan", input) else {
            return missing(it, "Dialplan");
        };
        let rules = dial_plan_rules(&it.deployment, &plan);
        let (translated, rule) = translation(&rules, &number(b, "DialedNumber"));
        let o = object(
            DIAL_PLAN_RESULT,
            None,
            vec![("TranslatedNumber", translated), ("MatchingRule", rule)],
        );
        out.push(it, o)
    }
}

// ----- Test-CsVoiceNormalizationRule -------------------------------------------------------

#[derive(Default)]
pub struct TestNormalizationRule;

impl CmdletBody for TestNormalizationRule {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let Some(v) = object_param(b, "NormalizationRule", input) else {
            return missing(it, "NormalizationRule");
        };
        let rule = rule_from_value(&v);
        let dialed = number(b, "DialedNumber");
        let translated = normalize(std::slice::from_ref(&rule), &dialed).map(|(t, _)| t);
        let o = object(
            RULE_RESULT,
            None,
            vec![("TranslatedNumber", opt(translated.as_deref()))],
        );
        out.push(it, o)
    }
}

// ----- Test-CsVoiceRoute ------------------------------------------------------------------

#[derive(Default)]
pub struct TestVoiceRoute;

impl CmdletBody for TestVoiceRoute {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let Some(v) = object_param(b, "Route", input) else {
            return missing(it, "Route");
        };
        let hit = matches(&prop_text(&v, "NumberPattern"), &number(b, "TargetNumber"));
        let o = object(
            ROUTE_RESULT,
            None,
            vec![("MatchesPattern", Value::Bool(hit))],
        );
        out.push(it, o)
    }
}

fn route_values(found: Option<(String, String)>) -> (Value, Value) {
    match found {
        Some((route, usage)) => (Value::str(&route), Value::str(&usage)),
        None => (Value::Null, Value::Null),
    }
}

// ----- Test-CsVoicePolicy and Test-CsInterTrunkRouting --------------------------------------

/// Routing through the PSTN usages of an object: a voice policy (Test-CsVoicePolicy) or, with
/// `TRUNK`, a trunk configuration (Test-CsInterTrunkRouting).
#[derive(Default)]
pub struct UsageRouting<const TRUNK: bool>;

impl<const TRUNK: bool> CmdletBody for UsageRouting<TRUNK> {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let (param, ty) = if TRUNK {
            ("TrunkConfiguration", INTER_TRUNK_RESULT)
        } else {
            ("VoicePolicy", POLICY_RESULT)
        };
        let Some(v) = object_param(b, param, input) else {
            return missing(it, param);
        };
        let usages = prop_list(&v, "PstnUsages");
        let found = first_route(&it.deployment, &usages, &number(b, "TargetNumber"));
        let (route, usage) = route_values(found);
        let o = object(
            ty,
            None,
            vec![("FirstMatchingRoute", route), ("MatchingUsage", usage)],
        );
        out.push(it, o)
    }
}

// ----- Test-CsVoiceUser -------------------------------------------------------------------

/// Normalizes through a dial plan, then routes through a policy's usages.
fn voice_result(
    d: &Deployment,
    rules: &[Rule],
    usages: &[String],
    dialed: &str,
) -> (Option<String>, Value, Option<(String, String)>) {
    let (translated, rule) = match normalize(rules, dialed) {
        Some((t, r)) => (Some(t), rule_value(r)),
        None => (None, Value::Null),
    };
    let routed = translated.as_deref().unwrap_or(dialed);
    (translated.clone(), rule, first_route(d, usages, routed))
}

#[derive(Default)]
pub struct TestVoiceUser;

impl CmdletBody for TestVoiceUser {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let who = super::identity_or_input(b, "SipUri", input).unwrap_or_default();
        let d = &it.deployment;
        let pos = match crate::cmdlets::generic::ops::resolve_user(d, &who) {
            Ok(p) => p,
            Err(e) => {
                let spec = super::running_spec(it);
                let rec = e.record(
                    spec.map_or("Test-CsVoiceUser", |s| s.name),
                    spec.map(crate::runtime::host_commands::class_name)
                        .unwrap_or_default(),
                );
                return it.write_error(rec);
            }
        };
        let Some(u) = d.users.get(pos) else {
            return Ok(());
        };
        let plan = user_dial_plan(d, u);
        let rules = child_rules(d, "VoiceNormalizationRule", &plan);
        let usages = effective_policy(d, u, "VoicePolicy")
            .map(|p| list(p, "PstnUsages"))
            .unwrap_or_default();
        let (translated, rule, found) =
            voice_result(d, &rules, &usages, &number(b, "DialedNumber"));
        it.write_verbose(&format!(
            "Dial plan {plan}; {} PSTN usage(s).",
            usages.len()
        ));
        let (route, usage) = route_values(found);
        let o = object(
            USER_RESULT,
            None,
            vec![
                ("TranslatedNumber", opt(translated.as_deref())),
                ("MatchingRule", rule),
                ("FirstMatchingRoute", route),
                ("MatchingUsage", usage),
            ],
        );
        out.push(it, o)
    }
}

// ----- Test-CsVoiceTestConfiguration -------------------------------------------------------

fn doc_by_identity<'a>(d: &'a Deployment, kind: &str, id: &str) -> Option<&'a ConfigDocument> {
    let id = id.trim();
    d.documents(kind).iter().find(|doc| {
        let shown = doc.identity.to_string();
        shown.eq_ignore_ascii_case(id)
            || shown
                .strip_prefix("Tag:")
                .is_some_and(|t| t.eq_ignore_ascii_case(id))
    })
}

#[derive(Default)]
pub struct TestVoiceTestConfiguration;

impl CmdletBody for TestVoiceTestConfiguration {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let d = &it.deployment;
        let case = object_param(b, "TestCaseInputObject", input);
        let (dialed, plan_id, policy_id, expect) = match &case {
            Some(c) if !b.values.contains_key("DialedNumber") => (
                prop_text(c, "DialedNumber"),
                prop_text(c, "TargetDialplan"),
                prop_text(c, "TargetVoicePolicy"),
                Some((
                    prop_text(c, "ExpectedTranslatedNumber"),
                    prop_text(c, "ExpectedRoute"),
                    prop_text(c, "ExpectedUsage"),
                )),
            ),
            _ => (
                number(b, "DialedNumber"),
                b.values
                    .get("Dialplan")
                    .map(identity_text)
                    .unwrap_or_default(),
                b.values
                    .get("VoicePolicy")
                    .map(identity_text)
                    .unwrap_or_default(),
                None,
            ),
        };
        let plan_id = if plan_id.is_empty() {
            "Global".into()
        } else {
            plan_id
        };
        let plan_id = doc_by_identity(d, "DialPlan", &plan_id)
            .map_or(plan_id, |doc| doc.identity.to_string());
        let rules = child_rules(d, "VoiceNormalizationRule", &plan_id);
        let policy_id = if policy_id.is_empty() {
            "Global".into()
        } else {
            policy_id
        };
        let usages = match b.values.get("VoicePolicy") {
            Some(v) if case.is_none() || b.values.contains_key("DialedNumber") => {
                prop_list(v, "PstnUsages")
            }
            _ => doc_by_identity(d, "VoicePolicy", &policy_id)
                .map(|p| list(p, "PstnUsages"))
                .unwrap_or_default(),
        };
        let (translated, rule, found) = voice_result(d, &rules, &usages, dialed.trim());
        let result = match &expect {
            None => "Success",
            Some((num, route, usage)) => {
                let same = |want: &str, got: Option<&str>| {
                    want.is_empty() || got.is_some_and(|g| g.eq_ignore_ascii_case(want))
                };
                let ok = same(num, translated.as_deref().or(Some(dialed.trim())))
                    && same(route, found.as_ref().map(|f| f.0.as_str()))
                    && same(usage, found.as_ref().map(|f| f.1.as_str()));
                if ok { "Success" } else { "Failure" }
            }
        };
        let (route, usage) = route_values(found);
        let o = object(
            CONFIG_RESULT,
            None,
            vec![
                ("TranslatedNumber", opt(translated.as_deref())),
                ("MatchingRule", rule),
                ("FirstMatchingRoute", route),
                ("MatchingUsage", usage),
                ("Result", Value::str(result)),
            ],
        );
        out.push(it, o)
    }
}

// ----- Test-CsTrunkConfiguration and Test-CsInterTrunkRouting ------------------------------

#[derive(Default)]
pub struct TestTrunkConfiguration;

impl CmdletBody for TestTrunkConfiguration {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let Some(trunk) = object_param(b, "TrunkConfiguration", input) else {
            return missing(it, "TrunkConfiguration");
        };
        let id = identity_text(&trunk);
        let d = &it.deployment;
        let (kind, dialed) = match text(b, "CallingNumber") {
            Some(c) => ("OutboundCallingNumberTranslationRule", c),
            None => ("OutboundTranslationRule", number(b, "DialedNumber")),
        };
        let rules = child_rules(d, kind, &id);
        let (translated, rule) = translation(&rules, dialed.trim());
        let o = object(
            TRUNK_RESULT,
            None,
            vec![("TranslatedNumber", translated), ("MatchingRule", rule)],
        );
        out.push(it, o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(pattern: &str, translation: &str, priority: i64) -> Rule {
        Rule {
            identity: format!("Global/R{priority}"),
            name: format!("R{priority}"),
            description: String::new(),
            pattern: pattern.into(),
            translation: translation.into(),
            priority,
            internal: false,
        }
    }

    #[test]
    fn the_first_matching_rule_translates_with_groups() {
        let rules = vec![
            rule(r"^(\d{4})$", "+1425555$1", 0),
            rule(r"^1?(\d{10})$", "+1$1", 1),
        ];
        let (t, r) = normalize(&rules, "14255559999").unwrap();
        assert_eq!(t, "+14255559999");
        assert_eq!(r.priority, 1);
        assert_eq!(normalize(&rules, "1234").unwrap().0, "+14255551234");
        assert!(normalize(&rules, "12").is_none());
        assert!(normalize(&[rule("", "x", 0)], "12").is_none());
    }
}

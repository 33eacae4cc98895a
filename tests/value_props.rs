//! Property tests: the value layer never panics on user-influenced input (STYLE §7, rhai's
//! "a panic counts as a bug").

use lyncshell::runtime::convert;
use lyncshell::runtime::format::{self, FormatOptions};
use lyncshell::runtime::members::{self, MethodHost};
use lyncshell::runtime::ops;
use lyncshell::runtime::value::{DateTime, DateTimeKind, Value};
use lyncshell::syntax::ast::{BinaryOp, CaseMode, CompareOp, UnaryOp};
use proptest::prelude::*;

struct Host;
impl MethodHost for Host {
    fn now(&mut self) -> DateTime {
        DateTime {
            ticks: 635_000_000_000_000_000,
            kind: DateTimeKind::Local,
        }
    }
    fn new_guid(&mut self) -> u128 {
        7
    }
    fn machine_name(&self) -> String {
        "HOST".into()
    }
    fn user_name(&self) -> String {
        "user".into()
    }
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::Int),
        any::<i64>().prop_map(Value::Long),
        any::<f64>().prop_map(Value::Double),
        "[ -~]{0,12}".prop_map(|s| Value::str(&s)),
        any::<char>().prop_map(Value::Char),
        (0i64..3_000_000_000_000_000_000).prop_map(|t| Value::DateTime(DateTime {
            ticks: t,
            kind: DateTimeKind::Unspecified
        })),
        any::<i64>().prop_map(Value::TimeSpan),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop::collection::vec(inner, 0..4).prop_map(Value::array)
    })
}

const OPS: &[BinaryOp] = &[
    BinaryOp::Add,
    BinaryOp::Subtract,
    BinaryOp::Multiply,
    BinaryOp::Divide,
    BinaryOp::Remainder,
    BinaryOp::Range,
    BinaryOp::Format,
    BinaryOp::BAnd,
    BinaryOp::Shl,
    BinaryOp::Shr,
    BinaryOp::As,
    BinaryOp::Join,
    BinaryOp::Compare(CompareOp::Eq, CaseMode::Default),
    BinaryOp::Compare(CompareOp::Lt, CaseMode::Sensitive),
    BinaryOp::Compare(CompareOp::Like, CaseMode::Default),
    BinaryOp::Compare(CompareOp::Match, CaseMode::Default),
    BinaryOp::Compare(CompareOp::Replace, CaseMode::Default),
    BinaryOp::Compare(CompareOp::Split, CaseMode::Default),
    BinaryOp::Compare(CompareOp::Contains, CaseMode::Default),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn operators_never_panic(l in value(), r in value(), op in 0..OPS.len()) {
        let mut m = None;
        let _ = ops::binary(OPS[op], &l, &r, &mut m);
        let _ = ops::unary(UnaryOp::Negate, &l);
        let _ = ops::unary(UnaryOp::BNot, &l);
        let _ = ops::compare_values(&l, &r, true);
    }

    #[test]
    fn conversions_never_panic(v in value(), t in prop::sample::select(vec![
        "int", "long", "double", "decimal", "byte", "char", "bool", "string", "int[]",
        "datetime", "timespan", "guid", "version", "regex", "hashtable", "pscustomobject",
        "System.Collections.Generic.List[int]", "nosuch.type", "[int]"
    ])) {
        let _ = convert::convert_to_type(&v, t);
        let _ = convert::to_number(&v);
        let _ = convert::to_string(&v);
        let _ = convert::is_true(&v);
    }

    #[test]
    fn strings_never_panic(s in "\\PC{0,24}", f in "[{}0-9,:A-Za-z#.%-]{0,12}") {
        let _ = convert::parse_number(&s);
        let _ = convert::convert_to_type(&Value::str(&s), "datetime");
        let _ = convert::convert_to_type(&Value::str(&s), "timespan");
        let _ = ops::format_string(&f, &[Value::str(&s), Value::Double(1.5)]);
        let _ = ops::format_string(&s, &[Value::Int(1)]);
        let _ = ops::Wildcard::new(&s, true).is_match(&f);
        let v = Value::str(&s);
        for (m, args) in [
            ("Substring", vec![Value::Int(3), Value::Int(-2)]),
            ("Split", vec![Value::str(&f)]),
            ("PadLeft", vec![Value::Int(5)]),
            ("Remove", vec![Value::Int(2)]),
            ("Remove", vec![Value::Int(1), Value::Long(i64::MAX)]),
            ("Substring", vec![Value::Int(1), Value::Long(i64::MAX)]),
            ("IndexOf", vec![Value::str(&f), Value::Int(4)]),
            ("LastIndexOf", vec![Value::str(&f)]),
            ("Insert", vec![Value::Int(1), Value::str("x")]),
            ("ToString", vec![Value::str(&f)]),
        ] {
            let _ = members::invoke_method(&v, m, &args, &mut Host);
        }
        let _ = members::invoke_static("datetime", "ParseExact", &[v.clone(), Value::str(&f), Value::Null], &mut Host);
        let _ = members::invoke_static("convert", "FromBase64String", std::slice::from_ref(&v), &mut Host);
        let _ = members::get_index(&v, &Value::str(&f));
    }

    #[test]
    fn formatting_never_panics(vals in prop::collection::vec(value(), 0..4), w in 0usize..40) {
        let opts = FormatOptions { width: w, ..FormatOptions::default() };
        let _ = format::format_default(&vals, &opts);
        let _ = format::format_list(&vals, None, &opts);
        let _ = format::format_table(&vals, None, true, &opts);
    }
}

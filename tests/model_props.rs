//! Property tests: identities and property values survive text and JSON round trips.

use lyncshell::model::{Identity, PropValue, Properties};
use proptest::prelude::*;

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9 ._-]{0,20}[A-Za-z0-9]".prop_map(|s| s)
}

fn identity() -> impl Strategy<Value = Identity> {
    prop_oneof![
        Just(Identity::Global),
        name().prop_map(|n| Identity::site(&n)),
        name().prop_map(|n| Identity::tag(&n)),
        (name(), "[a-z0-9-]{1,10}\\.[a-z]{2,5}").prop_map(|(r, f)| Identity::service(&r, &f)),
        name()
            .prop_filter("not a scope word", |n| {
                let l = n.to_ascii_lowercase();
                l != "global" && !l.contains(':')
            })
            .prop_map(|n| Identity::plain(&n)),
    ]
}

fn value() -> impl Strategy<Value = PropValue> {
    let leaf = prop_oneof![
        Just(PropValue::Null),
        any::<bool>().prop_map(PropValue::Bool),
        any::<i64>().prop_map(PropValue::Int),
        ".{0,12}".prop_map(PropValue::Str),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(PropValue::List),
            prop::collection::vec(("[A-Za-z]{1,8}", inner), 0..4)
                .prop_map(|kv| PropValue::Record(kv.into_iter().collect::<Properties>())),
        ]
    })
}

proptest! {
    #[test]
    fn identity_display_parses_back(id in identity()) {
        let shown = id.to_string();
        let back = Identity::parse(&shown);
        prop_assert_eq!(back.as_ref().ok(), Some(&id));
        prop_assert_eq!(back.map(|b| b.to_string()).ok(), Some(shown));
    }

    #[test]
    fn identity_parse_never_panics(text in ".{0,40}") {
        let _ = Identity::parse(&text);
    }

    #[test]
    fn prop_values_round_trip_through_json(v in value()) {
        let text = serde_json::to_string(&v).unwrap_or_default();
        let back: Result<PropValue, _> = serde_json::from_str(&text);
        prop_assert_eq!(back.ok(), Some(v));
    }
}

//! The pretty writer against serde_json's, byte for byte.

use super::to_writer_pretty;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

fn ours(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    to_writer_pretty(value, &mut out).expect("serialises");
    String::from_utf8(out).expect("UTF-8")
}

fn same(value: &impl Serialize) {
    let theirs = serde_json::to_string_pretty(value).expect("serialises");
    assert_eq!(ours(value), theirs);
}

#[test]
fn nesting_and_empty_containers() {
    same(&json!({
        "a": [], "b": {}, "c": [[], {}, [1, [2, {"x": []}]]],
        "d": {"e": {"f": null, "g": true, "h": false}},
        "n": [0, -1, 18446744073709551615u64, 1.5, -0.25, 1e300]
    }));
    same(&json!([]));
    same(&json!({}));
    same(&json!("top"));
}

#[test]
fn every_byte_that_json_escapes() {
    let all: String = (0u8..0x80).map(char::from).collect();
    same(&all);
    same(&json!({ all.clone(): all.repeat(3) }));
    // Escapes at every offset of the eight-byte scan, and text after the last one.
    for at in 0..20 {
        let mut s = "abcdefghijklmnopqrstuvwxyz".to_string();
        s.insert(at, '"');
        s.insert(at / 2, '\n');
        same(&s);
    }
    same(&"é, 漢字, 🦀, \u{7f}, \u{2028} and a \\ backslash");
}

#[derive(Serialize)]
enum Shape {
    Unit,
    Newtype(u8),
    Tuple(u8, &'static str),
    Struct { a: Vec<u8>, b: Option<String> },
    EmptyTuple(),
}

#[derive(Serialize)]
struct Outer {
    shapes: Vec<Shape>,
    #[serde(flatten)]
    rest: BTreeMap<String, f64>,
    keys: BTreeMap<u32, bool>,
    bytes: serde_bytes_like::Bytes,
    nothing: (),
    chars: (char, char),
}

mod serde_bytes_like {
    /// Serialised with `serialize_bytes`.
    pub(super) struct Bytes(pub(super) Vec<u8>);
    impl serde::Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(&self.0)
        }
    }
}

#[test]
fn enums_options_flattened_maps_and_number_keys() {
    same(&Outer {
        shapes: vec![
            Shape::Unit,
            Shape::Newtype(7),
            Shape::Tuple(1, "x"),
            Shape::Struct { a: vec![], b: None },
            Shape::Struct {
                a: vec![1, 2],
                b: Some("y\t".into()),
            },
            Shape::EmptyTuple(),
        ],
        rest: [("nan".into(), f64::NAN), ("pi".into(), 3.25)].into(),
        keys: [(1, true), (20, false)].into(),
        bytes: serde_bytes_like::Bytes(vec![0, 255]),
        nothing: (),
        chars: ('"', 'é'),
    });
}

#[test]
fn a_map_key_that_is_not_a_string_or_number_is_refused() {
    let map: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
    let mut out = Vec::new();
    assert!(matches!(
        to_writer_pretty(&map, &mut out),
        Err(super::Error::Unsupported(_))
    ));
}

#[test]
fn the_webshop_advice_is_what_serde_json_writes() {
    let catalogue = crate::shipped::catalogue();
    let text = include_str!("../../examples/webshop.yaml");
    let profile =
        crate::profile::Profile::from_yaml("webshop.yaml", text, catalogue).expect("valid");
    let advice = crate::engine::evaluate(catalogue, &profile);
    let ours = ours(&advice);
    assert!(ours.len() > 100_000, "a large advice: {} bytes", ours.len());
    assert_eq!(
        ours,
        serde_json::to_string_pretty(&advice).expect("serialises")
    );
}

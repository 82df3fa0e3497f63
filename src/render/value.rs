//! The template context as template values, built by a serializer of our own.
//!
//! minijinja's own conversion turns every map into a sorted tree keyed by values, and serde
//! writes a struct with a flattened field (the advice flattens each catalogue item into its
//! entry) as a map: so every entry of the advice cost a tree of key values, most of the
//! conversion. Here every struct and map becomes its fields in order, looked up by name, as
//! minijinja does for plain structs. Everything else is converted as minijinja converts it,
//! so a template sees the same values either way (the report snapshots hold it to that).

use minijinja::value::{Enumerator, Object, Value};
use serde::ser::{self, Serialize};
use std::fmt;
use std::sync::Arc;

/// `value` as a template value.
pub(super) fn to_value(value: &impl Serialize) -> Result<Value, minijinja::Error> {
    value.serialize(Convert::ALL).map_err(|stop| {
        minijinja::Error::new(minijinja::ErrorKind::BadSerialization, stop.to_string())
    })
}

/// Of a struct or map, only the field `key`, converted; `None` if it has no such field. The
/// fields after it are not even visited: the walk stops where the field is found.
pub(super) fn field(value: &impl Serialize, key: &str) -> Option<Value> {
    match value.serialize(Convert { only: Some(key) }) {
        Err(Stop::Found(value)) => Some(value),
        _ => None,
    }
}

/// The keys of a struct or map, in order.
pub(super) fn keys(value: &impl Serialize) -> Vec<Value> {
    let whole = to_value(value).unwrap_or_default();
    match whole.downcast_object_ref::<Fields>() {
        Some(fields) => fields.0.iter().map(|(k, _)| k.clone()).collect(),
        None => Vec::new(),
    }
}

/// A map or struct: its fields in the order written.
#[derive(Debug)]
struct Fields(Vec<(Value, Value)>);

impl Object for Fields {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.0
            .iter()
            .find_map(|(k, v)| (k == key).then(|| v.clone()))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.0.iter().map(|(k, _)| k.clone()).collect())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.0.len())
    }
}

/// Why a conversion stopped before the end: a value that could not be converted (what a
/// `Serialize` implementation reported), or the one field asked for, found.
#[derive(Debug)]
enum Stop {
    Invalid(String),
    Found(Value),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Invalid(message) => f.write_str(message),
            Stop::Found(_) => f.write_str("found"),
        }
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(msg: T) -> Stop {
        Stop::Invalid(msg.to_string())
    }
}

/// `only`: of the outermost struct or map, keep only this field; the others are passed over
/// unconverted, which is what makes reading one field of a large entry cheap.
#[derive(Clone, Copy)]
struct Convert<'k> {
    only: Option<&'k str>,
}

impl Convert<'_> {
    const ALL: Convert<'static> = Convert { only: None };
}

type Done = Result<Value, Stop>;

/// `{variant: value}`, as minijinja writes an enum variant with content.
fn variant(name: &'static str, value: Value) -> Value {
    Value::from_object(Fields(vec![(Value::from(name), value)]))
}

/// Numbers, booleans and characters, each as the template value minijinja makes of it.
macro_rules! scalars {
    ($($method:ident($ty:ty) as $as:ty),*) => {$(
        fn $method(self, v: $ty) -> Done {
            Ok(Value::from(<$as>::from(v)))
        }
    )*};
}

impl<'k> ser::Serializer for Convert<'k> {
    type Ok = Value;
    type Error = Stop;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Seq;
    type SerializeMap = Map<'k>;
    type SerializeStruct = Map<'k>;
    type SerializeStructVariant = Map<'k>;

    scalars!(
        serialize_bool(bool) as bool,
        serialize_i8(i8) as i64,
        serialize_i16(i16) as i64,
        serialize_i32(i32) as i64,
        serialize_i64(i64) as i64,
        serialize_i128(i128) as i128,
        serialize_u8(u8) as u64,
        serialize_u16(u16) as u64,
        serialize_u32(u32) as u64,
        serialize_u64(u64) as u64,
        serialize_u128(u128) as u128,
        serialize_f32(f32) as f64,
        serialize_f64(f64) as f64,
        serialize_char(char) as char
    );
    fn serialize_str(self, v: &str) -> Done {
        Ok(Value::from(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        Ok(Value::from_bytes(v.to_vec()))
    }
    fn serialize_none(self) -> Done {
        Ok(Value::from(()))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        Ok(Value::from(()))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        Ok(Value::from(()))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, name: &'static str) -> Done {
        Ok(Value::from(name))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Done {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
        value: &T,
    ) -> Done {
        Ok(variant(name, value.serialize(Convert::ALL)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, Stop> {
        Ok(Seq::new(None, len.unwrap_or(0)))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, Stop> {
        Ok(Seq::new(None, len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq, Stop> {
        Ok(Seq::new(None, len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
        len: usize,
    ) -> Result<Seq, Stop> {
        Ok(Seq::new(Some(name), len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Map<'k>, Stop> {
        Ok(Map::new(None, len.unwrap_or(0), self.only))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Map<'k>, Stop> {
        Ok(Map::new(None, len, self.only))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
        len: usize,
    ) -> Result<Map<'k>, Stop> {
        Ok(Map::new(Some(name), len, None))
    }
}

/// A list being converted; `variant` names the enum variant it is the content of.
struct Seq {
    variant: Option<&'static str>,
    items: Vec<Value>,
}

impl Seq {
    fn new(variant: Option<&'static str>, len: usize) -> Seq {
        // The length is the caller's word, not a promise: cap what is reserved on it.
        Seq {
            variant,
            items: Vec::with_capacity(len.min(1024)),
        }
    }

    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Stop> {
        self.items.push(v.serialize(Convert::ALL)?);
        Ok(())
    }

    fn done(self) -> Done {
        let list = Value::from(self.items);
        Ok(match self.variant {
            Some(name) => variant(name, list),
            None => list,
        })
    }
}

macro_rules! seq_like {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Seq {
            type Ok = Value;
            type Error = Stop;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Stop> {
                self.push(v)
            }
            fn end(self) -> Done {
                self.done()
            }
        }
    )*};
}

seq_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// A map or struct being converted; `variant` as for [`Seq`], `only` as for [`Convert`].
struct Map<'k> {
    variant: Option<&'static str>,
    fields: Vec<(Value, Value)>,
    key: Option<Value>,
    only: Option<&'k str>,
}

impl<'k> Map<'k> {
    fn new(variant: Option<&'static str>, len: usize, only: Option<&'k str>) -> Map<'k> {
        let len = if only.is_some() { 1 } else { len.min(1024) };
        Map {
            variant,
            fields: Vec::with_capacity(len),
            key: None,
            only,
        }
    }

    /// Whether the field named `key` is kept.
    fn keeps(&self, key: Option<&str>) -> bool {
        self.only.is_none_or(|only| key == Some(only))
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: Value, v: &T) -> Result<(), Stop> {
        if !self.keeps(key.as_str()) {
            return Ok(());
        }
        let value = v.serialize(Convert::ALL)?;
        if self.only.is_some() {
            return Err(Stop::Found(value));
        }
        self.fields.push((key, value));
        Ok(())
    }

    fn done(self) -> Done {
        let map = Value::from_object(Fields(self.fields));
        Ok(match self.variant {
            Some(name) => variant(name, map),
            None => map,
        })
    }
}

impl ser::SerializeMap for Map<'_> {
    type Ok = Value;
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Stop> {
        self.key = Some(key.serialize(Convert::ALL)?);
        Ok(())
    }
    fn serialize_entry<K, V>(&mut self, key: &K, v: &V) -> Result<(), Stop>
    where
        K: Serialize + ?Sized,
        V: Serialize + ?Sized,
    {
        // Looking for one field, a key is compared where it lies rather than converted.
        if let Some(only) = self.only
            && !matches!(key.serialize(KeyIs(only)), Ok(true))
        {
            return Ok(());
        }
        self.serialize_key(key)?;
        self.serialize_value(v)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Stop> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Stop::Invalid("a map value without its key".into()))?;
        self.field(key, v)
    }
    fn end(self) -> Done {
        self.done()
    }
}

impl ser::SerializeStruct for Map<'_> {
    type Ok = Value;
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Stop> {
        if !self.keeps(Some(key)) {
            return Ok(());
        }
        self.field(Value::from(key), v)
    }
    fn end(self) -> Done {
        self.done()
    }
}

/// A struct variant's fields are a struct's, under the variant's name.
impl ser::SerializeStructVariant for Map<'_> {
    type Ok = Value;
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Stop> {
        ser::SerializeStruct::serialize_field(self, key, v)
    }
    fn end(self) -> Done {
        ser::SerializeStruct::end(self)
    }
}

/// Whether a map key is the string (or unit variant) `0`, read without converting it.
struct KeyIs<'k>(&'k str);

macro_rules! not_the_key {
    ($($method:ident($($arg:ty),*)),*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<bool, Stop> {
            Ok(false)
        }
    )*};
}

macro_rules! no_compound_key {
    ($($method:ident($($arg:ty),*) -> $kind:ident),*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Self::$kind, Stop> {
            Err(Stop::Invalid("a compound map key".into()))
        }
    )*};
}

impl ser::Serializer for KeyIs<'_> {
    type Ok = bool;
    type Error = Stop;
    type SerializeSeq = ser::Impossible<bool, Stop>;
    type SerializeTuple = ser::Impossible<bool, Stop>;
    type SerializeTupleStruct = ser::Impossible<bool, Stop>;
    type SerializeTupleVariant = ser::Impossible<bool, Stop>;
    type SerializeMap = ser::Impossible<bool, Stop>;
    type SerializeStruct = ser::Impossible<bool, Stop>;
    type SerializeStructVariant = ser::Impossible<bool, Stop>;

    fn serialize_str(self, v: &str) -> Result<bool, Stop> {
        Ok(v == self.0)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<bool, Stop> {
        Ok(v == self.0)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<bool, Stop> {
        v.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<bool, Stop> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, Stop> {
        Ok(false)
    }
    not_the_key!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str)
    );
    no_compound_key!(
        serialize_seq(Option<usize>) -> SerializeSeq,
        serialize_tuple(usize) -> SerializeTuple,
        serialize_tuple_struct(&'static str, usize) -> SerializeTupleStruct,
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> SerializeTupleVariant,
        serialize_map(Option<usize>) -> SerializeMap,
        serialize_struct(&'static str, usize) -> SerializeStruct,
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> SerializeStructVariant
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::Environment;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Item {
        id: &'static str,
        note: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        absent: Option<u8>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Shape {
        Plain,
        Wrapped(u8),
        Pair(u8, u8),
        Named { x: i64 },
    }

    #[derive(Serialize)]
    struct Entry {
        #[serde(flatten)]
        item: Item,
        count: u64,
        ratio: f64,
        tags: Vec<&'static str>,
        by: BTreeMap<&'static str, bool>,
        shapes: Vec<Shape>,
    }

    fn entry() -> Entry {
        Entry {
            item: Item {
                id: "cni",
                note: None,
                absent: None,
            },
            count: 3,
            ratio: 0.5,
            tags: vec!["a", "b"],
            by: BTreeMap::from([("yes", true), ("no", false)]),
            shapes: vec![
                Shape::Plain,
                Shape::Wrapped(1),
                Shape::Pair(2, 3),
                Shape::Named { x: -4 },
            ],
        }
    }

    /// A template that reads every kind of value renders the same from our conversion as
    /// from minijinja's own.
    #[test]
    fn a_template_sees_what_minijinja_would_convert() {
        let source = "{{ e.id }} {{ e.note is none }} {{ e.absent is defined }} {{ e.count + 1 }} \
            {{ e.ratio }} {{ e.tags | join(',') }} {{ e.tags | length }} {{ e.by.yes }} \
            {{ e.by['no'] }} {{ e.by | length }} {{ e.by | list | sort | join(',') }} \
            {% for s in e.shapes %}{{ s }};{% endfor %} {{ e.shapes[1].wrapped }} \
            {{ e.shapes[2].pair[1] }} {{ e.shapes[3].named.x }} {{ 'id' in e }}";
        let mut env = Environment::new();
        env.add_template("t", source).unwrap();
        let t = env.get_template("t").unwrap();
        let ours = t
            .render(minijinja::context! { e => to_value(&entry()).unwrap() })
            .unwrap();
        let theirs = t
            .render(minijinja::context! { e => Value::from(minijinja::value::Serde(entry())) })
            .unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(
            ours,
            "cni True False 4 0.5 a,b 2 True False 2 no,yes \
             plain;{'wrapped': 1};{'pair': [2, 3]};{'named': {'x': -4}}; 1 3 -4 True"
        );
    }

    /// A value whose conversion always fails: a field after the one asked for is never
    /// visited, one before it is passed over unconverted.
    struct Refuses;

    impl Serialize for Refuses {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("visited"))
        }
    }

    #[derive(Serialize)]
    struct Around {
        before: Refuses,
        #[serde(flatten)]
        item: Item,
        after: Refuses,
    }

    #[test]
    fn one_field_is_converted_alone_and_the_walk_stops_there() {
        let around = Around {
            before: Refuses,
            item: entry().item,
            after: Refuses,
        };
        assert_eq!(field(&around, "id"), Some(Value::from("cni")));
        assert_eq!(field(&around, "note"), Some(Value::from(())));
        assert_eq!(field(&around, "absent"), None);
        assert_eq!(field(&entry(), "count"), Some(Value::from(3u64)));
        assert_eq!(field(&entry(), "by").map(|v| v.len()), Some(Some(2)));
        let names: Vec<String> = keys(&entry()).iter().map(|k| k.to_string()).collect();
        assert_eq!(
            names,
            ["id", "note", "count", "ratio", "tags", "by", "shapes"]
        );
        assert!(to_value(&around).is_err());
    }

    #[test]
    fn a_map_with_numbers_for_keys_is_looked_up_by_number() {
        let numbered = BTreeMap::from([(1u8, "one"), (2, "two")]);
        let mut env = Environment::new();
        env.add_template("t", "{{ m[2] }} {{ m[1] }}").unwrap();
        let out = env.get_template("t").unwrap();
        let out = out.render(minijinja::context! { m => to_value(&numbered).unwrap() });
        assert_eq!(out.unwrap(), "two one");
    }
}

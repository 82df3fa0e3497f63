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
    value.serialize(Convert::ALL).map_err(|Invalid(message)| {
        minijinja::Error::new(minijinja::ErrorKind::BadSerialization, message)
    })
}

/// Of a struct or map, only the field `key`, converted; `None` if it has no such field.
pub(super) fn field(value: &impl Serialize, key: &str) -> Option<Value> {
    let whole = value.serialize(Convert { only: Some(key) }).ok()?;
    let fields = whole.downcast_object_ref::<Fields>()?;
    fields.0.first().map(|(_, v)| v.clone())
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

/// A value that could not be converted: what a `Serialize` implementation reported.
#[derive(Debug)]
struct Invalid(String);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Invalid {}

impl ser::Error for Invalid {
    fn custom<T: fmt::Display>(msg: T) -> Invalid {
        Invalid(msg.to_string())
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

type Done = Result<Value, Invalid>;

/// `{variant: value}`, as minijinja writes an enum variant with content.
fn variant(name: &'static str, value: Value) -> Value {
    Value::from_object(Fields(vec![(Value::from(name), value)]))
}

impl<'k> ser::Serializer for Convert<'k> {
    type Ok = Value;
    type Error = Invalid;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Seq;
    type SerializeMap = Map<'k>;
    type SerializeStruct = Map<'k>;
    type SerializeStructVariant = Map<'k>;

    fn serialize_bool(self, v: bool) -> Done {
        Ok(Value::from(v))
    }
    fn serialize_i8(self, v: i8) -> Done {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i16(self, v: i16) -> Done {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i32(self, v: i32) -> Done {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i64(self, v: i64) -> Done {
        Ok(Value::from(v))
    }
    fn serialize_i128(self, v: i128) -> Done {
        Ok(Value::from(v))
    }
    fn serialize_u8(self, v: u8) -> Done {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Done {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Done {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Done {
        Ok(Value::from(v))
    }
    fn serialize_u128(self, v: u128) -> Done {
        Ok(Value::from(v))
    }
    fn serialize_f32(self, v: f32) -> Done {
        Ok(Value::from(f64::from(v)))
    }
    fn serialize_f64(self, v: f64) -> Done {
        Ok(Value::from(v))
    }
    fn serialize_char(self, v: char) -> Done {
        Ok(Value::from(v))
    }
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
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, Invalid> {
        Ok(Seq::new(None, len.unwrap_or(0)))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, Invalid> {
        Ok(Seq::new(None, len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq, Invalid> {
        Ok(Seq::new(None, len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
        len: usize,
    ) -> Result<Seq, Invalid> {
        Ok(Seq::new(Some(name), len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Map<'k>, Invalid> {
        Ok(Map::new(None, len.unwrap_or(0), self.only))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Map<'k>, Invalid> {
        Ok(Map::new(None, len, self.only))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
        len: usize,
    ) -> Result<Map<'k>, Invalid> {
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

    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Invalid> {
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
            type Error = Invalid;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Invalid> {
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

    fn field<T: Serialize + ?Sized>(&mut self, key: Value, v: &T) -> Result<(), Invalid> {
        if self.keeps(key.as_str()) {
            self.fields.push((key, v.serialize(Convert::ALL)?));
        }
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
    type Error = Invalid;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Invalid> {
        self.key = Some(key.serialize(Convert::ALL)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Invalid> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Invalid("a map value without its key".into()))?;
        self.field(key, v)
    }
    fn end(self) -> Done {
        self.done()
    }
}

impl ser::SerializeStruct for Map<'_> {
    type Ok = Value;
    type Error = Invalid;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Invalid> {
        if !self.keeps(Some(key)) {
            return Ok(());
        }
        self.field(Value::from(key), v)
    }
    fn end(self) -> Done {
        self.done()
    }
}

impl ser::SerializeStructVariant for Map<'_> {
    type Ok = Value;
    type Error = Invalid;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Invalid> {
        self.field(Value::from(key), v)
    }
    fn end(self) -> Done {
        self.done()
    }
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

//! Pretty JSON written as it is serialised, byte for byte what `serde_json::to_writer_pretty`
//! writes (two spaces of indent, `": "` between key and value), but faster on long text.
//!
//! serde_json escapes a string one byte at a time and hands its output to the writer in many
//! small pieces (a quote, a colon, each level of indent); on the webshop's 1.4 MB advice that
//! was more than half of a run. Here a string is scanned eight bytes at a time for the bytes
//! JSON escapes, and every piece goes into one local buffer, passed on in chunks so a large
//! advice is still streamed, never held whole. Numbers are formatted by serde_json itself.

use serde::ser::{self, Serialize};
use std::fmt::Display;
use std::io::Write;

/// How much JSON is gathered before it is passed on.
const CHUNK: usize = 64 * 1024;
const INDENT: &[u8] = b"  ";
/// Indent written in one piece, up to 64 levels at a time.
const SPACES: &[u8] = &[b' '; 128];

/// Writes `value` as pretty JSON to `out` (no final newline). Fails with an I/O error from
/// `out`, or with [`Error::Unsupported`] for a map key that is not a string or a number.
pub fn to_writer_pretty(value: &impl Serialize, out: &mut dyn Write) -> Result<(), Error> {
    let mut ser = Pretty {
        out,
        buf: Vec::with_capacity(CHUNK),
        depth: 0,
    };
    value.serialize(&mut ser)?;
    ser.pass_on()
}

/// Why a value could not be written.
#[derive(Debug)]
pub enum Error {
    Io(std::io::Error),
    Unsupported(String),
}

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io(e) => e.fmt(f),
            Error::Unsupported(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::Unsupported(msg.to_string())
    }
}

struct Pretty<'a> {
    out: &'a mut dyn Write,
    buf: Vec<u8>,
    depth: usize,
}

impl<'a> Pretty<'a> {
    fn pass_on(&mut self) -> Result<(), Error> {
        self.out.write_all(&self.buf).map_err(Error::Io)?;
        self.buf.clear();
        Ok(())
    }

    #[inline]
    fn check(&mut self) -> Result<(), Error> {
        if self.buf.len() >= CHUNK {
            self.pass_on()?;
        }
        Ok(())
    }

    fn newline(&mut self) {
        self.buf.push(b'\n');
        let mut indent = self.depth * INDENT.len();
        while indent > 0 {
            let n = indent.min(SPACES.len());
            self.buf.extend_from_slice(&SPACES[..n]);
            indent -= n;
        }
    }

    fn open(&mut self, bracket: u8) -> Compound<'_, 'a> {
        self.buf.push(bracket);
        self.depth += 1;
        Compound {
            ser: self,
            first: true,
        }
    }

    fn string(&mut self, s: &str) -> Result<(), Error> {
        self.buf.reserve(s.len() + 2);
        self.buf.push(b'"');
        escape(s.as_bytes(), &mut self.buf);
        self.buf.push(b'"');
        self.check()
    }

    fn number(&mut self, n: impl Serialize) -> Result<(), Error> {
        serde_json::to_writer(&mut self.buf, &n).map_err(|e| Error::Unsupported(e.to_string()))?;
        self.check()
    }

    /// `{"variant": ` before an enum variant's content.
    fn variant_open(&mut self, variant: &str) -> Result<(), Error> {
        self.buf.push(b'{');
        self.depth += 1;
        self.newline();
        self.string(variant)?;
        self.buf.extend_from_slice(b": ");
        Ok(())
    }

    fn variant_close(&mut self) -> Result<(), Error> {
        self.depth -= 1;
        self.newline();
        self.buf.push(b'}');
        self.check()
    }
}

/// The bytes JSON writes escaped: control characters, the quote and the backslash.
#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

fn escape(bytes: &[u8], out: &mut Vec<u8>) {
    // Nearly every string needs no escaping. A scan with no early exit is one the compiler
    // turns into vector instructions, so finding that out costs far less than a byte loop.
    if !bytes.iter().fold(false, |any, &b| any | needs_escape(b)) {
        out.extend_from_slice(bytes);
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !needs_escape(b) {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex = [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]];
                out.extend_from_slice(b"\\u00");
                out.extend_from_slice(&hex);
            }
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// An array or object being written.
struct Compound<'p, 'a> {
    ser: &'p mut Pretty<'a>,
    first: bool,
}

impl<'p, 'a> Compound<'p, 'a> {
    fn item(&mut self) {
        if !self.first {
            self.ser.buf.push(b',');
        }
        self.first = false;
        self.ser.newline();
    }

    /// Ends the array or object: an empty one stays on its line (`[]`, `{}`).
    fn close(self, bracket: u8) -> Result<&'p mut Pretty<'a>, Error> {
        self.ser.depth -= 1;
        if !self.first {
            self.ser.newline();
        }
        self.ser.buf.push(bracket);
        self.ser.check()?;
        Ok(self.ser)
    }
}

macro_rules! numbers {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, v: $t) -> Result<(), Error> {
            self.number(v)
        })*
    };
}

impl<'p, 'a> ser::Serializer for &'p mut Pretty<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'p, 'a>;
    type SerializeTuple = Compound<'p, 'a>;
    type SerializeTupleStruct = Compound<'p, 'a>;
    type SerializeTupleVariant = Compound<'p, 'a>;
    type SerializeMap = Compound<'p, 'a>;
    type SerializeStruct = Compound<'p, 'a>;
    type SerializeStructVariant = Compound<'p, 'a>;

    numbers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128, serialize_f32: f32, serialize_f64: f64);

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.buf
            .extend_from_slice(if v { b"true" } else { b"false" });
        self.check()
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        ser::Serialize::serialize(&v.iter().collect::<Vec<_>>(), self)
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.buf.extend_from_slice(b"null");
        self.check()
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant_open(variant)?;
        value.serialize(&mut *self)?;
        self.variant_close()
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'p, 'a>, Error> {
        Ok(self.open(b'['))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'p, 'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'p, 'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'p, 'a>, Error> {
        self.variant_open(variant)?;
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'p, 'a>, Error> {
        Ok(self.open(b'{'))
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'p, 'a>, Error> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'p, 'a>, Error> {
        self.variant_open(variant)?;
        self.serialize_map(Some(len))
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.item();
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<(), Error> {
        self.close(b']').map(drop)
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        self.close(b']').map(drop)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        self.close(b']').map(drop)
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        self.close(b']')?.variant_close()
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.item();
        key.serialize(key::Key(&mut *self.ser))
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.ser.buf.extend_from_slice(b": ");
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<(), Error> {
        self.close(b'}').map(drop)
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.item();
        self.ser.string(key)?;
        ser::SerializeMap::serialize_value(self, value)
    }

    fn end(self) -> Result<(), Error> {
        self.close(b'}').map(drop)
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result<(), Error> {
        self.close(b'}')?.variant_close()
    }
}

mod key;
#[cfg(test)]
mod tests;

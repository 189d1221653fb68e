//! Which kind of report a document is: an RCC's (`svf-rcc-report/1`) or, failing that, a
//! region's, as `svf assess` tells them apart and the checker page does through the kernel.

use core::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::{MAX_RCC_REPORT_BYTES, RCC_REPORT_SCHEMA};
use crate::json::{RawStr, is_json, read_all};

/// Whether `bytes` are one JSON object whose top-level `schema` is `svf-rcc-report/1`, given
/// once: then it is an RCC's report, read by [`super::RccAssessment::of_bytes`]; anything else
/// (not JSON, a byte-order mark, another schema, none) is taken for a region's report, whose
/// reader says what is wrong with it. The schema's text is compared as written, escapes and all.
pub fn is_rcc_report(bytes: &[u8]) -> bool {
    // JSON first, at most 128 deep as `serde_json` reads it: the reading below passes over
    // other values by recursion and without checking them.
    if bytes.len() > MAX_RCC_REPORT_BYTES || !is_json(bytes) {
        return false;
    }
    let mut rcc = false;
    read_all(bytes, SchemaSeed(&mut rcc)).is_ok() && rcc
}

/// Reads an object's `schema` into the flag, passing over every other value.
struct SchemaSeed<'f>(&'f mut bool);

impl<'de> DeserializeSeed<'de> for SchemaSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for SchemaSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = false;
        while let Some(key) = map.next_key_seed(RawStr)? {
            if key != "schema" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            if seen {
                return Err(de::Error::custom("schema given twice"));
            }
            seen = true;
            *self.0 = map.next_value_seed(SchemaText)? == Some(RCC_REPORT_SCHEMA);
        }
        Ok(())
    }
}

/// A `schema` value: its raw text when a string, else nothing (a `null`, a number, …).
struct SchemaText;

impl<'de> DeserializeSeed<'de> for SchemaText {
    type Value = Option<&'de str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        // serde-json-core has no `deserialize_any`: this one gives a string as it is, an array
        // and an object to be passed over, and anything else as a unit.
        deserializer.deserialize_ignored_any(self)
    }
}

impl<'de> Visitor<'de> for SchemaText {
    type Value = Option<&'de str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_borrowed_str<E: de::Error>(self, raw: &'de str) -> Result<Self::Value, E> {
        Ok(Some(raw))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::string::String;

    use super::is_rcc_report;

    #[test]
    fn an_rcc_report_is_one_whose_schema_says_so() {
        let example = include_bytes!("../../../spec/examples/rcc-2024-vast-first.json");
        assert!(is_rcc_report(example));
        for (text, rcc) in [
            (r#"{"schema": "svf-rcc-report/1"}"#, true),
            (
                r#"{"areas": [{"x": [1, {"y": null}]}], "schema": "svf-rcc-report/1"} "#,
                true,
            ),
            (
                r#"{"schema": "svf-rcc-report/1", "agreement_year": "två"}"#,
                true,
            ),
            (r#"{"schema": "svf-report/1"}"#, false),
            (r#"{"schema": null}"#, false),
            (r#"{"schema": 1}"#, false),
            (
                r#"{"schema": "svf-rcc-report/1", "schema": "svf-rcc-report/1"}"#,
                false,
            ),
            (r#"{"schema": "svf-rcc-report/1""#, false),
            (r#"{"schema": "svf-rcc-report/1"} x"#, false),
            (r#"{"schema": "svf-rcc-report/1", "x": tru}"#, false),
            (
                r#"{"schema": "svf-rcc-report/1", "x": [1e3, {"y": [true]}]}"#,
                true,
            ),
            (r#"{"schema": ["svf-rcc-report/1"]}"#, false),
            (r#"["svf-rcc-report/1"]"#, false),
            ("\u{feff}{\"schema\": \"svf-rcc-report/1\"}", false),
            ("", false),
        ] {
            assert_eq!(is_rcc_report(text.as_bytes()), rcc, "{text}");
        }
        let deep = String::from("[").repeat(200) + &String::from("]").repeat(200);
        let deep = std::format!(r#"{{"schema": "svf-rcc-report/1", "x": {deep}}}"#);
        assert!(!is_rcc_report(deep.as_bytes()));
    }
}

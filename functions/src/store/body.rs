//! An item's record as the JSON text it is stored as. A record is decoded straight from
//! the text into its type: reading an item used to build a JSON tree first (a map per
//! object, a string per key), then the record from the tree, and under `perf` those maps
//! were a good part of a status lookup.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The text is JSON: checked when it comes from outside (`from_text`, deserialising),
/// written by serde_json (`of`), or the embedded store's own bytes read back (`stored`).
#[derive(Debug, Clone)]
pub struct Body(Box<str>);

impl Body {
    /// `record` as a body. Records are plain structs and enums with string keys, which
    /// always serialise; if one ever did not, this stops the write loudly instead of
    /// storing `null` in its place.
    pub fn of<T: Serialize + ?Sized>(record: &T) -> Body {
        #[allow(clippy::expect_used)]
        Body(
            serde_json::value::to_raw_value(record)
                .expect("a stored record serialises to JSON")
                .into(),
        )
    }

    /// A body from JSON text (checked to be JSON).
    pub fn from_text(text: &str) -> serde_json::Result<Body> {
        RawValue::from_string(text.to_owned()).map(|raw| Body(raw.into()))
    }

    /// Text the embedded store wrote as a body itself, read back without scanning it
    /// again (a lookup's profile had that scan at 3.5 % of the server's time); were the
    /// file damaged, decoding the record reports it.
    pub(super) fn stored(text: String) -> Body {
        Body(text.into_boxed_str())
    }

    pub fn text(&self) -> &str {
        &self.0
    }

    /// Decodes the record.
    pub fn decode<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_str(&self.0)
    }

    /// The body as a JSON tree, for the few readers that look at one field (counter
    /// items, tests). `Null` cannot happen: the text is JSON by construction.
    pub fn value(&self) -> serde_json::Value {
        self.decode().unwrap_or_default()
    }
}

impl From<serde_json::Value> for Body {
    fn from(value: serde_json::Value) -> Body {
        Body::of(&value)
    }
}

/// As the JSON it is (not a string holding it).
impl Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw: &RawValue = serde_json::from_str(&self.0).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Body {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Body, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(|raw| Body(raw.into()))
    }
}

/// The same JSON, whatever its spacing and key order.
impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        self.text() == other.text() || self.value() == other.value()
    }
}

impl PartialEq<serde_json::Value> for Body {
    fn eq(&self, other: &serde_json::Value) -> bool {
        self.value() == *other
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Body;

    #[test]
    fn a_body_reads_back_what_was_written() {
        let b = Body::of(&json!({ "name": "Иванов", "n": 2, "list": [1, 2] }));
        assert_eq!(b.value()["name"], "Иванов");
        assert_eq!(b.decode::<serde_json::Map<_, _>>().expect("map").len(), 3);
        assert_eq!(b, json!({ "list": [1, 2], "n": 2, "name": "Иванов" }));
        let again: Body =
            serde_json::from_str(&serde_json::to_string(&b).expect("ser")).expect("de");
        assert_eq!(again.text(), b.text());
        assert!(Body::from_text("{not json").is_err());
    }
}

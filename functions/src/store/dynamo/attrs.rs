//! How an `Item` is stored as DynamoDB attributes: `pk`, `sk`, `gsi1pk`/`gsi1sk`,
//! `gsi2pk`/`gsi2sk`, `v`, `ttl` and `body` (the record as JSON text); counter items
//! instead carry one number attribute `c_<name>` per counter, changed by `ADD`.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

use crate::store::{Item, StoreError};

pub(super) type Attrs = HashMap<String, AttributeValue>;

pub(super) fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_owned())
}

pub(super) fn n(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

pub(super) fn key(pk: &str, sk: &str) -> Attrs {
    HashMap::from([("pk".to_owned(), s(pk)), ("sk".to_owned(), s(sk))])
}

pub(super) fn to_attrs(item: &Item) -> Result<Attrs, StoreError> {
    let mut a = key(&item.pk, &item.sk);
    if let Some((p, k)) = &item.gsi1 {
        a.insert("gsi1pk".into(), s(p));
        a.insert("gsi1sk".into(), s(k));
    }
    if let Some((p, k)) = &item.gsi2 {
        a.insert("gsi2pk".into(), s(p));
        a.insert("gsi2sk".into(), s(k));
    }
    a.insert("v".into(), n(item.version));
    if let Some(t) = item.expires_at {
        a.insert("ttl".into(), n(t));
    }
    a.insert(
        "body".into(),
        AttributeValue::S(item.body.text().to_owned()),
    );
    Ok(a)
}

fn text<'a>(a: &'a Attrs, name: &str) -> Result<&'a str, StoreError> {
    a.get(name)
        .and_then(|v| v.as_s().ok())
        .map(String::as_str)
        .ok_or_else(|| StoreError::Corrupt(format!("attribute {name} missing or not text")))
}

fn number<T: std::str::FromStr>(a: &Attrs, name: &str) -> Result<Option<T>, StoreError> {
    a.get(name)
        .map(|v| {
            v.as_n()
                .ok()
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| StoreError::Corrupt(format!("attribute {name} is not a number")))
        })
        .transpose()
}

fn pair(a: &Attrs, p: &str, k: &str) -> Result<Option<(String, String)>, StoreError> {
    if !a.contains_key(p) {
        return Ok(None);
    }
    Ok(Some((text(a, p)?.to_owned(), text(a, k)?.to_owned())))
}

/// Counter attributes are `c_<name>`.
const COUNTER_PREFIX: &str = "c_";

/// A counter item's body: its counters as a JSON object.
fn counters(a: &Attrs) -> Result<serde_json::Value, StoreError> {
    let mut body = serde_json::Map::new();
    for name in a.keys() {
        if let Some(counter) = name.strip_prefix(COUNTER_PREFIX) {
            let value: i64 = number(a, name)?.unwrap_or_default();
            body.insert(counter.to_owned(), value.into());
        }
    }
    Ok(body.into())
}

/// `ADD` of every counter and of the version: (expression, names, values).
pub(super) fn add_expression(counts: &[(String, i64)]) -> (String, HashMap<String, String>, Attrs) {
    let mut parts = vec!["#v :one".to_owned()];
    let mut names = HashMap::from([("#v".to_owned(), "v".to_owned())]);
    let mut values = HashMap::from([(":one".to_owned(), n(1))]);
    for (i, (name, delta)) in counts.iter().enumerate() {
        parts.push(format!("#c{i} :c{i}"));
        names.insert(format!("#c{i}"), format!("{COUNTER_PREFIX}{name}"));
        values.insert(format!(":c{i}"), n(delta));
    }
    (format!("ADD {}", parts.join(", ")), names, values)
}

pub(super) fn from_attrs(a: &Attrs) -> Result<Item, StoreError> {
    let body = match a.get("body") {
        None => counters(a)?.into(),
        Some(_) => crate::store::Body::from_text(text(a, "body")?)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
    };
    Ok(Item {
        pk: text(a, "pk")?.to_owned(),
        sk: text(a, "sk")?.to_owned(),
        gsi1: pair(a, "gsi1pk", "gsi1sk")?,
        gsi2: pair(a, "gsi2pk", "gsi2sk")?,
        version: number(a, "v")?.unwrap_or(1),
        expires_at: number(a, "ttl")?,
        body,
    })
}

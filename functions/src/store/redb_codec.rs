//! How the embedded store keeps an item in its table: a short binary header (version,
//! expiry, keys and index keys) followed by the body's JSON text as it is. Items used to
//! be kept as one JSON document, and reading one scanned the body twice (once to find
//! where it ends, once to decode the record); a status lookup's profile had the first
//! scan at 3.5 % of the server's time. Items written in that layout still read: JSON
//! starts with `{`, this layout with `LAYOUT`, and the next write of an item rewrites it.

use super::{Body, Item, StoreError};

/// The first byte of this layout.
const LAYOUT: u8 = 1;
const EXPIRES: u8 = 1;
const GSI1: u8 = 2;
const GSI2: u8 = 4;

pub(super) fn encode(item: &Item) -> Vec<u8> {
    let body = item.body.text();
    let mut out = Vec::with_capacity(40 + item.pk.len() + item.sk.len() + body.len());
    out.push(LAYOUT);
    out.extend_from_slice(&item.version.to_le_bytes());
    let flag = |on: bool, bit: u8| if on { bit } else { 0 };
    out.push(
        flag(item.expires_at.is_some(), EXPIRES)
            | flag(item.gsi1.is_some(), GSI1)
            | flag(item.gsi2.is_some(), GSI2),
    );
    if let Some(at) = item.expires_at {
        out.extend_from_slice(&at.to_le_bytes());
    }
    let keys = [(&item.pk, &item.sk)].into_iter();
    let index_keys = item
        .gsi1
        .iter()
        .chain(item.gsi2.iter())
        .map(|(p, s)| (p, s));
    for (pk, sk) in keys.chain(index_keys) {
        put_str(&mut out, pk);
        put_str(&mut out, sk);
    }
    out.extend_from_slice(body.as_bytes());
    out
}

/// Length-prefixed (keys are limited far below 4 GiB by `check_writes`).
fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

pub(super) fn decode(bytes: &[u8]) -> Result<Item, StoreError> {
    match bytes.split_first() {
        Some((&LAYOUT, rest)) => Reader { rest }.item(),
        _ => serde_json::from_slice(bytes).map_err(|e| corrupt(&e.to_string())),
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("stored item: {what}"))
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], StoreError> {
        let (head, rest) = self
            .rest
            .split_first_chunk::<N>()
            .ok_or_else(|| corrupt("cut short"))?;
        self.rest = rest;
        Ok(*head)
    }

    fn string(&mut self) -> Result<String, StoreError> {
        let len = u32::from_le_bytes(self.take()?) as usize;
        if self.rest.len() < len {
            return Err(corrupt("cut short"));
        }
        let (s, rest) = self.rest.split_at(len);
        self.rest = rest;
        text(s)
    }

    fn item(mut self) -> Result<Item, StoreError> {
        let version = u64::from_le_bytes(self.take()?);
        let [flags] = self.take()?;
        let expires_at = match flags & EXPIRES {
            0 => None,
            _ => Some(i64::from_le_bytes(self.take()?)),
        };
        let pk = self.string()?;
        let sk = self.string()?;
        let mut index = |bit: u8| -> Result<Option<(String, String)>, StoreError> {
            match flags & bit {
                0 => Ok(None),
                _ => Ok(Some((self.string()?, self.string()?))),
            }
        };
        let gsi1 = index(GSI1)?;
        let gsi2 = index(GSI2)?;
        let body = Body::stored(text(self.rest)?);
        Ok(Item {
            pk,
            sk,
            gsi1,
            gsi2,
            version,
            expires_at,
            body,
        })
    }
}

fn text(bytes: &[u8]) -> Result<String, StoreError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| corrupt("not UTF-8"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{decode, encode};
    use crate::store::{Item, StoreError};

    #[test]
    fn items_read_back_as_written() {
        let plain = Item::new("T#1", "META", json!({ "name": "Иванов", "n": [1, 2] }));
        let full = Item {
            gsi1: Some(("Q#new".into(), "2026-12-04".into())),
            gsi2: Some(("U#1".into(), "".into())),
            version: 7,
            expires_at: Some(-5),
            ..plain.clone()
        };
        let only_second_index = Item {
            gsi2: Some(("U#1".into(), "x".into())),
            ..plain.clone()
        };
        for item in [plain, full, only_second_index] {
            let back = decode(&encode(&item)).expect("decodes");
            assert_eq!(back, item);
            assert_eq!(back.body.text(), item.body.text());
        }
    }

    #[test]
    fn items_kept_as_json_before_this_layout_still_read() {
        let item = Item {
            gsi1: Some(("Q#new".into(), "1".into())),
            ..Item::new("T#1", "META", json!({ "a": 1 }))
        };
        let old = serde_json::to_vec(&item).expect("json");
        assert_eq!(decode(&old).expect("decodes"), item);
    }

    #[test]
    fn a_damaged_item_is_reported_not_misread() {
        let bytes = encode(&Item::new("T#1", "META", json!({ "a": 1 })));
        for cut in [1, 5, 10, 14, 18] {
            assert!(
                matches!(decode(&bytes[..cut]), Err(StoreError::Corrupt(_))),
                "cut at {cut}"
            );
        }
        let mut bad = bytes.clone();
        let at = bytes.len() - 3;
        bad[at] = 0xff;
        assert!(matches!(decode(&bad), Err(StoreError::Corrupt(_))));
        assert!(matches!(decode(b"garbage"), Err(StoreError::Corrupt(_))));
    }
}

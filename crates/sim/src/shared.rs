//! Payloads as the history keeps them: large parts shared between events.
//!
//! A state that changes one field of a large payload (a counter next to 200 KB of data) makes a
//! new `serde_json::Value`, which owns a fresh copy of the data. Kept as they are, one such copy
//! per event makes a long run's history grow with the number of events times the payload size.
//! So when an event is recorded, its large payloads go through an interner: every subtree of
//! at least [`SHARE_BYTES`] (estimated JSON text) that the history already holds is shared with
//! the earlier event instead of kept again, and new ones are remembered for later events. Small
//! payloads (the common case) are kept as they came, with no copy and no hashing.
//!
//! The history then grows with the data that changes, not with the number of events.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

use crate::dataflow::AddressHasher;
use crate::history::{EventKind, Payload};

/// Subtrees at least this large (estimated JSON text, in bytes) are shared between events.
pub const SHARE_BYTES: usize = 1024;

/// A payload recorded in the history: the engine's value itself, or (for a large payload) a
/// tree whose large parts are shared with other events. Either way it reads as one JSON value.
#[derive(Debug, Clone)]
pub enum HistoryPayload {
    /// The value as a whole.
    Whole(Payload),
    /// An object or array whose members are kept apart, so that large ones can be shared.
    Split(Arc<SplitNode>),
}

/// The members of a split payload, in their order.
#[derive(Debug)]
pub enum SplitNode {
    /// An object's members, in their order.
    Object(Vec<(String, HistoryPayload)>),
    /// An array's items.
    Array(Vec<HistoryPayload>),
}

impl From<Payload> for HistoryPayload {
    fn from(payload: Payload) -> Self {
        HistoryPayload::Whole(payload)
    }
}

impl HistoryPayload {
    /// The payload as one JSON value (built for a split payload, borrowed otherwise).
    pub fn to_value(&self) -> Cow<'_, Value> {
        match self {
            HistoryPayload::Whole(value) => Cow::Borrowed(value.as_ref()),
            HistoryPayload::Split(node) => Cow::Owned(node.to_value()),
        }
    }

    /// True when the payload is kept split (parts shared with other events).
    pub fn is_split(&self) -> bool {
        matches!(self, HistoryPayload::Split(_))
    }

    /// True when `self` holds exactly `value`, key order included.
    fn same_as(&self, value: &Value) -> bool {
        match self {
            HistoryPayload::Whole(whole) => same(whole, value),
            HistoryPayload::Split(node) => match (node.as_ref(), value) {
                (SplitNode::Object(members), Value::Object(map)) => {
                    members.len() == map.len()
                        && members
                            .iter()
                            .zip(map)
                            .all(|((k1, v1), (k2, v2))| k1 == k2 && v1.same_as(v2))
                }
                (SplitNode::Array(items), Value::Array(values)) => {
                    items.len() == values.len()
                        && items.iter().zip(values).all(|(a, b)| a.same_as(b))
                }
                _ => false,
            },
        }
    }
}

impl SplitNode {
    fn to_value(&self) -> Value {
        match self {
            SplitNode::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value().into_owned()))
                    .collect::<Map<String, Value>>(),
            ),
            SplitNode::Array(items) => {
                Value::Array(items.iter().map(|v| v.to_value().into_owned()).collect())
            }
        }
    }
}

impl PartialEq for HistoryPayload {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (HistoryPayload::Whole(a), HistoryPayload::Whole(b)) => a == b,
            _ => self.to_value() == other.to_value(),
        }
    }
}

impl PartialEq<Value> for HistoryPayload {
    fn eq(&self, other: &Value) -> bool {
        self.to_value().as_ref() == other
    }
}

impl Serialize for HistoryPayload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            HistoryPayload::Whole(value) => value.serialize(serializer),
            HistoryPayload::Split(node) => match node.as_ref() {
                SplitNode::Object(members) => {
                    let mut map = serializer.serialize_map(Some(members.len()))?;
                    for (key, value) in members {
                        map.serialize_entry(key, value)?;
                    }
                    map.end()
                }
                SplitNode::Array(items) => {
                    let mut seq = serializer.serialize_seq(Some(items.len()))?;
                    for item in items {
                        seq.serialize_element(item)?;
                    }
                    seq.end()
                }
            },
        }
    }
}

/// Compact JSON text, as `serde_json::Value` displays it.
impl fmt::Display for HistoryPayload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HistoryPayload::Whole(value) => value.fmt(f),
            HistoryPayload::Split(_) => {
                let mut writer = FmtWriter(f);
                serde_json::to_writer(&mut writer, self).map_err(|_| fmt::Error)
            }
        }
    }
}

/// Lets serde_json write into a formatter.
struct FmtWriter<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl std::io::Write for FmtWriter<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = std::str::from_utf8(buf).map_err(std::io::Error::other)?;
        self.0.write_str(text).map_err(std::io::Error::other)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Exact equality, key order included (the map's own equality ignores order, but the order is
/// what the history prints).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && same(v1, v2))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        _ => a == b,
    }
}

/// Hash and estimated JSON size of a subtree.
#[derive(Debug, Clone, Copy)]
struct Measure {
    hash: u64,
    bytes: usize,
}

fn mix(hash: u64, n: u64) -> u64 {
    let mixed = (hash ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    mixed ^ (mixed >> 29)
}

fn hash_str(mut hash: u64, text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = mix(hash, u64::from_le_bytes(word));
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    mix(mix(hash, u64::from_le_bytes(tail)), bytes.len() as u64)
}

/// True when `value`'s JSON text is under [`SHARE_BYTES`].
#[inline]
fn is_small(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => true,
        Value::String(s) => s.len() + 2 < SHARE_BYTES,
        _ => smaller_than(value, &mut (SHARE_BYTES as isize)),
    }
}

/// True when `value`'s JSON text is surely under `budget` bytes (stops counting past it).
fn smaller_than(value: &Value, budget: &mut isize) -> bool {
    *budget -= match value {
        Value::String(s) => s.len() as isize + 2,
        Value::Object(map) => {
            for (key, member) in map {
                *budget -= key.len() as isize + 4;
                if *budget < 0 || !smaller_than(member, budget) {
                    return false;
                }
            }
            2
        }
        Value::Array(items) => {
            for item in items {
                *budget -= 1;
                if *budget < 0 || !smaller_than(item, budget) {
                    return false;
                }
            }
            2
        }
        _ => 8,
    };
    *budget >= 0
}

/// A map keyed by a hash or an address (neither needs protection against chosen keys).
type Table<V> = HashMap<u64, V, BuildHasherDefault<AddressHasher>>;

/// Shares the large parts of recorded payloads (see the [module docs](self)).
#[derive(Debug, Default)]
pub(crate) struct Interner {
    /// Large subtrees already in the history, by hash (collisions kept side by side).
    known: Table<Vec<HistoryPayload>>,
    /// The last large payload stored and what it became: an Arc handed to several events in a
    /// row (a state's output is the next state's input) is split once.
    last: Option<(Payload, HistoryPayload)>,
    /// The last payload found small: a state's output is usually the next events' input and
    /// output too, and is measured once (held, so that its address is not reused meanwhile).
    small: Option<Payload>,
}

impl Interner {
    /// The form the history keeps `payload` in (events go through [`Interner::store_event`]).
    #[cfg(test)]
    pub(crate) fn store(&mut self, payload: HistoryPayload) -> HistoryPayload {
        match payload {
            HistoryPayload::Whole(whole) if !is_small(&whole) => self.store_large(whole),
            other => other,
        }
    }

    /// The form the history keeps a payload of at least [`SHARE_BYTES`] in.
    fn store_large(&mut self, whole: Payload) -> HistoryPayload {
        if let Some((source, stored)) = &self.last {
            if Arc::ptr_eq(source, &whole) {
                return stored.clone();
            }
        }
        let mut measures = Table::default();
        measure(&whole, &mut measures);
        let stored = self.share(&whole, &measures);
        self.last = Some((whole, stored.clone()));
        stored
    }

    /// Stores the payloads of an event.
    pub(crate) fn store_event(&mut self, kind: &mut EventKind) {
        match kind {
            EventKind::ExecutionStarted { input: payload, .. }
            | EventKind::ExecutionSucceeded { output: payload }
            | EventKind::StateEntered { input: payload, .. }
            | EventKind::StateExited {
                output: payload, ..
            }
            | EventKind::TaskScheduled {
                parameters: payload,
                ..
            }
            | EventKind::TaskSubmitted {
                output: payload, ..
            }
            | EventKind::TaskSucceeded {
                output: payload, ..
            } => {
                // Most payloads are small: they are left as they are, untouched (not even a
                // reference count), which keeps recording an event as cheap as before sharing.
                if let HistoryPayload::Whole(whole) = payload {
                    if self.small.as_ref().is_some_and(|s| Arc::ptr_eq(s, whole)) {
                        return;
                    }
                    if is_small(whole) {
                        self.small = Some(whole.clone());
                    } else {
                        *payload = self.store_large(whole.clone());
                    }
                }
            }
            _ => {}
        }
    }

    /// `value` as kept: a known subtree shared, a new large one split and remembered.
    fn share(&mut self, value: &Value, measures: &Table<Measure>) -> HistoryPayload {
        let Some(m) = measures.get(&address(value)).copied() else {
            return HistoryPayload::Whole(Arc::new(value.clone()));
        };
        if let Some(found) = self
            .known
            .get(&m.hash)
            .and_then(|list| list.iter().find(|known| known.same_as(value)))
        {
            return found.clone();
        }
        let stored = match value {
            Value::Object(map) => HistoryPayload::Split(Arc::new(SplitNode::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.share(v, measures)))
                    .collect(),
            ))),
            Value::Array(items) => HistoryPayload::Split(Arc::new(SplitNode::Array(
                items.iter().map(|v| self.share(v, measures)).collect(),
            ))),
            other => HistoryPayload::Whole(Arc::new(other.clone())),
        };
        self.known.entry(m.hash).or_default().push(stored.clone());
        stored
    }
}

fn address(value: &Value) -> u64 {
    value as *const Value as usize as u64
}

/// Hashes and sizes every subtree, keeping those of at least [`SHARE_BYTES`] by address.
fn measure(value: &Value, large: &mut Table<Measure>) -> Measure {
    let m = match value {
        Value::Null => Measure { hash: 1, bytes: 4 },
        Value::Bool(b) => Measure {
            hash: 2 + u64::from(*b),
            bytes: 5,
        },
        Value::Number(n) => Measure {
            hash: mix(4, n.as_f64().map_or(0, f64::to_bits)),
            bytes: 8,
        },
        Value::String(s) => Measure {
            hash: hash_str(5, s),
            bytes: s.len() + 2,
        },
        Value::Array(items) => {
            let mut m = Measure { hash: 6, bytes: 2 };
            for item in items {
                let child = measure(item, large);
                m.hash = mix(m.hash, child.hash);
                m.bytes += child.bytes + 1;
            }
            m
        }
        Value::Object(map) => {
            let mut m = Measure { hash: 7, bytes: 2 };
            for (key, member) in map {
                let child = measure(member, large);
                m.hash = mix(hash_str(m.hash, key), child.hash);
                m.bytes += key.len() + 4 + child.bytes;
            }
            m
        }
    };
    if m.bytes >= SHARE_BYTES {
        large.insert(address(value), m);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn big(tag: &str) -> Value {
        json!((0..40)
            .map(|i| format!("{tag}-{i}-{}", "x".repeat(60)))
            .collect::<Vec<_>>())
    }

    #[test]
    fn small_payloads_stay_whole_and_shared() {
        let mut interner = Interner::default();
        let payload = Arc::new(json!({"i": 1}));
        let stored = interner.store(payload.clone().into());
        let HistoryPayload::Whole(kept) = stored else {
            panic!("split a small payload")
        };
        assert!(Arc::ptr_eq(&kept, &payload));
    }

    #[test]
    fn large_parts_are_shared_between_payloads() {
        let mut interner = Interner::default();
        let data = big("d");
        let first = interner.store(Arc::new(json!({"i": 1, "data": data.clone()})).into());
        let second = interner.store(Arc::new(json!({"i": 2, "data": data.clone()})).into());
        assert!(first.is_split() && second.is_split());
        let part = |p: &HistoryPayload| match p {
            HistoryPayload::Split(node) => match node.as_ref() {
                SplitNode::Object(members) => members[1].1.clone(),
                SplitNode::Array(_) => panic!("an object was split as an array"),
            },
            HistoryPayload::Whole(_) => panic!("not split"),
        };
        match (part(&first), part(&second)) {
            (HistoryPayload::Split(a), HistoryPayload::Split(b)) => assert!(Arc::ptr_eq(&a, &b)),
            other => panic!("data not shared: {other:?}"),
        }
        // They still read, print and compare as the values they stand for, key order kept.
        let expected = json!({"i": 2, "data": data});
        assert_eq!(second, expected);
        assert_eq!(second.to_string(), expected.to_string());
        assert_eq!(
            serde_json::to_string(&second).expect("serialisable"),
            expected.to_string()
        );
    }

    #[test]
    fn same_members_in_another_order_are_not_shared() {
        let mut interner = Interner::default();
        let (a, b) = (big("a"), big("b"));
        let first = interner.store(Arc::new(json!({"a": a.clone(), "b": b.clone()})).into());
        let second = interner.store(Arc::new(json!({"b": b, "a": a})).into());
        assert_ne!(first.to_string(), second.to_string());
        assert!(second.to_string().starts_with("{\"b\""));
    }
}

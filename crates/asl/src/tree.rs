//! The syntax tree shared by both source formats: every value keeps the byte span it came from, and
//! objects keep their members in source order (duplicates included, so validation can report them).

use serde_json::{Map, Number, Value};

/// A half-open byte range `start..end` in the document's source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
}

/// A value in the source document and the span of text it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the value is.
    pub value: NodeValue,
    /// Where the value is in the source text.
    pub span: Span,
}

/// The kinds of value a document holds (the JSON data model; YAML is read into the same model).
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as JSON would hold it.
    Number(Number),
    /// A string, unescaped.
    String(String),
    /// An array, in source order.
    Array(Vec<Node>),
    /// An object's members in source order; a key may appear twice in broken input.
    Object(Vec<Member>),
}

/// One `key: value` member of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key, unescaped.
    pub key: String,
    /// Where the key is in the source text (quotes included for JSON).
    pub key_span: Span,
    /// The member's value.
    pub value: Node,
}

impl Node {
    /// The member value for `key` (the first one, if the key is duplicated).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// The member for `key` (the first one, if the key is duplicated).
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().find(|m| m.key == key)
    }

    /// The members of an object, in source order.
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            NodeValue::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The elements of an array.
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            NodeValue::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            NodeValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is a number.
    pub fn as_number(&self) -> Option<&Number> {
        match &self.value {
            NodeValue::Number(n) => Some(n),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.value, NodeValue::Null)
    }

    /// A short name of the value's JSON type, for messages ("string", "object", ...).
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "boolean",
            NodeValue::Number(_) => "number",
            NodeValue::String(_) => "string",
            NodeValue::Array(_) => "array",
            NodeValue::Object(_) => "object",
        }
    }

    /// Follows an RFC 6901 JSON pointer (`""` is this node, `/States/Foo` a member's member).
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut node = self;
        for raw in rest.split('/') {
            let segment = unescape_pointer_segment(raw);
            node = match &node.value {
                NodeValue::Object(_) => node.get(&segment)?,
                NodeValue::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The value as serde_json holds it, member order kept. For a duplicated key the last value wins,
    /// as in every JSON reader AWS uses.
    pub fn to_value(&self) -> Value {
        match &self.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::Number(n) => Value::Number(n.clone()),
            NodeValue::String(s) => Value::String(s.clone()),
            NodeValue::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            NodeValue::Object(members) => {
                let mut map = Map::with_capacity(members.len());
                for m in members {
                    map.insert(m.key.clone(), m.value.to_value());
                }
                Value::Object(map)
            }
        }
    }
}

/// Escapes one segment for use in a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_pointer_segment`].
pub fn unescape_pointer_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Appends a segment to a JSON pointer. One allocation: most segments need no escaping (the
/// validator builds a pointer for every field it checks).
pub fn pointer_push(pointer: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + segment.len() + 1);
    out.push_str(pointer);
    out.push('/');
    if segment.contains(['~', '/']) {
        out.push_str(&escape_pointer_segment(segment));
    } else {
        out.push_str(segment);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(value: NodeValue) -> Node {
        Node {
            value,
            span: Span::default(),
        }
    }

    #[test]
    fn pointer_follows_members_and_indices_with_escapes() {
        let root = leaf(NodeValue::Object(vec![Member {
            key: "a/b~c".into(),
            key_span: Span::default(),
            value: leaf(NodeValue::Array(vec![leaf(NodeValue::Bool(true))])),
        }]));
        assert_eq!(
            root.pointer("/a~1b~0c/0").and_then(Node::as_bool),
            Some(true)
        );
        assert!(root.pointer("/a~1b~0c/1").is_none());
        assert!(root.pointer("nope").is_none());
        assert_eq!(pointer_push("/States", "x/y"), "/States/x~1y");
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_in_to_value() {
        let member = |v: bool| Member {
            key: "k".into(),
            key_span: Span::default(),
            value: leaf(NodeValue::Bool(v)),
        };
        let root = leaf(NodeValue::Object(vec![member(false), member(true)]));
        assert_eq!(root.to_value(), serde_json::json!({"k": true}));
        assert_eq!(root.get("k").and_then(Node::as_bool), Some(false));
    }
}

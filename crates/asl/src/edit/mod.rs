//! Format-preserving edits: every change is a patch to the source text computed from the node
//! spans, so what was not edited keeps its bytes (indentation, key order, newline style, number
//! spelling, YAML comments, `${...}` placeholders).
//!
//! An [`Edit`] is plain data (the designer keeps them as undoable commands); [`Document::apply`]
//! turns one into text patches, applies them, reparses, and checks that the new tree holds exactly
//! the value the edit means; an edit never silently changes anything else.
//!
//! Why span patching rather than jsonc-parser's CST: YAML needs span patching anyway, one mechanism
//! for both formats keeps their behaviour alike, and the spans we already hold are enough to place
//! a member after its sibling with the sibling's indentation, comma and newline style; the CST's
//! own insertion formatting would be a second set of layout rules to reconcile.
//!
//! New values are rendered in the style of where they go: JSON pretty-printed with the file's
//! indentation unit and newline (re-based on the line they go into), or on one line inside a
//! one-line container or a minified file; YAML as block YAML (flow JSON inside flow collections),
//! strings plain when that reads back the same, double-quoted otherwise.
//!
//! States: a *scope* is an object with `StartAt` and `States` — the top level (pointer `""`), a
//! Parallel branch (`/States/P/Branches/0`) or a Map processor (`/States/M/ItemProcessor`, or
//! `Iterator`). Renaming a state updates `StartAt`, `Next`, `Default`, `Choices[].Next` and
//! `Catch[].Next` in its scope only. Moving a state between scopes is refused while transitions
//! would cross scopes (see [`EditError::CrossScopeTransitions`]): a transition from one scope into
//! another is invalid ASL, and silently dropping or rewiring it would change the workflow behind
//! the user's back; the error names every such reference so the user (or the designer, in one
//! [`Edit::Batch`]) can rewire first. Removing a state leaves transitions to it in place, for
//! validation to flag, as a text editor would.
//!
//! ```
//! use statecraft_asl::{edit::Edit, Document, Format};
//! let doc = Document::parse(
//!     "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"End\": true}\n  }\n}\n",
//!     Format::Json,
//! )?;
//! let doc = doc.apply(&Edit::RenameState {
//!     scope: String::new(),
//!     from: "A".into(),
//!     to: "Start here".into(),
//! })?;
//! assert_eq!(
//!     doc.text(),
//!     "{\n  \"StartAt\": \"Start here\",\n  \"States\": {\n    \"Start here\": {\"Type\": \"Pass\", \"End\": true}\n  }\n}\n"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod ops;
mod render;
mod text;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::parse::ParseError;
use crate::tree::{pointer_push, Node, NodeValue};
use crate::Document;
use ops::{locate, member_index, Ctx, Located};
use text::{apply_patches, Patch};

pub(crate) use render::{json_pretty, json_string, yaml_document, yaml_number, yaml_string};
pub(crate) use text::newline_of;

/// The longest state name AWS accepts, in characters.
pub const MAX_STATE_NAME_CHARS: usize = 80;

/// One change to a document. Pointers are RFC 6901 JSON pointers (`""` is the root, `/States/A`
/// the state `A`; `~1` stands for `/` and `~0` for `~` in a key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Edit {
    /// Sets `key` of the object at `pointer` to `value`: in place when the key exists, else as a
    /// new last member.
    SetField {
        /// The object.
        pointer: String,
        /// The member's key.
        key: String,
        /// The new value.
        value: Value,
    },
    /// Removes `key` from the object at `pointer`.
    RemoveField {
        /// The object.
        pointer: String,
        /// The member's key.
        key: String,
    },
    /// Replaces the member `from` of the object at `pointer` by `to: value` in the same place
    /// (`"Next": "B"` becoming `"End": true` is a one-line change). A member `to` already there
    /// is removed first.
    ReplaceField {
        /// The object.
        pointer: String,
        /// The member's current key.
        from: String,
        /// Its new key.
        to: String,
        /// Its new value.
        value: Value,
    },
    /// Replaces the value at `pointer` (any value, the root included).
    SetValue {
        /// The value to replace.
        pointer: String,
        /// The new value.
        value: Value,
    },
    /// Inserts `value` into the array at `pointer` so that it becomes item `index` (`index` equal
    /// to the length appends).
    InsertItem {
        /// The array.
        pointer: String,
        /// Where the new item goes.
        index: usize,
        /// The new item.
        value: Value,
    },
    /// Removes item `index` of the array at `pointer`.
    RemoveItem {
        /// The array.
        pointer: String,
        /// The item to remove.
        index: usize,
    },
    /// Adds a state to the scope at `scope`, after the state `after` (last when `None`).
    AddState {
        /// The scope: `""`, a Parallel branch or a Map processor.
        scope: String,
        /// The new state's name.
        name: String,
        /// The state's definition.
        state: Value,
        /// The state it follows in the document.
        after: Option<String>,
    },
    /// Adds a state to the scope at `scope`, right before the state `before` in the document
    /// (a new first state goes above the others, as a person would write it).
    AddStateBefore {
        /// The scope: `""`, a Parallel branch or a Map processor.
        scope: String,
        /// The new state's name.
        name: String,
        /// The state's definition.
        state: Value,
        /// The state it goes before in the document.
        before: String,
    },
    /// Removes a state (in YAML, with the comment lines right above it); transitions to it are
    /// left for validation to flag.
    RemoveState {
        /// The scope holding the state.
        scope: String,
        /// The state's name.
        name: String,
    },
    /// Renames a state and every reference to it in its scope.
    RenameState {
        /// The scope holding the state.
        scope: String,
        /// The current name.
        from: String,
        /// The new name.
        to: String,
    },
    /// Moves a state from one scope to another (into or out of a Parallel branch or Map processor),
    /// as the last state of the target scope. Refused while transitions would cross scopes.
    MoveState {
        /// The scope holding the state.
        from_scope: String,
        /// The scope to move it to.
        to_scope: String,
        /// The state's name.
        name: String,
    },
    /// Several edits applied in order, as one change (one undo step).
    Batch(Vec<Edit>),
}

impl Edit {
    /// A short sentence-case description, for undo history and menus ("Rename state A to B").
    pub fn label(&self) -> String {
        let field = |pointer: &str, key: &str| {
            let key = key.replace('~', "~0").replace('/', "~1");
            in_words(&format!("{pointer}/{key}"))
        };
        match self {
            Edit::SetField { pointer, key, .. } => format!("Set {}", field(pointer, key)),
            Edit::RemoveField { pointer, key } => format!("Remove {}", field(pointer, key)),
            Edit::ReplaceField { pointer, to, .. } => format!("Set {}", field(pointer, to)),
            Edit::SetValue { pointer, .. } => format!("Set {}", in_words(pointer)),
            Edit::InsertItem { pointer, .. } => format!("Add to {}", in_words(pointer)),
            Edit::RemoveItem { pointer, index } => {
                format!("Remove {}", in_words(&format!("{pointer}/{index}")))
            }
            Edit::AddState { name, .. } | Edit::AddStateBefore { name, .. } => {
                format!("Add state {name}")
            }
            Edit::RemoveState { name, .. } => format!("Remove state {name}"),
            Edit::RenameState { from, to, .. } => format!("Rename state {from} to {to}"),
            Edit::MoveState { name, .. } => format!("Move state {name}"),
            Edit::Batch(edits) => match edits.as_slice() {
                [one] => one.label(),
                _ => format!("{} changes", edits.len()),
            },
        }
    }
}

/// Why an edit could not be applied. The document is unchanged when this is returned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// The pointer names nothing in the document.
    #[error("{}: there is no value at this pointer", show(pointer))]
    NoSuchNode {
        /// The pointer.
        pointer: String,
    },
    /// The pointer names something that is not an object.
    #[error("{}: expected an object here, found {found}", show(pointer))]
    NotAnObject {
        /// The pointer.
        pointer: String,
        /// What is there ("array", "string", ...).
        found: &'static str,
    },
    /// The pointer names something that is not an array.
    #[error("{}: expected an array here, found {found}", show(pointer))]
    NotAnArray {
        /// The pointer.
        pointer: String,
        /// What is there.
        found: &'static str,
    },
    /// The object has no such member.
    #[error("{}: there is no field {key:?}", show(pointer))]
    NoSuchField {
        /// The object.
        pointer: String,
        /// The missing key.
        key: String,
    },
    /// The index is past the end of the array.
    #[error(
        "{}: index {index} is out of range (the array has {len} items)",
        show(pointer)
    )]
    IndexOutOfRange {
        /// The array.
        pointer: String,
        /// The index asked for.
        index: usize,
        /// The array's length.
        len: usize,
    },
    /// The pointer names no scope of states.
    #[error("{}: not a scope of states (a state machine, Parallel branch or Map processor with a States object)", show(pointer))]
    NotAScope {
        /// The pointer.
        pointer: String,
    },
    /// The scope has no state of that name.
    #[error("{}: there is no state named {name:?}", show(scope))]
    NoSuchState {
        /// The scope.
        scope: String,
        /// The name.
        name: String,
    },
    /// The state machine already has a state of that name (in this scope or any other: AWS
    /// requires names unique across the whole machine, as validation's SC1011 says).
    #[error(
        "{}: a state named {name:?} already exists; AWS requires state names to be unique across the whole state machine, branches and Map processors included",
        show(scope)
    )]
    StateNameTaken {
        /// The scope.
        scope: String,
        /// The name.
        name: String,
    },
    /// The name cannot be a state name.
    #[error("{name:?} cannot name a state: {reason}")]
    InvalidStateName {
        /// The name.
        name: String,
        /// Why not.
        reason: String,
    },
    /// Moving the state would leave transitions between two scopes.
    #[error("cannot move state {name:?}: transitions would cross scopes at {}; change or remove them first", references.join(", "))]
    CrossScopeTransitions {
        /// The state.
        name: String,
        /// Pointers to every `StartAt`, `Next`, `Default`, `Choices[].Next` or `Catch[].Next`
        /// that would cross, sorted.
        references: Vec<String>,
    },
    /// A state cannot be moved into one of its own branches or processor.
    #[error(
        "cannot move state {name:?} into {}, which is inside it",
        show(to_scope)
    )]
    MoveIntoItself {
        /// The state.
        name: String,
        /// The target scope.
        to_scope: String,
    },
    /// The patched text did not parse (a bug in the edit code).
    #[error("the edited text does not parse ({0}); the edit was not applied, please report this")]
    Reparse(ParseError),
    /// The patched text did not hold the expected value (a bug in the edit code).
    #[error("{}: the edit could not be made without changing other values; it was not applied, please report this", show(pointer))]
    Inconsistent {
        /// Where the edit was.
        pointer: String,
    },
    /// A condition the edit code does not expect.
    #[error("internal edit error: {0}")]
    Internal(String),
}

/// A JSON pointer in words, for undo labels: the field path (items counted from 1, parts joined
/// with " › ") "of" the innermost state it is in, or "of the workflow":
/// `/States/Charge/Retry/0/MaxAttempts` → "Retry 1 › MaxAttempts of Charge".
pub fn in_words(pointer: &str) -> String {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    // The innermost state: the segment after the last "States" that has one after it.
    let state_at = (0..segments.len().saturating_sub(1))
        .rev()
        .find(|&i| segments[i] == "States")
        .map(|i| i + 1);
    let (owner, rest) = match state_at {
        Some(at) => (format!("of {}", segments[at]), &segments[at + 1..]),
        None => ("of the workflow".to_owned(), &segments[..]),
    };
    let mut parts: Vec<String> = Vec::new();
    for segment in rest {
        match (segment.parse::<usize>(), parts.last_mut()) {
            (Ok(index), Some(last)) => last.push_str(&format!(" {}", index + 1)),
            _ => parts.push(segment.clone()),
        }
    }
    if parts.is_empty() {
        return owner.trim_start_matches("of ").to_owned();
    }
    format!("{} {owner}", parts.join(" \u{203a} "))
}

fn show(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(top level)"
    } else {
        pointer
    }
}

impl Document {
    /// Applies an edit: patches the text, reparses, and returns the new document.
    pub fn apply(&self, edit: &Edit) -> Result<Document, EditError> {
        match edit {
            Edit::SetField {
                pointer,
                key,
                value,
            } => set_field(self, pointer, key, value),
            Edit::RemoveField { pointer, key } => remove_field(self, pointer, key),
            Edit::ReplaceField {
                pointer,
                from,
                to,
                value,
            } => replace_field(self, pointer, from, to, value),
            Edit::SetValue { pointer, value } => set_value(self, pointer, value),
            Edit::InsertItem {
                pointer,
                index,
                value,
            } => insert_item(self, pointer, *index, value),
            Edit::RemoveItem { pointer, index } => remove_item(self, pointer, *index),
            Edit::AddState {
                scope,
                name,
                state,
                after,
            } => add_state(
                self,
                scope,
                name,
                state,
                StatePlace::After(after.as_deref()),
            ),
            Edit::AddStateBefore {
                scope,
                name,
                state,
                before,
            } => add_state(self, scope, name, state, StatePlace::Before(before)),
            Edit::RemoveState { scope, name } => remove_state(self, scope, name),
            Edit::RenameState { scope, from, to } => rename_state(self, scope, from, to),
            Edit::MoveState {
                from_scope,
                to_scope,
                name,
            } => move_state(self, from_scope, to_scope, name),
            Edit::Batch(edits) => self.apply_all(edits),
        }
    }

    /// Applies edits in order; all or nothing.
    pub fn apply_all(&self, edits: &[Edit]) -> Result<Document, EditError> {
        let mut doc = self.clone();
        for edit in edits {
            doc = doc.apply(edit)?;
        }
        Ok(doc)
    }
}

/// Checks a proposed state name the way AWS does: 1 to 80 characters.
pub fn check_state_name(name: &str) -> Result<(), EditError> {
    let reason = if name.is_empty() {
        "a state name cannot be empty".to_owned()
    } else if name.chars().count() > MAX_STATE_NAME_CHARS {
        format!(
            "a state name is at most {MAX_STATE_NAME_CHARS} characters; this one has {}",
            name.chars().count()
        )
    } else if name.chars().any(char::is_control) {
        "a state name cannot hold control characters".to_owned()
    } else {
        return Ok(());
    };
    Err(EditError::InvalidStateName {
        name: name.to_owned(),
        reason,
    })
}

/// True when two values are equal with objects' members in the same order.
pub fn ordered_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && ordered_eq(va, vb))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| ordered_eq(a, b))
        }
        _ => a == b,
    }
}

// ---- applying patches -------------------------------------------------------------------------

/// Applies `patches`, reparses, and checks the result holds `expected`. When it does not (an
/// unusual layout the patch rules did not foresee), falls back to re-rendering the container at
/// `fallback` from the expected value.
fn finish(
    doc: &Document,
    patches: Vec<Patch>,
    expected: &Value,
    fallback: &str,
) -> Result<Document, EditError> {
    if let Ok(new) = reparse(doc, apply_patches(doc.text(), patches)?) {
        if ordered_eq(&new.to_value(), expected) {
            return Ok(new);
        }
    }
    let ctx = Ctx::new(doc);
    let loc = locate(doc.root(), fallback)?;
    let value = expected
        .pointer(fallback)
        .ok_or_else(|| EditError::Inconsistent {
            pointer: fallback.to_owned(),
        })?;
    let patch = ctx.replace(&loc, value)?;
    let new = reparse(doc, apply_patches(doc.text(), vec![patch])?)?;
    if ordered_eq(&new.to_value(), expected) {
        Ok(new)
    } else {
        Err(EditError::Inconsistent {
            pointer: fallback.to_owned(),
        })
    }
}

fn reparse(doc: &Document, text: String) -> Result<Document, EditError> {
    Document::from_bytes(text.as_bytes(), doc.format()).map_err(EditError::Reparse)
}

fn object_at<'a>(doc: &'a Document, pointer: &str) -> Result<Located<'a>, EditError> {
    let loc = locate(doc.root(), pointer)?;
    match loc.node.value {
        NodeValue::Object(_) => Ok(loc),
        _ => Err(EditError::NotAnObject {
            pointer: pointer.to_owned(),
            found: loc.node.type_name(),
        }),
    }
}

fn array_at<'a>(doc: &'a Document, pointer: &str) -> Result<Located<'a>, EditError> {
    let loc = locate(doc.root(), pointer)?;
    match loc.node.value {
        NodeValue::Array(_) => Ok(loc),
        _ => Err(EditError::NotAnArray {
            pointer: pointer.to_owned(),
            found: loc.node.type_name(),
        }),
    }
}

fn value_object<'a>(
    value: &'a mut Value,
    pointer: &str,
) -> Result<&'a mut Map<String, Value>, EditError> {
    value
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .ok_or_else(|| EditError::Inconsistent {
            pointer: pointer.to_owned(),
        })
}

fn value_array<'a>(value: &'a mut Value, pointer: &str) -> Result<&'a mut Vec<Value>, EditError> {
    value
        .pointer_mut(pointer)
        .and_then(Value::as_array_mut)
        .ok_or_else(|| EditError::Inconsistent {
            pointer: pointer.to_owned(),
        })
}

// ---- field and item edits -----------------------------------------------------------------------

fn set_field(
    doc: &Document,
    pointer: &str,
    key: &str,
    value: &Value,
) -> Result<Document, EditError> {
    let loc = object_at(doc, pointer)?;
    let ctx = Ctx::new(doc);
    let members = loc.node.as_object().unwrap_or_default();
    let patch = match member_index(members, key) {
        Some(i) => ctx.replace(
            &Located {
                node: &members[i].value,
                parent: Some((loc.node, ops::Slot::Member(i))),
            },
            value,
        )?,
        None => ctx.insert_member(&loc, None, key, value)?,
    };
    let mut expected = doc.to_value();
    value_object(&mut expected, pointer)?.insert(key.to_owned(), value.clone());
    finish(doc, vec![patch], &expected, pointer)
}

fn remove_field(doc: &Document, pointer: &str, key: &str) -> Result<Document, EditError> {
    let mut doc = doc.clone();
    // A duplicated key is removed occurrence by occurrence.
    loop {
        let loc = object_at(&doc, pointer)?;
        let members = loc.node.as_object().unwrap_or_default();
        let Some(i) = member_index(members, key) else {
            return Err(EditError::NoSuchField {
                pointer: pointer.to_owned(),
                key: key.to_owned(),
            });
        };
        let duplicated = members.iter().filter(|m| m.key == key).count() > 1;
        let patch = Ctx::new(&doc).remove_member(&loc, i)?;
        if duplicated {
            doc = reparse(&doc, apply_patches(doc.text(), vec![patch])?)?;
            continue;
        }
        let mut expected = doc.to_value();
        value_object(&mut expected, pointer)?.shift_remove(key);
        return finish(&doc, vec![patch], &expected, pointer);
    }
}

fn replace_field(
    doc: &Document,
    pointer: &str,
    from: &str,
    to: &str,
    value: &Value,
) -> Result<Document, EditError> {
    if from == to {
        return set_field(doc, pointer, to, value);
    }
    let loc = object_at(doc, pointer)?;
    let members = loc.node.as_object().unwrap_or_default();
    if member_index(members, from).is_none() {
        return Err(EditError::NoSuchField {
            pointer: pointer.to_owned(),
            key: from.to_owned(),
        });
    }
    if member_index(members, to).is_some() {
        return replace_field(&remove_field(doc, pointer, to)?, pointer, from, to, value);
    }
    if members.iter().filter(|m| m.key == from).count() > 1 {
        // A duplicated key: the plain way round.
        let removed = remove_field(doc, pointer, from)?;
        return set_field(&removed, pointer, to, value);
    }
    let i = member_index(members, from).unwrap_or_default();
    let ctx = Ctx::new(doc);
    let patches = vec![
        ctx.rename_key(loc.node, i, to),
        ctx.replace(
            &Located {
                node: &members[i].value,
                parent: Some((loc.node, ops::Slot::Member(i))),
            },
            value,
        )?,
    ];
    let mut expected = doc.to_value();
    let object = value_object(&mut expected, pointer)?;
    let replaced: Map<String, Value> = std::mem::take(object)
        .into_iter()
        .map(|(k, v)| {
            if k == from {
                (to.to_owned(), value.clone())
            } else {
                (k, v)
            }
        })
        .collect();
    *object = replaced;
    finish(doc, patches, &expected, pointer)
}

fn set_value(doc: &Document, pointer: &str, value: &Value) -> Result<Document, EditError> {
    let loc = locate(doc.root(), pointer)?;
    let patch = Ctx::new(doc).replace(&loc, value)?;
    let mut expected = doc.to_value();
    *expected
        .pointer_mut(pointer)
        .ok_or_else(|| EditError::NoSuchNode {
            pointer: pointer.to_owned(),
        })? = value.clone();
    finish(doc, vec![patch], &expected, pointer)
}

fn insert_item(
    doc: &Document,
    pointer: &str,
    index: usize,
    value: &Value,
) -> Result<Document, EditError> {
    let loc = array_at(doc, pointer)?;
    let len = loc.node.as_array().map_or(0, <[Node]>::len);
    if index > len {
        return Err(EditError::IndexOutOfRange {
            pointer: pointer.to_owned(),
            index,
            len,
        });
    }
    let patch = Ctx::new(doc).insert_item(&loc, index, value)?;
    let mut expected = doc.to_value();
    value_array(&mut expected, pointer)?.insert(index, value.clone());
    finish(doc, vec![patch], &expected, pointer)
}

fn remove_item(doc: &Document, pointer: &str, index: usize) -> Result<Document, EditError> {
    let loc = array_at(doc, pointer)?;
    let len = loc.node.as_array().map_or(0, <[Node]>::len);
    if index >= len {
        return Err(EditError::IndexOutOfRange {
            pointer: pointer.to_owned(),
            index,
            len,
        });
    }
    let patch = Ctx::new(doc).remove_item(&loc, index)?;
    let mut expected = doc.to_value();
    value_array(&mut expected, pointer)?.remove(index);
    finish(doc, vec![patch], &expected, pointer)
}

// ---- states -------------------------------------------------------------------------------------

/// The `States` object of a scope; `None` when the scope has no `States` member yet.
fn scope_states<'a>(doc: &'a Document, scope: &str) -> Result<Option<Located<'a>>, EditError> {
    let not_scope = || EditError::NotAScope {
        pointer: scope.to_owned(),
    };
    let loc = locate(doc.root(), scope).map_err(|_| not_scope())?;
    let members = loc.node.as_object().ok_or_else(not_scope)?;
    match member_index(members, "States") {
        None => Ok(None),
        Some(i) => {
            let states = &members[i].value;
            if states.as_object().is_none() {
                return Err(not_scope());
            }
            Ok(Some(Located {
                node: states,
                parent: Some((loc.node, ops::Slot::Member(i))),
            }))
        }
    }
}

fn state_index<'a>(
    doc: &'a Document,
    scope: &str,
    name: &str,
) -> Result<(Located<'a>, usize), EditError> {
    let no_state = || EditError::NoSuchState {
        scope: scope.to_owned(),
        name: name.to_owned(),
    };
    let states = scope_states(doc, scope)?.ok_or_else(no_state)?;
    let i = member_index(states.node.as_object().unwrap_or_default(), name).ok_or_else(no_state)?;
    Ok((states, i))
}

/// Every transition of a state: `(pointer relative to the state, the target's string node)` for
/// `Next`, `Default`, `Choices[i].Next` and `Catch[i].Next`.
fn transitions(state: &Node) -> Vec<(String, &Node)> {
    let mut out = Vec::new();
    for key in ["Next", "Default"] {
        if let Some(target) = state.get(key).filter(|n| n.as_str().is_some()) {
            out.push((format!("/{key}"), target));
        }
    }
    for list in ["Choices", "Catch"] {
        for (i, rule) in state
            .get(list)
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if let Some(target) = rule.get("Next").filter(|n| n.as_str().is_some()) {
                out.push((format!("/{list}/{i}/Next"), target));
            }
        }
    }
    out
}

/// The scope holding a state named `name`, anywhere in the machine (branches and Map processors
/// at any depth), if there is one.
fn scope_using_name(doc: &Document, name: &str) -> Option<String> {
    let mut found = None;
    each_state_name(doc, &mut |scope, state| {
        if state == name {
            found = Some(scope.to_owned());
        }
        found.is_none()
    });
    found
}

/// Calls `f(scope, name)` for every state of the machine, branches and Map processors at any
/// depth, in document order, until it returns false.
fn each_state_name(doc: &Document, f: &mut dyn FnMut(&str, &str) -> bool) {
    fn visit(scope_node: &Node, scope: &str, f: &mut dyn FnMut(&str, &str) -> bool) -> bool {
        let Some(states) = scope_node.get("States").and_then(Node::as_object) else {
            return true;
        };
        for member in states {
            if !f(scope, &member.key) {
                return false;
            }
            let state = pointer_push(&pointer_push(scope, "States"), &member.key);
            if let Some(branches) = member.value.get("Branches").and_then(Node::as_array) {
                for (i, branch) in branches.iter().enumerate() {
                    let at = pointer_push(&pointer_push(&state, "Branches"), &i.to_string());
                    if !visit(branch, &at, f) {
                        return false;
                    }
                }
            }
            for key in ["ItemProcessor", "Iterator"] {
                if let Some(processor) = member.value.get(key) {
                    if !visit(processor, &pointer_push(&state, key), f) {
                        return false;
                    }
                }
            }
        }
        true
    }
    visit(doc.root(), "", f);
}

/// The scope (a JSON pointer, `""` for the top level) holding the state named `name`, anywhere
/// in the machine; `None` when no state has that name.
pub fn scope_of_state_name(doc: &Document, name: &str) -> Option<String> {
    scope_using_name(doc, name)
}

/// Every state name of the machine, branches and Map processors at any depth.
pub fn state_names(doc: &Document) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    each_state_name(doc, &mut |_, name| {
        names.insert(name.to_owned());
        true
    });
    names
}

/// A name for a new state, `wanted` itself when no state of the machine has it and it is not in
/// `taken`, else `wanted` numbered (`"Pass 2"`, `"Pass 3"`, ...; a name that already ends in a
/// number counts on from it), cut so that it stays within [`MAX_STATE_NAME_CHARS`]. `taken` holds
/// names already given out but not yet in the document (several new states in one gesture).
pub fn unique_state_name(doc: &Document, wanted: &str, taken: &BTreeSet<String>) -> String {
    let used = |name: &str| taken.contains(name) || scope_using_name(doc, name).is_some();
    let wanted = if wanted.trim().is_empty() {
        "State"
    } else {
        wanted
    };
    if check_state_name(wanted).is_ok() && !used(wanted) {
        return wanted.to_owned();
    }
    let (stem, first) = match wanted.rsplit_once(' ') {
        Some((stem, n)) if !stem.is_empty() && n.parse::<u32>().is_ok_and(|n| n >= 2) => {
            (stem, n.parse::<u64>().unwrap_or(1) + 1)
        }
        _ => (wanted, 2),
    };
    let stem: String = stem.chars().filter(|c| !c.is_control()).collect();
    (first..)
        .map(|n| {
            let suffix = format!(" {n}");
            let keep = MAX_STATE_NAME_CHARS.saturating_sub(suffix.chars().count());
            format!("{}{suffix}", stem.chars().take(keep).collect::<String>())
        })
        .find(|name| !used(name))
        .unwrap_or_else(|| wanted.to_owned())
}

/// Where a new state goes among its scope's states.
#[derive(Clone, Copy)]
enum StatePlace<'a> {
    /// After this state; last when `None`.
    After(Option<&'a str>),
    /// Right before this state.
    Before(&'a str),
}

fn add_state(
    doc: &Document,
    scope: &str,
    name: &str,
    state: &Value,
    place: StatePlace<'_>,
) -> Result<Document, EditError> {
    check_state_name(name)?;
    let Some(states) = scope_states(doc, scope)? else {
        let mut map = Map::new();
        map.insert(name.to_owned(), state.clone());
        return set_field(doc, scope, "States", &Value::Object(map));
    };
    let members = states.node.as_object().unwrap_or_default();
    if let Some(taken_in) = scope_using_name(doc, name) {
        return Err(EditError::StateNameTaken {
            scope: taken_in,
            name: name.to_owned(),
        });
    }
    let index_of = |a: &str| {
        member_index(members, a).ok_or_else(|| EditError::NoSuchState {
            scope: scope.to_owned(),
            name: a.to_owned(),
        })
    };
    let ctx = Ctx::new(doc);
    // The patch, and the new state's index among the scope's states.
    let (patch, at) = match place {
        StatePlace::Before(b) => match index_of(b)? {
            0 => match ctx.insert_member_first(&states, name, state) {
                Some(patch) => (patch, 0),
                None => (ctx.insert_member(&states, None, name, state)?, usize::MAX),
            },
            i => (ctx.insert_member(&states, Some(i - 1), name, state)?, i),
        },
        StatePlace::After(None) => (ctx.insert_member(&states, None, name, state)?, usize::MAX),
        StatePlace::After(Some(a)) => {
            let i = index_of(a)?;
            (ctx.insert_member(&states, Some(i), name, state)?, i + 1)
        }
    };
    let states_pointer = pointer_push(scope, "States");
    let mut expected = doc.to_value();
    let map = value_object(&mut expected, &states_pointer)?;
    // Indexes count members as written; a duplicated key counts once in the value.
    let at = match place {
        StatePlace::After(Some(a)) => map.keys().position(|k| k == a).map_or(map.len(), |i| i + 1),
        StatePlace::Before(b) if at != usize::MAX => {
            map.keys().position(|k| k == b).unwrap_or(map.len())
        }
        _ => map.len(),
    };
    map.shift_insert(at, name.to_owned(), state.clone());
    finish(doc, vec![patch], &expected, &states_pointer)
}

fn remove_state(doc: &Document, scope: &str, name: &str) -> Result<Document, EditError> {
    let (states, index) = state_index(doc, scope, name)?;
    let states_pointer = pointer_push(scope, "States");
    let members = states.node.as_object().unwrap_or_default();
    if members.iter().filter(|m| m.key == name).count() > 1 {
        return remove_field(doc, &states_pointer, name);
    }
    let patch = Ctx::new(doc).remove_member_and_its_comments(&states, index)?;
    let mut expected = doc.to_value();
    value_object(&mut expected, &states_pointer)?.shift_remove(name);
    finish(doc, vec![patch], &expected, &states_pointer)
}

fn rename_state(doc: &Document, scope: &str, from: &str, to: &str) -> Result<Document, EditError> {
    check_state_name(to)?;
    let (states, index) = state_index(doc, scope, from)?;
    if from == to {
        return Ok(doc.clone());
    }
    if let Some(taken_in) = scope_using_name(doc, to) {
        return Err(EditError::StateNameTaken {
            scope: taken_in,
            name: to.to_owned(),
        });
    }
    let members = states.node.as_object().unwrap_or_default();
    let ctx = Ctx::new(doc);
    let mut patches = vec![ctx.rename_key(states.node, index, to)];
    let to_value = Value::String(to.to_owned());
    let mut retarget = |node: &Node, parent: &Node, slot: ops::Slot| -> Result<(), EditError> {
        if node.as_str() == Some(from) {
            patches.push(ctx.replace(
                &Located {
                    node,
                    parent: Some((parent, slot)),
                },
                &to_value,
            )?);
        }
        Ok(())
    };
    if let Some((scope_node, _)) = states.parent {
        let scope_members = scope_node.as_object().unwrap_or_default();
        if let Some(i) = member_index(scope_members, "StartAt") {
            retarget(&scope_members[i].value, scope_node, ops::Slot::Member(i))?;
        }
    }
    for member in members {
        let state = &member.value;
        for key in ["Next", "Default"] {
            let state_members = state.as_object().unwrap_or_default();
            if let Some(i) = member_index(state_members, key) {
                retarget(&state_members[i].value, state, ops::Slot::Member(i))?;
            }
        }
        for list in ["Choices", "Catch"] {
            for rule in state.get(list).and_then(Node::as_array).unwrap_or_default() {
                let rule_members = rule.as_object().unwrap_or_default();
                if let Some(i) = member_index(rule_members, "Next") {
                    retarget(&rule_members[i].value, rule, ops::Slot::Member(i))?;
                }
            }
        }
    }

    let mut expected = doc.to_value();
    let scope_value = value_object(&mut expected, scope)?;
    if scope_value.get("StartAt").and_then(Value::as_str) == Some(from) {
        scope_value.insert("StartAt".into(), to_value.clone());
    }
    let states_value = scope_value
        .get_mut("States")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| EditError::Inconsistent {
            pointer: scope.to_owned(),
        })?;
    let renamed: Map<String, Value> = std::mem::take(states_value)
        .into_iter()
        .map(|(k, mut state)| {
            retarget_value(&mut state, from, &to_value);
            (if k == from { to.to_owned() } else { k }, state)
        })
        .collect();
    *states_value = renamed;
    finish(doc, patches, &expected, scope)
}

fn retarget_value(state: &mut Value, from: &str, to: &Value) {
    let Some(obj) = state.as_object_mut() else {
        return;
    };
    for key in ["Next", "Default"] {
        if let Some(v) = obj.get_mut(key).filter(|v| v.as_str() == Some(from)) {
            *v = to.clone();
        }
    }
    for list in ["Choices", "Catch"] {
        for rule in obj
            .get_mut(list)
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if let Some(v) = rule
                .as_object_mut()
                .and_then(|r| r.get_mut("Next"))
                .filter(|v| v.as_str() == Some(from))
            {
                *v = to.clone();
            }
        }
    }
}

fn move_state(
    doc: &Document,
    from_scope: &str,
    to_scope: &str,
    name: &str,
) -> Result<Document, EditError> {
    let (states, index) = state_index(doc, from_scope, name)?;
    if from_scope == to_scope {
        return Ok(doc.clone());
    }
    let state_pointer = pointer_push(&pointer_push(from_scope, "States"), name);
    if to_scope == state_pointer || to_scope.starts_with(&format!("{state_pointer}/")) {
        return Err(EditError::MoveIntoItself {
            name: name.to_owned(),
            to_scope: to_scope.to_owned(),
        });
    }
    if let Some(target) = scope_states(doc, to_scope)? {
        if member_index(target.node.as_object().unwrap_or_default(), name).is_some() {
            return Err(EditError::StateNameTaken {
                scope: to_scope.to_owned(),
                name: name.to_owned(),
            });
        }
    }

    // Transitions that would cross scopes: into the state from its old scope, and out of it to
    // the other states of its old scope.
    let members = states.node.as_object().unwrap_or_default();
    let mut references = Vec::new();
    if let Some((scope_node, _)) = states.parent {
        if scope_node.get("StartAt").and_then(Node::as_str) == Some(name) {
            references.push(pointer_push(from_scope, "StartAt"));
        }
    }
    let states_pointer = pointer_push(from_scope, "States");
    for (i, member) in members.iter().enumerate() {
        for (suffix, target) in transitions(&member.value) {
            let target = target.as_str().unwrap_or_default();
            let crosses = if i == index {
                target != name && member_index(members, target).is_some()
            } else {
                target == name
            };
            if crosses {
                references.push(format!(
                    "{}{suffix}",
                    pointer_push(&states_pointer, &member.key)
                ));
            }
        }
    }
    if !references.is_empty() {
        references.sort();
        return Err(EditError::CrossScopeTransitions {
            name: name.to_owned(),
            references,
        });
    }
    let state = members[index].value.to_value();
    let moved = Ctx::new(doc).moved_text(states.node, index);
    let removed = remove_field(doc, &states_pointer, name)?;
    // The state keeps its own layout, re-indented, where it can; else it is rendered anew.
    if let (Some(moved), Some(target)) = (moved, scope_states(&removed, to_scope)?) {
        if let Some(patch) = Ctx::new(&removed).insert_moved(&target, None, name, &moved) {
            let mut expected = removed.to_value();
            value_object(&mut expected, &pointer_push(to_scope, "States"))?
                .insert(name.to_owned(), state.clone());
            if let Ok(new) = reparse(&removed, apply_patches(removed.text(), vec![patch])?) {
                if ordered_eq(&new.to_value(), &expected) {
                    return Ok(new);
                }
            }
        }
    }
    add_state(&removed, to_scope, name, &state, StatePlace::After(None))
}

#[cfg(test)]
mod tests;

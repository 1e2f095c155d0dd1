//! JSONPath states: path fields (`InputPath`, `OutputPath`, `ResultPath`, the `*Path` fields),
//! payload templates (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`, `Credentials`, the
//! reader's and writer's `Parameters`, `BatchInput`) and intrinsic functions. The parsers are in
//! [`crate::expr`]; this module applies them to the right fields and places the findings.

use super::{codes, placeholders, pointer_of, ptr, ptr_index, Checker, Seg, StateCx};
use crate::expr::path::{parse_path, PathKind};
use crate::expr::{intrinsic, template, ExprError};
use crate::tree::{Node, NodeValue};

/// Fields holding a path, and the rules each follows.
const PATH_FIELDS: &[(&str, PathKind)] = &[
    ("InputPath", PathKind::Path),
    ("OutputPath", PathKind::Path),
    ("ResultPath", PathKind::Result),
    ("ItemsPath", PathKind::Reference),
    ("SecondsPath", PathKind::Reference),
    ("TimestampPath", PathKind::Reference),
    ("TimeoutSecondsPath", PathKind::Reference),
    ("HeartbeatSecondsPath", PathKind::Reference),
    ("MaxConcurrencyPath", PathKind::Reference),
    ("ToleratedFailureCountPath", PathKind::Reference),
    ("ToleratedFailurePercentagePath", PathKind::Reference),
];

/// Fields holding a payload template.
const TEMPLATE_FIELDS: &[&str] = &[
    "Parameters",
    "ResultSelector",
    "ItemSelector",
    "Assign",
    "Credentials",
];

/// Checks the path, template and intrinsic fields of a JSONPath state.
pub(crate) fn check_state(cx: &mut Checker, st: &StateCx) {
    check_aws_warnings(cx, st);
    for (field, kind) in PATH_FIELDS {
        if let Some(m) = st.member(field) {
            if m.value.as_str().is_some() {
                check_path_node(
                    cx,
                    st.name,
                    &m.value,
                    &st.field_pointer(field),
                    field,
                    *kind,
                );
            }
        }
    }
    for field in ["ErrorPath", "CausePath"] {
        if let Some(m) = st.member(field) {
            if m.value.as_str().is_some() {
                check_path_or_call(cx, st.name, &m.value, &st.field_pointer(field), field);
            }
        }
    }
    for field in TEMPLATE_FIELDS {
        if let Some(m) = st.member(field) {
            check_template(cx, st.name, &m.value, &st.field_pointer(field));
        }
    }
    for (field, inner) in [
        ("ItemReader", "Parameters"),
        ("ResultWriter", "Parameters"),
        ("ItemBatcher", "BatchInput"),
    ] {
        if let Some(value) = st.node.get(field).and_then(|n| n.get(inner)) {
            check_template(cx, st.name, value, &ptr(&st.field_pointer(field), inner));
        }
    }
    if let Some(catchers) = st.node.get("Catch").and_then(Node::as_array) {
        for (i, catcher) in catchers.iter().enumerate() {
            let p = ptr_index(&st.field_pointer("Catch"), i);
            if let Some(value) = catcher.get("ResultPath") {
                if value.as_str().is_some() {
                    check_path_node(
                        cx,
                        st.name,
                        value,
                        &ptr(&p, "ResultPath"),
                        "ResultPath",
                        PathKind::Result,
                    );
                }
            }
            if let Some(value) = catcher.get("Assign") {
                check_template(cx, st.name, value, &ptr(&p, "Assign"));
            }
        }
    }
    if let Some(rules) = st.node.get("Choices").and_then(Node::as_array) {
        for (i, rule) in rules.iter().enumerate() {
            if let Some(value) = rule.get("Assign") {
                let p = ptr(&ptr_index(&st.field_pointer("Choices"), i), "Assign");
                check_template(cx, st.name, value, &p);
            }
        }
    }
}

/// Checks a string node as a path of `kind` (a path holding a `${...}` placeholder is skipped:
/// it is only complete once substituted).
pub(crate) fn check_path_node(
    cx: &mut Checker,
    state: &str,
    node: &Node,
    pointer: &str,
    field: &str,
    kind: PathKind,
) {
    let Some(text) = node.as_str() else {
        return;
    };
    if placeholders::contains(text) {
        return;
    }
    if let Err(err) = parse_path(text, kind) {
        let what = match kind {
            PathKind::Path => "a valid JSONPath",
            PathKind::Reference => "a valid reference path",
            PathKind::Result => "a valid reference path starting at $",
        };
        cx.at_char(
            codes::PATH_INVALID,
            node,
            err.position,
            pointer,
            format!(
                "{field} \"{text}\" of \"{state}\" is not {what}: {}",
                describe(&err)
            ),
        );
    }
}

/// `ErrorPath` and `CausePath`: a reference path, or an intrinsic function call.
fn check_path_or_call(cx: &mut Checker, state: &str, node: &Node, pointer: &str, field: &str) {
    let Some(text) = node.as_str() else {
        return;
    };
    if intrinsic::is_call(text) {
        if let Err(err) = intrinsic::parse(text) {
            cx.at_char(
                codes::INTRINSIC_INVALID,
                node,
                err.position,
                pointer,
                format!("{field} \"{text}\" of \"{state}\": {}", describe(&err)),
            );
        }
    } else {
        check_path_node(cx, state, node, pointer, field, PathKind::Reference);
    }
}

/// Checks a payload template: each `.$` key holds a path or an intrinsic call, and no two keys
/// collide once `.$` is dropped.
pub(crate) fn check_template(cx: &mut Checker, state: &str, node: &Node, pointer: &str) {
    if !has_dollar_key(node) {
        return;
    }
    for problem in template::check(&node.to_value()) {
        let target = node.pointer(&problem.pointer).unwrap_or(node);
        let full = format!("{pointer}{}", problem.pointer);
        let text = target.as_str();
        if text.is_some_and(placeholders::contains) {
            continue;
        }
        let key = problem
            .pointer
            .rsplit('/')
            .next()
            .map(crate::tree::unescape_pointer_segment)
            .unwrap_or_default();
        let (code, message) = match (&problem.error, text) {
            (None, _) if problem.message.contains("would both") => (
                codes::TEMPLATE_DUPLICATE_KEY,
                format!(
                    "in \"{state}\", {}; AWS rejects the template: rename or remove one",
                    problem.message
                ),
            ),
            (Some(err), Some(text)) if intrinsic::is_call(text) => (
                codes::INTRINSIC_INVALID,
                format!("\"{key}\" in \"{state}\" holds \"{text}\": {}", describe(err)),
            ),
            (Some(err), Some(text)) => (
                codes::TEMPLATE_VALUE_INVALID,
                format!(
                    "\"{key}\" in \"{state}\" ends in .$, so its value must be a path or an intrinsic function, and \"{text}\" is not: {}; to pass the text as it is, drop the .$ from the key",
                    describe(err)
                ),
            ),
            _ => (
                codes::TEMPLATE_VALUE_INVALID,
                format!(
                    "\"{key}\" in \"{state}\": {}; a key ending in .$ holds a path or an intrinsic function as a string",
                    problem.message
                ),
            ),
        };
        let index = problem.error.as_ref().map_or(0, |e| e.position);
        cx.at_char(code, target, index, &full, message);
    }
}

/// The warnings AWS's own validator gives on JSONPath states: NO_DOLLAR, PASS_RESULT_IS_STATIC
/// and NO_PATH.
fn check_aws_warnings(cx: &mut Checker, st: &StateCx) {
    for field in TEMPLATE_FIELDS {
        if let Some(m) = st.member(field) {
            let mut path = vec![Seg::Key(field)];
            no_dollar(cx, st, &m.value, &mut path);
        }
    }
    if let Some(m) = st.member("Result") {
        if st.ty == Some(crate::model::StateType::Pass) && has_dollar_key(&m.value) {
            cx.at_key(
                codes::PASS_RESULT_IS_STATIC,
                m,
                &st.field_pointer("Result"),
                format!(
                    "the Result of \"{}\" has keys ending in .$, but Result is static and never evaluated; to compute values, use Parameters",
                    st.name
                ),
            );
        }
    }
    for (field, instead) in [("Error", "ErrorPath"), ("Cause", "CausePath")] {
        if let Some(m) = st.member(field) {
            if m.value.as_str().is_some_and(looks_computed) {
                cx.at(
                    codes::NO_PATH,
                    &m.value,
                    &st.field_pointer(field),
                    format!(
                        "{field} of \"{}\" looks like a path, but {field} is taken literally; use {instead} to read it from the input",
                        st.name
                    ),
                );
            }
        }
    }
}

/// Reports template values that look computed under keys without `.$`.
fn no_dollar<'a>(cx: &mut Checker, st: &StateCx, node: &'a Node, path: &mut Vec<Seg<'a>>) {
    match &node.value {
        NodeValue::Object(members) => {
            for m in members {
                if m.key.ends_with(".$") {
                    continue;
                }
                path.push(Seg::Key(&m.key));
                if m.value.as_str().is_some_and(looks_computed) {
                    let pointer = format!("{}{}", st.pointer, pointer_of(path));
                    cx.at(
                        codes::NO_DOLLAR,
                        &m.value,
                        &pointer,
                        format!(
                            "\"{}\" in \"{}\" holds what looks like a path or intrinsic function, but its key does not end in .$, so it is passed as plain text; name it \"{}.$\" to evaluate it",
                            m.key, st.name, m.key
                        ),
                    );
                } else {
                    no_dollar(cx, st, &m.value, path);
                }
                path.pop();
            }
        }
        NodeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                no_dollar(cx, st, item, path);
                path.pop();
            }
        }
        _ => {}
    }
}

/// True for text that reads like a path (`$.a`, `$$.Execution.Id`, `$[0]`) or an intrinsic call.
fn looks_computed(text: &str) -> bool {
    text.starts_with("$.")
        || text.starts_with("$$.")
        || text.starts_with("$[")
        || (intrinsic::is_call(text) && text.trim_end().ends_with(')'))
}

/// True when some key of the template (at any depth) ends in `.$` (most templates have none).
fn has_dollar_key(node: &Node) -> bool {
    match &node.value {
        NodeValue::Object(members) => members
            .iter()
            .any(|m| m.key.ends_with(".$") || has_dollar_key(&m.value)),
        NodeValue::Array(items) => items.iter().any(has_dollar_key),
        _ => false,
    }
}

/// An expression error as a clause: its message and, past the start, where it is.
fn describe(err: &ExprError) -> String {
    if err.position == 0 {
        err.message.clone()
    } else {
        format!("{} (at character {})", err.message, err.position + 1)
    }
}

//! JSONata states: every string that opens with `{%` must close with `%}` and hold an expression
//! that compiles; a Choice rule's Condition must be such an expression. Strings that do not open
//! with `{%` are literals, as AWS treats them.

use super::{codes, ptr, ptr_index, Checker, StateCx};
use crate::tree::{Node, NodeValue};

/// Fields whose strings are names, not values (or that hold nested scopes checked on their own).
const NOT_EVALUATED: &[&str] = &[
    "Type",
    "Comment",
    "QueryLanguage",
    "Next",
    "End",
    "Default",
    "Branches",
    "ItemProcessor",
    "Iterator",
    "ErrorEquals",
    "Retry",
];

/// Checks every JSONata expression of a JSONata state.
pub(crate) fn check_state(cx: &mut Checker, st: &StateCx) {
    walk(cx, st.name, st.node, &st.pointer, true);
    if let Some(rules) = st.node.get("Choices").and_then(Node::as_array) {
        for (i, rule) in rules.iter().enumerate() {
            if let Some(condition) = rule.get("Condition") {
                if let Some(text) = condition.as_str() {
                    if !text.starts_with("{%") && !super::placeholders::is_whole(text) {
                        let p = ptr(&ptr_index(&st.field_pointer("Choices"), i), "Condition");
                        cx.at(
                            codes::JSONATA_DELIMITERS,
                            condition,
                            &p,
                            format!(
                                "Condition must be a JSONata expression written as \"{{% ... %}}\", such as \"{{% {text} %}}\""
                            ),
                        );
                    }
                }
            }
        }
    }
}

fn walk(cx: &mut Checker, state: &str, node: &Node, pointer: &str, skip_names: bool) {
    match &node.value {
        NodeValue::String(text) => check_string(cx, state, node, text, pointer),
        NodeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(cx, state, item, &ptr_index(pointer, i), false);
            }
        }
        NodeValue::Object(members) => {
            for m in members {
                // Names matter only on the state and on catchers and rules (one level down from
                // Catch and Choices), where they are transitions and labels.
                if skip_names && NOT_EVALUATED.contains(&m.key.as_str()) {
                    continue;
                }
                let nested_names = matches!(m.key.as_str(), "Catch" | "Choices") && skip_names;
                let p = ptr(pointer, &m.key);
                if nested_names {
                    if let Some(items) = m.value.as_array() {
                        for (i, item) in items.iter().enumerate() {
                            walk(cx, state, item, &ptr_index(&p, i), true);
                        }
                        continue;
                    }
                }
                walk(cx, state, &m.value, &p, false);
            }
        }
        _ => {}
    }
}

fn check_string(cx: &mut Checker, state: &str, node: &Node, text: &str, pointer: &str) {
    let Some(rest) = text.strip_prefix("{%") else {
        return;
    };
    let Some(expression) = rest.strip_suffix("%}") else {
        cx.at(
            codes::JSONATA_DELIMITERS,
            node,
            pointer,
            format!("this JSONata expression in \"{state}\" opens with {{% but does not close with %}}; end the string with %}} (or, for literal text, do not start it with {{%)"),
        );
        return;
    };
    if expression.trim().is_empty() {
        cx.at(
            codes::JSONATA_SYNTAX,
            node,
            pointer,
            format!("this JSONata expression in \"{state}\" is empty; write an expression between {{% and %}}"),
        );
        return;
    }
    if let Some((message, at)) = syntax_error(expression) {
        let place = at.map_or(String::new(), |at| format!(" (at character {})", at + 3));
        cx.at_char(
            codes::JSONATA_SYNTAX,
            node,
            at.map_or(0, |at| at + 2),
            pointer,
            format!("this JSONata expression in \"{state}\" does not compile: {message}{place}"),
        );
    }
}

/// The compile error of a JSONata expression, with its character position when known.
fn syntax_error(expression: &str) -> Option<(String, Option<usize>)> {
    match statecraft_jsonata::Expression::compile(expression) {
        Ok(_) => None,
        Err(err) => Some((err.message().to_owned(), err.position())),
    }
}

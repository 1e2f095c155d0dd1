//! Readable labels for Choice rules: `$.total > 100 and $.vip == true`, or a JSONata condition's text.

use crate::model::ComparisonOperator;
use crate::tree::{Node, NodeValue};

/// Labels longer than this many characters are cut with an ellipsis.
pub const LABEL_MAX_CHARS: usize = 48;

/// A readable label for a JSONPath Choice rule (And/Or/Not included), cut to [`LABEL_MAX_CHARS`].
pub fn choice_rule_label(rule: &Node) -> String {
    truncate(&rule_text(rule, false), LABEL_MAX_CHARS)
}

/// A readable label for a JSONata `Condition`: the expression without `{% %}`, cut to
/// [`LABEL_MAX_CHARS`].
pub fn jsonata_condition_label(condition: &Node) -> String {
    let text = match &condition.value {
        NodeValue::String(s) => strip_jsonata(s),
        NodeValue::Bool(b) => b.to_string(),
        _ => "condition".to_owned(),
    };
    truncate(&text, LABEL_MAX_CHARS)
}

/// A Choice rule's whole condition in words, not cut (And/Or/Not, JSONata conditions included):
/// what the Details panel and the review page say of each rule.
pub fn choice_rule_condition(rule: &Node) -> String {
    match rule.get("Condition") {
        Some(Node {
            value: NodeValue::String(s),
            ..
        }) => strip_jsonata(s),
        _ => rule_text(rule, false),
    }
}

/// The expression inside `{% %}`, white space collapsed; other text as it is.
pub(crate) fn strip_jsonata(text: &str) -> String {
    let trimmed = text.trim();
    let inner = trimmed
        .strip_prefix("{%")
        .and_then(|t| t.strip_suffix("%}"))
        .unwrap_or(trimmed);
    inner.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts `text` to at most `max` characters, ending with `…` when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('\u{2026}');
    out
}

fn rule_text(rule: &Node, nested: bool) -> String {
    if let Some(items) = rule.get("And").and_then(Node::as_array) {
        return join(items, " and ", nested);
    }
    if let Some(items) = rule.get("Or").and_then(Node::as_array) {
        return join(items, " or ", nested);
    }
    if let Some(inner) = rule.get("Not") {
        return format!("not ({})", rule_text(inner, false));
    }
    if let Some(condition) = rule.get("Condition") {
        return jsonata_condition_label(condition);
    }
    let variable = shorten_path(rule.get("Variable").and_then(Node::as_str).unwrap_or("?"));
    let variable = variable.as_str();
    let Some((op, operand)) = rule.as_object().and_then(|members| {
        members
            .iter()
            .find_map(|m| ComparisonOperator::parse(&m.key).map(|op| (op, &m.value)))
    }) else {
        return variable.to_owned();
    };
    comparison_text(variable, op, operand)
}

/// Paths longer than this many characters keep only their last segments, after `…`.
const PATH_MAX_CHARS: usize = 24;

/// `$.QueryExecution.Status.State` → `…Status.State`: the end of a long path says most.
fn shorten_path(path: &str) -> String {
    if path.chars().count() <= PATH_MAX_CHARS {
        return path.to_owned();
    }
    let mut kept = String::new();
    for segment in path.rsplit('.') {
        let candidate = if kept.is_empty() {
            segment.to_owned()
        } else {
            format!("{segment}.{kept}")
        };
        if candidate.chars().count() + 1 > PATH_MAX_CHARS && !kept.is_empty() {
            break;
        }
        kept = candidate;
    }
    format!("\u{2026}{}", truncate(&kept, PATH_MAX_CHARS))
}

fn join(items: &[Node], separator: &str, nested: bool) -> String {
    let parts: Vec<String> = items.iter().map(|r| rule_text(r, true)).collect();
    let text = parts.join(separator);
    if nested && parts.len() > 1 {
        format!("({text})")
    } else {
        text
    }
}

fn comparison_text(variable: &str, op: ComparisonOperator, operand: &Node) -> String {
    use ComparisonOperator as Op;
    let positive = operand.as_bool() != Some(false);
    let test = |yes: &str, no: &str| format!("{variable} {}", if positive { yes } else { no });
    let symbol = match op {
        Op::IsNull => return test("is null", "is not null"),
        Op::IsPresent => return test("is present", "is absent"),
        Op::IsNumeric => return test("is a number", "is not a number"),
        Op::IsString => return test("is a string", "is not a string"),
        Op::IsBoolean => return test("is a boolean", "is not a boolean"),
        Op::IsTimestamp => return test("is a timestamp", "is not a timestamp"),
        Op::StringMatches => "matches",
        _ => {
            let name = op.as_str().trim_end_matches("Path");
            if name.ends_with("LessThanEquals") {
                "<="
            } else if name.ends_with("GreaterThanEquals") {
                ">="
            } else if name.ends_with("LessThan") {
                "<"
            } else if name.ends_with("GreaterThan") {
                ">"
            } else {
                "=="
            }
        }
    };
    let value = match &operand.value {
        NodeValue::String(s) if op.is_path_form() => shorten_path(s),
        NodeValue::String(s) => format!("\"{s}\""),
        NodeValue::Number(n) => n.to_string(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Null => "null".to_owned(),
        _ => "…".to_owned(),
    };
    format!("{variable} {symbol} {value}")
}

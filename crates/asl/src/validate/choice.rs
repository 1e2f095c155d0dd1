//! Choice states: a non-empty Choices array; JSONPath rules with exactly one comparison (or And,
//! Or, Not) and operands of the operator's type; JSONata rules with a Condition; Next on top-level
//! rules only; Default.

use super::fields::{check_kind, suggestion, Kind};
use super::structure::{article, Edge};
use super::{codes, paths, placeholders, ptr, ptr_index, wait, Checker, StateCx};
use crate::expr::path::PathKind;
use crate::model::{ComparisonOperator, OperandKind};
use crate::tree::{Member, Node};

/// Checks a Choice state; the rules' Next and the Default are added to `edges`.
pub(crate) fn check(cx: &mut Checker, st: &StateCx, edges: &mut Vec<Edge>) {
    if let Some(m) = st.member("Default") {
        if let Some(target) = m.value.as_str() {
            edges.push(Edge {
                target: target.to_owned(),
                span: m.value.span,
                pointer: st.field_pointer("Default"),
                field: "Default",
            });
        }
    }
    let Some(choices) = st.member("Choices") else {
        cx.at(
            codes::FIELD_MISSING,
            st.node,
            &st.pointer,
            format!(
                "the Choice state \"{}\" has no Choices; add \"Choices\" with at least one rule",
                st.name
            ),
        );
        return;
    };
    let pointer = st.field_pointer("Choices");
    let Some(rules) = choices.value.as_array() else {
        return; // wrong type reported by `fields`
    };
    if rules.is_empty() {
        cx.at(
            codes::CHOICE_RULE_INVALID,
            &choices.value,
            &pointer,
            format!("Choices of \"{}\" is empty; add at least one rule", st.name),
        );
    }
    for (i, rule) in rules.iter().enumerate() {
        let p = ptr_index(&pointer, i);
        check_rule(cx, st, rule, &p, true);
        if let Some(m) = rule.member("Next") {
            if let Some(target) = m.value.as_str() {
                edges.push(Edge {
                    target: target.to_owned(),
                    span: m.value.span,
                    pointer: ptr(&p, "Next"),
                    field: "a Choices Next",
                });
            }
        }
    }
}

fn check_rule(cx: &mut Checker, st: &StateCx, rule: &Node, p: &str, top: bool) {
    let Some(members) = rule.as_object() else {
        cx.at(
            codes::CHOICE_RULE_INVALID,
            rule,
            p,
            format!(
                "a Choice rule must be an object, not {}",
                article(rule.type_name())
            ),
        );
        return;
    };
    if top && rule.member("Next").is_none() {
        cx.at(
            codes::CHOICE_RULE_INVALID,
            rule,
            p,
            format!(
                "this rule of \"{}\" has no Next; add \"Next\" with the state to run when it matches (a Choice rule cannot end the execution)",
                st.name
            ),
        );
    }
    if st.is_jsonata() {
        check_jsonata_rule(cx, st, rule, members, p, top);
    } else {
        check_jsonpath_rule(cx, st, rule, members, p, top);
    }
}

fn check_common(cx: &mut Checker, st: &StateCx, m: &Member, mp: &str, top: bool) -> bool {
    match m.key.as_str() {
        "Comment" => check_kind(cx, m, mp, Kind::Str, false),
        "Next" | "Assign" if !top => cx.at_key(
            codes::CHOICE_RULE_INVALID,
            m,
            mp,
            format!(
                "{} is allowed only on the top-level rules of Choices, not inside And, Or or Not",
                m.key
            ),
        ),
        "Next" => check_kind(cx, m, mp, Kind::Str, false),
        "Assign" => check_kind(cx, m, mp, Kind::Obj, st.is_jsonata()),
        _ => return false,
    }
    true
}

fn check_jsonata_rule(
    cx: &mut Checker,
    st: &StateCx,
    rule: &Node,
    members: &[Member],
    p: &str,
    top: bool,
) {
    for m in members {
        let mp = ptr(p, &m.key);
        if check_common(cx, st, m, mp.as_str(), top) {
            continue;
        }
        match m.key.as_str() {
            "Condition" => {
                let ok = m.value.as_bool().is_some()
                    || m.value.as_str().is_some()
                    || placeholders::is_whole_node(&m.value);
                if !ok {
                    cx.at(
                        codes::WRONG_TYPE,
                        &m.value,
                        &mp,
                        "Condition must be a JSONata expression \"{% ... %}\" (or true/false)",
                    );
                }
            }
            "Output" => {}
            key if key == "Variable"
                || key == "And"
                || key == "Or"
                || key == "Not"
                || ComparisonOperator::parse(key).is_some() =>
            {
                cx.at_key(
                    codes::FIELD_WRONG_LANGUAGE,
                    m,
                    &mp,
                    format!(
                        "{key} belongs to JSONPath Choice rules, but \"{}\" uses JSONata; write the test as \"Condition\": \"{{% ... %}}\"",
                        st.name
                    ),
                );
            }
            _ => unknown(
                cx,
                m,
                &mp,
                &["Condition", "Next", "Assign", "Output", "Comment"],
            ),
        }
    }
    if top && rule.member("Condition").is_none() {
        cx.at(
            codes::CHOICE_RULE_INVALID,
            rule,
            p,
            format!(
                "this rule of \"{}\" has no Condition; add \"Condition\": \"{{% ... %}}\"",
                st.name
            ),
        );
    }
}

fn check_jsonpath_rule(
    cx: &mut Checker,
    st: &StateCx,
    rule: &Node,
    members: &[Member],
    p: &str,
    top: bool,
) {
    let mut tests: Vec<&Member> = Vec::new();
    for m in members {
        let mp = ptr(p, &m.key);
        if check_common(cx, st, m, &mp, top) {
            continue;
        }
        match m.key.as_str() {
            "Variable" => {
                if m.value.as_str().is_some() {
                    paths::check_path_node(cx, st.name, &m.value, &mp, "Variable", PathKind::Path);
                } else {
                    check_kind(cx, m, &mp, Kind::Str, false);
                }
            }
            "And" | "Or" => {
                tests.push(m);
                match m.value.as_array() {
                    Some(items) if !items.is_empty() => {
                        for (j, item) in items.iter().enumerate() {
                            check_rule(cx, st, item, &ptr_index(&mp, j), false);
                        }
                    }
                    _ => cx.at(
                        codes::CHOICE_RULE_INVALID,
                        &m.value,
                        &mp,
                        format!("{} must be a non-empty array of rules", m.key),
                    ),
                }
            }
            "Not" => {
                tests.push(m);
                check_rule(cx, st, &m.value, &mp, false);
            }
            "Condition" | "Output" => cx.at_key(
                codes::FIELD_WRONG_LANGUAGE,
                m,
                &mp,
                format!(
                    "{} belongs to JSONata Choice rules, but \"{}\" uses JSONPath; use Variable with a comparison such as StringEquals, or set \"QueryLanguage\": \"JSONata\"",
                    m.key, st.name
                ),
            ),
            key => match ComparisonOperator::parse(key) {
                Some(op) => {
                    tests.push(m);
                    check_operand(cx, st, op, m, &mp);
                }
                None => unknown(
                    cx,
                    m,
                    &mp,
                    &["Variable", "a comparison operator such as StringEquals", "And", "Or", "Not", "Next", "Assign", "Comment"],
                ),
            },
        }
    }
    let has_variable = rule.member("Variable").is_some();
    match tests.as_slice() {
        [] => cx.at(
            codes::CHOICE_RULE_INVALID,
            rule,
            p,
            format!(
                "this rule of \"{}\" tests nothing; give it a Variable and one comparison (such as \"NumericEquals\": 1), or And, Or or Not",
                st.name
            ),
        ),
        [only] => {
            let is_comparison = ComparisonOperator::parse(&only.key).is_some();
            if is_comparison && !has_variable {
                cx.at(
                    codes::CHOICE_RULE_INVALID,
                    rule,
                    p,
                    format!(
                        "this rule of \"{}\" uses {} but has no Variable; add \"Variable\" with the path of the value to compare",
                        st.name, only.key
                    ),
                );
            }
            if !is_comparison {
                if let Some(v) = rule.member("Variable") {
                    cx.at_key(
                        codes::CHOICE_RULE_INVALID,
                        v,
                        &ptr(p, "Variable"),
                        format!(
                            "a rule with {} cannot also have a Variable; move the comparison into the {} rules",
                            only.key, only.key
                        ),
                    );
                }
            }
        }
        [_, rest @ ..] => {
            for m in rest {
                cx.at_key(
                    codes::CHOICE_RULE_INVALID,
                    m,
                    &ptr(p, &m.key),
                    format!(
                        "a Choice rule holds exactly one comparison (or And, Or, Not), but this one also has {}; combine several tests with And or Or",
                        m.key
                    ),
                );
            }
        }
    }
}

fn check_operand(cx: &mut Checker, st: &StateCx, op: ComparisonOperator, m: &Member, p: &str) {
    let value = &m.value;
    if placeholders::is_whole_node(value) {
        return;
    }
    let ok = match op.operand_kind() {
        OperandKind::Path => {
            if value.as_str().is_some() {
                paths::check_path_node(cx, st.name, value, p, op.as_str(), PathKind::Reference);
                return;
            }
            false
        }
        OperandKind::String => value.as_str().is_some(),
        OperandKind::Number => value.as_number().is_some(),
        OperandKind::Boolean => value.as_bool().is_some(),
        OperandKind::Timestamp => match value.as_str() {
            Some(text) if wait::is_timestamp(text) || placeholders::contains(text) => true,
            Some(text) => {
                cx.at(
                    codes::TIMESTAMP_INVALID,
                    value,
                    p,
                    format!(
                        "{} compares against a timestamp, and \"{text}\" is not one AWS accepts; write an RFC 3339 date-time such as \"2024-01-31T23:59:00Z\"",
                        op.as_str()
                    ),
                );
                return;
            }
            None => false,
        },
    };
    if !ok {
        let wanted = match op.operand_kind() {
            OperandKind::Path => "a reference path string such as \"$.other\"",
            OperandKind::String => "a string",
            OperandKind::Number => "a number",
            OperandKind::Boolean => "true or false",
            OperandKind::Timestamp => "a timestamp string",
        };
        cx.at(
            codes::CHOICE_OPERAND_INVALID,
            value,
            p,
            format!(
                "{} takes {wanted}, not {}",
                op.as_str(),
                article(value.type_name())
            ),
        );
    }
}

fn unknown(cx: &mut Checker, m: &Member, p: &str, known: &[&str]) {
    let operators = ComparisonOperator::ALL.iter().map(|o| o.as_str());
    let hint = suggestion(&m.key, operators.chain(known.iter().copied()));
    cx.at_key(
        codes::FIELD_UNKNOWN,
        m,
        p,
        format!(
            "\"{}\" is not a field of a Choice rule{hint}; a rule has {}",
            m.key,
            known.join(", ")
        ),
    );
}

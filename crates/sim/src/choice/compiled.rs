//! Choice rules read once: paths parsed and operators found when the plan is made, so a Choice
//! state in a loop does not re-read its rules on every visit (reading them was over a third of a
//! Pass/Choice loop's time).
//!
//! A malformed rule is not refused here: it keeps the error it gives and raises it at the point
//! of the evaluation where reading the rule afresh would, so an earlier rule that matches still
//! wins and a missing `Variable` is still reported before a bad operand.

use serde_json::Value;
use statecraft_asl::expr::path::{parse_path, Path, PathKind};

use super::{
    bad_rule, check_literal, compare, list, missing_path, parse_timestamp, string_matches,
    Operator, Test,
};
use crate::jsonpath::{self, Env, EvalError};

/// A JSONPath Choice rule (a top-level rule or a nested one), ready to evaluate many times.
#[derive(Debug, Clone)]
pub struct CompiledRule(Node);

#[derive(Debug, Clone)]
enum Node {
    /// A rule that fails when evaluated.
    Invalid(EvalError),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Leaf(Box<Leaf>),
}

/// A comparison or a type test of the value at `Variable`.
#[derive(Debug, Clone)]
struct Leaf {
    /// The path as written, for error causes.
    variable: String,
    path: Path,
    operator: Operator,
    operand: Operand,
}

/// The right side of a leaf, checked against its operator.
#[derive(Debug, Clone)]
enum Operand {
    /// The expected answer of an `Is*` test.
    Test(bool),
    /// A `StringMatches` pattern.
    Pattern(String),
    /// A literal of the operator's kind.
    Literal(Value),
    /// A `*Path` operand: the path as written and the path parsed (or why it does not parse).
    Path {
        text: String,
        path: Result<Path, EvalError>,
    },
    /// An operand that does not suit the operator; raised after the `Variable` is read.
    Invalid(EvalError),
}

impl CompiledRule {
    /// Reads a rule as it appears in a definition.
    pub fn compile(rule: &Value) -> CompiledRule {
        CompiledRule(node(rule))
    }

    /// Evaluates the rule against `env`: the same answer, or the same error, as
    /// [`super::evaluate_rule`] on the rule's JSON.
    pub fn evaluate(&self, env: &Env<'_>) -> Result<bool, EvalError> {
        evaluate(&self.0, env)
    }
}

fn node(rule: &Value) -> Node {
    let Value::Object(map) = rule else {
        return Node::Invalid(bad_rule("a Choice rule must be an object"));
    };
    if let Some(rules) = map.get("And") {
        return match list(rules, "And") {
            Ok(rules) => Node::And(rules.iter().map(node).collect()),
            Err(error) => Node::Invalid(error),
        };
    }
    if let Some(rules) = map.get("Or") {
        return match list(rules, "Or") {
            Ok(rules) => Node::Or(rules.iter().map(node).collect()),
            Err(error) => Node::Invalid(error),
        };
    }
    if let Some(inner) = map.get("Not") {
        return Node::Not(Box::new(node(inner)));
    }
    let Some(Value::String(variable)) = map.get("Variable") else {
        return Node::Invalid(bad_rule(
            "a Choice rule needs 'And', 'Or', 'Not' or a string 'Variable'",
        ));
    };
    let Some((operator, operand)) = map
        .iter()
        .find_map(|(key, value)| Operator::from_name(key).map(|op| (op, value)))
    else {
        return Node::Invalid(bad_rule("the Choice rule has no comparison operator"));
    };
    let path = match parse_path(variable, PathKind::Path) {
        Ok(path) => path,
        Err(e) => {
            return Node::Invalid(EvalError::runtime(format!(
                "Invalid path '{variable}' : {}",
                e.message
            )))
        }
    };
    Node::Leaf(Box::new(Leaf {
        variable: variable.clone(),
        path,
        operator,
        operand: operand_of(operator, operand),
    }))
}

fn operand_of(operator: Operator, operand: &Value) -> Operand {
    match operator {
        Operator::Test(_) => match operand {
            Value::Bool(expected) => Operand::Test(*expected),
            _ => Operand::Invalid(bad_rule("the value of an Is* operator must be a boolean")),
        },
        Operator::Matches => match operand {
            Value::String(pattern) => Operand::Pattern(pattern.clone()),
            _ => Operand::Invalid(bad_rule("StringMatches needs a string pattern")),
        },
        Operator::Compare { path: true, .. } => match operand {
            Value::String(text) => Operand::Path {
                text: text.clone(),
                path: parse_path(text, PathKind::Path).map_err(|e| {
                    EvalError::runtime(format!("Invalid path '{text}' : {}", e.message))
                }),
            },
            _ => Operand::Invalid(bad_rule("a *Path operator needs a string path")),
        },
        Operator::Compare { kind, .. } => match check_literal(kind, operand) {
            Ok(()) => Operand::Literal(operand.clone()),
            Err(error) => Operand::Invalid(error),
        },
    }
}

fn evaluate(node: &Node, env: &Env<'_>) -> Result<bool, EvalError> {
    match node {
        Node::Invalid(error) => Err(error.clone()),
        Node::And(rules) => {
            for inner in rules {
                if !evaluate(inner, env)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Node::Or(rules) => {
            for inner in rules {
                if evaluate(inner, env)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Node::Not(inner) => Ok(!evaluate(inner, env)?),
        Node::Leaf(leaf) => leaf.evaluate(env),
    }
}

impl Leaf {
    fn evaluate(&self, env: &Env<'_>) -> Result<bool, EvalError> {
        // Borrowed: a rule only reads the value (`IsPresent` on a large array copied it all).
        let value = match jsonpath::select_borrowed(&self.path, env) {
            Ok(value) => Some(value),
            Err(_) if self.operator == Operator::Test(Test::IsPresent) => None,
            Err(_) => return Err(missing_path(&self.variable)),
        };
        match (self.operator, &self.operand) {
            (_, Operand::Invalid(error)) => Err(error.clone()),
            (Operator::Test(test), Operand::Test(expected)) => {
                let actual = match (test, &value) {
                    (Test::IsPresent, v) => v.is_some(),
                    (_, None) => false,
                    (Test::IsNull, Some(v)) => v.is_null(),
                    (Test::IsNumeric, Some(v)) => v.is_number(),
                    (Test::IsString, Some(v)) => v.is_string(),
                    (Test::IsBoolean, Some(v)) => v.is_boolean(),
                    (Test::IsTimestamp, Some(v)) => v.as_str().and_then(parse_timestamp).is_some(),
                };
                Ok(actual == *expected)
            }
            (Operator::Matches, Operand::Pattern(pattern)) => Ok(value
                .as_deref()
                .and_then(Value::as_str)
                .is_some_and(|text| string_matches(text, pattern))),
            (Operator::Compare { kind, cmp, .. }, operand) => {
                let selected;
                let right = match operand {
                    Operand::Literal(literal) => literal,
                    Operand::Path { text, path } => {
                        let path = path.as_ref().map_err(Clone::clone)?;
                        selected =
                            jsonpath::select_borrowed(path, env).map_err(|_| missing_path(text))?;
                        &*selected
                    }
                    _ => return Err(bad_rule("the operand does not suit the operator")),
                };
                let Some(left) = value else {
                    return Ok(false);
                };
                Ok(compare(kind, &left, right).is_some_and(|ordering| cmp.accepts(ordering)))
            }
            _ => Err(bad_rule("the operand does not suit the operator")),
        }
    }
}

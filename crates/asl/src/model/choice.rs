//! Choice rules: JSONPath comparisons (with And/Or/Not) and JSONata conditions.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One rule of a Choice state, or a nested rule inside And/Or/Not.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChoiceRule {
    /// JSONPath: the path of the value compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
    /// JSONata: a boolean expression in `{% %}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Value>,
    /// All of these rules must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub and: Option<Vec<ChoiceRule>>,
    /// Any of these rules must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub or: Option<Vec<ChoiceRule>>,
    /// This rule must not match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<ChoiceRule>>,
    /// The state to run when the rule matches (top-level rules only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Variables to set when the rule matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign: Option<Map<String, Value>>,
    /// JSONata: the output when the rule matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// Free text for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The comparison operator and its operand, plus any field the specification does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ChoiceRule {
    /// The comparison of a JSONPath rule: its operator and operand (`None` for And/Or/Not or
    /// JSONata rules). With several operators (invalid), the first in document order.
    pub fn comparison(&self) -> Option<(ComparisonOperator, &Value)> {
        self.extra
            .iter()
            .find_map(|(key, value)| ComparisonOperator::parse(key).map(|op| (op, value)))
    }
}

macro_rules! operators {
    ($($name:ident),* $(,)?) => {
        /// A JSONPath Choice comparison operator.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)]
        pub enum ComparisonOperator { $($name),* }

        impl ComparisonOperator {
            /// Every operator, in the specification's order.
            pub const ALL: &'static [ComparisonOperator] = &[$(ComparisonOperator::$name),*];

            /// The field name of the operator.
            pub fn as_str(self) -> &'static str {
                match self { $(ComparisonOperator::$name => stringify!($name)),* }
            }

            /// The operator a field name names.
            pub fn parse(name: &str) -> Option<ComparisonOperator> {
                match name { $(stringify!($name) => Some(ComparisonOperator::$name),)* _ => None }
            }
        }
    };
}

operators!(
    StringEquals,
    StringEqualsPath,
    StringLessThan,
    StringLessThanPath,
    StringGreaterThan,
    StringGreaterThanPath,
    StringLessThanEquals,
    StringLessThanEqualsPath,
    StringGreaterThanEquals,
    StringGreaterThanEqualsPath,
    StringMatches,
    NumericEquals,
    NumericEqualsPath,
    NumericLessThan,
    NumericLessThanPath,
    NumericGreaterThan,
    NumericGreaterThanPath,
    NumericLessThanEquals,
    NumericLessThanEqualsPath,
    NumericGreaterThanEquals,
    NumericGreaterThanEqualsPath,
    BooleanEquals,
    BooleanEqualsPath,
    TimestampEquals,
    TimestampEqualsPath,
    TimestampLessThan,
    TimestampLessThanPath,
    TimestampGreaterThan,
    TimestampGreaterThanPath,
    TimestampLessThanEquals,
    TimestampLessThanEqualsPath,
    TimestampGreaterThanEquals,
    TimestampGreaterThanEqualsPath,
    IsNull,
    IsPresent,
    IsNumeric,
    IsString,
    IsBoolean,
    IsTimestamp,
);

/// What kind of operand an operator takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperandKind {
    /// A string literal.
    String,
    /// A number literal.
    Number,
    /// A boolean literal.
    Boolean,
    /// An ISO-8601 timestamp string.
    Timestamp,
    /// A reference path to the value compared against.
    Path,
}

impl ComparisonOperator {
    /// True for the `*Path` forms, whose operand is a path to the other value.
    pub fn is_path_form(self) -> bool {
        self.as_str().ends_with("Path")
    }

    /// The operand type the operator expects.
    pub fn operand_kind(self) -> OperandKind {
        let name = self.as_str();
        if self.is_path_form() {
            OperandKind::Path
        } else if name.starts_with("String") {
            OperandKind::String
        } else if name.starts_with("Numeric") {
            OperandKind::Number
        } else if name.starts_with("Timestamp") {
            OperandKind::Timestamp
        } else {
            OperandKind::Boolean
        }
    }
}

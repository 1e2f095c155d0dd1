//! Which fields each state type allows in each query language, and the JSON types of their values;
//! the fields allowed beside StartAt and States; QueryLanguage; duplicate keys anywhere.

use super::structure::{article, ScopeKind};
use super::{codes, placeholders, pointer_of, ptr, Checker, Seg, StateCx};
use crate::model::{QueryLanguage, StateType};
use crate::tree::{Member, Node, NodeValue};

/// Bit set of state types.
type Types = u8;
const PASS: Types = 1;
const TASK: Types = 2;
const CHOICE: Types = 4;
const WAIT: Types = 8;
const SUCCEED: Types = 16;
const FAIL: Types = 32;
const PARALLEL: Types = 64;
const MAP: Types = 128;
const ALL: Types = 255;
const NOT_FAIL: Types = ALL & !FAIL;
const FLOWING: Types = PASS | TASK | WAIT | PARALLEL | MAP;
const WORKING: Types = TASK | PARALLEL | MAP;

fn bit(ty: StateType) -> Types {
    match ty {
        StateType::Pass => PASS,
        StateType::Task => TASK,
        StateType::Choice => CHOICE,
        StateType::Wait => WAIT,
        StateType::Succeed => SUCCEED,
        StateType::Fail => FAIL,
        StateType::Parallel => PARALLEL,
        StateType::Map => MAP,
    }
}

/// Which query language a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    /// Both languages.
    Both,
    /// JSONPath only.
    Path,
    /// JSONata only.
    Ata,
}

/// The JSON type a field's value must have.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    /// Any JSON value.
    Any,
    /// A string.
    Str,
    /// A boolean.
    Bool,
    /// An object.
    Obj,
    /// An array.
    Arr,
    /// A string, or null (InputPath, OutputPath, ResultPath).
    PathOrNull,
    /// An integer in `min..=max` (or, in JSONata, an expression).
    Int { min: i64, max: i64 },
    /// A number in `min..=max` (or, in JSONata, an expression).
    Num { min: f64, max: f64 },
    /// An array, or (JSONata) an expression yielding one.
    ArrOrExpr,
}

/// AWS's largest number of seconds for timeouts, heartbeats and waits.
pub(crate) const MAX_SECONDS: i64 = 99_999_999;

/// One row of the table: a field, the state types that allow it, its language, its value type.
struct FieldRule {
    name: &'static str,
    types: Types,
    lang: Lang,
    kind: Kind,
}

const fn rule(name: &'static str, types: Types, lang: Lang, kind: Kind) -> FieldRule {
    FieldRule {
        name,
        types,
        lang,
        kind,
    }
}

/// Every state field of the Amazon States Language (both query languages), per AWS's state-type
/// field tables.
const STATE_FIELDS: &[FieldRule] = &[
    rule("Type", ALL, Lang::Both, Kind::Str),
    rule("Comment", ALL, Lang::Both, Kind::Str),
    rule("QueryLanguage", ALL, Lang::Both, Kind::Str),
    rule("Next", FLOWING, Lang::Both, Kind::Str),
    rule("End", FLOWING, Lang::Both, Kind::Bool),
    rule("InputPath", NOT_FAIL, Lang::Path, Kind::PathOrNull),
    rule("OutputPath", NOT_FAIL, Lang::Path, Kind::PathOrNull),
    rule("Output", NOT_FAIL, Lang::Ata, Kind::Any),
    rule("Assign", ALL & !(SUCCEED | FAIL), Lang::Both, Kind::Obj),
    rule("Parameters", PASS | WORKING, Lang::Path, Kind::Any),
    rule("Arguments", TASK | PARALLEL, Lang::Ata, Kind::Any),
    rule("Result", PASS, Lang::Path, Kind::Any),
    rule("ResultPath", PASS | WORKING, Lang::Path, Kind::PathOrNull),
    rule("ResultSelector", WORKING, Lang::Path, Kind::Obj),
    rule("Retry", WORKING, Lang::Both, Kind::Arr),
    rule("Catch", WORKING, Lang::Both, Kind::Arr),
    rule("Resource", TASK, Lang::Both, Kind::Str),
    rule("Credentials", TASK, Lang::Both, Kind::Obj),
    rule(
        "TimeoutSeconds",
        TASK,
        Lang::Both,
        Kind::Int {
            min: 1,
            max: MAX_SECONDS,
        },
    ),
    rule("TimeoutSecondsPath", TASK, Lang::Path, Kind::Str),
    rule(
        "HeartbeatSeconds",
        TASK,
        Lang::Both,
        Kind::Int {
            min: 1,
            max: MAX_SECONDS,
        },
    ),
    rule("HeartbeatSecondsPath", TASK, Lang::Path, Kind::Str),
    rule("Choices", CHOICE, Lang::Both, Kind::Arr),
    rule("Default", CHOICE, Lang::Both, Kind::Str),
    rule(
        "Seconds",
        WAIT,
        Lang::Both,
        Kind::Int {
            min: 0,
            max: MAX_SECONDS,
        },
    ),
    rule("Timestamp", WAIT, Lang::Both, Kind::Str),
    rule("SecondsPath", WAIT, Lang::Path, Kind::Str),
    rule("TimestampPath", WAIT, Lang::Path, Kind::Str),
    rule("Error", FAIL, Lang::Both, Kind::Str),
    rule("Cause", FAIL, Lang::Both, Kind::Str),
    rule("ErrorPath", FAIL, Lang::Path, Kind::Str),
    rule("CausePath", FAIL, Lang::Path, Kind::Str),
    rule("Branches", PARALLEL, Lang::Both, Kind::Arr),
    rule("ItemProcessor", MAP, Lang::Both, Kind::Obj),
    rule("Iterator", MAP, Lang::Both, Kind::Obj),
    rule("ItemsPath", MAP, Lang::Path, Kind::Str),
    rule("Items", MAP, Lang::Ata, Kind::ArrOrExpr),
    rule("ItemSelector", MAP, Lang::Both, Kind::Any),
    rule("ItemReader", MAP, Lang::Both, Kind::Obj),
    rule("ItemBatcher", MAP, Lang::Both, Kind::Obj),
    rule("ResultWriter", MAP, Lang::Both, Kind::Obj),
    rule(
        "MaxConcurrency",
        MAP,
        Lang::Both,
        Kind::Int {
            min: 0,
            max: i64::MAX,
        },
    ),
    rule("MaxConcurrencyPath", MAP, Lang::Path, Kind::Str),
    rule(
        "ToleratedFailureCount",
        MAP,
        Lang::Both,
        Kind::Int {
            min: 0,
            max: i64::MAX,
        },
    ),
    rule("ToleratedFailureCountPath", MAP, Lang::Path, Kind::Str),
    rule(
        "ToleratedFailurePercentage",
        MAP,
        Lang::Both,
        Kind::Num {
            min: 0.0,
            max: 100.0,
        },
    ),
    rule("ToleratedFailurePercentagePath", MAP, Lang::Path, Kind::Str),
    rule("Label", MAP, Lang::Both, Kind::Str),
];

/// Pairs of fields of which a state may have at most one.
const EXCLUSIVE: &[(&str, &str)] = &[
    ("TimeoutSeconds", "TimeoutSecondsPath"),
    ("HeartbeatSeconds", "HeartbeatSecondsPath"),
    ("Error", "ErrorPath"),
    ("Cause", "CausePath"),
    ("MaxConcurrency", "MaxConcurrencyPath"),
    ("ToleratedFailureCount", "ToleratedFailureCountPath"),
    (
        "ToleratedFailurePercentage",
        "ToleratedFailurePercentagePath",
    ),
    ("Items", "ItemsPath"),
    ("ItemSelector", "Parameters"),
    ("ItemProcessor", "Iterator"),
];

/// Checks every field of a state: known, allowed for the type and language, of the right type.
pub(crate) fn check_state_fields(cx: &mut Checker, st: &StateCx) {
    let Some(members) = st.node.as_object() else {
        return;
    };
    for m in members {
        // Built only when something is reported: this loop runs for every field of every state.
        let pointer = || st.field_pointer(&m.key);
        let Some(rule) = STATE_FIELDS.iter().find(|r| r.name == m.key) else {
            let hint = suggestion(&m.key, STATE_FIELDS.iter().map(|r| r.name));
            cx.at_key(
                codes::FIELD_UNKNOWN,
                m,
                &pointer(),
                format!(
                    "\"{}\" is not a field of the Amazon States Language{hint}; AWS rejects unknown fields in a state",
                    m.key
                ),
            );
            continue;
        };
        if rule.name == "QueryLanguage" {
            continue; // read and checked with the state's language
        }
        if let Some(ty) = st.ty {
            if rule.types & bit(ty) == 0 {
                cx.at_key(
                    codes::FIELD_NOT_ALLOWED,
                    m,
                    &pointer(),
                    format!(
                        "a {ty} state cannot have {}; remove it from \"{}\"",
                        m.key, st.name
                    ),
                );
                continue;
            }
        }
        let wrong_language = match (rule.lang, st.lang) {
            (Lang::Path, QueryLanguage::JSONata) => Some(jsonata_replacement(rule.name)),
            (Lang::Ata, QueryLanguage::JSONPath) => Some(jsonpath_replacement(rule.name)),
            _ => None,
        };
        if let Some(instead) = wrong_language {
            let (this, other) = match st.lang {
                QueryLanguage::JSONata => ("JSONata", "JSONPath"),
                QueryLanguage::JSONPath => ("JSONPath", "JSONata"),
            };
            cx.at_key(
                codes::FIELD_WRONG_LANGUAGE,
                m,
                &pointer(),
                format!(
                    "{} is a {other} field, but \"{}\" uses {this}; {instead}",
                    m.key, st.name
                ),
            );
            continue;
        }
        if !plainly_fits(&m.value, rule.kind) {
            check_kind(cx, m, &pointer(), rule.kind, st.is_jsonata());
        }
    }
    for (a, b) in EXCLUSIVE {
        if let (Some(_), Some(second)) = (st.member(a), st.member(b)) {
            cx.at_key(
                codes::MUTUALLY_EXCLUSIVE,
                second,
                &st.field_pointer(b),
                format!(
                    "\"{}\" has both {a} and {b}; keep only one of them",
                    st.name
                ),
            );
        }
    }
}

/// What to write instead of a JSONPath field in a JSONata state.
fn jsonata_replacement(field: &str) -> String {
    let hint = match field {
        "InputPath" | "Parameters" => {
            "use Arguments (Task, Parallel) or a JSONata expression reading $states.input"
        }
        "ResultSelector" | "ResultPath" | "OutputPath" | "Result" => {
            "use Output (and Assign) with a JSONata expression such as \"{% $states.result %}\""
        }
        "ItemsPath" => "use Items with a JSONata expression such as \"{% $states.input.items %}\"",
        _ => "use the field without the Path suffix, with a JSONata expression",
    };
    format!("{hint}, or set \"QueryLanguage\": \"JSONPath\" on the state")
}

/// What to write instead of a JSONata field in a JSONPath state.
fn jsonpath_replacement(field: &str) -> String {
    let hint = match field {
        "Arguments" => "use Parameters",
        "Output" => "use OutputPath, ResultSelector or ResultPath",
        "Items" => "use ItemsPath",
        _ => "use the JSONPath form of the field",
    };
    format!("{hint}, or set \"QueryLanguage\": \"JSONata\" on the state")
}

/// True when a value obviously has the JSON type `kind` asks for (the common case, checked
/// without building a pointer).
fn plainly_fits(value: &Node, kind: Kind) -> bool {
    match kind {
        Kind::Any => true,
        Kind::Str => value.as_str().is_some(),
        Kind::Bool => value.as_bool().is_some(),
        Kind::Obj => value.as_object().is_some(),
        Kind::Arr | Kind::ArrOrExpr => value.as_array().is_some(),
        Kind::PathOrNull => value.as_str().is_some() || value.is_null(),
        Kind::Int { .. } | Kind::Num { .. } => false,
    }
}

/// Checks a value against the JSON type its field needs; numbers also against their range.
pub(crate) fn check_kind(cx: &mut Checker, m: &Member, pointer: &str, kind: Kind, jsonata: bool) {
    let value = &m.value;
    let expr = jsonata && value.as_str().is_some_and(|s| s.starts_with("{%"));
    if placeholders::is_whole_node(value) {
        return;
    }
    let ok = match kind {
        Kind::Any => true,
        Kind::Str => value.as_str().is_some(),
        Kind::Bool => value.as_bool().is_some(),
        Kind::Obj => value.as_object().is_some(),
        Kind::Arr => value.as_array().is_some(),
        Kind::PathOrNull => value.as_str().is_some() || value.is_null(),
        Kind::ArrOrExpr => value.as_array().is_some() || expr,
        Kind::Int { min, max } => {
            if expr {
                true
            } else {
                return check_integer(cx, m, pointer, min, max, jsonata);
            }
        }
        Kind::Num { min, max } => {
            if expr {
                true
            } else {
                return check_number(cx, m, pointer, min, max, jsonata);
            }
        }
    };
    if !ok {
        let wanted = match kind {
            Kind::Any => "any value",
            Kind::Str => "a string",
            Kind::Bool => "true or false",
            Kind::Obj => "an object",
            Kind::Arr => "an array",
            Kind::PathOrNull => "a string holding a path, or null",
            Kind::ArrOrExpr => "an array or a JSONata expression \"{% ... %}\"",
            Kind::Int { .. } | Kind::Num { .. } => "a number",
        };
        cx.at(
            codes::WRONG_TYPE,
            value,
            pointer,
            format!(
                "{} must be {wanted}, not {}",
                m.key,
                article(value.type_name())
            ),
        );
    }
}

fn expression_hint(jsonata: bool) -> &'static str {
    if jsonata {
        " or a JSONata expression \"{% ... %}\""
    } else {
        ""
    }
}

/// Checks an integer field's value and range.
pub(crate) fn check_integer(
    cx: &mut Checker,
    m: &Member,
    pointer: &str,
    min: i64,
    max: i64,
    jsonata: bool,
) {
    let value = &m.value;
    if placeholders::is_whole_node(value) {
        return;
    }
    let Some(n) = value.as_number() else {
        cx.at(
            codes::WRONG_TYPE,
            value,
            pointer,
            format!(
                "{} must be an integer{}, not {}",
                m.key,
                expression_hint(jsonata),
                article(value.type_name())
            ),
        );
        return;
    };
    let int = n
        .as_i64()
        .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64));
    match int {
        None => cx.at(
            codes::WRONG_TYPE,
            value,
            pointer,
            format!("{} must be a whole number, not {n}", m.key),
        ),
        Some(i) if i < min => cx.at(
            codes::VALUE_INVALID,
            value,
            pointer,
            format!("{} must be at least {min}, not {i}", m.key),
        ),
        Some(i) if i > max => cx.at(
            codes::NUMBER_TOO_LARGE,
            value,
            pointer,
            format!("{} can be at most {max}, not {i}", m.key),
        ),
        Some(_) => {}
    }
}

/// Checks a number field's value and range.
pub(crate) fn check_number(
    cx: &mut Checker,
    m: &Member,
    pointer: &str,
    min: f64,
    max: f64,
    jsonata: bool,
) {
    let value = &m.value;
    if placeholders::is_whole_node(value) {
        return;
    }
    match value.as_number().and_then(|n| n.as_f64()) {
        None => cx.at(
            codes::WRONG_TYPE,
            value,
            pointer,
            format!(
                "{} must be a number{}, not {}",
                m.key,
                expression_hint(jsonata),
                article(value.type_name())
            ),
        ),
        Some(f) if f < min || f > max => cx.at(
            codes::VALUE_INVALID,
            value,
            pointer,
            format!("{} must be between {min} and {max}, not {f}", m.key),
        ),
        Some(_) => {}
    }
}

/// Reads a QueryLanguage member (of a state or scope), reporting a bad value, and a JSONPath state
/// inside a state machine whose top level is JSONata (`top`; `None` when reading the top level).
pub(crate) fn query_language(
    cx: &mut Checker,
    node: &Node,
    pointer: &str,
    top: Option<QueryLanguage>,
) -> Option<QueryLanguage> {
    let m = node.member("QueryLanguage")?;
    let p = ptr(pointer, "QueryLanguage");
    let lang = match m.value.as_str() {
        Some("JSONPath") => QueryLanguage::JSONPath,
        Some("JSONata") => QueryLanguage::JSONata,
        _ => {
            cx.at(
                codes::QUERY_LANGUAGE_INVALID,
                &m.value,
                &p,
                "QueryLanguage must be \"JSONPath\" or \"JSONata\"",
            );
            return None;
        }
    };
    if top == Some(QueryLanguage::JSONata) && lang == QueryLanguage::JSONPath {
        cx.at(
            codes::QUERY_LANGUAGE_INVALID,
            &m.value,
            &p,
            "the state machine's QueryLanguage is JSONata, and a state cannot switch back to JSONPath; rewrite the state in JSONata, or make the top level JSONPath and opt in to JSONata state by state",
        );
    }
    Some(lang)
}

/// Checks the fields beside StartAt and States in a scope.
pub(crate) fn check_scope_fields(cx: &mut Checker, node: &Node, pointer: &str, kind: ScopeKind) {
    let Some(members) = node.as_object() else {
        return;
    };
    let allowed: &[&str] = match kind {
        ScopeKind::Top => &[
            "StartAt",
            "States",
            "Comment",
            "Version",
            "TimeoutSeconds",
            "QueryLanguage",
        ],
        ScopeKind::Branch => &["StartAt", "States", "Comment", "QueryLanguage"],
        // AWS accepts the legacy `Iterator` with the newer ProcessorConfig (the deprecated Map
        // fields "are still supported"; CDK's `Map.iterator()` writes that form).
        ScopeKind::Processor | ScopeKind::Iterator => &[
            "StartAt",
            "States",
            "Comment",
            "QueryLanguage",
            "ProcessorConfig",
        ],
    };
    for m in members {
        let p = ptr(pointer, &m.key);
        if !allowed.contains(&m.key.as_str()) {
            let where_ = match kind {
                ScopeKind::Top => "at the top level of a state machine",
                ScopeKind::Branch => "in a Parallel branch",
                ScopeKind::Processor => "in a Map ItemProcessor",
                ScopeKind::Iterator => "in a Map Iterator",
            };
            let is_state_field = STATE_FIELDS.iter().any(|r| r.name == m.key);
            let code = if is_state_field || m.key == "ProcessorConfig" {
                codes::FIELD_NOT_ALLOWED
            } else {
                codes::FIELD_UNKNOWN
            };
            cx.at_key(
                code,
                m,
                &p,
                format!(
                    "\"{}\" is not allowed {where_}{}; the fields there are {}",
                    m.key,
                    suggestion(&m.key, allowed.iter().copied()),
                    allowed.join(", ")
                ),
            );
            continue;
        }
        match m.key.as_str() {
            "Comment" => check_kind(cx, m, &p, Kind::Str, false),
            "Version"
                if m.value.as_str() != Some("1.0") && !placeholders::is_whole_node(&m.value) =>
            {
                cx.at(
                    codes::VALUE_INVALID,
                    &m.value,
                    &p,
                    "Version must be \"1.0\", the only version of the language",
                );
            }
            "TimeoutSeconds" => check_integer(cx, m, &p, 1, MAX_SECONDS, false),
            _ => {}
        }
    }
}

/// Reports every key that appears twice in the same object, anywhere in the tree.
pub(crate) fn check_duplicate_keys<'a>(cx: &mut Checker, node: &'a Node, path: &mut Vec<Seg<'a>>) {
    match &node.value {
        NodeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                check_duplicate_keys(cx, item, path);
                path.pop();
            }
        }
        NodeValue::Object(members) => {
            for (i, m) in members.iter().enumerate() {
                path.push(Seg::Key(&m.key));
                if members[..i].iter().any(|earlier| earlier.key == m.key) {
                    cx.at_key(
                        codes::DUPLICATE_KEY,
                        m,
                        &pointer_of(path),
                        format!(
                            "the key \"{}\" appears more than once in this object; AWS rejects duplicate keys: keep one",
                            m.key
                        ),
                    );
                }
                check_duplicate_keys(cx, &m.value, path);
                path.pop();
            }
        }
        _ => {}
    }
}

/// " (did you mean \"X\"?)" when a known name differs only in case, spaces or by a typo's prefix.
pub(crate) fn suggestion<'a>(key: &str, known: impl Iterator<Item = &'a str>) -> String {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let wanted = squash(key);
    for name in known {
        let have = squash(name);
        if have == wanted || (have.len() >= 6 && wanted.ends_with(&have)) {
            return format!(" (did you mean \"{name}\"?)");
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_case_space_and_prefix_typos() {
        let known = ["ErrorEquals", "InputPath"];
        assert!(suggestion("Error Equals", known.into_iter()).contains("ErrorEquals"));
        assert!(suggestion("bugInputPath", known.into_iter()).contains("InputPath"));
        assert_eq!(suggestion("Foo", known.into_iter()), "");
    }
}

//! Retry and Catch: the fields of retriers and catchers, ErrorEquals (States.ALL alone and last),
//! and the ranges of the back-off numbers. Which states may have them is in `fields`.

use super::fields::{check_integer, check_kind, suggestion, Kind};
use super::structure::{article, Edge};
use super::{codes, ptr, ptr_index, Checker, StateCx};
use crate::tree::{Member, Node};

/// AWS's largest IntervalSeconds, MaxAttempts and MaxDelaySeconds.
const MAX_RETRY_NUMBER: i64 = 99_999_999;

/// Checks the state's Retry and Catch arrays; catchers' Next names are added to `edges`.
pub(crate) fn check(cx: &mut Checker, st: &StateCx, edges: &mut Vec<Edge>) {
    if let Some(m) = st.member("Retry") {
        if let Some(items) = m.value.as_array() {
            check_list(cx, st, "Retry", items, &st.field_pointer("Retry"), edges);
        }
    }
    if let Some(m) = st.member("Catch") {
        if let Some(items) = m.value.as_array() {
            check_list(cx, st, "Catch", items, &st.field_pointer("Catch"), edges);
        }
    }
}

fn check_list(
    cx: &mut Checker,
    st: &StateCx,
    field: &'static str,
    items: &[Node],
    pointer: &str,
    edges: &mut Vec<Edge>,
) {
    let what = if field == "Retry" {
        "retrier"
    } else {
        "catcher"
    };
    for (i, item) in items.iter().enumerate() {
        let p = ptr_index(pointer, i);
        let Some(members) = item.as_object() else {
            cx.at(
                codes::WRONG_TYPE,
                item,
                &p,
                format!(
                    "each {what} in {field} must be an object with ErrorEquals, not {}",
                    article(item.type_name())
                ),
            );
            continue;
        };
        let has_all = check_error_equals(cx, st, item, &p, what);
        if has_all && i + 1 < items.len() {
            if let Some(m) = item.member("ErrorEquals") {
                cx.at(
                    codes::STATES_ALL_NOT_LAST,
                    &m.value,
                    &ptr(&p, "ErrorEquals"),
                    format!(
                        "the {what} with States.ALL must be the last one in the {field} of \"{}\"; move it to the end",
                        st.name
                    ),
                );
            }
        }
        for m in members {
            let mp = ptr(&p, &m.key);
            if field == "Retry" {
                check_retrier_field(cx, st, m, &mp);
            } else {
                check_catcher_field(cx, st, m, &mp, edges);
            }
        }
        if field == "Catch" && item.member("Next").is_none() {
            cx.at(
                codes::FIELD_MISSING,
                item,
                &p,
                format!(
                    "this catcher of \"{}\" has no Next; add \"Next\" with the state to run when it catches an error",
                    st.name
                ),
            );
        }
    }
}

/// Checks ErrorEquals; returns true when it holds States.ALL.
fn check_error_equals(cx: &mut Checker, st: &StateCx, item: &Node, p: &str, what: &str) -> bool {
    let Some(m) = item.member("ErrorEquals") else {
        cx.at(
            codes::ERROR_EQUALS_INVALID,
            item,
            p,
            format!(
                "this {what} of \"{}\" has no ErrorEquals; add \"ErrorEquals\" with the error names it handles, such as [\"States.ALL\"]",
                st.name
            ),
        );
        return false;
    };
    let ep = ptr(p, "ErrorEquals");
    let Some(names) = m.value.as_array() else {
        cx.at(
            codes::ERROR_EQUALS_INVALID,
            &m.value,
            &ep,
            format!(
                "ErrorEquals must be an array of error names, not {}",
                article(m.value.type_name())
            ),
        );
        return false;
    };
    if names.is_empty() {
        cx.at(
            codes::ERROR_EQUALS_INVALID,
            &m.value,
            &ep,
            "ErrorEquals must name at least one error",
        );
    }
    let mut has_all = false;
    for (j, name) in names.iter().enumerate() {
        match name.as_str() {
            Some("States.ALL") => has_all = true,
            Some(_) => {}
            None => cx.at(
                codes::ERROR_EQUALS_INVALID,
                name,
                &ptr_index(&ep, j),
                format!(
                    "error names in ErrorEquals are strings, not {}",
                    article(name.type_name())
                ),
            ),
        }
    }
    if has_all && names.len() > 1 {
        cx.at(
            codes::STATES_ALL_NOT_ALONE,
            &m.value,
            &ep,
            "States.ALL matches every error, so it must be the only name in its ErrorEquals; move the other names to an earlier retrier or catcher",
        );
    }
    has_all
}

const RETRIER_FIELDS: &[&str] = &[
    "ErrorEquals",
    "IntervalSeconds",
    "MaxAttempts",
    "BackoffRate",
    "MaxDelaySeconds",
    "JitterStrategy",
    "Comment",
];

fn check_retrier_field(cx: &mut Checker, st: &StateCx, m: &Member, p: &str) {
    match m.key.as_str() {
        "ErrorEquals" => {}
        "IntervalSeconds" => retry_int(cx, m, p, 1),
        "MaxAttempts" => retry_int(cx, m, p, 0),
        "MaxDelaySeconds" => retry_int(cx, m, p, 1),
        "BackoffRate" => match m.value.as_number().and_then(|n| n.as_f64()) {
            Some(rate) if rate < 1.0 => cx.at(
                codes::RETRY_VALUE_INVALID,
                &m.value,
                p,
                format!("BackoffRate must be at least 1.0 (the delay never shrinks), not {rate}"),
            ),
            Some(_) => {}
            None if super::placeholders::is_whole_node(&m.value) => {}
            None => cx.at(
                codes::WRONG_TYPE,
                &m.value,
                p,
                format!(
                    "BackoffRate must be a number of at least 1.0, not {}",
                    article(m.value.type_name())
                ),
            ),
        },
        "JitterStrategy" => {
            if !matches!(m.value.as_str(), Some("FULL" | "NONE"))
                && !super::placeholders::is_whole_node(&m.value)
            {
                cx.at(
                    codes::RETRY_VALUE_INVALID,
                    &m.value,
                    p,
                    "JitterStrategy must be \"FULL\" or \"NONE\"",
                );
            }
        }
        "Comment" => check_kind(cx, m, p, Kind::Str, false),
        _ => unknown(cx, st, m, p, "retrier", RETRIER_FIELDS),
    }
}

/// Range errors of retriers carry the Retry code rather than the generic one.
fn retag(cx: &mut Checker) {
    if let Some(last) = cx.found.last_mut() {
        if last.0 == codes::VALUE_INVALID || last.0 == codes::NUMBER_TOO_LARGE {
            last.0 = codes::RETRY_VALUE_INVALID;
        }
    }
}

fn retry_int(cx: &mut Checker, m: &Member, p: &str, min: i64) {
    let before = cx.found.len();
    check_integer(cx, m, p, min, MAX_RETRY_NUMBER, false);
    if cx.found.len() > before {
        retag(cx);
    }
}

const CATCHER_FIELDS: &[&str] = &[
    "ErrorEquals",
    "Next",
    "ResultPath",
    "Output",
    "Assign",
    "Comment",
];

fn check_catcher_field(cx: &mut Checker, st: &StateCx, m: &Member, p: &str, edges: &mut Vec<Edge>) {
    match m.key.as_str() {
        "ErrorEquals" => {}
        "Next" => match m.value.as_str() {
            Some(target) => edges.push(Edge {
                target: target.to_owned(),
                span: m.value.span,
                pointer: p.to_owned(),
                field: "a Catch Next",
            }),
            // Not a string: "Next must be a string, not ..." (a placeholder passes).
            None => check_kind(cx, m, p, Kind::Str, false),
        },
        "ResultPath" if st.is_jsonata() => cx.at_key(
            codes::FIELD_WRONG_LANGUAGE,
            m,
            p,
            format!(
                "ResultPath is a JSONPath field, but \"{}\" uses JSONata; use Output (and Assign) in the catcher, such as \"Output\": \"{{% $states.errorOutput %}}\"",
                st.name
            ),
        ),
        "ResultPath" => check_kind(cx, m, p, Kind::PathOrNull, false),
        "Output" if !st.is_jsonata() => cx.at_key(
            codes::FIELD_WRONG_LANGUAGE,
            m,
            p,
            format!(
                "Output is a JSONata field, but \"{}\" uses JSONPath; use ResultPath in the catcher",
                st.name
            ),
        ),
        "Output" => {}
        "Assign" => check_kind(cx, m, p, Kind::Obj, st.is_jsonata()),
        "Comment" => check_kind(cx, m, p, Kind::Str, false),
        _ => unknown(cx, st, m, p, "catcher", CATCHER_FIELDS),
    }
}

fn unknown(cx: &mut Checker, st: &StateCx, m: &Member, p: &str, what: &str, known: &[&str]) {
    cx.at_key(
        codes::FIELD_UNKNOWN,
        m,
        p,
        format!(
            "\"{}\" is not a field of a {what}{} (in \"{}\"); the fields are {}",
            m.key,
            suggestion(&m.key, known.iter().copied()),
            st.name,
            known.join(", ")
        ),
    );
}

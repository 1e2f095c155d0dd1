//! Checking a finished run against a test's expectations: each one that does not hold becomes a
//! [`Failure`] saying what was expected, what happened, and (for the states entered) the first
//! event where the run left the expected path.

use serde_json::Value;
use statecraft_asl::graph::Graph;
use statecraft_export::RunOverlay;
use statecraft_sim::{EventKind, Execution};

use super::spec::Expectations;

/// An expectation that does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Which expectation (`status`, `outputIncludes`, `retries.Charge`…): its key under
    /// `expect`, for its position in the test file.
    pub key: String,
    /// What was expected and what happened, in words.
    pub message: String,
    /// The event where the run left what was expected, when one can be named (its id).
    pub event: Option<u64>,
}

/// The states entered, in order, with the id of the event that entered each.
fn entered(execution: &Execution) -> Vec<(String, u64)> {
    execution
        .history()
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::StateEntered { name, .. } => Some((name.to_string(), event.id)),
            _ => None,
        })
        .collect()
}

/// Every expectation of `expect` that the run does not meet.
pub fn check(expect: &Expectations, execution: &Execution, graph: &Graph) -> Vec<Failure> {
    let mut failures = Vec::new();
    let mut fail_at = |key: &str, message: String, event: Option<u64>| {
        failures.push(Failure {
            key: key.to_owned(),
            message,
            event,
        })
    };
    let status = execution.status().as_str();
    if let Some(want) = &expect.status {
        if want != status {
            let why = match (execution.error(), execution.cause()) {
                (Some(error), Some(cause)) => format!(" ({error}: {cause})"),
                (Some(error), None) => format!(" ({error})"),
                _ => String::new(),
            };
            fail_at(
                "status",
                format!("expected {want}, got {status}{why}"),
                None,
            );
        }
    }
    for (key, want, got) in [
        ("error", &expect.error, execution.error()),
        ("cause", &expect.cause, execution.cause()),
    ] {
        if let Some(want) = want {
            if Some(want.as_str()) != got {
                fail_at(
                    key,
                    format!(
                        "expected {want:?}, got {}",
                        got.map_or("none".to_owned(), |g| format!("{g:?}"))
                    ),
                    None,
                );
            }
        }
    }
    let output = execution.output();
    if let Some(want) = &expect.output {
        if output != Some(want) {
            fail_at(
                "output",
                format!("expected {}, got {}", compact(Some(want)), compact(output)),
                None,
            );
        }
    }
    if let Some(want) = &expect.output_includes {
        if let Some(path) = missing(want, output.unwrap_or(&Value::Null), String::new()) {
            fail_at(
                "outputIncludes",
                format!(
                    "the output does not include {}: got {}",
                    if path.is_empty() {
                        "it".to_owned()
                    } else {
                        path
                    },
                    compact(output)
                ),
                None,
            );
        }
    }
    let entered = entered(execution);
    if let Some(want) = &expect.states {
        let got: Vec<&str> = entered.iter().map(|(n, _)| n.as_str()).collect();
        if got != want.iter().map(String::as_str).collect::<Vec<_>>() {
            let at = got
                .iter()
                .zip(want)
                .position(|(g, w)| *g != w.as_str())
                .unwrap_or(got.len().min(want.len()));
            let parted = match (entered.get(at), want.get(at)) {
                (Some((name, id)), Some(w)) => {
                    format!("at event {id} the run entered \"{name}\" where \"{w}\" was expected")
                }
                (Some((name, id)), None) => {
                    format!("at event {id} the run entered \"{name}\", after every expected state")
                }
                (None, Some(w)) => format!("the run ended before entering \"{w}\""),
                (None, None) => String::new(),
            };
            fail_at(
                "states",
                format!("{parted}; entered: {}", names(&got)),
                entered.get(at).map(|(_, id)| *id),
            );
        }
    }
    if !expect.passes_through.is_empty() {
        let mut at = 0;
        for (index, want) in expect.passes_through.iter().enumerate() {
            match entered[at..].iter().position(|(n, _)| n == want) {
                Some(found) => at += found + 1,
                None => {
                    let after = match index {
                        0 => String::new(),
                        _ => format!(" after \"{}\"", expect.passes_through[index - 1]),
                    };
                    let ever = entered.iter().any(|(n, _)| n == want);
                    fail_at(
                        "passesThrough",
                        format!(
                            "the run did not enter \"{want}\"{after}{}",
                            if ever && index > 0 {
                                " (it did before)"
                            } else {
                                ""
                            }
                        ),
                        None,
                    );
                    break;
                }
            }
        }
    }
    for never in &expect.never_enters {
        if let Some((_, id)) = entered.iter().find(|(n, _)| n == never) {
            fail_at(
                "neverEnters",
                format!("the run entered \"{never}\" at event {id}"),
                Some(*id),
            );
        }
    }
    if !expect.retries.is_empty() || !expect.failed_iterations.is_empty() {
        // The run as the canvas shows it: retries and Map iterations per state.
        let events: Vec<Value> = execution
            .history()
            .iter()
            .map(|e| e.to_aws_json_outline())
            .collect();
        let overlay = RunOverlay::from_value(graph, &serde_json::json!({ "events": events })).ok();
        let by_name = |name: &str| {
            graph
                .states()
                .filter(|n| n.name == name)
                .map(|n| n.id.clone())
                .collect::<Vec<_>>()
        };
        for (state, want) in &expect.retries {
            let got: u32 = by_name(state)
                .iter()
                .filter_map(|id| overlay.as_ref()?.retries.get(id).copied())
                .sum();
            if got != *want {
                fail_at(
                    &format!("retries/{state}"),
                    format!("expected \"{state}\" retried {want} times, it was {got}"),
                    None,
                );
            }
        }
        for (state, want) in &expect.failed_iterations {
            let got: u32 = by_name(state)
                .iter()
                .filter_map(|id| overlay.as_ref()?.iterations.get(id).map(|c| c.failed))
                .sum();
            if got != *want {
                fail_at(
                    &format!("failedIterations/{state}"),
                    format!("expected {want} failed iterations of \"{state}\", there were {got}"),
                    None,
                );
            }
        }
    }
    if !expect.variables.is_empty() {
        let variables = final_variables(execution);
        for (name, want) in &expect.variables {
            let got = variables.get(name);
            if got != Some(want) {
                fail_at(
                    &format!("variables/{name}"),
                    format!(
                        "expected ${name} = {}, got {}",
                        compact(Some(want)),
                        got.map_or("no such variable".to_owned(), |g| compact(Some(g)))
                    ),
                    None,
                );
            }
        }
    }
    failures
}

/// The workflow's top-level variables at the end: those of its last top-level state, with what
/// that state assigned.
fn final_variables(execution: &Execution) -> serde_json::Map<String, Value> {
    let Some(last) = execution
        .state_records()
        .iter()
        .rev()
        .find(|r| r.path.is_empty())
    else {
        return serde_json::Map::new();
    };
    let mut variables: serde_json::Map<String, Value> = last
        .variables
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (name, value) in &last.assigned {
        variables.insert(name.clone(), value.clone());
    }
    variables
}

/// Where `got` lacks something of `want` (a path such as `order.items[1]`), or `None` when
/// `got` includes it: objects member by member, arrays item by item (same length), the rest
/// exactly.
fn missing(want: &Value, got: &Value, path: String) -> Option<String> {
    match (want, got) {
        (Value::Object(want), Value::Object(got)) => want.iter().find_map(|(key, w)| {
            let here = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            match got.get(key) {
                Some(g) => missing(w, g, here),
                None => Some(format!("{here}: {}", compact(Some(w)))),
            }
        }),
        (Value::Array(want), Value::Array(got)) if want.len() == got.len() => want
            .iter()
            .zip(got)
            .enumerate()
            .find_map(|(i, (w, g))| missing(w, g, format!("{path}[{i}]"))),
        _ if want == got => None,
        _ => Some(if path.is_empty() {
            compact(Some(want))
        } else {
            format!("{path}: {}", compact(Some(want)))
        }),
    }
}

/// A value as compact JSON, cut at 200 characters.
fn compact(value: Option<&Value>) -> String {
    let Some(value) = value else {
        return "no output".to_owned();
    };
    let text = value.to_string();
    if text.chars().count() > 200 {
        format!("{}\u{2026}", text.chars().take(199).collect::<String>())
    } else {
        text
    }
}

fn names(list: &[&str]) -> String {
    if list.is_empty() {
        return "none".to_owned();
    }
    let shown: Vec<String> = list.iter().take(30).map(|n| format!("\"{n}\"")).collect();
    let more = if list.len() > 30 {
        format!(" and {} more", list.len() - 30)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_included_output_is_found_member_by_member() {
        let got = json!({"order": {"id": 7, "items": [1, 2]}, "extra": true});
        assert_eq!(
            missing(&json!({"order": {"id": 7}}), &got, String::new()),
            None
        );
        assert_eq!(
            missing(&json!({"order": {"id": 8}}), &got, String::new()),
            Some("order.id: 8".to_owned())
        );
        assert_eq!(
            missing(&json!({"order": {"items": [1, 3]}}), &got, String::new()),
            Some("order.items[1]: 3".to_owned())
        );
        assert_eq!(
            missing(&json!({"paid": true}), &got, String::new()),
            Some("paid: true".to_owned())
        );
    }
}

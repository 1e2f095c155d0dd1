//! A diff in plain words, one line per change: the same sentences in the CLI, the designer's
//! compare view and the review pages.

use serde_json::Value;

use super::{
    ChangeKind, Diff, FieldChange, StateChange, Target, TransitionChange, TransitionChangeKind, Via,
};

/// How many characters of a value [`describe_value`] shows before cutting it with "…".
const VALUE_MAX_CHARS: usize = 60;

/// A value as compact JSON (`3`, `"arn:aws:…"`, `{"ErrorEquals":["States.ALL"]}`), cut to
/// 60 characters with "…".
pub fn describe_value(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= VALUE_MAX_CHARS {
        return text;
    }
    let mut out: String = text.chars().take(VALUE_MAX_CHARS - 1).collect();
    out.push('\u{2026}');
    out
}

impl Diff {
    /// "3 states changed (1 added, 2 renamed), 2 transitions added, 1 removed, 1 machine field
    /// changed"; "2 states renamed" when all changed the same way; empty when nothing changed.
    pub fn count_line(&self) -> String {
        let plural =
            |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        let mut parts = Vec::new();
        let states = self.states.len();
        if states > 0 {
            let count = |kind: ChangeKind| self.states.iter().filter(|s| s.kind == kind).count();
            let kinds = [
                (ChangeKind::Added, "added"),
                (ChangeKind::Removed, "removed"),
                (ChangeKind::Renamed, "renamed"),
                (ChangeKind::Changed, "changed"),
            ];
            let present: Vec<(usize, &str)> = kinds
                .iter()
                .map(|&(kind, word)| (count(kind), word))
                .filter(|&(n, _)| n > 0)
                .collect();
            let states_word = plural(states, "state", "states");
            let part = match present.as_slice() {
                [(_, word)] => format!("{states} {states_word} {word}"),
                _ => {
                    let detail: Vec<String> = present
                        .iter()
                        .map(|(n, word)| format!("{n} {word}"))
                        .collect();
                    format!("{states} {states_word} changed ({})", detail.join(", "))
                }
            };
            parts.push(part);
        }
        let count =
            |kind: TransitionChangeKind| self.transitions.iter().filter(|t| t.kind == kind).count();
        let (added, removed) = (
            count(TransitionChangeKind::Added),
            count(TransitionChangeKind::Removed),
        );
        let transitions = |n: usize| plural(n, "transition", "transitions");
        match (added, removed) {
            (0, 0) => {}
            (a, 0) => parts.push(format!("{a} {} added", transitions(a))),
            (0, r) => parts.push(format!("{r} {} removed", transitions(r))),
            (a, r) => parts.push(format!("{a} {} added, {r} removed", transitions(a))),
        }
        let machine = self.machine.len();
        if machine > 0 {
            parts.push(format!(
                "{machine} machine {} changed",
                plural(machine, "field", "fields")
            ));
        }
        parts.join(", ")
    }
}

impl StateChange {
    /// One line saying what happened to the state: "Added Ask for approval (Task)", "Removed
    /// Notify (Task)", "Renamed Charge to Charge card", "Changed Charge payment".
    pub fn headline(&self) -> String {
        let name =
            |s: &Option<super::StateAt>| s.as_ref().map_or("", |s| s.name.as_str()).to_owned();
        let typed = |s: &Option<super::StateAt>| match s {
            Some(s) if !s.state_type.is_empty() => format!("{} ({})", s.name, s.state_type),
            Some(s) => s.name.clone(),
            None => String::new(),
        };
        match self.kind {
            ChangeKind::Added => format!("Added {}", typed(&self.new)),
            ChangeKind::Removed => format!("Removed {}", typed(&self.old)),
            ChangeKind::Renamed => format!("Renamed {} to {}", name(&self.old), name(&self.new)),
            ChangeKind::Changed => format!("Changed {}", name(&self.new)),
        }
    }
}

impl FieldChange {
    /// One line saying how the field changed: `Retry[0].MaxAttempts: 3 → 5`, `Catch[1] added:
    /// {…}`, `TimeoutSeconds removed (was 30)`.
    pub fn describe(&self) -> String {
        let path = if self.path.0.is_empty() {
            "The value".to_owned()
        } else {
            self.path.to_string()
        };
        match (&self.old, &self.new) {
            (Some(old), Some(new)) => format!(
                "{path}: {} \u{2192} {}",
                describe_value(old),
                describe_value(new)
            ),
            (None, Some(new)) => format!("{path} added: {}", describe_value(new)),
            (Some(old), None) => format!("{path} removed (was {})", describe_value(old)),
            (None, None) => format!("{path} changed"),
        }
    }
}

impl TransitionChange {
    /// One line saying which transition is new or gone: "New transition: Check amount → Ask
    /// for approval (Choice rule 2)", "Removed transition: Start → Validate", "New transition:
    /// Notify → End", with "(Default)" and "(catch)" for those.
    pub fn describe(&self) -> String {
        let what = match self.kind {
            TransitionChangeKind::Added => "New transition",
            TransitionChangeKind::Removed => "Removed transition",
        };
        let from = self.from.as_ref().map_or("Start", |s| s.name.as_str());
        let to = match &self.to {
            Target::State { name, .. } => name.as_str(),
            Target::End => "End",
        };
        let how = match &self.via {
            Via::Start | Via::Next | Via::End => String::new(),
            Via::Rule { index } => format!(" (Choice rule {})", index + 1),
            Via::Default => " (Default)".to_owned(),
            Via::Catch { .. } => " (catch)".to_owned(),
        };
        format!("{what}: {from} \u{2192} {to}{how}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::{FieldPath, PathSegment, StateAt};
    use super::*;
    use serde_json::json;

    fn at(name: &str, state_type: &str) -> StateAt {
        StateAt {
            pointer: format!("/States/{name}").into(),
            name: name.into(),
            scope: "".into(),
            state_type: state_type.into(),
        }
    }

    fn path(segments: &[PathSegment]) -> FieldPath {
        FieldPath(segments.to_vec())
    }

    fn key(k: &str) -> PathSegment {
        PathSegment::Key(k.into())
    }

    #[test]
    fn values_are_compact_json_cut_with_an_ellipsis() {
        assert_eq!(describe_value(&json!(3)), "3");
        assert_eq!(describe_value(&json!("a")), "\"a\"");
        assert_eq!(
            describe_value(&json!({"ErrorEquals": ["States.ALL"]})),
            "{\"ErrorEquals\":[\"States.ALL\"]}"
        );
        let long = describe_value(&json!("x".repeat(100)));
        assert_eq!(long.chars().count(), VALUE_MAX_CHARS);
        assert!(long.ends_with('\u{2026}'));
        assert!(long.starts_with("\"xxx"));
    }

    #[test]
    fn headlines() {
        let change = |kind, old: Option<StateAt>, new: Option<StateAt>| StateChange {
            kind,
            old,
            new,
            fields: Vec::new(),
        };
        assert_eq!(
            change(
                ChangeKind::Added,
                None,
                Some(at("Ask for approval", "Task"))
            )
            .headline(),
            "Added Ask for approval (Task)"
        );
        assert_eq!(
            change(ChangeKind::Removed, Some(at("Notify", "Task")), None).headline(),
            "Removed Notify (Task)"
        );
        assert_eq!(
            change(
                ChangeKind::Renamed,
                Some(at("Charge", "Task")),
                Some(at("Charge card", "Task"))
            )
            .headline(),
            "Renamed Charge to Charge card"
        );
        assert_eq!(
            change(
                ChangeKind::Changed,
                Some(at("Charge payment", "Task")),
                Some(at("Charge payment", "Task"))
            )
            .headline(),
            "Changed Charge payment"
        );
        assert_eq!(
            change(ChangeKind::Added, None, Some(at("X", ""))).headline(),
            "Added X"
        );
    }

    #[test]
    fn field_changes() {
        let retry = path(&[key("Retry"), PathSegment::Index(0), key("MaxAttempts")]);
        let c = FieldChange {
            path: retry,
            old: Some(json!(3)),
            new: Some(json!(5)),
        };
        assert_eq!(c.describe(), "Retry[0].MaxAttempts: 3 \u{2192} 5");
        let c = FieldChange {
            path: path(&[key("Catch"), PathSegment::Index(1)]),
            old: None,
            new: Some(json!({"ErrorEquals": ["States.ALL"]})),
        };
        assert_eq!(
            c.describe(),
            "Catch[1] added: {\"ErrorEquals\":[\"States.ALL\"]}"
        );
        let c = FieldChange {
            path: path(&[key("TimeoutSeconds")]),
            old: Some(json!(30)),
            new: None,
        };
        assert_eq!(c.describe(), "TimeoutSeconds removed (was 30)");
        let c = FieldChange {
            path: path(&[key("Parameters"), key("a.b")]),
            old: Some(json!(1)),
            new: Some(json!(2)),
        };
        assert_eq!(c.describe(), "Parameters[\"a.b\"]: 1 \u{2192} 2");
    }

    #[test]
    fn transitions() {
        let t = |kind, from: Option<StateAt>, via, to: Option<&str>| TransitionChange {
            kind,
            scope: "".into(),
            from,
            via,
            to: match to {
                Some(name) => Target::State {
                    pointer: format!("/States/{name}").into(),
                    name: name.into(),
                },
                None => Target::End,
            },
        };
        use TransitionChangeKind::{Added, Removed};
        assert_eq!(
            t(
                Added,
                Some(at("Check amount", "Choice")),
                Via::Rule { index: 1 },
                Some("Ask for approval")
            )
            .describe(),
            "New transition: Check amount \u{2192} Ask for approval (Choice rule 2)"
        );
        assert_eq!(
            t(Removed, None, Via::Start, Some("Validate")).describe(),
            "Removed transition: Start \u{2192} Validate"
        );
        assert_eq!(
            t(Added, Some(at("C", "Choice")), Via::Default, Some("D")).describe(),
            "New transition: C \u{2192} D (Default)"
        );
        assert_eq!(
            t(
                Added,
                Some(at("T", "Task")),
                Via::Catch { index: 0 },
                Some("F")
            )
            .describe(),
            "New transition: T \u{2192} F (catch)"
        );
        assert_eq!(
            t(Removed, Some(at("T", "Task")), Via::End, None).describe(),
            "Removed transition: T \u{2192} End"
        );
        assert_eq!(
            t(Added, Some(at("T", "Task")), Via::Next, Some("U")).describe(),
            "New transition: T \u{2192} U"
        );
    }
}

//! `statecraft run --callback`: answers to waiting tasks, given on the command line.
//!
//! `STATE=success:JSON` or `STATE=failure:ERROR[:CAUSE]`. A state name may hold `=`: the name ends
//! at the `=` just before the first `success:` or `failure:`, or the name can be written as a JSON
//! string (`"a=b"=success:{}`). An answer for a state the definition does not have is an error;
//! an answer that was never used is a warning after the run.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use anyhow::{bail, Context};
use serde_json::Value;

/// One answer to a waiting task.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// `SendTaskSuccess` with this output.
    Success(Value),
    /// `SendTaskFailure` with this error and cause.
    Failure {
        /// The error name.
        error: String,
        /// The cause, when given.
        cause: Option<String>,
    },
}

const USAGE: &str = "expected STATE=success:JSON or STATE=failure:ERROR[:CAUSE]";

/// Splits `STATE=ANSWER` into the state name and the answer text.
fn split_state(text: &str) -> anyhow::Result<(String, &str)> {
    if text.starts_with('"') {
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<String>();
        let name = match stream.next() {
            Some(Ok(name)) => name,
            _ => bail!("--callback {text:?}: the quoted state name is not a JSON string; {USAGE}"),
        };
        let rest = text.get(stream.byte_offset()..).unwrap_or("");
        let Some(answer) = rest.strip_prefix('=') else {
            bail!("--callback {text:?}: expected = after the quoted state name; {USAGE}");
        };
        return Ok((name, answer));
    }
    let at = ["=success:", "=failure:"]
        .iter()
        .filter_map(|marker| text.find(marker))
        .min();
    match at.or_else(|| text.find('=')) {
        Some(at) => Ok((text[..at].to_owned(), &text[at + 1..])),
        None => bail!("--callback {text:?}: {USAGE}"),
    }
}

/// Parses the answer part, `success:JSON` or `failure:ERROR[:CAUSE]`; `shown` names it in errors.
pub fn parse_answer(answer: &str, shown: &str) -> anyhow::Result<Answer> {
    if let Some(json) = answer.strip_prefix("success:") {
        let value: Value = serde_json::from_str(json)
            .with_context(|| format!("{shown}: the success output is not JSON"))?;
        return Ok(Answer::Success(value));
    }
    if let Some(rest) = answer.strip_prefix("failure:") {
        let (error, cause) = match rest.split_once(':') {
            Some((e, c)) => (e.to_owned(), Some(c.to_owned())),
            None => (rest.to_owned(), None),
        };
        return Ok(Answer::Failure { error, cause });
    }
    bail!("{shown}: the answer must start with success: or failure:")
}

/// Parses one `--callback` value into the state name and its answer.
pub fn parse_callback(text: &str) -> anyhow::Result<(String, Answer)> {
    let (state, answer) = split_state(text)?;
    let answer = parse_answer(answer, &format!("--callback {text:?}"))?;
    Ok((state, answer))
}

/// The answers given with `--callback`, in order per state.
#[derive(Debug, Default)]
pub struct Answers {
    queued: BTreeMap<String, VecDeque<Answer>>,
}

impl Answers {
    /// Parses the `--callback` values; an answer for a state that is not in `state_names` (every
    /// state of the definition, nested ones included) is an error naming it.
    pub fn parse(texts: &[String], state_names: &BTreeSet<String>) -> anyhow::Result<Answers> {
        let mut answers = Answers::default();
        for text in texts {
            let (state, answer) = parse_callback(text)?;
            if !state_names.contains(&state) {
                bail!(
                    "--callback {text:?}: the definition has no state named {state:?}; \
                     answers go to Task states by name"
                );
            }
            answers.queued.entry(state).or_default().push_back(answer);
        }
        Ok(answers)
    }

    /// The next answer for a state, if one is left.
    pub fn take(&mut self, state: &str) -> Option<Answer> {
        self.queued.get_mut(state).and_then(VecDeque::pop_front)
    }

    /// The states with answers that were never used, and how many, sorted by state name.
    pub fn unused(&self) -> Vec<(&str, usize)> {
        self.queued
            .iter()
            .filter(|(_, left)| !left.is_empty())
            .map(|(state, left)| (state.as_str(), left.len()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callbacks_parse() {
        assert_eq!(
            parse_callback("A=success:{\"x\":1}").unwrap(),
            ("A".into(), Answer::Success(serde_json::json!({"x": 1})))
        );
        assert_eq!(
            parse_callback("A=failure:E:it broke: badly").unwrap(),
            (
                "A".into(),
                Answer::Failure {
                    error: "E".into(),
                    cause: Some("it broke: badly".into())
                }
            )
        );
        assert!(parse_callback("A=maybe").is_err());
        assert!(parse_callback("no answer").is_err());
    }

    #[test]
    fn a_state_name_with_equals_signs_can_be_answered() {
        assert_eq!(
            parse_callback("x=1=success:{\"k\":\"a=b\"}").unwrap(),
            (
                "x=1".into(),
                Answer::Success(serde_json::json!({"k": "a=b"}))
            )
        );
        assert_eq!(
            parse_callback("\"x=success:\"=failure:E").unwrap(),
            (
                "x=success:".into(),
                Answer::Failure {
                    error: "E".into(),
                    cause: None
                }
            )
        );
    }

    #[test]
    fn unknown_states_are_refused_and_unused_answers_listed() {
        let names: BTreeSet<String> = ["A".to_owned()].into();
        let err = Answers::parse(&["B=success:{}".into()], &names).unwrap_err();
        assert!(err.to_string().contains("no state named \"B\""), "{err}");
        let mut answers =
            Answers::parse(&["A=success:1".into(), "A=success:2".into()], &names).unwrap();
        assert_eq!(answers.take("A"), Some(Answer::Success(1.into())));
        assert_eq!(answers.unused(), [("A", 1)]);
    }
}

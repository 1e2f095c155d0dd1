//! The stable diagnostic codes: one constant per rule, with its severity and a one-line summary.
//! Codes never change meaning once released; `docs/diagnostics.md` lists them all.
//!
//! Numbering: `SC0xxx` reading, `SC1xxx` structure and transitions, `SC2xxx` fields and value
//! types, `SC3xxx` Retry and Catch, `SC4xxx` JSONPath, intrinsic functions, payload templates and
//! JSONata, `SC5xxx` rules of one state type, `SC6xxx` limits, `SC9xxx` warnings.

use super::Severity;

/// A diagnostic code and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code {
    /// The code users see, such as `SC1004`.
    pub id: &'static str,
    /// Error (AWS rejects the definition) or warning.
    pub severity: Severity,
    /// One line saying what the rule checks.
    pub summary: &'static str,
}

macro_rules! codes {
    ($($name:ident = $id:literal, $sev:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: Code = Code { id: $id, severity: Severity::$sev, summary: $summary };
        )*
        /// Every code, sorted by id.
        pub const ALL: &[Code] = &[$($name),*];
    };
}

codes! {
    PARSE = "SC0001", Error, "The file is not well-formed JSON or YAML (reported by the CLI, with the position).";
    IO = "SC0002", Error, "The file cannot be read (reported by the CLI, with what the system said).";
    DUPLICATE_KEY = "SC1001", Error, "An object has the same key twice; AWS rejects duplicate keys.";
    NOT_AN_OBJECT = "SC1002", Error, "The definition, a branch, a processor or a state is not a JSON object.";
    START_AT_MISSING = "SC1003", Error, "A state machine, branch or Map processor has no StartAt string.";
    START_AT_UNKNOWN = "SC1004", Error, "StartAt names a state that is not in the same States object.";
    STATES_MISSING = "SC1005", Error, "A state machine, branch or Map processor has no States object, or it is empty.";
    TYPE_INVALID = "SC1006", Error, "A state has no Type, or a Type that is not one of the eight state types.";
    TARGET_UNKNOWN = "SC1007", Error, "Next, Default or a Catch Next names a state that is not in the same scope.";
    NO_NEXT_OR_END = "SC1008", Error, "A Pass, Task, Wait, Parallel or Map state has neither Next nor \"End\": true.";
    NEXT_AND_END = "SC1009", Error, "A state has both Next and \"End\": true.";
    TRANSITION_NOT_ALLOWED = "SC1010", Error, "A Choice, Succeed or Fail state has Next or End.";
    DUPLICATE_STATE_NAME = "SC1011", Error, "Two states share a name; names are unique across the whole state machine, nested scopes included.";
    UNREACHABLE = "SC1012", Error, "No transition leads to the state (AWS: MISSING_TRANSITION_TARGET, \"is not reachable\").";
    NO_TERMINAL = "SC1013", Error, "A scope has no terminal state (Succeed, Fail or \"End\": true); AWS: MISSING_END_STATE.";
    FIELD_NOT_ALLOWED = "SC2001", Error, "A known ASL field is not allowed on this state type (or in this part of the definition).";
    FIELD_WRONG_LANGUAGE = "SC2002", Error, "A field belongs to the other query language (InputPath under JSONata, Arguments under JSONPath, ...).";
    FIELD_UNKNOWN = "SC2003", Error, "A field is not part of the Amazon States Language.";
    WRONG_TYPE = "SC2004", Error, "A field's value has the wrong JSON type.";
    FIELD_MISSING = "SC2005", Error, "A required field is missing.";
    MUTUALLY_EXCLUSIVE = "SC2006", Error, "Two fields that exclude each other are both present (TimeoutSeconds and TimeoutSecondsPath, ...).";
    VALUE_INVALID = "SC2007", Error, "A value is outside its allowed range or set (a negative count, an unknown enum value, ...).";
    QUERY_LANGUAGE_INVALID = "SC2008", Error, "QueryLanguage is not JSONPath or JSONata, or a state asks for JSONPath under a JSONata state machine.";
    ERROR_EQUALS_INVALID = "SC3001", Error, "A retrier or catcher has no ErrorEquals, an empty one, or one with non-string error names.";
    STATES_ALL_NOT_ALONE = "SC3002", Error, "States.ALL appears with other error names in the same ErrorEquals.";
    STATES_ALL_NOT_LAST = "SC3003", Error, "A retrier or catcher with States.ALL is not the last one.";
    RETRY_VALUE_INVALID = "SC3004", Error, "IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds or JitterStrategy is out of range.";
    PATH_INVALID = "SC4001", Error, "A JSONPath or reference path is malformed, or uses what its field does not allow.";
    INTRINSIC_INVALID = "SC4002", Error, "An intrinsic function call is malformed, unknown, or has the wrong arguments.";
    TEMPLATE_VALUE_INVALID = "SC4003", Error, "In a payload template, a key ending in .$ holds something other than a path or an intrinsic function.";
    TEMPLATE_DUPLICATE_KEY = "SC4004", Error, "In a payload template, two keys are the same once the .$ suffix is removed.";
    JSONATA_DELIMITERS = "SC4005", Error, "A JSONata value opens with {% but does not close with %} (or is otherwise not a single {% %} expression).";
    JSONATA_SYNTAX = "SC4006", Error, "A JSONata expression does not compile.";
    PLACEHOLDER_UNCLOSED = "SC4007", Error, "A ${...} substitution placeholder is not closed.";
    WAIT_TIMING = "SC5001", Error, "A Wait state does not have exactly one of Seconds, Timestamp, SecondsPath and TimestampPath.";
    TIMESTAMP_INVALID = "SC5002", Error, "A timestamp is not an ISO-8601 (RFC 3339) date-time such as 2024-01-31T23:59:00Z.";
    CHOICE_RULE_INVALID = "SC5003", Error, "A Choice rule is malformed: no comparison, several, a nested Next, a missing Condition, ...";
    CHOICE_OPERAND_INVALID = "SC5004", Error, "A Choice comparison's operand has the wrong type for its operator.";
    RESOURCE_INVALID = "SC5005", Error, "A Task's Resource is not a valid ARN (or a Lambda function ARN with a bad qualifier).";
    HEARTBEAT_NOT_BELOW_TIMEOUT = "SC5006", Error, "HeartbeatSeconds is not smaller than TimeoutSeconds.";
    MAP_CONFIG_INVALID = "SC5007", Error, "A Map state's processor, reader, batcher or writer configuration is invalid.";
    STATE_NAME_TOO_LONG = "SC6001", Error, "A state name is empty or longer than 80 characters.";
    LABEL_INVALID = "SC6002", Error, "A Map Label is longer than 40 characters or holds a character AWS does not allow.";
    NUMBER_TOO_LARGE = "SC6003", Error, "A number exceeds AWS's limit for its field (99999999 seconds, ...).";
    DEFINITION_TOO_LARGE = "SC6004", Error, "The definition, as JSON, is larger than 1 MB (1,048,576 bytes), the largest AWS accepts.";
    NO_PATH_TO_END = "SC9001", Warning, "From this state no path leads to a terminal state: the execution can only loop or fail.";
    LAMBDA_NO_RETRY = "SC9002", Warning, "A Lambda task has no Retry for Lambda's transient errors (Lambda.ServiceException, ...).";
    CALLBACK_NO_TIMEOUT = "SC9003", Warning, "A .waitForTaskToken task has no TimeoutSeconds or HeartbeatSeconds, so it can wait for a year.";
    NO_DOLLAR = "SC9004", Warning, "A payload template value looks like a path or intrinsic function, but its key does not end in .$ (AWS: NO_DOLLAR).";
    PASS_RESULT_IS_STATIC = "SC9005", Warning, "A Pass state's Result has keys ending in .$, but Result is never evaluated (AWS: PASS_RESULT_IS_STATIC).";
    NO_PATH = "SC9006", Warning, "Error or Cause holds what looks like a path, but only ErrorPath and CausePath are evaluated (AWS: NO_PATH).";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_documented() {
        let ids: Vec<&str> = ALL.iter().map(|c| c.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted, "codes must be unique and listed in order");
        let doc = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics.md"),
        )
        .unwrap();
        for code in ALL {
            assert!(
                doc.contains(code.id),
                "{} is missing from docs/diagnostics.md",
                code.id
            );
        }
    }
}

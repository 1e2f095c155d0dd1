//! Validation over real-world files: no error on any valid corpus workflow (`${...}` placeholders
//! included), errors on the one invalid workflow; and the labelled definitions of asl-validator,
//! where AWS's documented behaviour decides when it and a label disagree.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use statecraft_asl::validate::{validate, Diagnostic, Severity};
use statecraft_asl::Document;

fn check(path: &Path) -> Vec<Diagnostic> {
    let doc = Document::load(path).unwrap_or_else(|e| panic!("{e}"));
    validate(&doc)
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

fn show(path: &Path, diagnostics: &[&Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}[{}] {} ({})",
                path.file_name().unwrap_or_default().to_string_lossy(),
                d.position,
                d.severity,
                d.code,
                d.message,
                d.pointer
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn valid_corpus_workflows_have_no_errors_and_the_invalid_one_has_some() {
    let mut warnings: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut valid = 0;
    for path in common::workflows() {
        let diagnostics = check(&path);
        let errs = errors(&diagnostics);
        if common::is_invalid_workflow(&path) {
            assert!(
                !errs.is_empty(),
                "{} is invalid ASL and must get an error",
                path.display()
            );
            continue;
        }
        valid += 1;
        if !errs.is_empty() {
            failures.push(show(&path, &errs));
        }
        for d in diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
        {
            *warnings.entry(d.code).or_default() += 1;
        }
    }
    println!("valid corpus workflows checked: {valid}");
    for (code, count) in &warnings {
        println!("warnings {code}: {count}");
    }
    assert_eq!(valid, 200);
    assert!(
        failures.is_empty(),
        "errors on valid workflows:\n{}",
        failures.join("\n")
    );
}

/// Labelled-invalid files that AWS accepts, so we accept them too, each with the reason.
const AWS_ACCEPTS: &[(&str, &str)] = &[
    (
        "invalid-json-surround-syntax-extra-spaces.json",
        "\"{% \\n10         %}\" starts with {% and ends with %}; AWS evaluates the expression between \
         them, and real JSONata in AWS's own samples spans lines and pads with spaces",
    ),
    (
        "invalid-jsonata-surround-syntax-no-spaces.json",
        "\"{%10%}\" starts with {% and ends with %}: AWS documents the delimiters, not spaces around \
         the expression",
    ),
    (
        "invalid-jsonata-surround-syntax-no-open.json",
        "\"10 %}\" does not start with {%, so AWS treats it as a literal string output, which is valid",
    ),
];

/// Labelled-valid files that AWS rejects, so we reject them too, each with the reason.
const AWS_REJECTS: &[(&str, &str)] = &[(
    "valid-path-array-context.json",
    "\"$[(@.length-1)].bar\" is a Goessner script expression; AWS evaluates paths with Jayway \
     JsonPath, which has never supported script expressions (json-path/JsonPath#300); write \
     \"$[-1].bar\" instead",
)];

#[test]
fn asl_validator_valid_definitions_have_no_errors_except_where_aws_rejects_them() {
    let mut failures = Vec::new();
    let files = common::files_in("asl-validator/valid");
    assert_eq!(files.len(), 62);
    for path in files {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let diagnostics = check(&path);
        let errs = errors(&diagnostics);
        if AWS_REJECTS.iter().any(|(file, _)| *file == name) {
            assert!(!errs.is_empty(), "{name} is listed as rejected by AWS");
        } else if !errs.is_empty() {
            failures.push(show(&path, &errs));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn asl_validator_invalid_definitions_have_errors_except_where_aws_accepts_them() {
    let mut missed = Vec::new();
    let files = common::files_in("asl-validator/invalid");
    assert_eq!(files.len(), 50);
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let diagnostics = check(&path);
        let has_error = !errors(&diagnostics).is_empty();
        let found: Vec<&str> = errors(&diagnostics).iter().map(|d| d.code).collect();
        println!("{name}: {found:?}");
        let accepted = AWS_ACCEPTS.iter().any(|(file, _)| *file == name);
        if accepted {
            assert!(
                !has_error,
                "{name} is listed as accepted by AWS but got errors:\n{}",
                show(&path, &errors(&diagnostics))
            );
        } else if !has_error {
            missed.push(name);
        }
    }
    assert!(missed.is_empty(), "no error on: {missed:?}");
}

/// Every field of every state replaced by each JSON type in turn: validation reports what it
/// finds and never panics.
#[test]
fn validation_survives_fields_of_the_wrong_type() {
    let replacements = [
        serde_json::json!(null),
        serde_json::json!(-1),
        serde_json::json!("x"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!(true),
    ];
    let mut checked = 0;
    for path in common::workflows().iter().step_by(10) {
        let doc = Document::load(path).unwrap_or_else(|e| panic!("{e}"));
        let value = doc.to_value();
        let Some(states) = value.get("States").and_then(|s| s.as_object()) else {
            continue;
        };
        for (name, state) in states {
            let Some(fields) = state.as_object() else {
                continue;
            };
            for field in fields.keys() {
                for replacement in &replacements {
                    let mut changed = value.clone();
                    changed["States"][name][field] = replacement.clone();
                    let text = serde_json::to_string_pretty(&changed).unwrap_or_default();
                    let doc = Document::parse(text, statecraft_asl::Format::Json)
                        .unwrap_or_else(|e| panic!("{e}"));
                    let _ = validate(&doc);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

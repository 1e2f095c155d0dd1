//! Bad input never panics and never hangs: each failure names the file, the line:column and what is
//! wrong in words a person understands.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use statecraft_asl::validate::{validate, Severity};
use statecraft_asl::{Document, LoadError};

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Loads a file that must fail, and returns the message as the CLI prints it.
fn load_error(name: &str, bytes: &[u8]) -> (String, LoadError) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, name, bytes);
    let err = Document::load(&path).expect_err("the file must be refused");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&path.display().to_string()),
        "the message names the file: {shown}"
    );
    (shown, err)
}

#[test]
fn empty_file() {
    let (shown, err) = load_error("empty.asl.json", b"");
    assert!(shown.contains("the file is empty"), "{shown}");
    assert_eq!(err.position().unwrap().line, 1);
    let (shown, _) = load_error("empty.asl.yaml", b"# only a comment\n");
    assert!(shown.contains("the file is empty"), "{shown}");
}

#[test]
fn truncated_json() {
    let text = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\",";
    let (shown, err) = load_error("truncated.asl.json", text.as_bytes());
    assert!(shown.contains("truncated"), "{shown}");
    // At the object left open: the `{` of state A.
    let position = err.position().unwrap();
    assert_eq!((position.line, position.column), (4, 10));
    let (shown, _) = load_error("cut-string.asl.json", b"{\"StartAt\": \"A");
    assert!(shown.contains(":1:"), "{shown}");
}

#[test]
fn invalid_utf8() {
    let (shown, err) = load_error("latin1.asl.json", b"{\n  \"Comment\": \"caf\xe9\"\n}");
    assert!(shown.contains("not valid UTF-8"), "{shown}");
    let position = err.position().unwrap();
    assert_eq!((position.line, position.column), (2, 18));
}

#[test]
fn wrong_types_are_diagnostics_with_positions() {
    let text = "{\n  \"StartAt\": 7,\n  \"States\": {\"A\": {\"Type\": \"Wait\", \"Seconds\": \"ten\", \"End\": \"yes\"}}\n}";
    let doc = Document::parse(text, statecraft_asl::Format::Json).unwrap();
    let errors: Vec<_> = validate(&doc)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(
        errors
            .iter()
            .any(|d| d.pointer == "/StartAt" && d.position.line == 2),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|d| d.pointer == "/States/A/End"),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|d| d.pointer == "/States/A/Seconds"),
        "{errors:#?}"
    );
}

#[test]
fn duplicate_keys_are_errors_at_the_second_key() {
    let text = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"End\": true},\n    \"A\": {\"Type\": \"Succeed\"}\n  }\n}";
    let doc = Document::parse(text, statecraft_asl::Format::Json).unwrap();
    let duplicate = validate(&doc)
        .into_iter()
        .find(|d| d.code == "SC1001")
        .expect("a duplicate-key error");
    assert_eq!(duplicate.severity, Severity::Error);
    assert_eq!(duplicate.position.line, 5);
}

#[test]
fn ten_thousand_deep_nesting() {
    let deep = format!(
        "{{\"StartAt\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (shown, _) = load_error("deep.asl.json", deep.as_bytes());
    assert!(shown.contains("nested more than"), "{shown}");
    let deep_yaml = format!("StartAt: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let (shown, _) = load_error("deep.asl.yaml", deep_yaml.as_bytes());
    assert!(shown.contains("nested more than"), "{shown}");
}

#[test]
fn fifty_megabyte_file_is_refused_quickly_with_its_size() {
    let mut big = b"{\"Comment\": \"".to_vec();
    big.resize(50 * 1024 * 1024, b'x');
    big.extend_from_slice(b"\"}");
    let (shown, _) = load_error("huge.asl.json", &big);
    assert!(shown.contains("52.4 MB"), "{shown}");
    assert!(shown.contains("up to 1 MB"), "{shown}");
}

#[test]
fn yaml_anchors_aliases_and_tags() {
    let (shown, err) = load_error(
        "anchor.asl.yaml",
        b"StartAt: A\nStates:\n  A: &state\n    Type: Pass\n    End: true\n",
    );
    assert!(shown.contains("anchors"), "{shown}");
    assert_eq!(err.position().unwrap().line, 3);
    let (shown, _) = load_error("alias.asl.yaml", b"StartAt: A\nStates:\n  A: *state\n");
    assert!(
        shown.contains("alias") || shown.contains("anchor"),
        "{shown}"
    );
    let (shown, err) = load_error(
        "tag.asl.yaml",
        b"StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: !GetAtt Fn.Arn\n    End: true\n",
    );
    assert!(shown.contains("!GetAtt"), "{shown}");
    assert_eq!(err.position().unwrap().line, 5);
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A cheap deterministic sweep; the fuzz targets go much further.
    let mut seed: u64 = 0x5eed;
    for len in 0..400 {
        let alphabet: &[u8] = b"{}[]\":,-0123456789.eE truefalsnl\\u\n\t&*!#|>'%${}";
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                alphabet[(seed >> 33) as usize % alphabet.len()]
            })
            .collect();
        for format in [statecraft_asl::Format::Json, statecraft_asl::Format::Yaml] {
            if let Ok(doc) = Document::from_bytes(&bytes, format) {
                let _ = validate(&doc);
                let _ = doc.state_machine();
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn an_endless_source_is_refused_at_the_limit_without_reading_it_whole() {
    let err = Document::load(Path::new("/dev/zero")).expect_err("refused");
    let shown = err.to_string();
    assert!(
        shown.starts_with("/dev/zero:1:1: the file is over 16 MB"),
        "{shown}"
    );
}

//! `statecraft render`, run as a user would: the built binary on real files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn statecraft(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn corpus_file(part: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/workflows");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the corpus folder is readable")
        .map(|e| e.expect("a corpus entry").path())
        .filter(|p| p.to_string_lossy().contains(part))
        .collect();
    files.sort();
    files.remove(0)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn renders_every_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let def = corpus_file("saga-pattern-sam");
    let def = def.to_str().unwrap();
    for ext in ["svg", "png", "mmd", "html"] {
        let out = dir.path().join(format!("saga.{ext}"));
        let run = statecraft(&["render", def, "-o", out.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(0), "{ext}: {}", text(&run.stderr));
        let bytes = std::fs::read(&out).unwrap();
        match ext {
            "svg" => assert!(text(&bytes).contains("<svg")),
            "png" => assert!(bytes.starts_with(b"\x89PNG")),
            "mmd" => assert!(text(&bytes).starts_with("flowchart TD")),
            _ => assert!(text(&bytes).starts_with("<!DOCTYPE html>")),
        }
    }
}

#[test]
fn scale_makes_bigger_pngs() {
    let dir = tempfile::tempdir().unwrap();
    let def = corpus_file("saga-pattern-sam");
    let width = |scale: &str| {
        let out = dir.path().join(format!("x{scale}.png"));
        let run = statecraft(&[
            "render",
            def.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--scale",
            scale,
        ]);
        assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
        let bytes = std::fs::read(&out).unwrap();
        u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]])
    };
    let (one, two) = (width("1"), width("2"));
    assert!(two.abs_diff(one * 2) <= 2, "{one} {two}");
}

#[test]
fn a_history_colours_the_run_and_the_page_replays_it() {
    let dir = tempfile::tempdir().unwrap();
    let case: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("crates/export/tests/fixtures/parallel_catch.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let def = dir.path().join("def.asl.json");
    std::fs::write(&def, case["definition"].to_string()).unwrap();
    let history = dir.path().join("history.json");
    std::fs::write(&history, case["expected"].to_string()).unwrap();
    let out = dir.path().join("review.html");
    let run = statecraft(&[
        "render",
        def.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--history",
        history.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("data-status=\"caught\""));
    assert!(page.contains("id=\"run-data\""));
    assert!(page.contains(">Next</button>"));
}

#[test]
fn the_rendered_run_is_the_display_list_at_its_end() {
    use statecraft_export::{
        display_list, read_history, svg_of_display_list, Diagram, DisplayOptions, RunView,
        SvgOptions, Theme, LIGHT,
    };
    let dir = tempfile::tempdir().unwrap();
    // A recorded run with a retry in a Map and a Catch.
    let case: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("crates/export/tests/fixtures/retry_catch_map.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let def = dir.path().join("def.asl.json");
    std::fs::write(&def, case["definition"].to_string()).unwrap();
    let history = dir.path().join("history.json");
    std::fs::write(&history, case["expected"].to_string()).unwrap();
    let out = dir.path().join("run.svg");
    let run = statecraft(&[
        "render",
        def.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--history",
        history.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let rendered = std::fs::read_to_string(&out).unwrap();
    // What the designer's canvas paints with the cursor at the run's end.
    let doc = statecraft_asl::Document::load(&def).unwrap();
    // With the validator's findings on it, by the rule the canvas uses.
    let mut graph = statecraft_asl::graph::Graph::from_document(&doc);
    graph.mark_diagnostics(&statecraft_asl::validate::validate(&doc));
    let diagram = Diagram::new(graph).unwrap();
    let events = read_history(&std::fs::read_to_string(&history).unwrap())
        .unwrap()
        .events;
    let end = RunView::of(&diagram.graph, &events).at(&diagram.graph, &events, events.len());
    assert!(!end.retries.is_empty() && end.taken.is_some());
    let list = display_list(
        &diagram,
        &DisplayOptions {
            marks: Some(&end.marks()),
            theme: Theme::Light,
        },
    );
    let expected = svg_of_display_list(
        &list,
        &LIGHT,
        &SvgOptions {
            marks: None,
            title: Some("def.asl.json"),
            inline: false,
        },
    );
    assert!(rendered == expected, "{rendered}\n---\n{expected}");
    // The page replays every event.
    let page_path = dir.path().join("run.html");
    let run = statecraft(&[
        "render",
        def.to_str().unwrap(),
        "-o",
        page_path.to_str().unwrap(),
        "--history",
        history.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let page = std::fs::read_to_string(&page_path).unwrap();
    let start = "<script type=\"application/json\" id=\"run-data\">";
    let data = &page[page.find(start).unwrap() + start.len()..];
    let data: serde_json::Value =
        serde_json::from_str(&data[..data.find("</script>").unwrap()]).unwrap();
    assert_eq!(
        data["positions"].as_array().unwrap().len(),
        events.len() + 1
    );
}

#[test]
fn a_broken_draft_is_rendered_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let def = dir.path().join("draft.asl.json");
    std::fs::write(
        &def,
        "{\"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"Next\": \"Gone\"}}}",
    )
    .unwrap();
    let out = dir.path().join("draft.svg");
    let run = statecraft(&["render", def.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains(
            "draft.asl.json:2:3: state \u{201c}A\u{201d}: SC1007 Next of \"A\" goes to \"Gone\""
        ),
        "{stderr}"
    );
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("MISSING STATE"));
}

#[test]
fn bad_usage_and_unreadable_files_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let def = corpus_file("saga-pattern-sam");
    let def = def.to_str().unwrap();
    let out = dir.path().join("x.svg");
    let out = out.to_str().unwrap();
    let unknown_ext = dir.path().join("x.bmp");
    let cases: Vec<Vec<&str>> = vec![
        vec!["render", def],
        vec!["render", def, "-o", unknown_ext.to_str().unwrap()],
        vec!["render", "/nonexistent/def.asl.json", "-o", out],
        vec!["render", def, "-o", out, "--scale", "0"],
        vec![
            "render",
            def,
            "-o",
            out,
            "--history",
            "/nonexistent/history.json",
        ],
    ];
    for args in cases {
        let run = statecraft(&args);
        assert_eq!(
            run.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&run.stderr)
        );
        assert!(!text(&run.stderr).is_empty());
    }
    let bad = dir.path().join("bad.asl.json");
    std::fs::write(&bad, "{ not json").unwrap();
    let run = statecraft(&["render", bad.to_str().unwrap(), "-o", out]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("bad.asl.json:1:"),
        "{}",
        text(&run.stderr)
    );
    // Exit 2 writes nothing.
    assert!(!Path::new(out).exists(), "{out} was written");
}

#[test]
fn help_documents_the_exit_status() {
    let run = statecraft(&["render", "--help"]);
    // Compare as words: clap wraps help to the terminal's width.
    let help = text(&run.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains(
            "Exit status: 0 rendered (warnings allowed); 1 rendered, but the document has errors"
        ),
        "{help}"
    );
}

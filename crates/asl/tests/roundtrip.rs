//! Lossless round trip: loading and saving a corpus file without an edit gives identical bytes,
//! and so does an empty batch of edits.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

mod common;

use statecraft_asl::edit::Edit;
use statecraft_asl::Document;

#[test]
fn load_and_save_gives_identical_bytes_for_every_corpus_file() {
    let mut files = common::workflows();
    files.extend(common::files_in("asl-validator/valid"));
    files.extend(common::files_in("asl-validator/invalid"));
    let (mut checked, mut unparsable) = (0, Vec::new());
    let dir = tempfile_dir();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let doc = match Document::load(path) {
            Ok(doc) => doc,
            Err(err) => {
                unparsable.push(format!("{err}"));
                continue;
            }
        };
        assert_eq!(doc.text().as_bytes(), bytes, "{}", path.display());
        let unedited = doc.apply(&Edit::Batch(Vec::new())).unwrap();
        assert_eq!(unedited.text().as_bytes(), bytes, "{}", path.display());
        // Save through the file system and load again.
        let copy = dir.join(path.file_name().unwrap());
        std::fs::write(&copy, doc.text()).unwrap();
        assert_eq!(std::fs::read(&copy).unwrap(), bytes, "{}", path.display());
        assert_eq!(Document::load(&copy).unwrap().to_value(), doc.to_value());
        checked += 1;
    }
    println!(
        "round trip: {checked} of {} corpus files identical; {} do not parse (labelled invalid): {unparsable:#?}",
        files.len(),
        unparsable.len()
    );
    // Every real-world workflow parses.
    assert!(common::workflows()
        .iter()
        .all(|p| Document::load(p).is_ok()));
    assert!(checked >= 250, "only {checked} files checked");
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("statecraft-roundtrip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

//! Parallel and Map states: their nested scopes (branches, processor), the Map processor's
//! configuration, and the distributed Map's item reader, batcher and result writer.

use super::fields::{check_integer, check_kind, suggestion, Kind};
use super::structure::{article, check_scope, ScopeKind, Walk};
use super::{codes, limits, paths, ptr, ptr_index, Checker, StateCx};
use crate::expr::path::PathKind;
use crate::model::QueryLanguage;
use crate::tree::{Member, Node};

/// Checks a Parallel state's branches (each a scope of its own).
pub(crate) fn check_parallel(cx: &mut Checker, walk: &mut Walk, st: &StateCx) {
    let Some(m) = st.member("Branches") else {
        cx.at(
            codes::FIELD_MISSING,
            st.node,
            &st.pointer,
            format!(
                "the Parallel state \"{}\" has no Branches; add \"Branches\" with at least one branch (an object with StartAt and States)",
                st.name
            ),
        );
        return;
    };
    let Some(branches) = m.value.as_array() else {
        return; // wrong type reported by `fields`
    };
    let pointer = st.field_pointer("Branches");
    if branches.is_empty() {
        cx.at(
            codes::FIELD_MISSING,
            &m.value,
            &pointer,
            format!(
                "Branches of \"{}\" is empty; add at least one branch",
                st.name
            ),
        );
    }
    for (i, branch) in branches.iter().enumerate() {
        check_scope(
            cx,
            walk,
            branch,
            &ptr_index(&pointer, i),
            st.lang,
            ScopeKind::Branch,
        );
    }
}

/// Checks a Map state: processor, configuration, reader, batcher, writer, Label.
pub(crate) fn check_map(cx: &mut Checker, walk: &mut Walk, st: &StateCx) {
    let processor = st.member("ItemProcessor");
    let iterator = st.member("Iterator");
    match (processor, iterator) {
        (None, None) => cx.at(
            codes::FIELD_MISSING,
            st.node,
            &st.pointer,
            format!(
                "the Map state \"{}\" has no ItemProcessor; add \"ItemProcessor\" with the StartAt and States run for each item",
                st.name
            ),
        ),
        (Some(m), _) | (None, Some(m)) => {
            // The legacy `Iterator` is a processor under its old name, ProcessorConfig included.
            let (field, kind) = if processor.is_some() {
                ("ItemProcessor", ScopeKind::Processor)
            } else {
                ("Iterator", ScopeKind::Iterator)
            };
            let p = st.field_pointer(field);
            // A distributed Map runs its processor as child executions, state machines of their
            // own, so the "no JSONPath under a JSONata top level" rule starts afresh there (the
            // labelled asl-validator definitions accept a JSONPath child under a JSONata parent).
            let distributed = m
                .value
                .get("ProcessorConfig")
                .and_then(|c| c.get("Mode"))
                .and_then(Node::as_str)
                == Some("DISTRIBUTED");
            let saved = walk.top_lang;
            if distributed {
                walk.top_lang = QueryLanguage::JSONPath;
            }
            check_scope(cx, walk, &m.value, &p, st.lang, kind);
            walk.top_lang = saved;
            if let Some(config) = m.value.member("ProcessorConfig") {
                check_processor_config(cx, config, &ptr(&p, "ProcessorConfig"));
            }
        }
    }
    if let Some(m) = st.member("ItemReader") {
        check_item_reader(cx, st, m);
    }
    if let Some(m) = st.member("ItemBatcher") {
        check_item_batcher(cx, st, m);
    }
    if let Some(m) = st.member("ResultWriter") {
        check_result_writer(cx, st, m);
    }
    if let Some(m) = st.member("Label") {
        limits::check_label(cx, m, &st.field_pointer("Label"));
    }
}

fn check_processor_config(cx: &mut Checker, config: &Member, p: &str) {
    let Some(members) = config.value.as_object() else {
        cx.at(
            codes::WRONG_TYPE,
            &config.value,
            p,
            format!(
                "ProcessorConfig must be an object, not {}",
                article(config.value.type_name())
            ),
        );
        return;
    };
    let mut distributed = false;
    for m in members {
        let mp = ptr(p, &m.key);
        match m.key.as_str() {
            "Mode" => match m.value.as_str() {
                Some("INLINE") => {}
                Some("DISTRIBUTED") => distributed = true,
                _ => cx.at(
                    codes::MAP_CONFIG_INVALID,
                    &m.value,
                    &mp,
                    "Mode must be \"INLINE\" or \"DISTRIBUTED\"",
                ),
            },
            "ExecutionType" => {
                if !matches!(m.value.as_str(), Some("STANDARD" | "EXPRESS")) {
                    cx.at(
                        codes::MAP_CONFIG_INVALID,
                        &m.value,
                        &mp,
                        "ExecutionType must be \"STANDARD\" or \"EXPRESS\"",
                    );
                }
            }
            _ => unknown(cx, m, &mp, "ProcessorConfig", &["Mode", "ExecutionType"]),
        }
    }
    if distributed && config.value.member("ExecutionType").is_none() {
        cx.at(
            codes::MAP_CONFIG_INVALID,
            &config.value,
            p,
            "a DISTRIBUTED Map needs an ExecutionType for its child executions: add \"ExecutionType\": \"STANDARD\" or \"EXPRESS\"",
        );
    }
}

/// Checks Parameters/Arguments of a reader or writer against the state's language.
fn check_payload_field(cx: &mut Checker, st: &StateCx, m: &Member, mp: &str, owner: &str) {
    let jsonata = st.lang == QueryLanguage::JSONata;
    match (m.key.as_str(), jsonata) {
        ("Parameters", true) => cx.at_key(
            codes::FIELD_WRONG_LANGUAGE,
            m,
            mp,
            format!(
                "{owner} of \"{}\" uses JSONata, so it takes Arguments, not Parameters",
                st.name
            ),
        ),
        ("Arguments", false) => cx.at_key(
            codes::FIELD_WRONG_LANGUAGE,
            m,
            mp,
            format!(
                "{owner} of \"{}\" uses JSONPath, so it takes Parameters, not Arguments",
                st.name
            ),
        ),
        _ => {}
    }
}

fn check_item_reader(cx: &mut Checker, st: &StateCx, reader: &Member) {
    let p = st.field_pointer("ItemReader");
    let Some(members) = reader.value.as_object() else {
        return; // wrong type reported by `fields`
    };
    for m in members {
        let mp = ptr(&p, &m.key);
        match m.key.as_str() {
            "Resource" => check_kind(cx, m, &mp, Kind::Str, false),
            "Parameters" | "Arguments" => check_payload_field(cx, st, m, &mp, "the ItemReader"),
            "ReaderConfig" => check_reader_config(cx, st, m, &mp),
            _ => unknown(
                cx,
                m,
                &mp,
                "ItemReader",
                &["Resource", "Parameters", "Arguments", "ReaderConfig"],
            ),
        }
    }
    if reader.value.member("Resource").is_none() {
        cx.at(
            codes::FIELD_MISSING,
            &reader.value,
            &p,
            "the ItemReader has no Resource; add the reading integration, such as \"arn:aws:states:::s3:getObject\"",
        );
    }
}

fn check_reader_config(cx: &mut Checker, st: &StateCx, config: &Member, p: &str) {
    let Some(members) = config.value.as_object() else {
        cx.at(
            codes::WRONG_TYPE,
            &config.value,
            p,
            format!(
                "ReaderConfig must be an object, not {}",
                article(config.value.type_name())
            ),
        );
        return;
    };
    for m in members {
        let mp = ptr(p, &m.key);
        match m.key.as_str() {
            "MaxItems" if !is_expression(st, &m.value) => {
                check_integer(cx, m, &mp, 0, 100_000_000, st.is_jsonata())
            }
            "MaxItemsPath" => language_path(cx, st, m, &mp),
            "CSVHeaders" => {
                let ok = m
                    .value
                    .as_array()
                    .is_some_and(|items| items.iter().all(|i| i.as_str().is_some()));
                if !ok {
                    cx.at(
                        codes::WRONG_TYPE,
                        &m.value,
                        &mp,
                        "CSVHeaders must be an array of column names (strings)",
                    );
                }
            }
            _ => {}
        }
    }
    exclusive(
        cx,
        &config.value,
        p,
        "MaxItems",
        "MaxItemsPath",
        "ReaderConfig",
    );
    if config.value.get("CSVHeaderLocation").and_then(Node::as_str) == Some("GIVEN")
        && config.value.get("CSVHeaders").is_none()
    {
        cx.at(
            codes::MAP_CONFIG_INVALID,
            &config.value,
            p,
            "CSVHeaderLocation is GIVEN, so ReaderConfig needs CSVHeaders with the column names",
        );
    }
}

fn check_item_batcher(cx: &mut Checker, st: &StateCx, batcher: &Member) {
    let p = st.field_pointer("ItemBatcher");
    let Some(members) = batcher.value.as_object() else {
        return; // wrong type reported by `fields`
    };
    for m in members {
        let mp = ptr(&p, &m.key);
        match m.key.as_str() {
            "MaxItemsPerBatch" | "MaxInputBytesPerBatch" if !is_expression(st, &m.value) => {
                check_integer(cx, m, &mp, 1, i64::MAX, st.is_jsonata());
            }
            "MaxItemsPerBatch" | "MaxInputBytesPerBatch" | "BatchInput" => {}
            "MaxItemsPerBatchPath" | "MaxInputBytesPerBatchPath" => language_path(cx, st, m, &mp),
            _ => unknown(
                cx,
                m,
                &mp,
                "ItemBatcher",
                &[
                    "MaxItemsPerBatch",
                    "MaxItemsPerBatchPath",
                    "MaxInputBytesPerBatch",
                    "MaxInputBytesPerBatchPath",
                    "BatchInput",
                ],
            ),
        }
    }
    exclusive(
        cx,
        &batcher.value,
        &p,
        "MaxItemsPerBatch",
        "MaxItemsPerBatchPath",
        "ItemBatcher",
    );
    exclusive(
        cx,
        &batcher.value,
        &p,
        "MaxInputBytesPerBatch",
        "MaxInputBytesPerBatchPath",
        "ItemBatcher",
    );
}

fn check_result_writer(cx: &mut Checker, st: &StateCx, writer: &Member) {
    let p = st.field_pointer("ResultWriter");
    let Some(members) = writer.value.as_object() else {
        return; // wrong type reported by `fields`
    };
    for m in members {
        let mp = ptr(&p, &m.key);
        match m.key.as_str() {
            "Resource" => check_kind(cx, m, &mp, Kind::Str, false),
            "Parameters" | "Arguments" => check_payload_field(cx, st, m, &mp, "the ResultWriter"),
            "WriterConfig" => check_kind(cx, m, &mp, Kind::Obj, false),
            _ => unknown(
                cx,
                m,
                &mp,
                "ResultWriter",
                &["Resource", "Parameters", "Arguments", "WriterConfig"],
            ),
        }
    }
}

fn is_expression(st: &StateCx, node: &Node) -> bool {
    st.is_jsonata() && node.as_str().is_some_and(|s| s.starts_with("{%"))
}

/// A `*Path` field inside a Map configuration: JSONPath only, a reference path.
fn language_path(cx: &mut Checker, st: &StateCx, m: &Member, mp: &str) {
    if st.is_jsonata() {
        cx.at_key(
            codes::FIELD_WRONG_LANGUAGE,
            m,
            mp,
            format!(
                "{} is a JSONPath field, but \"{}\" uses JSONata; use {} with a JSONata expression",
                m.key,
                st.name,
                m.key.trim_end_matches("Path")
            ),
        );
    } else if m.value.as_str().is_some() {
        paths::check_path_node(cx, st.name, &m.value, mp, &m.key, PathKind::Reference);
    } else {
        check_kind(cx, m, mp, Kind::Str, false);
    }
}

fn exclusive(cx: &mut Checker, node: &Node, p: &str, a: &str, b: &str, owner: &str) {
    if let (Some(_), Some(second)) = (node.member(a), node.member(b)) {
        cx.at_key(
            codes::MUTUALLY_EXCLUSIVE,
            second,
            &ptr(p, b),
            format!("{owner} has both {a} and {b}; keep only one of them"),
        );
    }
}

fn unknown(cx: &mut Checker, m: &Member, p: &str, owner: &str, known: &[&str]) {
    cx.at_key(
        codes::FIELD_UNKNOWN,
        m,
        p,
        format!(
            "\"{}\" is not a field of {owner}{}; its fields are {}",
            m.key,
            suggestion(&m.key, known.iter().copied()),
            known.join(", ")
        ),
    );
}

//! `${...}` substitution placeholders (SAM / CloudFormation `DefinitionSubstitutions`, Terraform
//! `templatefile`). They are real-world input: a placeholder stands for a value filled in before the
//! definition reaches AWS, so it is accepted anywhere a string goes, and a string that is exactly one
//! placeholder is accepted where a number or boolean goes. An unclosed `${` is an error.

use super::{codes, pointer_of, Checker, Seg};
use crate::tree::{Node, NodeValue};

/// True when `text` holds at least one closed `${...}` placeholder.
pub(crate) fn contains(text: &str) -> bool {
    text.find("${")
        .is_some_and(|start| text[start + 2..].contains('}'))
}

/// True when the whole of `text` is one `${...}` placeholder.
pub(crate) fn is_whole(text: &str) -> bool {
    text.len() > 3
        && text.starts_with("${")
        && text.ends_with('}')
        && !text[2..text.len() - 1].contains(['{', '}'])
}

/// True when `node` stands for a value filled in before deployment: a string that is exactly one
/// placeholder, or a CloudFormation intrinsic function object (`{"Ref": ...}`, `{"Fn::GetAtt":
/// ...}`) left in a definition written inline in a template.
pub(crate) fn is_whole_node(node: &Node) -> bool {
    match &node.value {
        NodeValue::String(text) => is_whole(text),
        NodeValue::Object(members) => {
            matches!(members.as_slice(), [m] if m.key == "Ref" || m.key.starts_with("Fn::"))
        }
        _ => false,
    }
}

/// The character index of the first `${` with no `}` after it.
pub(crate) fn unclosed(text: &str) -> Option<usize> {
    // Byte scan: this runs on every string of the document, and most hold no `${` at all.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'$' && bytes[i + 1] == b'{' {
            match bytes[i + 2..].iter().position(|&b| b == b'}') {
                Some(close) => i += 2 + close + 1,
                None => return Some(text[..i].chars().count()),
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Reports every string in the tree (keys included) with an unclosed `${`.
pub(crate) fn check_tree<'a>(cx: &mut Checker, node: &'a Node, path: &mut Vec<Seg<'a>>) {
    match &node.value {
        // JSONata expressions have their own syntax check, which covers stray characters.
        NodeValue::String(text) if !text.starts_with("{%") => {
            if let Some(at) = unclosed(text) {
                cx.at(
                    codes::PLACEHOLDER_UNCLOSED,
                    node,
                    &pointer_of(path),
                    format!(
                        "the substitution placeholder starting at character {} of \"{text}\" is not closed; add the missing '}}'",
                        at + 1
                    ),
                );
            }
        }
        NodeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                check_tree(cx, item, path);
                path.pop();
            }
        }
        NodeValue::Object(members) => {
            for m in members {
                path.push(Seg::Key(&m.key));
                if unclosed(&m.key).is_some() {
                    cx.at_key(
                        codes::PLACEHOLDER_UNCLOSED,
                        m,
                        &pointer_of(path),
                        format!("the substitution placeholder in the key \"{}\" is not closed; add the missing '}}'", m.key),
                    );
                }
                check_tree(cx, &m.value, path);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_recognised_and_unclosed_ones_found() {
        assert!(contains("arn:${Partition}:lambda"));
        assert!(!contains("${oops"));
        assert!(is_whole("${Timeout}"));
        assert!(!is_whole("${A}-${B}"));
        assert_eq!(unclosed("${lambdaArn"), Some(0));
        assert_eq!(unclosed("${a}:${b"), Some(5));
        assert_eq!(unclosed("${a} and ${b}"), None);
        assert_eq!(unclosed("$.a"), None);
    }
}

//! The primitive text edits: replace a value, insert or remove an object member or array item,
//! rename a key. Each computes one [`Patch`] from the node spans, in the document's own style.

use serde_json::{Map, Value};

use super::render::{self, Inline};
use super::text::{
    after_line, column, line_end, line_indent, line_start, starts_line, trimmed_end, Patch, Style,
};
use super::EditError;
use crate::tree::{unescape_pointer_segment, Member, Node, NodeValue};
use crate::{Document, Format};

/// Where a node sits in its parent.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Slot {
    Member(usize),
    Item,
}

/// A node found by pointer, with its parent container.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Located<'a> {
    pub node: &'a Node,
    pub parent: Option<(&'a Node, Slot)>,
}

/// Index of the member that counts for `key`: the last one, as in [`Node::to_value`].
pub(crate) fn member_index(members: &[Member], key: &str) -> Option<usize> {
    members.iter().rposition(|m| m.key == key)
}

/// Follows a JSON pointer, remembering the parent of the node it ends on.
pub(crate) fn locate<'a>(root: &'a Node, pointer: &str) -> Result<Located<'a>, EditError> {
    let missing = || EditError::NoSuchNode {
        pointer: pointer.to_owned(),
    };
    let mut located = Located {
        node: root,
        parent: None,
    };
    if pointer.is_empty() {
        return Ok(located);
    }
    let rest = pointer.strip_prefix('/').ok_or_else(missing)?;
    for raw in rest.split('/') {
        let segment = unescape_pointer_segment(raw);
        let node = located.node;
        located = match &node.value {
            NodeValue::Object(members) => {
                let i = member_index(members, &segment).ok_or_else(missing)?;
                Located {
                    node: &members[i].value,
                    parent: Some((node, Slot::Member(i))),
                }
            }
            NodeValue::Array(items) => {
                let i: usize = segment.parse().map_err(|_| missing())?;
                Located {
                    node: items.get(i).ok_or_else(missing)?,
                    parent: Some((node, Slot::Item)),
                }
            }
            _ => return Err(missing()),
        };
    }
    Ok(located)
}

/// The document being edited and its layout.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub format: Format,
    pub style: Style,
    /// Separators of one-line containers, as the document writes them.
    seps: Inline<'static>,
}

impl<'a> Ctx<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let mut ctx = Self {
            text: doc.text(),
            format: doc.format(),
            style: Style::detect(doc.text(), doc.root(), doc.format()),
            seps: Inline {
                colon: " ",
                comma: " ",
            },
        };
        ctx.seps = ctx.document_seps(doc.root());
        ctx
    }

    fn unit_width(&self) -> usize {
        self.style.unit.chars().count().max(1)
    }

    fn nl(&self) -> &'static str {
        self.style.newline
    }

    /// True for a container written with brackets: every JSON one, and YAML flow collections.
    fn bracketed(&self, node: &Node) -> bool {
        self.format == Format::Json
            || matches!(self.text.as_bytes().get(node.span.start), Some(b'{' | b'['))
    }

    fn end(&self, node: &Node) -> usize {
        match self.format {
            Format::Json => node.span.end,
            Format::Yaml => trimmed_end(self.text, node),
        }
    }

    fn is_one_line(&self, node: &Node) -> bool {
        !self.text[node.span.start..node.span.end].contains('\n')
    }

    /// The spacing after a colon and after a comma, copied from the first places in the
    /// document that show them.
    fn document_seps(&self, root: &Node) -> Inline<'static> {
        let (mut colon, mut comma) = (None, None);
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            match &node.value {
                NodeValue::Object(members) => {
                    if colon.is_none() {
                        colon = members.first().and_then(|m| self.colon_sep(m));
                    }
                    if comma.is_none() {
                        comma = members
                            .windows(2)
                            .find_map(|w| self.comma_sep(&w[0].value, w[1].key_span.start));
                    }
                    stack.extend(members.iter().rev().map(|m| &m.value));
                }
                NodeValue::Array(items) => {
                    if comma.is_none() {
                        comma = items
                            .windows(2)
                            .find_map(|w| self.comma_sep(&w[0], w[1].span.start));
                    }
                    stack.extend(items.iter().rev());
                }
                _ => {}
            }
            if colon.is_some() && comma.is_some() {
                break;
            }
        }
        let fallback = if self.format == Format::Json && self.style.one_line {
            ""
        } else {
            " "
        };
        // People who space colons space commas, and the other way round.
        let colon_sep = colon.or(comma).unwrap_or(fallback);
        Inline {
            colon: colon_sep,
            comma: comma.unwrap_or(colon_sep),
        }
    }

    /// `" "` or `""`: what follows the colon of a member whose value is on the key's line.
    fn colon_sep(&self, m: &Member) -> Option<&'static str> {
        let between = self.text.get(m.key_span.end..m.value.span.start)?;
        if between.contains('\n') {
            return None;
        }
        let after = &between[between.find(':')? + 1..];
        Some(if after.is_empty() { "" } else { " " })
    }

    /// `" "` or `""`: what follows the comma between two values on one line.
    fn comma_sep(&self, before: &Node, next_start: usize) -> Option<&'static str> {
        let between = self.text.get(self.end(before)..next_start)?;
        if between.contains('\n') {
            return None;
        }
        let after = &between[between.find(',')? + 1..];
        Some(if after.is_empty() { "" } else { " " })
    }

    /// Separators to use inside a one-line container, copied from it where it shows them.
    fn inline_seps(&self, container: Option<&Node>) -> Inline<'static> {
        let mut seps = self.seps;
        match container.map(|c| &c.value) {
            Some(NodeValue::Object(members)) => {
                if let Some(colon) = members.first().and_then(|m| self.colon_sep(m)) {
                    seps.colon = colon;
                }
                if let Some(comma) = members
                    .windows(2)
                    .find_map(|w| self.comma_sep(&w[0].value, w[1].key_span.start))
                {
                    seps.comma = comma;
                }
            }
            Some(NodeValue::Array(items)) => {
                if let Some(comma) = items
                    .windows(2)
                    .find_map(|w| self.comma_sep(&w[0], w[1].span.start))
                {
                    seps.comma = comma;
                }
            }
            _ => {}
        }
        seps
    }

    /// A value rendered to stand where `node` stands (or where a child of `container` goes).
    fn render_bracketed(&self, value: &Value, at: usize, container: Option<&Node>) -> String {
        let one_line = match container {
            Some(c) => self.is_one_line(c),
            None => self.style.one_line,
        };
        if one_line || self.format == Format::Yaml {
            render::json_inline(value, self.inline_seps(container))
        } else {
            render::json_pretty(
                value,
                line_indent(self.text, at),
                &self.style.unit,
                self.nl(),
            )
        }
    }

    fn key_text(&self, key: &str, container: &Node) -> String {
        if self.bracketed(container) {
            render::json_string(key)
        } else {
            render::yaml_string(key)
        }
    }

    /// Replaces the value at `loc` with `value`.
    pub fn replace(&self, loc: &Located<'_>, value: &Value) -> Result<Patch, EditError> {
        let node = loc.node;
        let text = self.text;
        let end = self.end(node);
        let parent_bracketed = match loc.parent {
            Some((p, _)) => self.bracketed(p),
            None => self.format == Format::Json,
        };
        if parent_bracketed {
            let rendered = self.render_bracketed(value, node.span.start, loc.parent.map(|p| p.0));
            return Ok(Patch::replace(node.span.start, end, rendered));
        }
        let unit = self.unit_width();
        let is_collection = |v: &Value| {
            matches!(v, Value::Object(m) if !m.is_empty())
                || matches!(v, Value::Array(a) if !a.is_empty())
        };
        let old_is_flow = self.bracketed(node) && node.span.end - node.span.start > 2;
        if old_is_flow && is_collection(value) {
            // A flow collection stays one: `{a: 1}` is replaced by flow JSON, not a block.
            let rendered = render::json_inline(value, self.inline_seps(Some(node)));
            return Ok(Patch::replace(node.span.start, end, rendered));
        }
        let both_scalars = render::yaml_scalar(value).is_some()
            && !matches!(node.value, NodeValue::Object(_) | NodeValue::Array(_));
        let scalar_like_old = || match (value, text.as_bytes().get(node.span.start)) {
            (Value::String(s), Some(b'"')) => render::json_string(s),
            (Value::String(s), Some(b'\'')) if !s.chars().any(char::is_control) => {
                format!("'{}'", s.replace('\'', "''"))
            }
            _ => render::yaml_scalar(value).unwrap_or_default(),
        };
        match loc.parent {
            None => Ok(Patch::replace(
                node.span.start,
                end,
                render::yaml_document(value, unit, self.nl()),
            )),
            Some((parent, Slot::Member(i))) => {
                let members = parent.as_object().unwrap_or_default();
                let key = &members[i];
                let colon = find_after(text, key.key_span.end, ':').ok_or_else(|| {
                    EditError::Internal(format!("no ':' after the key {:?}", key.key))
                })?;
                if both_scalars
                    && end > node.span.start
                    && on_same_line(text, colon, node.span.start)
                {
                    return Ok(Patch::replace(node.span.start, end, scalar_like_old()));
                }
                let col = column(text, key.key_span.start);
                Ok(Patch::replace(
                    colon + 1,
                    end.max(colon + 1),
                    render::yaml_tail(value, col, unit, self.nl()),
                ))
            }
            Some((_, Slot::Item)) => {
                let dash = dash_before(text, node.span.start).ok_or_else(|| {
                    EditError::Internal("no '-' before a block sequence item".into())
                })?;
                if both_scalars
                    && end > node.span.start
                    && on_same_line(text, dash, node.span.start)
                {
                    return Ok(Patch::replace(node.span.start, end, scalar_like_old()));
                }
                let col = column(text, dash);
                Ok(Patch::replace(
                    dash + 1,
                    end.max(dash + 1),
                    render::yaml_item(value, col, unit, self.nl()),
                ))
            }
        }
    }

    /// Inserts `key: value` into the object at `loc`, after member `after` (the last when `None`).
    pub fn insert_member(
        &self,
        loc: &Located<'_>,
        after: Option<usize>,
        key: &str,
        value: &Value,
    ) -> Result<Patch, EditError> {
        let obj = loc.node;
        let members = obj.as_object().unwrap_or_default();
        if members.is_empty() {
            let mut map = Map::new();
            map.insert(key.to_owned(), value.clone());
            return self.replace(loc, &Value::Object(map));
        }
        let text = self.text;
        let anchor = &members[after.unwrap_or(members.len() - 1).min(members.len() - 1)];
        let key_text = self.key_text(key, obj);
        if self.bracketed(obj) {
            let at = self.end(&anchor.value);
            let colon_sep = text
                .get(anchor.key_span.end..anchor.value.span.start)
                .filter(|s| !s.contains('\n'))
                .unwrap_or(": ");
            if starts_line(text, anchor.key_span.start) && !self.is_one_line(obj) {
                let indent = line_indent(text, anchor.key_span.start);
                let rendered = self.render_bracketed(value, anchor.key_span.start, Some(obj));
                Ok(Patch::insert(
                    at,
                    format!(",{}{indent}{key_text}{colon_sep}{rendered}", self.nl()),
                ))
            } else {
                let seps = self.inline_seps(Some(obj));
                let rendered = render::json_inline(value, seps);
                Ok(Patch::insert(
                    at,
                    format!(",{}{key_text}{colon_sep}{rendered}", seps.comma),
                ))
            }
        } else {
            let col = column(text, members[0].key_span.start);
            let at = line_end(text, self.end(&anchor.value).max(anchor.key_span.end));
            let tail = render::yaml_tail(value, col, self.unit_width(), self.nl());
            Ok(Patch::insert(
                at,
                format!("{}{}{key_text}:{tail}", self.nl(), " ".repeat(col)),
            ))
        }
    }

    /// Inserts `key: value` into the object at `loc` before its first member; `None` where that
    /// cannot be done in place (a YAML mapping opening a sequence item), for the caller to
    /// insert elsewhere.
    pub fn insert_member_first(
        &self,
        loc: &Located<'_>,
        key: &str,
        value: &Value,
    ) -> Option<Patch> {
        let obj = loc.node;
        let first = obj.as_object()?.first()?;
        let text = self.text;
        let key_text = self.key_text(key, obj);
        let start = first.key_span.start;
        if self.bracketed(obj) {
            let colon_sep = text
                .get(first.key_span.end..first.value.span.start)
                .filter(|s| !s.contains('\n'))
                .unwrap_or(": ");
            if starts_line(text, start) && !self.is_one_line(obj) {
                let indent = line_indent(text, start);
                let rendered = self.render_bracketed(value, start, Some(obj));
                return Some(Patch::insert(
                    start,
                    format!("{key_text}{colon_sep}{rendered},{}{indent}", self.nl()),
                ));
            }
            let seps = self.inline_seps(Some(obj));
            let rendered = render::json_inline(value, seps);
            return Some(Patch::insert(
                start,
                format!("{key_text}{colon_sep}{rendered},{}", seps.comma),
            ));
        }
        if !starts_line(text, start) {
            return None;
        }
        // Comment lines right above the first key belong to it: the new member goes above them.
        let col = column(text, start);
        let at = comments_above(text, start);
        let tail = render::yaml_tail(value, col, self.unit_width(), self.nl());
        Some(Patch::insert(
            at,
            format!("{}{key_text}:{tail}{}", " ".repeat(col), self.nl()),
        ))
    }

    /// The source text of member `index` of `obj`, to insert elsewhere as it is written (see
    /// [`Ctx::insert_moved`]); `None` where only re-rendering makes sense (YAML flow collections).
    pub fn moved_text(&self, obj: &Node, index: usize) -> Option<MovedText<'a>> {
        let m = obj.as_object()?.get(index)?;
        let text = self.text;
        if self.format == Format::Json {
            return Some(MovedText {
                text: &text[m.value.span.start..m.value.span.end],
                indent: line_indent(text, m.key_span.start).to_owned(),
            });
        }
        if self.bracketed(obj) || !starts_line(text, m.key_span.start) {
            return None;
        }
        let colon = find_after(text, m.key_span.end, ':')?;
        let end = self.end(&m.value).max(colon + 1);
        Some(MovedText {
            text: &text[colon + 1..end],
            indent: " ".repeat(column(text, m.key_span.start)),
        })
    }

    /// Inserts `key` with a value's source text taken from elsewhere in the same document,
    /// re-indented to its new depth, after member `after` (the last when `None`) of the object at
    /// `loc`. `None` when the text cannot go there as it is (the caller renders the value instead).
    pub fn insert_moved(
        &self,
        loc: &Located<'_>,
        after: Option<usize>,
        key: &str,
        moved: &MovedText<'_>,
    ) -> Option<Patch> {
        let obj = loc.node;
        let members = obj.as_object()?;
        let anchor = members.get(after.unwrap_or(members.len().checked_sub(1)?))?;
        let text = self.text;
        let key_text = self.key_text(key, obj);
        let multi_line = starts_line(text, anchor.key_span.start) && !self.is_one_line(obj);
        match self.format {
            Format::Json => {
                let colon_sep = text
                    .get(anchor.key_span.end..anchor.value.span.start)
                    .filter(|s| !s.contains('\n'))
                    .unwrap_or(": ");
                let at = anchor.value.span.end;
                if multi_line {
                    let indent = line_indent(text, anchor.key_span.start);
                    let value = reindent(moved.text, &moved.indent, indent)?;
                    Some(Patch::insert(
                        at,
                        format!(",{}{indent}{key_text}{colon_sep}{value}", self.nl()),
                    ))
                } else if !moved.text.contains('\n') {
                    let comma = self.inline_seps(Some(obj)).comma;
                    Some(Patch::insert(
                        at,
                        format!(",{comma}{key_text}{colon_sep}{}", moved.text),
                    ))
                } else {
                    None
                }
            }
            Format::Yaml => {
                if self.bracketed(obj) {
                    return None;
                }
                let col = column(text, members[0].key_span.start);
                let indent = " ".repeat(col);
                let tail = reindent(moved.text, &moved.indent, &indent)?;
                let at = line_end(text, self.end(&anchor.value).max(anchor.key_span.end));
                Some(Patch::insert(
                    at,
                    format!("{}{indent}{key_text}:{tail}", self.nl()),
                ))
            }
        }
    }

    /// Removes member `index` of the object at `loc`.
    pub fn remove_member(&self, loc: &Located<'_>, index: usize) -> Result<Patch, EditError> {
        let obj = loc.node;
        let members = obj.as_object().unwrap_or_default();
        let text = self.text;
        let m = &members[index];
        if members.len() == 1 {
            return self.replace(loc, &Value::Object(Map::new()));
        }
        if self.bracketed(obj) {
            return Ok(if index + 1 < members.len() {
                Patch::delete(m.key_span.start, members[index + 1].key_span.start)
            } else {
                Patch::delete(self.end(&members[index - 1].value), self.end(&m.value))
            });
        }
        if starts_line(text, m.key_span.start) {
            let end = self.end(&m.value).max(m.key_span.end);
            Ok(Patch::delete(
                line_start(text, m.key_span.start),
                after_line(text, end),
            ))
        } else if index + 1 < members.len() {
            // The first member of a mapping in a sequence item (`- Key: v`): the next takes its place.
            Ok(Patch::delete(
                m.key_span.start,
                members[index + 1].key_span.start,
            ))
        } else {
            Err(EditError::Internal(format!(
                "cannot find the lines of the member {:?}",
                m.key
            )))
        }
    }

    /// Removes member `index` of the object at `loc` together with the comment lines right above
    /// it in a YAML block mapping (they describe it, as a comment above a state does).
    pub fn remove_member_and_its_comments(
        &self,
        loc: &Located<'_>,
        index: usize,
    ) -> Result<Patch, EditError> {
        let mut patch = self.remove_member(loc, index)?;
        let members = loc.node.as_object().unwrap_or_default();
        let key = members[index].key_span.start;
        let whole_lines = self.format == Format::Yaml
            && !self.bracketed(loc.node)
            && starts_line(self.text, key)
            && patch.start == line_start(self.text, key);
        if whole_lines {
            patch.start = comments_above(self.text, key);
        }
        Ok(patch)
    }

    /// Renames member `index` of the object `obj` (references elsewhere are the caller's business).
    pub fn rename_key(&self, obj: &Node, index: usize, to: &str) -> Patch {
        let members = obj.as_object().unwrap_or_default();
        let span = members[index].key_span;
        let quoted = matches!(self.text.as_bytes().get(span.start), Some(b'"' | b'\''));
        let key_text = if quoted {
            render::json_string(to)
        } else {
            self.key_text(to, obj)
        };
        Patch::replace(span.start, span.end, key_text)
    }

    /// Inserts `value` into the array at `loc` so that it becomes item `index`.
    pub fn insert_item(
        &self,
        loc: &Located<'_>,
        index: usize,
        value: &Value,
    ) -> Result<Patch, EditError> {
        let arr = loc.node;
        let items = arr.as_array().unwrap_or_default();
        let text = self.text;
        if items.is_empty() {
            return self.replace(loc, &Value::Array(vec![value.clone()]));
        }
        if self.bracketed(arr) {
            let multi_line = starts_line(text, items[0].span.start) && !self.is_one_line(arr);
            let first = items[0].span.start;
            let (rendered, sep) = if multi_line {
                (
                    self.render_bracketed(value, first, Some(arr)),
                    format!("{}{}", self.nl(), line_indent(text, first)),
                )
            } else {
                let seps = self.inline_seps(Some(arr));
                (render::json_inline(value, seps), seps.comma.to_owned())
            };
            return Ok(if index > 0 {
                Patch::insert(self.end(&items[index - 1]), format!(",{sep}{rendered}"))
            } else {
                Patch::insert(first, format!("{rendered},{sep}"))
            });
        }
        let dash = dash_before(text, items[0].span.start)
            .ok_or_else(|| EditError::Internal("no '-' before a block sequence item".into()))?;
        let col = column(text, dash);
        let item = render::yaml_item(value, col, self.unit_width(), self.nl());
        if index > 0 {
            let at = line_end(text, self.end(&items[index - 1]));
            Ok(Patch::insert(
                at,
                format!("{}{}-{item}", self.nl(), " ".repeat(col)),
            ))
        } else if starts_line(text, dash) {
            Ok(Patch::insert(
                line_start(text, dash),
                format!("{}-{item}{}", " ".repeat(col), self.nl()),
            ))
        } else {
            let mut all: Vec<Value> = items.iter().map(Node::to_value).collect();
            all.insert(0, value.clone());
            self.replace(loc, &Value::Array(all))
        }
    }

    /// Removes item `index` of the array at `loc`.
    pub fn remove_item(&self, loc: &Located<'_>, index: usize) -> Result<Patch, EditError> {
        let arr = loc.node;
        let items = arr.as_array().unwrap_or_default();
        let text = self.text;
        if items.len() == 1 {
            return self.replace(loc, &Value::Array(Vec::new()));
        }
        let item = &items[index];
        if self.bracketed(arr) {
            return Ok(if index + 1 < items.len() {
                Patch::delete(item.span.start, items[index + 1].span.start)
            } else {
                Patch::delete(self.end(&items[index - 1]), self.end(item))
            });
        }
        match dash_before(text, item.span.start) {
            Some(dash) if starts_line(text, dash) => Ok(Patch::delete(
                line_start(text, dash),
                after_line(text, self.end(item)),
            )),
            _ => {
                let mut all: Vec<Value> = items.iter().map(Node::to_value).collect();
                all.remove(index);
                self.replace(loc, &Value::Array(all))
            }
        }
    }
}

/// A value's source text and the indentation of the line its key is on.
#[derive(Debug, Clone)]
pub(crate) struct MovedText<'t> {
    pub text: &'t str,
    pub indent: String,
}

/// `text` with every line after the first moved from indentation `old` to `new`; `None` when a
/// line is indented less than `old` (the text would not keep its shape).
fn reindent(text: &str, old: &str, new: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if let Some(rest) = line.strip_prefix(old) {
                out.push_str(new);
                out.push_str(rest);
            } else if line.trim().is_empty() {
                out.push_str(line);
            } else {
                return None;
            }
        } else {
            out.push_str(line);
        }
    }
    Some(out)
}

/// The start of the comment-only lines right above the line holding `key` (no blank line
/// between), indented at least as far as `key`; the start of `key`'s line when there are none.
fn comments_above(text: &str, key: usize) -> usize {
    let col = column(text, key);
    let mut at = line_start(text, key);
    while at > 0 {
        let above = line_start(text, at - 1);
        let line = &text[above..at];
        match line.find('#') {
            Some(hash)
                if line.trim_start().starts_with('#') && column(text, above + hash) >= col =>
            {
                at = above;
            }
            _ => break,
        }
    }
    at
}

/// The first `c` after `from`, past white space only.
fn find_after(text: &str, from: usize, c: char) -> Option<usize> {
    let rest = &text[from..];
    let skipped = rest.len() - rest.trim_start().len();
    rest[skipped..].starts_with(c).then_some(from + skipped)
}

/// The `-` of the block sequence entry whose content starts at `start`.
fn dash_before(text: &str, start: usize) -> Option<usize> {
    let before = text[..start].trim_end();
    before.ends_with('-').then(|| before.len() - 1)
}

fn on_same_line(text: &str, a: usize, b: usize) -> bool {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    !text[a..b].contains('\n')
}

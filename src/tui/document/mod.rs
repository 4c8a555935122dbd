//! The reader's text, laid out for a width: subject, references, numbered
//! paragraphs reflowed to the pane, signature; or the raw text. Pure: the
//! same cable, width and terms give the same lines, so scrolling, the item
//! cursor and search hits all work on line numbers. A document of many
//! cables (a thread, the marked cables) is laid out the same way, one
//! cable after the other; `wrap` holds the line breaking they share.

mod wrap;

use super::state::{LoadedCable, RefStatus};
use wrap::{hard_wrap, push_text, split_line};

/// What a piece of a line is, for the theme to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegKind {
    Plain,
    Subject,
    /// `¶1 (S)` before a paragraph.
    Lead,
    /// `REF A` before a reference.
    RefLabel,
    Present,
    Missing,
    NotACable,
    /// A word of the current search.
    Hit,
    Signer,
    Dim,
    /// The citation line over each cable of a document of many.
    Heading,
    /// A reference inside a paragraph's text (`(ref A)`), by the index of
    /// its item, so the view can mark the one under the cursor.
    Mention(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub text: String,
    pub kind: SegKind,
}

/// One line of the laid-out text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocLine {
    pub segs: Vec<Seg>,
    /// The item (reference or paragraph) the line belongs to.
    pub item: Option<usize>,
}

impl DocLine {
    pub(crate) fn push(&mut self, text: impl Into<String>, kind: SegKind) {
        let text = text.into();
        if text.is_empty() {
            return;
        }
        match self.segs.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(&text),
            _ => self.segs.push(Seg { text, kind }),
        }
    }

    /// The plain text of the line.
    pub fn text(&self) -> String {
        self.segs.iter().map(|s| s.text.as_str()).collect()
    }

    /// The kind of the piece at display column `column` (a click).
    pub fn kind_at(&self, column: usize) -> Option<SegKind> {
        let mut at = 0;
        for s in &self.segs {
            at += unicode_width::UnicodeWidthStr::width(s.text.as_str());
            if column < at {
                return Some(s.kind);
            }
        }
        None
    }
}

/// What the item cursor can stand on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// A reference, by its index in the cable's list.
    Reference(usize),
    /// A paragraph, by its position in the cable (from 0).
    Paragraph(usize),
    /// A reference inside paragraph `paragraph` (from 0): its mention
    /// number `mention` (from 0).
    Mention { paragraph: usize, mention: usize },
    /// The citation line of a cable of a document of many.
    Heading,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    pub first_line: usize,
    pub last_line: usize,
    /// Which cable of the document it belongs to (0 for a single cable).
    pub cable: usize,
}

/// The laid-out cable.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub lines: Vec<DocLine>,
    pub items: Vec<Item>,
    /// Lines that hold a search hit, in order.
    pub hit_lines: Vec<usize>,
}

/// Lays out a cable for a text width (at least 1 column).
pub fn layout(cable: &LoadedCable, width: usize, raw: bool, terms: &[Vec<String>]) -> Document {
    let mut doc = Document::default();
    layout_cable(&mut doc, cable, (0, Part::Whole), width.max(1), raw, terms);
    doc.hit_lines = hit_lines(&doc);
    doc
}

/// Lays out many cables as one document, in the order given: each under
/// its citation line (`09BERLIN1296 · CONFIDENTIAL · 2009-10-20 · Embassy
/// Berlin · SUBJECT`, as the exports write it), which is an item of its
/// own so that every cable has a place for the cursor and `J`/`K`.
pub fn layout_many(
    cables: &[LoadedCable],
    width: usize,
    raw: bool,
    terms: &[Vec<String>],
) -> Document {
    let width = width.max(1);
    let mut doc = Document::default();
    for (i, cable) in cables.iter().enumerate() {
        if i > 0 {
            doc.lines.push(DocLine::default());
        }
        let first = doc.lines.len();
        let item = doc.items.len();
        let heading = crate::text::cable_citation_line(cable.id(), Some(&cable.stored.cable));
        push_text(
            &mut doc,
            &heading,
            width,
            "",
            SegKind::Heading,
            terms,
            &[],
            Some(item),
        );
        doc.items.push(Item {
            kind: ItemKind::Heading,
            first_line: first,
            last_line: doc.lines.len() - 1,
            cable: i,
        });
        let mut rule = DocLine::default();
        rule.push("─".repeat(width.min(40)), SegKind::Dim);
        doc.lines.push(rule);
        layout_cable(&mut doc, cable, (i, Part::BelowCitation), width, raw, terms);
    }
    doc.hit_lines = hit_lines(&doc);
    doc
}

/// What of a cable to lay out: all of it, or (under its citation line,
/// which says it) all but the subject.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Whole,
    BelowCitation,
}

/// The first item of each cable of the document, in order (`J`/`K`).
pub fn cable_starts(doc: &Document) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for (i, it) in doc.items.iter().enumerate() {
        if i == 0 || doc.items[i - 1].cable != it.cable {
            out.push(i);
        }
    }
    out
}

fn hit_lines(doc: &Document) -> Vec<usize> {
    doc.lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.segs.iter().any(|s| s.kind == SegKind::Hit))
        .map(|(i, _)| i)
        .collect()
}

/// Appends one cable (number `index` of the document) to `doc`.
fn layout_cable(
    doc: &mut Document,
    cable: &LoadedCable,
    (index, part): (usize, Part),
    width: usize,
    raw: bool,
    terms: &[Vec<String>],
) {
    if raw {
        for line in cable.stored.raw.lines() {
            for piece in hard_wrap(&sanitize(line), width) {
                let mut l = DocLine::default();
                l.push(piece, SegKind::Plain);
                doc.lines.push(l);
            }
        }
        return;
    }
    let c = &cable.stored.cable;
    if let Some(subject) = c.subject.as_ref().filter(|_| part == Part::Whole) {
        push_text(doc, subject, width, "", SegKind::Subject, terms, &[], None);
    }
    if !cable.refs.is_empty() {
        if part == Part::Whole {
            doc.lines.push(DocLine::default());
        }
        for (i, r) in cable.refs.iter().enumerate() {
            let first = doc.lines.len();
            let item = doc.items.len();
            let mut l = DocLine {
                item: Some(item),
                ..DocLine::default()
            };
            l.push(format!("REF {} ", r.letter), SegKind::RefLabel);
            l.push(sanitize(&r.text), SegKind::Plain);
            let (mark, kind) = match &r.status {
                RefStatus::Present(id) => (format!("  ✓ {id}"), SegKind::Present),
                RefStatus::Missing(id) => (format!("  ✗ {id} missing"), SegKind::Missing),
                RefStatus::NotACable => ("  ·".to_string(), SegKind::NotACable),
            };
            l.push(mark, kind);
            for piece in split_line(l, width) {
                doc.lines.push(DocLine {
                    item: Some(item),
                    ..piece
                });
            }
            doc.items.push(Item {
                kind: ItemKind::Reference(i),
                first_line: first,
                last_line: doc.lines.len() - 1,
                cable: index,
            });
        }
    }
    for (pos, p) in c.paragraphs.iter().enumerate() {
        doc.lines.push(DocLine::default());
        let first = doc.lines.len();
        let item = doc.items.len();
        let mut lead = String::new();
        lead.push_str(&crate::text::paragraph_label(pos + 1, p.number.as_deref()));
        if let Some(mark) = &p.classification {
            lead.push_str(&format!(" ({mark})"));
        }
        // The mentions as byte ranges of the text, each marked with the
        // item it will be (right after its paragraph's).
        let mentions = mention_bytes(&p.text, &p.mentions);
        for (b, block) in p.text.split("\n\n").enumerate() {
            if b > 0 {
                doc.lines.push(DocLine {
                    item: Some(item),
                    ..DocLine::default()
                });
            }
            for (k, line) in block.split('\n').enumerate() {
                let prefix = if b == 0 && k == 0 { lead.as_str() } else { "" };
                let at = line.as_ptr() as usize - p.text.as_ptr() as usize;
                let marks: Vec<(usize, usize, SegKind)> = mentions
                    .iter()
                    .enumerate()
                    .filter(|(_, &(s, e))| s < at + line.len() && at < e)
                    .map(|(j, &(s, e))| {
                        (
                            s.saturating_sub(at),
                            (e - at).min(line.len()),
                            SegKind::Mention(item + 1 + j),
                        )
                    })
                    .collect();
                push_text(
                    doc,
                    line,
                    width,
                    prefix,
                    SegKind::Plain,
                    terms,
                    &marks,
                    Some(item),
                );
            }
        }
        let last = doc.lines.len().saturating_sub(1).max(first);
        doc.items.push(Item {
            kind: ItemKind::Paragraph(pos),
            first_line: first,
            last_line: last,
            cable: index,
        });
        for j in 0..mentions.len() {
            let kind = SegKind::Mention(item + 1 + j);
            let on: Vec<usize> = (first..=last)
                .filter(|&l| doc.lines[l].segs.iter().any(|s| s.kind == kind))
                .collect();
            // A mention no line shows (a width of one column cut it
            // away) is still an item, on its paragraph's first line.
            let (from, to) = match (on.first(), on.last()) {
                (Some(&a), Some(&b)) => (a, b),
                _ => (first, first),
            };
            doc.items.push(Item {
                kind: ItemKind::Mention {
                    paragraph: pos,
                    mention: j,
                },
                first_line: from,
                last_line: to,
                cable: index,
            });
        }
    }
    if c.paragraphs.is_empty() && !c.body.is_empty() {
        doc.lines.push(DocLine::default());
        for line in c.body.lines() {
            push_text(doc, line, width, "", SegKind::Plain, terms, &[], None);
        }
    }
    if !c.signers.is_empty() {
        doc.lines.push(DocLine::default());
        let mut l = DocLine::default();
        l.push(sanitize(&c.signers.join(", ")), SegKind::Signer);
        doc.lines.extend(split_line(l, width));
    }
}

/// The mentions of a paragraph (Unicode characters of its text) as byte
/// ranges of it; one out of range (a cable stored by another version) is
/// clipped to the text.
fn mention_bytes(text: &str, mentions: &[crate::cable::model::Mention]) -> Vec<(usize, usize)> {
    if mentions.is_empty() {
        return Vec::new();
    }
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let at = |c: usize| bytes.get(c).copied().unwrap_or(text.len());
    mentions
        .iter()
        .map(|m| (at(m.start), at(m.end.max(m.start))))
        .collect()
}

/// Control characters and escape sequences never reach the terminal: the
/// one rule of `text::terminal_safe`, as an owned string for spans.
pub fn sanitize(s: &str) -> String {
    crate::text::terminal_safe(s).into_owned()
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::*;
    use crate::tui::testing::loaded;

    #[test]
    fn paragraphs_are_reflowed_to_the_width() {
        let cable = loaded("07MOSCOW1026");
        let doc = layout(&cable, 40, false, &[]);
        assert!(doc.lines.iter().all(|l| l.text().width() <= 40));
        let para = doc
            .lines
            .iter()
            .find(|l| l.text().starts_with("¶1 (S)"))
            .unwrap();
        assert!(para.text().contains("Sergey"));
    }

    #[test]
    fn references_and_paragraphs_are_items_in_order() {
        let cable = loaded("07MOSCOW1026");
        let doc = layout(&cable, 60, false, &[]);
        let kinds: Vec<_> = doc.items.iter().map(|i| i.kind.clone()).collect();
        assert_eq!(kinds[0], ItemKind::Reference(0));
        assert_eq!(kinds[1], ItemKind::Reference(1));
        assert_eq!(kinds[2], ItemKind::Paragraph(0));
        // Four paragraphs, and the two references the text mentions, each
        // right after its paragraph.
        let paragraphs = kinds.iter().filter(|k| matches!(k, ItemKind::Paragraph(_)));
        assert_eq!(paragraphs.count(), 4);
        let mentions: Vec<usize> = (kinds.iter().enumerate())
            .filter(|(_, k)| matches!(k, ItemKind::Mention { .. }))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(mentions.len(), 2);
        for i in mentions {
            let ItemKind::Mention { paragraph, .. } = kinds[i] else {
                unreachable!()
            };
            assert!(kinds[..i].contains(&ItemKind::Paragraph(paragraph)));
        }
        let first_ref = &doc.lines[doc.items[0].first_line];
        assert!(first_ref.text().starts_with("REF A MOSCOW 977"));
    }

    #[test]
    fn search_terms_are_marked_and_counted_as_hit_lines() {
        let cable = loaded("07MOSCOW1026");
        let doc = layout(&cable, 60, false, &[vec!["petlyakov".to_string()]]);
        assert!(doc.hit_lines.len() >= 4);
        let hit = doc.lines[doc.hit_lines[0]]
            .segs
            .iter()
            .find(|s| s.kind == SegKind::Hit)
            .unwrap();
        // The word, not the punctuation after it.
        assert_eq!(hit.text, "Petlyakov");
        let line = doc.lines[doc.hit_lines[0]].text();
        assert!(line.contains("Petlyakov,"), "{line}");
    }

    #[test]
    fn raw_view_shows_the_text_as_imported() {
        let cable = loaded("07MOSCOW1026");
        let doc = layout(&cable, 80, true, &[]);
        assert!(doc
            .lines
            .iter()
            .any(|l| l.text() == "S E C R E T MOSCOW 001026"));
        assert!(doc.items.is_empty());
    }

    #[test]
    fn any_width_down_to_one_lays_out() {
        let cable = loaded("09MOSCOW501");
        for w in [0, 1, 2, 5] {
            let doc = layout(&cable, w, false, &[vec!["gor".into()]]);
            assert!(doc.lines.iter().all(|l| l.text().width() <= w.max(1)));
        }
    }

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(sanitize("a\x1b[31mb\u{7}"), "a\u{FFFD}[31mb\u{FFFD}");
    }
}

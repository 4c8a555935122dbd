//! Line breaking for the reader's layout: words reflowed to a width,
//! search hits marked, words longer than the pane cut.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::library::match_ranges;

use super::{sanitize, DocLine, Document, SegKind};

/// Wraps `text` (after a `prefix` on the first line) at `width`, marking
/// search hits and the byte ranges of `marks` (mentions: their kind wins
/// over a hit's), and appends the lines to the document.
#[allow(clippy::too_many_arguments)]
pub(super) fn push_text(
    doc: &mut Document,
    text: &str,
    width: usize,
    prefix: &str,
    kind: SegKind,
    terms: &[Vec<String>],
    marks: &[(usize, usize, SegKind)],
    item: Option<usize>,
) {
    let hits = match_ranges(text, terms);
    let is_hit = |start: usize, end: usize| hits.iter().any(|&(s, e)| s < end && start < e);
    let mark_at = |start: usize, end: usize| {
        marks
            .iter()
            .find(|&&(s, e, _)| s < end && start < e)
            .map(|&(_, _, k)| k)
    };
    let mut prev_end = 0usize;
    let mut line = DocLine {
        item,
        ..DocLine::default()
    };
    let mut used = 0usize;
    if !prefix.is_empty() {
        let pieces = hard_wrap(prefix, width);
        let n = pieces.len();
        for (i, piece) in pieces.into_iter().enumerate() {
            used = piece.width();
            line.push(piece, SegKind::Lead);
            if i + 1 < n {
                doc.lines.push(std::mem::replace(
                    &mut line,
                    DocLine {
                        item,
                        ..DocLine::default()
                    },
                ));
            }
        }
    }
    for (start, word) in words(text) {
        let clean = sanitize(word);
        let w = clean.width();
        if used > 0 && used + 1 + w > width {
            doc.lines.push(std::mem::replace(
                &mut line,
                DocLine {
                    item,
                    ..DocLine::default()
                },
            ));
            used = 0;
        } else if used > 0 {
            // The space inside a mention (`ref A`) is part of it.
            line.push(" ", mark_at(prev_end, start).unwrap_or(kind));
            used += 1;
        }
        prev_end = start + word.len();
        let word_kind = match mark_at(start, start + word.len()) {
            Some(k) => k,
            None if is_hit(start, start + word.len()) => SegKind::Hit,
            None => kind,
        };
        if w > width {
            // A word longer than the pane is cut into pieces.
            for piece in hard_wrap(&clean, width) {
                if used > 0 {
                    doc.lines.push(std::mem::replace(
                        &mut line,
                        DocLine {
                            item,
                            ..DocLine::default()
                        },
                    ));
                }
                used = piece.width();
                line.push(piece, word_kind);
            }
        } else {
            // Only the matched part is a hit: `Darfur,` marks `Darfur`;
            // `(ref` marks `ref`.
            let mut cuts_at: Vec<(usize, usize)> = hits.clone();
            cuts_at.extend(marks.iter().map(|&(s, e, _)| (s, e)));
            for (piece, at) in marked_pieces(word, start, &cuts_at) {
                let piece_kind = match mark_at(at, at + piece.len()) {
                    Some(k) => k,
                    None if is_hit(at, at + piece.len()) => SegKind::Hit,
                    None => kind,
                };
                line.push(sanitize(piece), piece_kind);
            }
            used += w;
        }
    }
    if !line.segs.is_empty() {
        doc.lines.push(line);
    }
}

/// A word (at byte `start` of the text) cut where the ranges begin and
/// end, each piece with its byte offset in the text.
fn marked_pieces<'a>(
    word: &'a str,
    start: usize,
    hits: &[(usize, usize)],
) -> Vec<(&'a str, usize)> {
    let end = start + word.len();
    let mut cuts = vec![0, word.len()];
    for &(s, e) in hits {
        for at in [s, e] {
            if at > start && at < end && word.is_char_boundary(at - start) {
                cuts.push(at - start);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| (&word[w[0]..w[1]], start + w[0]))
        .collect()
}

/// The words of a text with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace().map(move |w| {
        let start = w.as_ptr() as usize - text.as_ptr() as usize;
        (start, w)
    })
}

/// Cuts a line into pieces of at most `width` columns.
pub(super) fn hard_wrap(s: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            used = 0;
        }
        cur.push(c);
        used += w;
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur);
    }
    out
}

/// A styled line cut into lines of at most `width` columns.
pub(super) fn split_line(line: DocLine, width: usize) -> Vec<DocLine> {
    let mut out = vec![DocLine {
        item: line.item,
        ..DocLine::default()
    }];
    let mut used = 0;
    for seg in line.segs {
        for c in seg.text.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width && used > 0 {
                out.push(DocLine {
                    item: line.item,
                    ..DocLine::default()
                });
                used = 0;
            }
            if let Some(last) = out.last_mut() {
                last.push(c.to_string(), seg.kind);
            }
            used += w;
        }
    }
    out
}

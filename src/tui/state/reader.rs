//! The reader pane's state: the cable loaded, its references as the reader
//! shows them, the item cursor and the laid-out text.

use crate::library::StoredCable;
use crate::tui::document::Document;

/// Whether a reference is in the library: the library's one model.
pub use crate::library::RefStatus;

/// One reference as the reader shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefView {
    /// The letter for `f`: the cable's own label, else A, B, C… in order.
    pub letter: char,
    pub text: String,
    pub status: RefStatus,
}

/// A cable loaded for reading: the stored cable, the status of each of its
/// references and the cables that cite it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedCable {
    pub stored: StoredCable,
    pub refs: Vec<RefView>,
    pub cited_by: Vec<String>,
    /// Where the mentions in each paragraph lead, by paragraph and then in
    /// the order of its mentions (`NotACable` for one that names no
    /// cable, such as `reftel` in a cable of several REF entries).
    pub mentions: Vec<Vec<RefStatus>>,
}

impl LoadedCable {
    /// Builds the reader's view of a cable; `statuses` says where each of
    /// its references leads (`Library::follow`, one per reference).
    pub fn new(
        stored: StoredCable,
        statuses: Vec<RefStatus>,
        cited_by: Vec<String>,
    ) -> LoadedCable {
        let mut refs = Vec::new();
        for (i, (r, status)) in stored.cable.references.iter().zip(statuses).enumerate() {
            let letter = r
                .label
                .as_deref()
                .and_then(|l| l.chars().next())
                .filter(|c| c.is_ascii_alphabetic())
                .map(|c| c.to_ascii_uppercase())
                .unwrap_or_else(|| (b'A' + (i % 26) as u8) as char);
            refs.push(RefView {
                letter,
                text: r.text.clone(),
                status,
            });
        }
        LoadedCable {
            stored,
            refs,
            cited_by,
            mentions: Vec::new(),
        }
    }

    /// The same, with where the mentions of each paragraph lead (the
    /// library's resolver, one status per mention).
    pub fn with_mentions(mut self, mentions: Vec<Vec<RefStatus>>) -> LoadedCable {
        self.mentions = mentions;
        self
    }

    /// Where mention `mention` of paragraph `paragraph` leads.
    pub fn mention_status(&self, paragraph: usize, mention: usize) -> Option<&RefStatus> {
        self.mentions.get(paragraph).and_then(|m| m.get(mention))
    }

    pub fn id(&self) -> &str {
        self.stored.cable.id.as_deref().unwrap_or("")
    }
}

/// The reader pane.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReaderState {
    /// The document's cables: none, one, or many read as one (a thread, a
    /// selection), in the order laid out.
    pub cables: Vec<LoadedCable>,
    /// What a document of many cables is (`thread of 09BERLIN1296`), for
    /// the pane's title.
    pub title: Option<String>,
    /// The item (reference or paragraph) under the cursor.
    pub cursor: usize,
    /// The first line shown.
    pub scroll: usize,
    /// Raw text as imported instead of the reader view.
    pub raw: bool,
    /// The search hit `n`/`N` last went to (an index into `doc.hit_lines`).
    pub hit: Option<usize>,
    /// The laid-out text for the current width (derived, kept in step by
    /// `update`).
    pub doc: Document,
    pub doc_width: usize,
}

impl ReaderState {
    /// The cable the reader shows: of a document of many, the one under
    /// the item cursor.
    pub fn cable(&self) -> Option<&LoadedCable> {
        self.cables.get(self.cable_index())
    }

    /// Which of the document's cables the cursor is in.
    pub fn cable_index(&self) -> usize {
        self.doc.items.get(self.cursor).map_or(0, |i| i.cable)
    }

    /// Whether the document holds more than one cable.
    pub fn is_many(&self) -> bool {
        self.cables.len() > 1
    }

    /// Shows one cable (what opening, following and the history do).
    pub fn show_one(&mut self, cable: LoadedCable) {
        self.cables = vec![cable];
        self.title = None;
    }

    /// The paragraph (position from 0) the item cursor is in: on it, or on
    /// a mention inside it.
    pub fn cursor_paragraph(&self) -> Option<usize> {
        use crate::tui::document::ItemKind;
        match self.cursor_item()? {
            ItemKind::Paragraph(p) | ItemKind::Mention { paragraph: p, .. } => Some(p),
            ItemKind::Reference(_) | ItemKind::Heading => None,
        }
    }

    /// What the item cursor stands on.
    pub fn cursor_item(&self) -> Option<crate::tui::document::ItemKind> {
        self.doc.items.get(self.cursor).map(|i| i.kind.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing::loaded;

    #[test]
    fn references_get_the_cable_letters_and_a_status() {
        let c = loaded("07MOSCOW1026");
        assert_eq!(c.refs[0].letter, 'A');
        assert_eq!(c.refs[1].letter, 'B');
        assert_eq!(c.refs[0].status, RefStatus::Missing("07MOSCOW977".into()));
        let c = loaded("09MOSCOW501");
        assert_eq!(c.refs[1].status, RefStatus::NotACable);
    }
}

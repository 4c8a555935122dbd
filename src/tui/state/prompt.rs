//! The one-line editor's state: a search typed at the prompt or the note of
//! a bookmark.

use super::list::ListState;

/// What the one-line editor is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    /// The note of a bookmark on paragraph `paragraph` (from 1) of `id`.
    Note {
        id: String,
        paragraph: usize,
        number: Option<String>,
    },
    /// `:`: the ID of a cable to open.
    GoTo,
}

/// The search prompt or the note editor while it is open.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// Cursor position in characters.
    pub cursor: usize,
    /// Which earlier query `↑`/`↓` show; `None` is the one being typed.
    pub history_index: Option<usize>,
    /// What the input was before walking the history.
    pub draft: String,
    /// The list to restore on `Esc`.
    pub saved_list: ListState,
    pub saved_terms: Vec<Vec<String>>,
}

impl Prompt {
    /// Opens on `input`, the cursor at its end; `saved_list` and
    /// `saved_terms` are what `Esc` restores.
    pub fn new(
        kind: PromptKind,
        input: String,
        saved_list: ListState,
        saved_terms: Vec<Vec<String>>,
    ) -> Prompt {
        Prompt {
            kind,
            cursor: input.chars().count(),
            draft: input.clone(),
            input,
            history_index: None,
            saved_list,
            saved_terms,
        }
    }
}

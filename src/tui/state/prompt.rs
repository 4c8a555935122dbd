//! The one-line editor's state: a search typed at the prompt or the note of
//! a bookmark. The editing itself (readline's words, kill to start or end)
//! is `tui-input`'s; the keymap's prompt scope says which key asks for what.

use tui_input::{Input, InputRequest};

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
    /// `S`, or `e` on a saved search: the name to save `query` under
    /// (`old`: the name of the search being edited).
    SavedName {
        query: String,
        old: Option<String>,
    },
    /// `e` on a saved search, after its name: its query.
    SavedQuery {
        old: String,
        name: String,
    },
    /// `#`: the label the bookmarks view shows.
    Label,
}

impl PromptKind {
    /// Whether the editor is for a text to keep (a note, a name), not a
    /// search: `Esc` then only leaves it, and typing runs nothing.
    pub fn is_editor(&self) -> bool {
        matches!(
            self,
            PromptKind::Note { .. }
                | PromptKind::SavedName { .. }
                | PromptKind::SavedQuery { .. }
                | PromptKind::Label
        )
    }
}

/// The text and cursor of the editor. `tui_input::Input` compares by
/// neither, so the state keeps its `PartialEq` through this wrapper, which
/// compares what is shown: the text and the cursor.
#[derive(Debug, Clone, Default)]
pub struct LineEditor(Input);

impl PartialEq for LineEditor {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value() && self.cursor() == other.cursor()
    }
}

impl LineEditor {
    /// On `text`, the cursor at its end.
    pub fn new(text: &str) -> LineEditor {
        LineEditor(Input::new(text.to_string()))
    }

    pub fn value(&self) -> &str {
        self.0.value()
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.0.cursor()
    }

    /// Applies one editing request; whether the text changed (a search
    /// runs again only then).
    pub fn handle(&mut self, request: InputRequest) -> bool {
        self.0.handle(request).is_some_and(|c| c.value)
    }
}

/// The search prompt or the note editor while it is open.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub editor: LineEditor,
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
            editor: LineEditor::new(&input),
            draft: input,
            history_index: None,
            saved_list,
            saved_terms,
        }
    }

    /// The text typed.
    pub fn input(&self) -> &str {
        self.editor.value()
    }

    /// The cursor, in characters.
    pub fn cursor(&self) -> usize {
        self.editor.cursor()
    }

    /// Replaces the text, the cursor at its end.
    pub fn set_input(&mut self, text: &str) {
        self.editor = LineEditor::new(text);
    }
}

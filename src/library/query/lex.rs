//! Text → tokens: words, phrases, `name:value` filters, parentheses and
//! the operators, each with its 1-based character column.

use super::{QueryError, EXACT_FILTERS, FILTERS, MAX_QUOTED};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TokKind {
    Word(String),
    /// A quoted phrase, with the slop of a `~N` right after it.
    Phrase {
        text: String,
        slop: Option<u32>,
    },
    Field {
        name: String,
        value: String,
        /// Column of the value's first character.
        value_col: usize,
        quoted: bool,
        /// Written with `=` after the colon: the value exactly.
        exact: bool,
    },
    LParen,
    RParen,
    And,
    Or,
    Not,
    Minus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tok {
    pub(super) kind: TokKind,
    /// 1-based character column.
    pub(super) col: usize,
}

pub(super) fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && c != '(' && c != ')' && c != '"'
}

/// Reads a quoted string whose opening quote is at `open`; returns its
/// content and the index after the closing quote.
fn read_quoted(chars: &[char], open: usize) -> Result<(String, usize), QueryError> {
    let start = open + 1;
    let len = chars
        .get(start..)
        .unwrap_or_default()
        .iter()
        .position(|&c| c == '"')
        .ok_or_else(|| QueryError::new(open + 1, "unterminated quote"))?;
    let text = chars[start..start + len].iter().collect();
    Ok((text, start + len + 1))
}

pub(super) fn lex(input: &str) -> Result<Vec<Tok>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let col = i + 1;
        match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => {
                toks.push(Tok {
                    kind: TokKind::LParen,
                    col,
                });
                i += 1;
            }
            ')' => {
                toks.push(Tok {
                    kind: TokKind::RParen,
                    col,
                });
                i += 1;
            }
            '"' => {
                let (text, next) = read_quoted(&chars, i)?;
                i = next;
                let slop = read_slop(&chars, &mut i)?;
                toks.push(Tok {
                    kind: TokKind::Phrase { text, slop },
                    col,
                });
            }
            '-' => {
                // A `-` at the start of a term negates it; inside a word
                // (`al-Bashir`, `2007-03`) the word branch keeps it.
                match chars.get(i + 1) {
                    Some(&n) if !n.is_whitespace() && n != ')' => {
                        toks.push(Tok {
                            kind: TokKind::Minus,
                            col,
                        });
                        i += 1;
                    }
                    _ => {
                        return Err(QueryError::new(
                            col,
                            "\"-\" needs a term right after it, as in -word or -tag:PREL",
                        ))
                    }
                }
            }
            _ => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| !is_word_char(c))
                    .map_or(chars.len(), |n| i + n);
                let word: String = chars[i..end].iter().collect();
                i = end;
                if let Some(tok) = field_token(&word, col, &chars, &mut i)? {
                    toks.push(tok);
                    continue;
                }
                let kind = match word.as_str() {
                    "AND" => TokKind::And,
                    "OR" => TokKind::Or,
                    "NOT" => TokKind::Not,
                    _ => TokKind::Word(word),
                };
                toks.push(Tok { kind, col });
            }
        }
    }
    Ok(toks)
}

/// Most words a proximity may allow between the phrase's words.
const MAX_SLOP: u32 = 1_000;

/// The `~N` right after a closing quote, if any (`"nuclear weapons"~5`);
/// `i` is the index after the quote and moves past the number.
fn read_slop(chars: &[char], i: &mut usize) -> Result<Option<u32>, QueryError> {
    if chars.get(*i) != Some(&'~') {
        return Ok(None);
    }
    let tilde_col = *i + 1;
    let start = *i + 1;
    let end = chars[start..]
        .iter()
        .position(|&c| !is_word_char(c))
        .map_or(chars.len(), |n| start + n);
    let digits: String = chars[start..end].iter().collect();
    *i = end;
    match digits.parse::<u32>() {
        Ok(n) if n <= MAX_SLOP && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(n)),
        _ => Err(QueryError::new(
            tilde_col,
            format!(
                "\"~\" after a phrase takes how many words may come between (0 to {MAX_SLOP}), as in \"nuclear weapons\"~5"
            ),
        )),
    }
}

/// A `name:value` word as a field token; `None` when the word is no filter
/// (no colon, or something other than letters before it, as in `12:30`).
/// `i` is the index after the word; a quoted value moves it on.
fn field_token(
    word: &str,
    col: usize,
    chars: &[char],
    i: &mut usize,
) -> Result<Option<Tok>, QueryError> {
    let Some((name, value)) = word.split_once(':') else {
        return Ok(None);
    };
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(None);
    }
    let lower = name.to_ascii_lowercase();
    if !FILTERS.contains(&lower.as_str()) {
        return Err(QueryError::new(
            col,
            format!(
                "unknown filter \"{}:\" (filters: {})",
                quoted_piece(name),
                FILTERS.join(", ")
            ),
        ));
    }
    let mut name_len = name.chars().count() + 1;
    let exact = value.starts_with('=');
    let value = if exact {
        if !EXACT_FILTERS.contains(&lower.as_str()) {
            return Err(QueryError::new(
                col + name_len,
                format!(
                    "\"{lower}:\" takes no \"=\": an exact value works with {}",
                    EXACT_FILTERS.map(|f| format!("{f}:")).join(", ")
                ),
            ));
        }
        name_len += 1;
        &value[1..]
    } else {
        value
    };
    let (value, value_col, quoted) = if value.is_empty() && chars.get(*i) == Some(&'"') {
        let (text, next) = read_quoted(chars, *i)?;
        let value_col = *i + 2;
        *i = next;
        (text, value_col, true)
    } else {
        (value.to_string(), col + name_len, false)
    };
    if value.trim().is_empty() {
        return Err(QueryError::new(
            col,
            format!(
                "\"{lower}:\" needs a value right after the colon, as in {}",
                example(&lower)
            ),
        ));
    }
    Ok(Some(Tok {
        kind: TokKind::Field {
            name: lower,
            value,
            value_col,
            quoted,
            exact,
        },
        col,
    }))
}

fn example(filter: &str) -> &'static str {
    match filter {
        "id" => "id:07MOSCOW1026",
        "tag" => "tag:PREL",
        "origin" => "origin:moscow",
        "class" => "class:secret",
        "subject" => "subject:darfur",
        "date" => "date:2007-03",
        "is" => "is:unread",
        "note" => "note:coalition",
        "label" => "label:germany",
        "year" => "year:2007",
        "signer" => "signer:burns",
        "by" => "by:wells",
        "handling" => "handling:nodis",
        "cites" => "cites:any",
        "citedby" => "citedby:>=5",
        "redacted" => "redacted:yes",
        _ => "refs:07MOSCOW977",
    }
}

/// A piece of the query to quote in a message: shortened, control
/// characters escaped.
pub(super) fn quoted_piece(s: &str) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == MAX_QUOTED {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

//! Rust source as the few tokens module paths are made of.

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    Colon2,
    Open,
    Close,
    Comma,
    Semi,
    Star,
    Dollar,
    Other(char),
}

/// Rust source as the tokens that matter for paths: identifiers, `::`,
/// braces and separators, each with its line. Comments, strings, chars and
/// lifetimes are dropped.
pub fn lex(src: &str) -> Vec<(Tok, usize)> {
    let mut l = Lexer {
        c: src.chars().collect(),
        i: 0,
        line: 1,
        out: Vec::new(),
    };
    while l.i < l.c.len() {
        let ch = l.c[l.i];
        if ch == '\n' {
            l.line += 1;
            l.i += 1;
        } else if ch.is_whitespace() {
            l.i += 1;
        } else if ch == '/' && l.at(1) == '/' {
            l.skip_while(|c| c != '\n');
        } else if ch == '/' && l.at(1) == '*' {
            l.block_comment();
        } else if ch == '"' {
            l.string();
        } else if ch == '\'' {
            l.char_or_lifetime();
        } else if ch.is_alphabetic() || ch == '_' {
            l.word();
        } else if ch.is_ascii_digit() {
            l.skip_while(|c| c.is_alphanumeric() || c == '_');
        } else {
            let tok = match ch {
                ':' if l.at(1) == ':' => {
                    l.i += 1;
                    Tok::Colon2
                }
                '{' => Tok::Open,
                '}' => Tok::Close,
                ',' => Tok::Comma,
                ';' => Tok::Semi,
                '*' => Tok::Star,
                '$' => Tok::Dollar,
                other => Tok::Other(other),
            };
            l.out.push((tok, l.line));
            l.i += 1;
        }
    }
    l.out
}

pub struct Lexer {
    c: Vec<char>,
    i: usize,
    line: usize,
    out: Vec<(Tok, usize)>,
}

impl Lexer {
    /// The character `k` places ahead.
    fn at(&self, k: usize) -> char {
        self.c.get(self.i + k).copied().unwrap_or('\0')
    }

    /// Moves on while `keep` holds, counting lines.
    fn skip_while(&mut self, keep: impl Fn(char) -> bool) {
        while self.i < self.c.len() && keep(self.c[self.i]) {
            if self.c[self.i] == '\n' {
                self.line += 1;
            }
            self.i += 1;
        }
    }

    fn block_comment(&mut self) {
        let mut depth = 0;
        while self.i < self.c.len() {
            if self.at(0) == '/' && self.at(1) == '*' {
                depth += 1;
                self.i += 2;
            } else if self.at(0) == '*' && self.at(1) == '/' {
                depth -= 1;
                self.i += 2;
                if depth == 0 {
                    return;
                }
            } else {
                if self.at(0) == '\n' {
                    self.line += 1;
                }
                self.i += 1;
            }
        }
    }

    /// A string body from its opening quote, escapes included.
    fn string(&mut self) {
        self.i += 1;
        while self.i < self.c.len() && self.at(0) != '"' {
            if self.at(0) == '\\' {
                self.i += 1;
            }
            if self.at(0) == '\n' {
                self.line += 1;
            }
            self.i += 1;
        }
        self.i += 1;
    }

    /// From a quote: a char literal (escaped or not) or a lifetime or label.
    fn char_or_lifetime(&mut self) {
        if self.at(1) == '\\' {
            self.i += 2;
            self.skip_while(|c| c != '\'');
            self.i += 1;
        } else if self.at(2) == '\'' {
            self.i += 3;
        } else {
            self.i += 1;
            self.skip_while(|c| c.is_alphanumeric() || c == '_');
        }
    }

    /// An identifier, or the string, byte or raw string it prefixes.
    fn word(&mut self) {
        let start = self.i;
        self.skip_while(|c| c.is_alphanumeric() || c == '_');
        let word: String = self.c[start..self.i].iter().collect();
        let hash_quote = self.at(0) == '#' && (self.at(1) == '"' || self.at(1) == '#');
        if matches!(word.as_str(), "r" | "br" | "cr") && (self.at(0) == '"' || hash_quote) {
            self.raw_string();
        } else if matches!(word.as_str(), "b" | "c") && self.at(0) == '"' {
            self.string();
        } else if word == "b" && self.at(0) == '\'' {
            self.i += 1;
            while self.i < self.c.len() && self.at(0) != '\'' {
                if self.at(0) == '\\' {
                    self.i += 1;
                }
                self.i += 1;
            }
            self.i += 1;
        } else if word == "r" && self.at(0) == '#' {
            // A raw identifier: r#type.
            self.i += 1;
            let start = self.i;
            self.skip_while(|c| c.is_alphanumeric() || c == '_');
            self.out
                .push((Tok::Ident(self.c[start..self.i].iter().collect()), self.line));
        } else {
            self.out.push((Tok::Ident(word), self.line));
        }
    }

    /// A raw string from its hashes: up to the quote followed by as many.
    fn raw_string(&mut self) {
        let mut hashes = 0;
        while self.at(0) == '#' {
            hashes += 1;
            self.i += 1;
        }
        self.i += 1;
        while self.i < self.c.len() {
            if self.at(0) == '"' && (1..=hashes).all(|k| self.at(k) == '#') {
                self.i += 1 + hashes;
                return;
            }
            if self.at(0) == '\n' {
                self.line += 1;
            }
            self.i += 1;
        }
    }
}

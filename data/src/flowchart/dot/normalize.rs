//! Rewrites DOT as Graphviz accepts it into the subset `layout-rs`'s parser
//! reads: HTML-like labels become quoted plain text, bare non-ASCII ids and
//! numerals are quoted, ports, comments and `#` lines are dropped,
//! concatenated strings are joined and keywords are lower-cased.
//!
//! Every string is re-emitted so that `layout-rs` hands back its content as
//! the file has it, Graphviz escapes (`\n`, `\l`, `\N`, `\"`) untouched:
//! [`super::label_text`] decodes them later, where the node is known.

use super::DotError;

/// The prefix of the attribute (`sunlit:html:label`) added after an
/// HTML-like value inside an attribute list, so the import can say which
/// labels were flattened.
pub(super) const HTML_MARKER: &str = "sunlit:html";

/// The deepest nesting of braces and brackets read; `layout-rs` parses
/// subgraphs recursively.
pub(super) const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A bare id, numeral or quoted string, with its escapes as written.
    Id(String),
    /// An HTML-like string, already flattened to Graphviz-escaped text.
    Html(String),
    /// `strict`, `graph`, `digraph`, `node`, `edge` or `subgraph`.
    Keyword(&'static str),
    /// `{ } [ ] ; , = :` or an edge operator.
    Punct(&'static str),
}

struct Lexer<'a> {
    chars: &'a [char],
    position: usize,
    line: usize,
    at_line_start: bool,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.position).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.position + offset).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.position += 1;
        if c == '\n' {
            self.line += 1;
            self.at_line_start = true;
        } else if !c.is_whitespace() {
            self.at_line_start = false;
        }
        Some(c)
    }

    /// Skips whitespace, comments and `#` lines (C preprocessor output).
    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() || c == '\u{feff}' => {
                    self.bump();
                }
                Some('#') if self.at_line_start => self.skip_line(),
                Some('/') if self.peek_at(1) == Some('/') => self.skip_line(),
                Some('/') if self.peek_at(1) == Some('*') => {
                    self.bump();
                    self.bump();
                    while let Some(c) = self.bump() {
                        if c == '*' && self.peek() == Some('/') {
                            self.bump();
                            break;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_line(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' {
                return;
            }
            self.bump();
        }
    }

    /// A quoted string's content, with `\"` and other escapes kept and line
    /// continuations (a backslash before a line break) removed.
    fn quoted(&mut self) -> Result<String, DotError> {
        let line = self.line;
        self.bump();
        let mut content = String::new();
        loop {
            match self.bump() {
                None => return Err(DotError::UnterminatedString { line }),
                Some('"') => return Ok(content),
                Some('\0') => {
                    return Err(DotError::UnexpectedCharacter {
                        line: self.line,
                        character: '\0',
                    });
                }
                Some('\\') => match self.peek() {
                    Some('\n') => {
                        self.bump();
                    }
                    Some('\r') if self.peek_at(1) == Some('\n') => {
                        self.bump();
                        self.bump();
                    }
                    Some(next) => {
                        self.bump();
                        content.push('\\');
                        content.push(next);
                    }
                    None => return Err(DotError::UnterminatedString { line }),
                },
                Some(c) => content.push(c),
            }
        }
    }

    /// The text between the outer `<` and `>` of an HTML-like string.
    fn html(&mut self) -> Result<String, DotError> {
        let line = self.line;
        self.bump();
        let mut depth = 1usize;
        let mut content = String::new();
        loop {
            match self.bump() {
                None => return Err(DotError::UnterminatedHtml { line }),
                Some('<') => depth += 1,
                Some('>') => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(content);
                    }
                }
                Some('\0') => {
                    return Err(DotError::UnexpectedCharacter {
                        line: self.line,
                        character: '\0',
                    });
                }
                Some(_) => {}
            }
            if let Some(c) = self.chars.get(self.position - 1) {
                content.push(*c);
            }
        }
    }

    fn numeral(&mut self) -> String {
        let mut text = String::new();
        if self.peek() == Some('-') {
            self.bump();
            text.push('-');
        }
        let mut seen_point = false;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() || (c == '.' && !seen_point) {
                seen_point |= c == '.';
                text.push(c);
                self.bump();
            } else {
                break;
            }
        }
        text
    }

    fn next(&mut self) -> Result<Option<Token>, DotError> {
        self.skip_trivia();
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        let punct = |p| Ok(Some(Token::Punct(p)));
        let token = match c {
            '{' | '}' | '[' | ']' | ';' | ',' | '=' | ':' => {
                self.bump();
                return punct(match c {
                    '{' => "{",
                    '}' => "}",
                    '[' => "[",
                    ']' => "]",
                    ';' => ";",
                    ',' => ",",
                    '=' => "=",
                    _ => ":",
                });
            }
            '-' if self.peek_at(1) == Some('>') => {
                self.bump();
                self.bump();
                return punct("->");
            }
            '-' if self.peek_at(1) == Some('-') => {
                self.bump();
                self.bump();
                return punct("--");
            }
            '"' => {
                let mut content = self.quoted()?;
                // `"a" + "b"` is one string.
                loop {
                    let saved = (self.position, self.line, self.at_line_start);
                    self.skip_trivia();
                    if self.peek() == Some('+') {
                        self.bump();
                        self.skip_trivia();
                        if self.peek() == Some('"') {
                            content.push_str(&self.quoted()?);
                            continue;
                        }
                        return Err(DotError::UnexpectedCharacter {
                            line: self.line,
                            character: '+',
                        });
                    }
                    (self.position, self.line, self.at_line_start) = saved;
                    break;
                }
                Token::Id(content)
            }
            '<' => Token::Html(html_to_text(&self.html()?)),
            '-' | '.' | '0'..='9' => {
                let numeral = self.numeral();
                if !numeral.chars().any(|c| c.is_ascii_digit()) {
                    return Err(DotError::UnexpectedCharacter {
                        line: self.line,
                        character: c,
                    });
                }
                Token::Id(numeral)
            }
            c if c.is_alphabetic() || c == '_' || !c.is_ascii() => {
                let mut id = String::new();
                while let Some(c) = self.peek() {
                    if c.is_alphanumeric() || c == '_' || (!c.is_ascii() && !c.is_whitespace()) {
                        id.push(c);
                        self.bump();
                    } else {
                        break;
                    }
                }
                match keyword(&id) {
                    Some(keyword) => Token::Keyword(keyword),
                    None => Token::Id(id),
                }
            }
            other => {
                return Err(DotError::UnexpectedCharacter {
                    line: self.line,
                    character: other,
                });
            }
        };
        Ok(Some(token))
    }
}

fn keyword(id: &str) -> Option<&'static str> {
    ["strict", "graph", "digraph", "node", "edge", "subgraph"]
        .into_iter()
        .find(|k| k.eq_ignore_ascii_case(id))
}

/// Quotes `content` so that `layout-rs`'s lexer, which drops a backslash
/// before any character but `n` and `l`, gives `content` back unchanged.
fn quote_for_layout_rs(content: &str, out: &mut String) {
    out.push('"');
    for c in content.chars() {
        if c == '\\' || c == '"' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

/// The DOT text rewritten for `layout-rs`'s parser.
pub(super) fn normalize(text: &str) -> Result<String, DotError> {
    let chars: Vec<char> = text.chars().collect();
    let mut lexer = Lexer {
        chars: &chars,
        position: 0,
        line: 1,
        at_line_start: true,
    };
    let mut tokens = Vec::new();
    let mut lines = Vec::new();
    while let Some(token) = lexer.next()? {
        tokens.push(token);
        lines.push(lexer.line);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth = 0usize;
    let mut brackets = 0usize;
    let mut index = 0;
    while index < tokens.len() {
        let token = &tokens[index];
        match token {
            // Ports (`a:f0`, `a:n`, `a:f0:sw`) do not change the chart.
            Token::Punct(":") => {
                index += 1;
                if matches!(tokens.get(index), Some(Token::Id(_))) {
                    index += 1;
                }
                continue;
            }
            // Two attribute lists in a row are one.
            Token::Punct("]") if tokens.get(index + 1) == Some(&Token::Punct("[")) => {
                out.push_str(", ");
                index += 2;
                continue;
            }
            Token::Punct(p) => {
                let edge_op = |t: Option<&Token>| matches!(t, Some(Token::Punct("->" | "--")));
                let subgraph_start = |t: Option<&Token>| {
                    matches!(t, Some(Token::Punct("{") | Token::Keyword("subgraph")))
                };
                let subgraph_edge = match *p {
                    "->" | "--" => subgraph_start(tokens.get(index + 1)),
                    "}" => edge_op(tokens.get(index + 1)),
                    _ => false,
                };
                if subgraph_edge {
                    return Err(DotError::SubgraphEdge { line: lines[index] });
                }
                match *p {
                    "{" | "[" => {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return Err(DotError::TooDeep {
                                line: lines[index],
                                limit: MAX_DEPTH,
                            });
                        }
                        brackets += usize::from(*p == "[");
                    }
                    "}" | "]" => {
                        depth = depth.saturating_sub(1);
                        if *p == "]" {
                            brackets = brackets.saturating_sub(1);
                        }
                    }
                    _ => {}
                }
                out.push_str(p);
            }
            Token::Keyword(keyword) => out.push_str(keyword),
            Token::Id(content) => quote_for_layout_rs(content, &mut out),
            Token::Html(content) => {
                quote_for_layout_rs(content, &mut out);
                let before = |back: usize| index.checked_sub(back).map(|i| &tokens[i]);
                let key = match (before(2), before(1)) {
                    (Some(Token::Id(key)), Some(Token::Punct("="))) => Some(key),
                    _ => None,
                };
                if let Some(key) = key.filter(|_| brackets > 0) {
                    out.push_str(", ");
                    quote_for_layout_rs(&format!("{HTML_MARKER}:{key}"), &mut out);
                    out.push('=');
                    quote_for_layout_rs("1", &mut out);
                }
            }
        }
        out.push(if matches!(token, Token::Punct(";" | "{" | "}")) {
            '\n'
        } else {
            ' '
        });
        index += 1;
    }
    Ok(out)
}

/// The text of an HTML-like label, escaped as a Graphviz string: tags
/// dropped, `<br/>`, rows and tables as line breaks, cells apart by a space,
/// entities decoded.
pub(super) fn html_to_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if c == '<' {
            let end = rest.find('>').unwrap_or(rest.len());
            let tag = rest[1..end].trim().to_ascii_lowercase();
            rest = rest.get(end + 1..).unwrap_or("");
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            match name.as_str() {
                "br" | "hr" | "tr" | "table" => text.push('\n'),
                "td" | "vr" if !closing => text.push(' '),
                _ => {}
            }
            continue;
        }
        if c == '&'
            && let Some(end) = rest[1..].find(';').filter(|&end| end <= 10)
            && let Some(decoded) = entity(&rest[1..=end])
        {
            text.push(decoded);
            rest = &rest[end + 2..];
            continue;
        }
        text.push(if c.is_whitespace() { ' ' } else { c });
        rest = &rest[c.len_utf8()..];
    }
    // Back to a Graphviz string: the label decoder turns `\n` into a break.
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => escaped.push_str("\\n"),
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            c => escaped.push(c),
        }
    }
    escaped
}

fn entity(name: &str) -> Option<char> {
    let named = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "middot" => '·',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "ldquo" => '“',
        "rdquo" => '”',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            return char::from_u32(code).filter(|c| *c != '\0');
        }
    };
    Some(named)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, expected: &str) {
        assert_eq!(html_to_text(html), expected, "{html}");
    }

    #[test]
    fn flattens_html_labels() {
        check(
            "<b>受理</b><br/>审查材料 &amp; 登记",
            "受理\\n审查材料 & 登记",
        );
        check(
            "a &lt;b&gt; &quot;c&quot; &#20197;&#x4E0A;&nbsp;d",
            "a <b> \\\"c\\\" 以上 d",
        );
        check(
            "<table border=\"0\"><tr><td>窗口</td><td>受理</td></tr><tr><td>审查</td></tr></table>",
            "\\n\\n 窗口 受理\\n\\n 审查\\n\\n",
        );
        check("<font point-size=\"10\">x<!-- note --></font>\\y", "x\\\\y");
        check("a & b &unknown; c", "a & b &unknown; c");
    }

    fn normalized(dot: &str) -> String {
        normalize(dot).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn rewrites_what_layout_rs_cannot_read() {
        assert_eq!(
            normalized("Digraph G { 受理 -> b:n:sw [label=<<i>x</i>>] [color=red] }"),
            "digraph \"G\" {\n\"受理\" -> \"b\" [ \"label\" = \"x\", \"sunlit:html:label\"=\"1\" , \"color\" = \"red\" ] }\n"
        );
        assert_eq!(
            normalized("# 1 \"x.dot\"\ndigraph { a [w=.5, l=\"p\\\"q\" + \"r\\\nz\"] } // end"),
            "digraph {\n\"a\" [ \"w\" = \".5\" , \"l\" = \"p\\\\\\\"qrz\" ] }\n"
        );
        assert_eq!(
            normalize("digraph { a [label=\"x]; }"),
            Err(DotError::UnterminatedString { line: 1 })
        );
        assert_eq!(
            normalize("digraph {\n a [label=<x]; }"),
            Err(DotError::UnterminatedHtml { line: 2 })
        );
        assert_eq!(
            normalize("digraph { a ? b }"),
            Err(DotError::UnexpectedCharacter {
                line: 1,
                character: '?'
            })
        );
        assert!(matches!(
            normalize(&format!("digraph {}", "{".repeat(100))),
            Err(DotError::TooDeep { .. })
        ));
    }
}

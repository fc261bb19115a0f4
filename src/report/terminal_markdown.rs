//! Markdown for a terminal (`aims explain` on a TTY): headings bold yellow, inline code cyan, code
//! blocks indented and dimmed, lists with bullets, paragraphs wrapped to a width, links
//! followed by their address. ANSI styles only; callers print plain Markdown instead when
//! colour is off.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const HEADING: &str = "\x1b[1;33m";
const ITALIC: &str = "\x1b[3m";
const CODE: &str = "\x1b[36m";
const DIM: &str = "\x1b[2m";

struct Writer {
    out: String,
    width: usize,
    /// The line being filled, and its visible width.
    line: String,
    line_width: usize,
    /// What starts the current line (a bullet), then what continues wrapped lines.
    first_prefix: Option<String>,
    indent: String,
    /// A space is due before the next word.
    space: bool,
    styles: Vec<&'static str>,
    /// Inside a code block: text is printed line by line, unwrapped.
    code_block: bool,
    lists: Vec<Option<u64>>,
}

impl Writer {
    fn style(&self) -> String {
        self.styles.concat()
    }

    fn start_line(&mut self) {
        if self.line_width == 0 && self.line.is_empty() {
            let prefix = self
                .first_prefix
                .take()
                .unwrap_or_else(|| self.indent.clone());
            self.line_width = prefix.chars().count();
            self.line.push_str(&prefix);
        }
    }

    /// Adds text: words wrap at the width; text glued to the previous word (punctuation after
    /// inline code) stays on its line.
    fn text(&mut self, text: &str) {
        let style = self.style();
        let glue = !text.starts_with(char::is_whitespace);
        for (position, word) in text.split_whitespace().enumerate() {
            let glued = position == 0 && glue && !self.space && self.line_width > 0;
            let needed = word.chars().count() + usize::from(!glued);
            if !glued && self.line_width > self.indent.chars().count() {
                if self.line_width + needed > self.width {
                    self.flush();
                } else {
                    self.line.push(' ');
                    self.line_width += 1;
                }
            }
            self.start_line();
            if style.is_empty() {
                self.line.push_str(word);
            } else {
                self.line.push_str(&format!("{style}{word}{RESET}"));
            }
            self.line_width += word.chars().count();
            self.space = false;
        }
        if text.ends_with(char::is_whitespace) {
            self.space = true;
        }
    }

    fn flush(&mut self) {
        if self.line_width > 0 || !self.line.is_empty() {
            self.out.push_str(self.line.trim_end());
            self.out.push('\n');
        }
        self.line.clear();
        self.line_width = 0;
        self.space = false;
    }

    fn blank(&mut self) {
        self.flush();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }
}

/// Renders `markdown` for a terminal `width` columns wide.
pub fn render(markdown: &str, width: usize) -> String {
    let mut writer = Writer {
        out: String::new(),
        width: width.max(20),
        line: String::new(),
        line_width: 0,
        first_prefix: None,
        indent: String::new(),
        space: false,
        styles: Vec::new(),
        code_block: false,
        lists: Vec::new(),
    };
    let mut link: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                writer.blank();
                writer.styles.push(HEADING);
            }
            Event::End(TagEnd::Heading(_)) => {
                writer.styles.pop();
                writer.flush();
            }
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {
                if writer.lists.is_empty() {
                    writer.blank();
                } else {
                    writer.flush();
                }
            }
            Event::Start(Tag::List(start)) => {
                writer.flush();
                writer.lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                writer.lists.pop();
                if writer.lists.is_empty() {
                    writer.blank();
                }
            }
            Event::Start(Tag::Item) => {
                writer.flush();
                let depth = writer.lists.len().saturating_sub(1);
                let bullet = match writer.lists.last_mut() {
                    Some(Some(number)) => {
                        let text = format!("{number}.");
                        *number += 1;
                        text
                    }
                    _ => "•".to_owned(),
                };
                let pad = "  ".repeat(depth);
                writer.first_prefix = Some(format!("{pad}  {bullet} "));
                writer.indent = format!("{pad}  {} ", " ".repeat(bullet.chars().count()));
            }
            Event::End(TagEnd::Item) => {
                writer.flush();
                writer.first_prefix = None;
                writer.indent = "  ".repeat(writer.lists.len().saturating_sub(1));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                writer.blank();
                writer.code_block = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                writer.code_block = false;
                writer.blank();
            }
            Event::Start(Tag::Emphasis) => writer.styles.push(ITALIC),
            Event::Start(Tag::Strong) => writer.styles.push(BOLD),
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => {
                writer.styles.pop();
            }
            Event::Start(Tag::Link { dest_url, .. }) => link.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = link.pop() {
                    writer.styles.push(DIM);
                    writer.text(&format!(" ({url})"));
                    writer.styles.pop();
                }
            }
            Event::Text(text) if writer.code_block => {
                for line in text.lines() {
                    writer
                        .out
                        .push_str(&format!("{}    {DIM}{line}{RESET}\n", writer.indent));
                }
            }
            Event::Text(text) => writer.text(&text),
            Event::Code(code) => {
                writer.styles.push(CODE);
                writer.text(&code);
                writer.styles.pop();
            }
            Event::SoftBreak => writer.space = true,
            Event::HardBreak => writer.flush(),
            Event::Rule => {
                writer.blank();
                writer.out.push_str(&"─".repeat(writer.width.min(40)));
                writer.out.push('\n');
            }
            Event::Html(html) | Event::InlineHtml(html) => writer.text(&html),
            _ => {}
        }
    }
    writer.flush();
    while writer.out.ends_with("\n\n") {
        writer.out.pop();
    }
    writer.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_code_lists_and_wrapping() {
        let markdown = " ## What it checks\n Run `aims approve ID`, which records\n the approval.\n\n * one\n * two `x`\n\n```\ncode here\n```\n";
        let text = render(markdown, 30);
        insta::assert_snapshot!(text.replace('\u{1b}', "⎋"), @r"
        ⎋[1;33mWhat⎋[0m ⎋[1;33mit⎋[0m ⎋[1;33mchecks⎋[0m
        Run ⎋[36maims⎋[0m ⎋[36mapprove⎋[0m ⎋[36mID⎋[0m, which
        records the approval.

          • one
          • two ⎋[36mx⎋[0m

            ⎋[2mcode here⎋[0m
        ");
    }

    #[test]
    fn long_words_and_odd_input_do_not_panic() {
        let long = "x".repeat(200);
        let text = render(
            &format!("{long} y\n\n1. a\n2. b\n\n[link](https://e.x)"),
            10,
        );
        assert!(text.contains(&long));
        assert!(text.contains("1. a") && text.contains("2. b"));
        assert!(text.contains("(https://e.x)"));
        for input in ["", "#", "```", "- ", "*a", "<b>x</b>", "\u{0}"] {
            let _ = render(input, 0);
        }
    }
}

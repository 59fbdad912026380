//! Reading the workspace's Rust sources as text, for the tests that check the layering: string
//! literals (where SQL lives), test modules cut out, the files of a folder.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

/// The workspace's root folder.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The contents of the string literals in Rust source (where SQL lives).
pub fn string_literals(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = src.chars().peekable();
    let mut in_comment = false;
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        if in_comment {
            if c == '\n' {
                in_comment = false;
            }
        } else if c == '/' && chars.peek() == Some(&'/') {
            in_comment = true;
        } else if c == '\'' && prev != 'b' && chars.peek().is_some_and(|n| *n == '"') {
            chars.next(); // the char literal '"'
        } else if c == '"' {
            let mut lit = String::new();
            while let Some(d) = chars.next() {
                match d {
                    '\\' => lit.extend(chars.next()),
                    '"' => break,
                    _ => lit.push(d),
                }
            }
            out.push(lit);
        }
        prev = c;
    }
    out
}

/// `src` without its `#[cfg(test)]` items (tests may hold SQL to set up or inspect a database):
/// each is cut from the attribute to the end of the braces that follow it.
pub fn without_tests(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(open) = after.find('{') else { return out };
        let (mut depth, mut in_str, mut prev, mut end) = (0i32, false, ' ', after.len());
        for (i, c) in after[open..].char_indices() {
            match c {
                '"' if prev != '\\' && prev != '\'' => in_str = !in_str,
                '{' if !in_str => depth += 1,
                '}' if !in_str => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Every `.rs` file below `dir`.
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

//! Search's pure part: what a hit is, the kinds searched, and the text the index holds for a
//! piece of text (its words' character pairs). The index itself is the store's.

use serde::Serialize;

/// One search result.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchHit {
    /// `program`, `merchant` or `consultation`.
    pub kind: String,
    pub id: String,
    pub title: String,
    pub snippet: String,
}

/// The kinds searched, in the order results are shown.
pub const KINDS: [&str; 3] = ["program", "merchant", "consultation"];

/// The text the index holds for `text`: the lowercase character pairs of each word (a word of
/// one character is itself), separated by spaces. Words are runs of letters and digits.
pub fn grams(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut word: Vec<char> = Vec::new();
    let flush = |word: &mut Vec<char>, out: &mut String| {
        match word.len() {
            0 => {}
            1 => {
                out.push(word[0]);
                out.push(' ');
            }
            _ => {
                for pair in word.windows(2) {
                    out.push(pair[0]);
                    out.push(pair[1]);
                    out.push(' ');
                }
            }
        }
        word.clear();
    };
    for c in text.chars() {
        // Hangul syllables and ASCII first: Unicode's tables are slow for them and they are
        // nearly all the text (a city import indexes tens of megabytes).
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if ('\u{AC00}'..='\u{D7A3}').contains(&c) {
            word.push(c);
        } else if !c.is_ascii() && c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out.pop();
    out
}

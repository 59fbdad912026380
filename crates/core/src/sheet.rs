//! Text written to CSV files that people open in a spreadsheet: a cell that starts like a
//! formula (`=`, `+`, `-`, `@`, or a tab or carriage return before one) is written with a leading
//! apostrophe, so a merchant named "=HYPERLINK(…)" stays text instead of running.

use std::borrow::Cow;

/// The cell as written: unchanged unless a spreadsheet would read it as a formula.
pub(crate) fn cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_become_text_and_the_rest_is_left_alone() {
        assert_eq!(cell("=HYPERLINK(\"http://x\",\"클릭\")"), "'=HYPERLINK(\"http://x\",\"클릭\")");
        assert_eq!(cell("+82-2-555"), "'+82-2-555");
        assert_eq!(cell("-1+1"), "'-1+1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\t=1"), "'\t=1");
        assert_eq!(cell("광진 커피"), "광진 커피");
        assert_eq!(cell("02-555-1234"), "02-555-1234");
        assert_eq!(cell(""), "");
    }
}

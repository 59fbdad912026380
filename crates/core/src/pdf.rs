//! A small page-layout engine for Onestop's printed documents. Text is laid out first into pages
//! of drawing operations (so layout is testable without reading PDFs), then rendered with krilla
//! using the bundled Korean font, subset per document, text kept extractable.
//!
//! Lines break between words (spaces), never inside a Korean word, unless a single word is wider
//! than the line; long content flows onto further pages.

use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::{Error, Result};

/// The bundled font: a subset of Noto Sans CJK KR (SIL OFL 1.1, see assets/fonts/OFL.txt).
pub const FONT: &[u8] = include_bytes!("../../../assets/fonts/NotoSansCJKkr-Regular-subset.otf");

pub const A4: (f32, f32) = (595.28, 841.89);
const MARGIN: f32 = 50.0;
const FOOTER: f32 = 30.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub const BLACK: Rgb = Rgb(0x1d, 0x25, 0x21);
pub const GREY: Rgb = Rgb(0x66, 0x72, 0x6d);
pub const ACCENT: Rgb = Rgb(0x1f, 0x6f, 0x5c);

/// One drawing operation on a page. `y` is the text baseline, from the top of the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Text { x: f32, y: f32, size: f32, text: String, color: Rgb },
    Rect { x: f32, y: f32, w: f32, h: f32, color: Rgb },
}

/// Measures text with the bundled font.
pub struct Measure {
    font: FontRef<'static>,
}

impl Measure {
    pub fn new() -> Result<Measure> {
        Ok(Measure { font: FontRef::new(FONT).expect("the bundled font loads (tested)") })
    }

    /// Width of `text` at `size` points (sum of glyph advances).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font.charmap();
        let metrics = self.font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars().map(|c| charmap.map(c).and_then(|g| metrics.advance_width(g)).unwrap_or(size * 0.5)).sum()
    }

    /// Break `text` into lines no wider than `width`: between words, and inside a word only when
    /// the word alone is wider than a line. Existing line breaks are kept.
    pub fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split(' ').filter(|w| !w.is_empty()) {
                let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
                if self.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(word, size) <= width {
                    line = word.to_string();
                } else {
                    // A single word wider than the line: break it by characters.
                    for c in word.chars() {
                        let next = format!("{line}{c}");
                        if !line.is_empty() && self.width(&next, size) > width {
                            lines.push(std::mem::take(&mut line));
                            line.push(c);
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// Lays content out top to bottom over as many A4 pages as it needs.
pub struct Layout {
    measure: Measure,
    pub pages: Vec<Vec<Op>>,
    y: f32,
    /// Every type size and gap is multiplied by this (large print).
    scale: f32,
}

impl Layout {
    pub fn new() -> Result<Layout> {
        Ok(Layout { measure: Measure::new()?, pages: vec![Vec::new()], y: MARGIN, scale: 1.0 })
    }

    /// Multiply every type size and gap laid out from now on by `scale`.
    pub fn set_scale(&mut self, scale: f32) {
        self.scale = scale;
    }

    pub fn measure(&self) -> &Measure {
        &self.measure
    }

    fn content_width() -> f32 {
        A4.0 - 2.0 * MARGIN
    }

    fn bottom() -> f32 {
        A4.1 - MARGIN - FOOTER
    }

    /// Start a new page when `height` more points would not fit.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > Self::bottom() {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn push(&mut self, op: Op) {
        self.pages.last_mut().expect("a page always exists").push(op);
    }

    /// A paragraph, wrapped, starting `indent` points in; `prefix` (e.g. "□ ") hangs before it.
    pub fn text(&mut self, text: &str, size: f32, color: Rgb, indent: f32, prefix: &str) {
        let size = size * self.scale;
        let line_height = size * 1.45;
        let prefix_w = if prefix.is_empty() { 0.0 } else { self.measure.width(prefix, size) };
        let width = Self::content_width() - indent - prefix_w;
        for (i, line) in self.measure.wrap(text, size, width).into_iter().enumerate() {
            self.ensure(line_height);
            self.y += line_height;
            let x = MARGIN + indent;
            if i == 0 && !prefix.is_empty() {
                self.push(Op::Text { x, y: self.y - size * 0.3, size, text: prefix.to_string(), color });
            }
            if !line.is_empty() {
                self.push(Op::Text { x: x + prefix_w, y: self.y - size * 0.3, size, text: line, color });
            }
        }
    }

    pub fn heading(&mut self, text: &str, size: f32) {
        self.ensure(size * self.scale * 3.0);
        self.gap(size * 0.5);
        self.text(text, size, ACCENT, 0.0, "");
        self.y += 2.0;
        self.push(Op::Rect { x: MARGIN, y: self.y, w: Self::content_width(), h: 0.8, color: ACCENT });
        self.y += 4.0;
    }

    pub fn gap(&mut self, points: f32) {
        self.y += points * self.scale;
    }

    /// A horizontal bar chart: one labelled bar per (label, value), scaled to the largest value.
    pub fn bar_chart(&mut self, title: &str, rows: &[(String, u64)]) {
        let size = 9.0;
        let row_h = 16.0;
        self.ensure(row_h * (rows.len() as f32 + 2.0));
        self.text(title, 10.0, BLACK, 0.0, "");
        let label_w = 140.0;
        let bar_max = Self::content_width() - label_w - 50.0;
        let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f32;
        for (label, value) in rows {
            self.y += row_h;
            let top = self.y - row_h + 3.0;
            let label = self.measure.wrap(label, size, label_w - 6.0).into_iter().next().unwrap_or_default();
            self.push(Op::Text { x: MARGIN, y: self.y - 4.0, size, text: label, color: BLACK });
            let w = (*value as f32 / max * bar_max).max(if *value > 0 { 1.0 } else { 0.0 });
            self.push(Op::Rect { x: MARGIN + label_w, y: top, w, h: row_h - 5.0, color: ACCENT });
            self.push(Op::Text {
                x: MARGIN + label_w + w + 4.0,
                y: self.y - 4.0,
                size,
                text: value.to_string(),
                color: BLACK,
            });
        }
        self.y += 6.0;
    }

    /// Render to PDF bytes, with "page n / N" footers.
    pub fn render(self, title: &str, lang: &str) -> Result<Vec<u8>> {
        let font = Font::new(FONT.to_vec().into(), 0).expect("the bundled font loads (tested)");
        let mut doc = Document::new();
        doc.set_metadata(
            Metadata::new().title(title.to_string()).language(lang.to_string()).creator("Onestop".to_string()),
        );
        let total = self.pages.len();
        let settings = PageSettings::from_wh(A4.0, A4.1).expect("A4 is a valid page size");
        for (n, ops) in self.pages.iter().enumerate() {
            let mut page = doc.start_page_with(settings.clone());
            let mut surface = page.surface();
            let footer = format!("{} / {}", n + 1, total);
            let footer_w = self.measure.width(&footer, 8.0);
            let footer_op =
                Op::Text { x: (A4.0 - footer_w) / 2.0, y: A4.1 - MARGIN / 2.0, size: 8.0, text: footer, color: GREY };
            for op in ops.iter().chain(std::iter::once(&footer_op)) {
                match op {
                    Op::Text { x, y, size, text, color } => {
                        surface.set_fill(Some(fill(*color)));
                        surface.draw_text(
                            Point::from_xy(*x, *y),
                            font.clone(),
                            *size,
                            text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Op::Rect { x, y, w, h, color } => {
                        let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.1), h.max(0.1)) else { continue };
                        let mut pb = PathBuilder::new();
                        pb.push_rect(rect);
                        if let Some(path) = pb.finish() {
                            surface.set_fill(Some(fill(*color)));
                            surface.draw_path(&path);
                        }
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        doc.finish()
            .map_err(|e| Error::Io { path: format!("PDF {title:?}"), source: std::io::Error::other(format!("{e:?}")) })
    }
}

fn fill(c: Rgb) -> Fill {
    Fill { paint: krilla::color::rgb::Color::new(c.0, c.1, c.2).into(), ..Default::default() }
}

/// Write `bytes` to `path` through a temporary file in the same folder, so a failure never
/// leaves a half-written file where the caller expects the result.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let io = |e: std::io::Error| Error::Io { path: path.display().to_string(), source: e };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let tmp = dir.join(format!(".{}.part", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
    {
        let mut f = crate::files::private_file(&tmp).map_err(io)?;
        std::io::Write::write_all(&mut f, bytes).map_err(io)?;
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn korean_wraps_between_words_only() {
        let m = Measure::new().unwrap();
        let text = "소상공인 고용장려금은 신규 채용 후 3개월 이상 고용을 유지한 사업주가 신청할 수 있습니다";
        let lines = m.wrap(text, 11.0, 150.0);
        assert!(lines.len() > 2, "{lines:?}");
        let words: Vec<&str> = text.split(' ').collect();
        for line in &lines {
            assert!(m.width(line, 11.0) <= 150.0, "{line}");
            for w in line.split(' ') {
                assert!(words.contains(&w), "a word was split: {w:?} in {lines:?}");
            }
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn an_overlong_word_is_broken_by_characters() {
        let m = Measure::new().unwrap();
        let lines = m.wrap(&"가".repeat(80), 11.0, 100.0);
        assert!(lines.len() > 1 && lines.iter().all(|l| m.width(l, 11.0) <= 100.0));
        assert_eq!(lines.concat(), "가".repeat(80));
    }

    #[test]
    fn long_content_flows_onto_further_pages() {
        let mut l = Layout::new().unwrap();
        for i in 0..120 {
            l.text(&format!("{i}번째 줄: 상담 내용이 길어도 잘리지 않아야 합니다"), 11.0, BLACK, 0.0, "");
        }
        assert!(l.pages.len() >= 3);
        for page in &l.pages {
            for op in page {
                if let Op::Text { y, .. } = op {
                    assert!(*y > MARGIN && *y < A4.1 - MARGIN, "text outside the printable area at {y}");
                }
            }
        }
        let pdf = l.render("test", "ko").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

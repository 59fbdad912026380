#!/usr/bin/env bash
# Makes assets/fonts/NotoSansCJKkr-Regular-subset.otf, the font embedded in Onestop's PDFs: a subset of
# Noto Sans CJK KR Regular (SIL Open Font License 1.1, see assets/fonts/OFL.txt) holding Basic
# Latin and Latin-1, general punctuation, arrows and geometric shapes used in checklists, CJK
# punctuation, Hangul compatibility jamo, all 11,172 Hangul syllables and full-width forms.
# Needs Debian's fonts-noto-cjk and fontTools (`pip install fonttools`). krilla subsets it again
# per document, so PDFs carry only the glyphs they use.
set -euo pipefail
cd "$(dirname "$0")/.."
src=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
[ -f "$src" ] || { echo "error: $src missing (apt-get install fonts-noto-cjk)" >&2; exit 1; }
# Face 1 of the collection is the Korean one (Noto Sans CJK KR).
pyftsubset "$src" --font-number=1 \
  --unicodes="U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-205E,U+2190-2199,U+2460-2473,U+25A0-25FF,U+2610-2612,U+2713-2718,U+3000-303F,U+3131-318E,U+AC00-D7A3,U+FF01-FF5E" \
  --layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline \
  --output-file=assets/fonts/NotoSansCJKkr-Regular-subset.otf
ls -l assets/fonts/NotoSansCJKkr-Regular-subset.otf

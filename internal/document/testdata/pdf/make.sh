#!/usr/bin/env bash
# Remakes the PDF fixtures from their sources. Not run by the tests (their goldens
# were read and judged against these very files); needs pdflatex
# (texlive-latex-base), chromium and qpdf.
#   tex.pdf           pdflatex tex.tex (twice, for the bookmarks)
#   harbour.pdf       Chromium's print of harbour.html, with its outline and its
#                     date/title/address/page-count header and footer
#   aes256-empty.pdf  harbour.pdf, AES-256 with an empty user password
#   aes256-secret.pdf tex.pdf, AES-256, user password "hunter2"
#   damaged-xref.pdf  harbour.pdf with every xref offset 11 bytes off and startxref
#                     pointing past the table
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp tex.tex "$tmp/" && (cd "$tmp" && pdflatex -interaction=nonstopmode tex.tex >/dev/null && pdflatex -interaction=nonstopmode tex.tex >/dev/null)
cp "$tmp/tex.pdf" .
cp harbour.html "$tmp/"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --user-data-dir="$tmp/profile" --generate-pdf-document-outline --print-to-pdf="$tmp/harbour.pdf" "file://$tmp/harbour.html" 2>/dev/null
cp "$tmp/harbour.pdf" .
qpdf --encrypt "" owner-secret 256 -- harbour.pdf aes256-empty.pdf
qpdf --encrypt hunter2 owner-secret 256 -- tex.pdf aes256-secret.pdf
python3 - <<'PY'
import re
d = open('harbour.pdf', 'rb').read()
i = d.rindex(b'\nxref\n')
head, tail = d[:i], d[i:]
tail = re.sub(rb'(\d{10})( \d{5} n)', lambda m: b'%010d' % (int(m.group(1)) + 11) + m.group(2), tail)
tail = re.sub(rb'startxref\n(\d+)', lambda m: b'startxref\n%d' % (int(m.group(1)) + 40), tail)
open('damaged-xref.pdf', 'wb').write(head + tail)
PY

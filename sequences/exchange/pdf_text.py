"""A small PDF writer for text pages (Helvetica, A4, headings from Markdown '#'): no dependency needed."""

from __future__ import annotations

import textwrap

PAGE_W, PAGE_H, MARGIN = 595, 842, 56
_SIZES = {"# ": 18, "## ": 14, "### ": 11.5}


def _escape(text: str) -> str:
    # The standard fonts use WinAnsi; anything outside Latin-1 is shown as '?'.
    text = text.replace("\u2014", "-").replace("\u2013", "-").replace("\u2265", ">=").replace("\u2264", "<=")
    raw = text.encode("latin-1", "replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _layout(lines: list[str]) -> list[list[tuple[float, float, str, bool]]]:
    pages: list[list[tuple[float, float, str, bool]]] = [[]]
    y: float = PAGE_H - MARGIN
    for line in lines:
        prefix = next((p for p in ("### ", "## ", "# ") if line.startswith(p)), "")
        size, bold = _SIZES.get(prefix, 10.0), bool(prefix)
        body = line[len(prefix):]
        width = int((PAGE_W - 2 * MARGIN) / (size * 0.5))
        for piece in textwrap.wrap(body, width) or [""]:
            leading = size * 1.45
            if y - leading < MARGIN:
                pages.append([])
                y = PAGE_H - MARGIN
            y -= leading
            pages[-1].append((size, y, piece, bold))
    return pages


def text_pdf(lines: list[str], title: str = "") -> bytes:
    pages = _layout(lines)
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
    objects: list[bytes] = [b"", b"", (font % "Helvetica").encode(), (font % "Helvetica-Bold").encode()]
    kids = []
    for page in pages:
        stream = "\n".join(f"BT /F{2 if bold else 1} {size:g} Tf {MARGIN} {y:.1f} Td ({_escape(text)}) Tj ET"
                           for size, y, text, bold in page).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] /Contents {content} 0 R"
                       " /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>".encode())
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    objects.append(f"<< /Title ({_escape(title)}) /Producer (Nurture Studio) >>".encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)

"""Booklet imposition: logical pages two-up on sheets in saddle-stitch order (with pypdf)."""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation


def saddle_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) logical page indexes for each sheet side, in printing order.

    The page count is padded to a multiple of 4 with blanks (None). Sheet s has
    on its front the pages n-1-2s (left) and 2s (right), on its back 2s+1 (left)
    and n-2-2s (right), so duplex printing flipped on the short edge, folding
    and stapling gives the pages in reading order."""
    total = max(4, -(-pages // 4) * 4)
    sides = []
    for sheet in range(total // 4):
        for left, right in ((total - 1 - 2 * sheet, 2 * sheet), (2 * sheet + 1, total - 2 - 2 * sheet)):
            sides.append((left if left < pages else None, right if right < pages else None))
    return sides


def impose_booklet(data: bytes, creep: float = 0.0, sheet: tuple[float, float] | None = None) -> bytes:
    """Two logical pages per landscape sheet side, centred on the sheet (default: twice
    the page's width); `creep` moves inner sheets' pages toward the fold."""
    reader = PdfReader(io.BytesIO(data))
    pages = list(reader.pages)
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    sheet_width, sheet_height = sheet or (2 * width, height)
    dx, dy = (sheet_width - 2 * width) / 2, (sheet_height - height) / 2
    writer = PdfWriter()
    sides = saddle_order(len(pages))
    sheets = len(sides) // 2
    first_side: dict[int, int] = {}
    for number, (left, right) in enumerate(sides):
        sheet = number // 2
        # Inner sheets stick out further once folded: move their pages toward the fold,
        # the innermost by the full `creep`, the outermost not at all.
        shift = creep * sheet / (sheets - 1) if sheets > 1 else 0.0
        side = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        for index, x in ((left, dx + shift), (right, dx + width - shift)):
            if index is not None:
                side.merge_transformed_page(pages[index], Transformation().translate(tx=x, ty=dy))
                first_side.setdefault(index, number)
        writer.add_page(side)
    info = reader.metadata or {}
    writer.add_metadata({key: str(value) for key, value in info.items()})
    root = reader.trailer["/Root"]
    if "/Lang" in root:
        from pypdf.generic import NameObject, TextStringObject
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(root["/Lang"]))
    # Bookmarks point at the sheet side that holds the section's first page.
    _copy_outline(writer, reader, reader.outline, None, first_side)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _copy_outline(writer, reader, items, parent, first_side) -> None:
    """Copy outline entries; a nested list holds the children of the entry before it."""
    last = None
    for item in items:
        if isinstance(item, list):
            _copy_outline(writer, reader, item, last, first_side)
            continue
        page = reader.get_destination_page_number(item)
        last = writer.add_outline_item(title=item.title, page_number=first_side.get(page, 0), parent=parent)

"""The pages of a rendered PDF as Qt images (PDFium through pypdfium2), and printing them.

The PDF is the one `core.export` writes, so what is previewed and printed is exactly what is
exported. PDFium is not thread-safe, not even with different documents: every call into it
holds `_PDFIUM`, so the preview (GUI thread) and printing (a worker: 7 pages at 600 dpi took
4.5 s) may share a `PdfPages`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageRanges, QPainter
from PySide6.QtPrintSupport import QPrinter

POINTS_PER_INCH = 72.0
# Above this a raster page costs hundreds of MB (A4 at 1200 dpi: 9920 × 14032 pixels) and looks
# no different on paper; a printer that reports more gets a 600 dpi page drawn at its size.
MAX_PRINT_DPI = 600
_PDFIUM = threading.RLock()


class PdfPages:
    """An open PDF document: page count, page sizes in points, a page as a QImage."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2  # type: ignore[import-untyped]  # on first preview: start-up time

        with _PDFIUM:
            self._doc = pypdfium2.PdfDocument(data)
            self._sizes = [self._doc[i].get_size() for i in range(len(self._doc))]

    def __len__(self) -> int:
        return len(self._sizes)

    def size(self, index: int) -> tuple[float, float]:
        """(width, height) of page `index` (0-based) in points."""
        return self._sizes[index]

    def image(self, index: int, scale: float, *, for_print: bool = False) -> QImage:
        """Page `index` rasterized at `scale` pixels per point (a copy Qt owns)."""
        with _PDFIUM:
            page = self._doc[index]
            bitmap = page.render(scale=scale, rev_byteorder=True,
                                 optimize_mode="print" if for_print else None)
            try:
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGB888)
                return image.copy()  # the bitmap's memory is freed below
            finally:
                bitmap.close()
                page.close()

    def close(self) -> None:
        with _PDFIUM:
            self._doc.close()


@dataclass(frozen=True)
class PrintResult:
    pages: int  # pages sent (copies included)
    printer: str  # what the clerk calls the destination
    error: str = ""  # "" when it was sent
    to_file: bool = False  # 打印到文件 (the print dialog's PDF output) rather than a printer

    @property
    def message(self) -> str:
        if self.error:
            return f"打印失败：{self.error}"
        if self.to_file:
            return f"已将 {self.pages} 页打印到文件“{self.printer}”。"
        return f"已将 {self.pages} 页发送到打印机“{self.printer}”。"


def destination(printer: QPrinter) -> str:
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return printer.outputFileName()
    return printer.printerName() or "默认打印机"


def chosen_pages(printer: QPrinter, count: int, current: int) -> list[int]:
    """The 0-based pages the print dialog asked for (all, a range like 2-3,5, or the current
    page), clipped to the document."""
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [current]
    if mode == QPrinter.PrintRange.PageRange:
        ranges: QPageRanges = printer.pageRanges()
        if not ranges.isEmpty():
            return [i for i in range(count) if ranges.contains(i + 1)]
        first, last = printer.fromPage(), printer.toPage()
        if first > 0:
            return list(range(first - 1, min(last or count, count)))
    return list(range(count))


def print_pages(pages: PdfPages, printer: QPrinter, wanted: list[int],
                progress: Callable[[int, int], None] | None = None) -> PrintResult:
    """Paint `wanted` pages onto `printer`, each rasterized at the printer's resolution and
    drawn at its real size from the paper's corner (no shrinking: a signed copy must match).
    Copies the driver cannot make itself are painted here, collated as asked. `progress(sent,
    total)` after each page. May run in a worker thread (Qt allows QPainter on a QPrinter
    there), as long as nothing else uses the printer meanwhile."""
    name = destination(printer)
    to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
    if not wanted:
        return PrintResult(0, name, "所选的页码范围内没有页面。")
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if printer.collateCopies():
        order = [page for _ in range(copies) for page in wanted]
    else:
        order = [page for page in wanted for _ in range(copies)]
    printer.setFullPage(True)  # origin at the paper's corner, not the printable area's
    dpi = printer.resolution()
    scale = min(dpi, MAX_PRINT_DPI) / POINTS_PER_INCH
    painter = QPainter()
    if not painter.begin(printer):
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            return PrintResult(0, name, f"无法写入文件“{name}”（文件夹不存在或没有写入权限）。")
        return PrintResult(0, name, f"打印机“{name}”无法开始打印（可能已脱机、已被删除或没有权限）。")
    sent = 0
    try:
        for n, index in enumerate(order):
            if n and not printer.newPage():
                return PrintResult(sent, name, f"打印机“{name}”在第 {sent + 1} 页时出错，已停止。")
            width, height = pages.size(index)
            image = pages.image(index, scale, for_print=True)
            target = QRectF(0, 0, width * dpi / POINTS_PER_INCH, height * dpi / POINTS_PER_INCH)
            painter.drawImage(target, image)
            sent += 1
            if progress is not None:
                progress(sent, len(order))
    except Exception as exc:  # noqa: BLE001 — PDFium's errors become the clerk's message
        return PrintResult(sent, name, f"第 {sent + 1} 页无法生成：{exc}")
    finally:
        painter.end()
    if printer.printerState() == QPrinter.PrinterState.Error:
        return PrintResult(sent, name, f"打印机“{name}”报告了错误，打印可能没有完成。")
    return PrintResult(sent, name, to_file=to_file)

"""打印预览 and printing (gui/print_preview): the PDF core.export writes, rendered by PDFium,
paged and zoomed; printed through QPrintDialog to a PDF-format QPrinter (no real printer)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication

from core.export import render_bytes
from gui.print_preview import PreviewDialog

TABLE_3 = "三、收到和处理政府信息公开申请情况"


@pytest.fixture
def expected_pdf(ctx) -> bytes:
    """The bytes 导出PDF would write for the sample (with the 审签单)."""
    return render_bytes(ctx.session.report, "pdf", issues=list(ctx.session.issues), signoff=True)


@pytest.fixture
def preview(qtbot, ctx):
    dialog = PreviewDialog(ctx.session.report, list(ctx.session.issues), signoff=True)
    qtbot.addWidget(dialog)
    dialog.resize(800, 900)
    with qtbot.waitSignal(dialog.loaded, timeout=120_000):
        dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def shown(dialog: PreviewDialog) -> QImage:
    return dialog.page_label.pixmap().toImage()


def dark_pixels(image: QImage, top: float, bottom: float) -> int:
    """Dark pixels in a horizontal band (fractions of the height), sampled every 2 pixels."""
    count = 0
    for y in range(int(image.height() * top), int(image.height() * bottom), 2):
        for x in range(0, image.width(), 2):
            if image.pixelColor(x, y).lightness() < 100:
                count += 1
    return count


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(96)  # the test's speed; a real printer gives 300-600
    return printer


def page_count(path: Path) -> int:
    with pdfplumber.open(path) as doc:
        return len(doc.pages)


def print_with(qtbot, monkeypatch, dialog: PreviewDialog, answer: int):  # noqa: ANN001, ANN201
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: answer)
    with qtbot.waitSignal(dialog.printed, timeout=60_000) as done:
        dialog.print_document()
    return done.args[0]


# -- the preview -----------------------------------------------------------------------------------
def test_preview_shows_every_page_of_the_exported_pdf_with_ink(preview, expected_pdf):
    with pdfplumber.open(io.BytesIO(expected_pdf)) as doc:
        expected = len(doc.pages)
    assert len(preview.pages) == expected >= 3
    assert preview.count_label.text() == f"/ 共 {expected} 页"
    assert preview.page_box.value() == 1 and preview.page_box.text() == "第 1 页"
    image = shown(preview)
    assert image.width() > 500
    assert dark_pixels(image, 0.05, 0.2) > 200  # the title is printed there
    assert preview.print_button.isEnabled()


def test_paging_by_keys_and_page_box(qtbot, preview):
    first = shown(preview)
    qtbot.keyClick(preview, Qt.Key.Key_PageDown)
    assert preview.current == 1 and preview.page_box.value() == 2
    assert shown(preview) != first
    qtbot.keyClick(preview, Qt.Key.Key_PageUp)
    assert preview.current == 0 and shown(preview) == first
    qtbot.keyClick(preview, Qt.Key.Key_PageUp)  # stays on the first page
    assert preview.current == 0 and not preview.prev_button.isEnabled()
    preview.page_box.setValue(len(preview.pages))
    assert preview.current == len(preview.pages) - 1 and not preview.next_button.isEnabled()


def test_zoom_buttons_keys_and_ctrl_wheel(qtbot, preview):
    fit_width = shown(preview).width()
    preview.fit_page_button.click()
    assert shown(preview).width() < fit_width
    assert shown(preview).height() <= preview.view.viewport().height()
    before = preview.percent()
    preview.zoom_in_button.click()
    assert preview.percent() > before and shown(preview).width() > 0
    bigger = shown(preview).width()
    qtbot.keyClick(preview, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert shown(preview).width() < bigger
    now = preview.percent()
    viewport = preview.view.viewport()
    wheel = QWheelEvent(QPointF(50, 50), QPointF(viewport.mapToGlobal(QPoint(50, 50))),
                        QPoint(), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, wheel)
    assert preview.percent() > now
    assert preview.zoom_label.text() == f"{preview.percent()}%"


def test_escape_closes_the_preview(qtbot, preview):
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()


# -- printing --------------------------------------------------------------------------------------
def test_print_sends_every_page_at_the_printer_resolution(qtbot, monkeypatch, preview, tmp_path):
    out = tmp_path / "printed.pdf"
    preview.printer = pdf_printer(out)
    result = print_with(qtbot, monkeypatch, preview, QPrintDialog.DialogCode.Accepted.value)
    assert result.error == "" and result.pages == len(preview.pages)
    assert page_count(out) == len(preview.pages)
    assert preview.status.text() == f"已将 {len(preview.pages)} 页打印到文件“{out}”。"
    with pdfplumber.open(out) as doc:  # each page is one picture at 96 dpi: A4 ≈ 794 pixels
        picture = doc.pages[0].images[0]
        assert 780 <= picture["srcsize"][0] <= 800


def test_a_page_range_and_copies_print_only_those(qtbot, monkeypatch, preview, tmp_path):
    out = tmp_path / "range.pdf"
    printer = pdf_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    printer.setCopyCount(2)
    preview.printer = printer
    result = print_with(qtbot, monkeypatch, preview, QPrintDialog.DialogCode.Accepted.value)
    assert result.pages == 4 and page_count(out) == 4  # pages 2, 3 — twice, collated or not


def test_ctrl_p_then_cancel_prints_nothing_and_says_so(qtbot, monkeypatch, preview, tmp_path):
    out = tmp_path / "never.pdf"
    preview.printer = pdf_printer(out)
    messages: list[str] = []
    preview.message.connect(messages.append)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Rejected.value)
    with qtbot.waitSignal(preview.printed, timeout=10_000) as done:
        qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert done.args[0] is None and not out.exists()
    assert messages == ["已取消打印，没有发送任何页面。"] == [preview.status.text()]


def test_a_failed_print_says_why(qtbot, monkeypatch, preview, tmp_path, dialogs):
    out = tmp_path / "no-such-folder" / "x.pdf"
    preview.printer = pdf_printer(out)
    result = print_with(qtbot, monkeypatch, preview, QPrintDialog.DialogCode.Accepted.value)
    assert result.pages == 0 and str(out) in result.error and "无法写入" in result.error
    assert dialogs.texts("warning") == [result.message]
    assert "已将" not in preview.status.text() and "打印失败" in preview.status.text()


# -- from the finish page --------------------------------------------------------------------------
def test_print_on_the_finish_page_previews_and_lists_the_outcome(qtbot, monkeypatch, open_wizard,
                                                                 tmp_path):
    from core.wizard import Step

    wizard = open_wizard()
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    page.print_button.click()
    preview = page.export_box.preview
    with qtbot.waitSignal(preview.loaded, timeout=120_000):
        pass
    assert preview.isVisible() and preview.windowModality() != Qt.WindowModality.NonModal
    preview.printer = pdf_printer(tmp_path / "p.pdf")
    print_with(qtbot, monkeypatch, preview, QPrintDialog.DialogCode.Accepted.value)
    assert "页打印到文件" in page.result_label.text()
    preview.reject()


def test_a_printer_result_names_the_printer():
    from gui.print_preview import PrintResult

    assert PrintResult(3, "HP LaserJet").message == "已将 3 页发送到打印机“HP LaserJet”。"
    assert PrintResult(0, "HP", "脱机").message == "打印失败：脱机"


def test_chosen_pages_follow_the_print_dialog(tmp_path):
    from PySide6.QtGui import QPageRanges

    from gui.print_preview import chosen_pages

    printer = pdf_printer(tmp_path / "x.pdf")
    assert chosen_pages(printer, 5, 2) == [0, 1, 2, 3, 4]
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert chosen_pages(printer, 5, 2) == [2]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    ranges = QPageRanges()
    ranges.addPage(1)
    ranges.addRange(4, 9)  # beyond the last page: clipped
    printer.setPageRanges(ranges)
    assert chosen_pages(printer, 5, 0) == [0, 3, 4]


def test_printing_runs_in_the_background_and_the_preview_stays_open(qtbot, monkeypatch, preview,
                                                                    tmp_path):
    """At 300 dpi the 7 pages take about a second (600 dpi: 4.5 s): the window keeps painting,
    says how far it is, and cannot be closed under the worker's feet."""
    out = tmp_path / "busy.pdf"
    preview.printer = pdf_printer(out)
    preview.printer.setResolution(300)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted.value)
    times = [time.perf_counter()]
    timer = QTimer()
    timer.timeout.connect(lambda: times.append(time.perf_counter()))
    timer.start(10)
    start = time.perf_counter()
    with qtbot.waitSignal(preview.printed, timeout=60_000) as done:
        preview.print_document()
        assert preview.printing and "正在打印" in preview.status.text()
        assert not preview.print_button.isEnabled()
        preview.print_document()  # Ctrl+P again: ignored
        preview.reject()  # Esc / 关闭
        assert preview.isVisible() and "打印完成后才能关闭" in preview.status.text()
        preview.resize(1200, 900)  # drawn once the worker is done with PDFium
    timer.stop()
    times.append(time.perf_counter())
    job = times[-1] - start
    assert done.args[0].error == "" and page_count(out) == len(preview.pages)
    # Painting one page onto the printer holds Python's lock (PySide's drawImage does not let
    # go of it: ~0.2 s a page at 300 dpi, ~0.8 s at 600), so the loop pauses once a page —
    # but it runs between pages, where on the GUI thread it stopped for the whole job.
    assert len(times) > 10
    longest = max(b - a for a, b in zip(times, times[1:], strict=False))
    assert longest < job / 2, f"event loop blocked {longest * 1e3:.0f} of {job * 1e3:.0f} ms"
    assert preview.print_button.isEnabled() and not preview.printing
    assert preview.page_label.pixmap().width() > 1000  # the resize was drawn afterwards
    preview.reject()
    assert not preview.isVisible()

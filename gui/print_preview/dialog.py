"""打印预览: the report's PDF (the bytes core.export writes) rendered inside the application,
one page at a time, with zoom and paging, and 打印… through the system's print dialog.

The PDF is made in the background; pages are rasterized by PDFium on the GUI thread (one page
at screen size takes milliseconds). Printing runs in the background too: a printer page is
rasterized at up to 600 dpi and painted onto the printer (the 7-page sample took 1.0 s at
300 dpi, 4.5 s at 600 dpi, on the GUI thread a frozen window). Every outcome is told as it is: pages sent to which
printer, cancelled, or failed with the reason — the `message` signal carries it to the export
box's list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPixmap,
    QShortcut,
)
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.model import Report
from core.validation import Issue, summary
from gui.print_preview.pages import (
    PdfPages,
    PrintResult,
    chosen_pages,
    destination,
    print_pages,
)
from gui.tasks import run_in_background

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
FIT_WIDTH, FIT_PAGE = "width", "page"
MARGIN = 24  # pixels around the page inside the scroll area


def render_pdf(report: Report, issues: list[Issue], signoff: bool) -> bytes:
    """Worker thread: the PDF exactly as 导出PDF would write it."""
    from core.export import render_bytes  # the renderers only when needed: start-up time

    return render_bytes(report, "pdf", issues=issues, signoff=signoff)


class PreviewDialog(QDialog):
    loaded = Signal(int)  # the page count, once the PDF is shown
    loadFailed = Signal(str)
    printed = Signal(object)  # a PrintResult, or None when the print dialog was cancelled
    message = Signal(str)  # every outcome in the clerk's words

    def __init__(self, report: Report, issues: list[Issue], *, signoff: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"打印预览 — {report.title}")
        self.resize(900, 1000)
        self.title = report.title
        self.pages: PdfPages | None = None
        self.printer: QPrinter | None = None  # made on the first 打印…, kept for the next
        self.current = 0
        self.zoom: str | float = FIT_WIDTH
        self.printing = False
        self._sent = [0, 0]  # (pages painted, pages to paint), written by the printing worker
        self._print_ticker = QTimer(self)
        self._print_ticker.setInterval(100)
        self._print_ticker.timeout.connect(self._show_print_progress)
        self._build()
        errors, _ = summary(issues)
        self.draft_note = (f"报告还有 {errors} 个错误：预览和打印的是标注“草稿”的版本，不能签发。"
                           if errors else "")
        self.status.setText("正在生成预览，请稍候…")
        self._set_enabled(False)
        copy, issues = report.copy(), list(issues)
        run_in_background(lambda: render_pdf(copy, issues, signoff),
                          on_success=self._show_document, on_failure=self._load_failed,
                          context=self)

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        layout.addLayout(bar)
        self.prev_button = self._button(bar, "上一页", "上一页（PgUp）", lambda: self.go(self.current - 1))
        self.page_box = QSpinBox()
        self.page_box.setPrefix("第 ")
        self.page_box.setSuffix(" 页")
        self.page_box.setAccessibleName("页码")
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(lambda n: self.go(n - 1))
        bar.addWidget(self.page_box)
        self.count_label = QLabel("/ 共 0 页")
        bar.addWidget(self.count_label)
        self.next_button = self._button(bar, "下一页", "下一页（PgDn）", lambda: self.go(self.current + 1))
        bar.addSpacing(16)
        self.zoom_out_button = self._button(bar, "−", "缩小（Ctrl+−，或按住 Ctrl 滚动滚轮）",
                                            lambda: self.step_zoom(-1))
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.zoom_label)
        self.zoom_in_button = self._button(bar, "+", "放大（Ctrl++）", lambda: self.step_zoom(1))
        self.fit_width_button = self._button(bar, "适合宽度(&W)", "页面宽度与窗口一致",
                                             lambda: self.set_zoom(FIT_WIDTH))
        self.fit_page_button = self._button(bar, "整页(&G)", "整页显示在窗口中",
                                            lambda: self.set_zoom(FIT_PAGE))
        bar.addStretch(1)
        self.print_button = self._button(bar, "打印(&P)…", "选择打印机、份数、页码范围和双面打印（Ctrl+P）",
                                         self.print_document)
        self.print_button.setDefault(True)
        self._button(bar, "关闭", "关闭预览（Esc）", self.reject)

        self.page_label = QLabel()
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setAccessibleName("页面")
        self.view = QScrollArea()
        self.view.setWidget(self.page_label)
        self.view.setWidgetResizable(True)
        # always there: a bar that comes and goes would change the width "fit width" fits
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setStyleSheet("QScrollArea { background: #808080; } "
                                  "QScrollArea > QWidget > QWidget { background: #808080; }")
        self.view.viewport().installEventFilter(self)  # Ctrl+wheel zooms
        layout.addWidget(self.view, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        keys = (
            (QKeySequence(Qt.Key.Key_PageUp), lambda: self.go(self.current - 1)),
            (QKeySequence(Qt.Key.Key_PageDown), lambda: self.go(self.current + 1)),
            (QKeySequence("Ctrl+Home"), lambda: self.go(0)),
            (QKeySequence("Ctrl+End"), lambda: self.go(len(self.pages or ()) - 1)),
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), lambda: self.step_zoom(1)),
            (QKeySequence("Ctrl+="), lambda: self.step_zoom(1)),
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), lambda: self.step_zoom(-1)),
            (QKeySequence(QKeySequence.StandardKey.Print), self.print_document),
        )
        for sequence, slot in keys:
            QShortcut(sequence, self, slot)

    def _button(self, bar: QHBoxLayout, text: str, tip: str, slot) -> QPushButton:  # noqa: ANN001
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        bar.addWidget(button)
        return button

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.prev_button, self.next_button, self.page_box, self.zoom_in_button,
                       self.zoom_out_button, self.fit_width_button, self.fit_page_button,
                       self.print_button):
            widget.setEnabled(on)

    # -- loading ------------------------------------------------------------------------------
    def _show_document(self, data: bytes) -> None:
        try:
            self.pages = PdfPages(data)
        except Exception as exc:  # noqa: BLE001 — shown, not raised
            self._load_failed(exc)
            return
        count = len(self.pages)
        self.page_box.blockSignals(True)
        self.page_box.setRange(1, max(1, count))
        self.page_box.blockSignals(False)
        self.count_label.setText(f"/ 共 {count} 页")
        self._set_enabled(count > 0)
        self.status.setText(self.draft_note or "预览与导出的 PDF 完全相同。")
        self.status.setStyleSheet("color:#c62828" if self.draft_note else "color:#444")
        self.go(0)
        self.loaded.emit(count)

    def _load_failed(self, exc: BaseException) -> None:
        text = f"无法生成预览：{exc}"
        self.status.setText(text)
        self.status.setStyleSheet("color:#c62828")
        self.message.emit(text)
        self.loadFailed.emit(text)

    # -- showing ------------------------------------------------------------------------------
    def go(self, index: int) -> None:
        if self.pages is None or not len(self.pages):
            return
        self.current = max(0, min(index, len(self.pages) - 1))
        self.page_box.blockSignals(True)
        self.page_box.setValue(self.current + 1)
        self.page_box.blockSignals(False)
        self.prev_button.setEnabled(self.current > 0)
        self.next_button.setEnabled(self.current < len(self.pages) - 1)
        self._draw()
        self.view.verticalScrollBar().setValue(0)

    def scale(self) -> float:
        """Pixels per point for the current page at the current zoom."""
        if self.pages is None:
            return 1.0
        width, height = self.pages.size(self.current)
        room = self.view.viewport().size()
        if self.zoom == FIT_WIDTH:
            return max(0.05, (room.width() - 2 * MARGIN) / width)
        if self.zoom == FIT_PAGE:
            return max(0.05, min((room.width() - 2 * MARGIN) / width,
                                 (room.height() - 2 * MARGIN) / height))
        return float(self.zoom) * self.logicalDpiX() / 72.0

    def percent(self) -> int:
        """The zoom as the clerk reads it: 100 % is the paper's real size on the screen."""
        return round(self.scale() * 72.0 / self.logicalDpiX() * 100)

    def set_zoom(self, zoom: str | float) -> None:
        self.zoom = zoom
        self._draw()

    def step_zoom(self, direction: int) -> None:
        now = self.percent() / 100
        if direction > 0:
            bigger = [z for z in ZOOM_STEPS if z > now + 0.005]
            self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])
        else:
            smaller = [z for z in ZOOM_STEPS if z < now - 0.005]
            self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def _draw(self) -> None:
        if self.pages is None or not len(self.pages) or self.printing:
            return  # while printing, PDFium is the worker's: drawn again when it is done
        ratio = self.devicePixelRatioF()  # sharp on high-DPI screens
        image = self.pages.image(self.current, self.scale() * ratio)
        image.setDevicePixelRatio(ratio)
        self.page_label.setPixmap(QPixmap.fromImage(image))
        self.zoom_label.setText(f"{self.percent()}%")
        self.fit_width_button.setDown(self.zoom == FIT_WIDTH)
        self.fit_page_button.setDown(self.zoom == FIT_PAGE)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 — Qt's name
        super().resizeEvent(event)
        if self.zoom in (FIT_WIDTH, FIT_PAGE):
            self._draw()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (event.type() == QEvent.Type.Wheel
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):  # type: ignore[attr-defined]
            delta = event.angleDelta().y()  # type: ignore[attr-defined]
            if delta:
                self.step_zoom(1 if delta > 0 else -1)
            return True
        return super().eventFilter(watched, event)

    # -- printing -----------------------------------------------------------------------------
    def _make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        return printer

    def print_document(self) -> None:
        if self.pages is None or not len(self.pages) or self.printing:
            return
        if self.printer is None:
            self.printer = self._make_printer()
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, len(self.pages))
        option = QAbstractPrintDialog.PrintDialogOption
        dialog.setOptions(option.PrintPageRange | option.PrintCurrentPage
                          | option.PrintCollateCopies | option.PrintShowPageSize
                          | option.PrintToFile)
        if dialog.exec() != QDialog.DialogCode.Accepted.value:
            self._tell("已取消打印，没有发送任何页面。", "color:#444")
            self.printed.emit(None)
            return
        wanted = chosen_pages(self.printer, len(self.pages), self.current)
        self._start_printing(wanted)

    def _start_printing(self, wanted: list[int]) -> None:
        """Paint the pages in a worker; the printer and the pages are left to it meanwhile
        (the controls that would use them are off, the dialog stays open until done)."""
        pages, printer, sent = self.pages, self.printer, self._sent
        assert pages is not None and printer is not None
        self.printing = True
        sent[:] = [0, len(wanted)]
        self._set_enabled(False)
        self.setCursor(Qt.CursorShape.WaitCursor)
        self._show_print_progress()
        self.repaint()  # now: first paints call into Python, which the worker would hold up
        self._print_ticker.start()

        def progress(done: int, total: int) -> None:  # worker thread: plain ints only
            sent[:] = [done, total]

        run_in_background(lambda: print_pages(pages, printer, wanted, progress),
                          self._printed, self._print_failed, context=self)

    def _show_print_progress(self) -> None:
        done, total = self._sent
        self._tell(f"正在打印……已生成 {done} / {total} 页，请稍候。", "color:#444", quiet=True)

    def _print_failed(self, exc: BaseException) -> None:
        self._printed(PrintResult(self._sent[0], destination(self.printer) if self.printer
                                  else "", f"无法打印：{exc}"))

    def _printed(self, result: PrintResult) -> None:
        self.printing = False
        self._print_ticker.stop()
        self.unsetCursor()
        self._set_enabled(True)
        if self.pages is not None:
            self.prev_button.setEnabled(self.current > 0)
            self.next_button.setEnabled(self.current < len(self.pages) - 1)
        self._draw()  # a resize while printing was not drawn
        self._tell(result.message, "color:#c62828" if result.error else "color:#2e7d32")
        if result.error:
            QMessageBox.warning(self, "打印失败", result.message)
        self.printed.emit(result)

    def _tell(self, text: str, style: str, *, quiet: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)
        if not quiet:  # progress is not an outcome for the export box's list
            self.message.emit(text)

    def done(self, result: int) -> None:
        if self.printing:  # the worker still paints these pages onto that printer
            self._tell("正在打印，打印完成后才能关闭预览。", "color:#b26a00", quiet=True)
            return
        if self.pages is not None:  # PDFium's memory now, not when Python collects
            self.pages.close()
            self.pages = None
        super().done(result)

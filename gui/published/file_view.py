"""The published file itself, beside what was read from it: a PDF's pages rendered by PDFium,
or the text of a .docx, .html or .txt."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

PAGE_WIDTH = 560  # pixels: a page readable beside table 三 on a 1600-pixel screen


class FileView(QStackedWidget):
    """Page images (PDF) in a scroll area, or the file's text read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("原文件")
        self.pages: list[QLabel] = []
        self.placeholder = QLabel("正在读取文件…")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color:#666")
        self.page_area = QScrollArea()
        self.page_area.setWidgetResizable(True)
        self.page_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_area.setStyleSheet("QScrollArea { background:#8a8f96 }")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        for widget in (self.placeholder, self.page_area, self.text):
            self.addWidget(widget)
        self.setMinimumWidth(PAGE_WIDTH + 48)  # page, margins and the scroll bar

    def show_pdf(self, data: bytes) -> None:
        """Render every page now, on the GUI thread (PDFium is not thread-safe); a yearly
        report has a handful of pages."""
        from gui.print_preview.pages import PdfPages

        holder = QWidget()
        holder.setStyleSheet("background:#8a8f96")
        column = QVBoxLayout(holder)
        column.setSpacing(10)
        column.setContentsMargins(6, 6, 6, 6)
        pages = PdfPages(data)
        try:
            for index in range(len(pages)):
                width, _ = pages.size(index)
                label = QLabel()
                label.setPixmap(QPixmap.fromImage(pages.image(index, PAGE_WIDTH / width)))
                label.setAccessibleName(f"第{index + 1}页")
                column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
                self.pages.append(label)
        finally:
            pages.close()
        column.addStretch(1)
        self.page_area.setWidget(holder)
        self.setCurrentWidget(self.page_area)

    def show_text(self, text: str) -> None:
        self.text.setPlainText(text)
        self.setCurrentWidget(self.text)

    def show_nothing(self, why: str) -> None:
        self.placeholder.setText(why)
        self.setCurrentWidget(self.placeholder)

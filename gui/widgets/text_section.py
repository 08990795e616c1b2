"""A plain-text editor for one text section of the report's format (2021: 一、五、六), with its help text, a live character
count and last year's text beside it as a read-only reference (never copied in automatically).
The wizard page made of one such section is gui/pages/text_page.py."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.opening import heading_level
from core.textclean import clean_text
from gui.context import WizardContext

MAX_PASTE_CHARS = 100_000
ISSUE_LIST_HEIGHT = 120  # a page's own issue list: a few lines, the editor keeps the room
EDITOR_POINT_SIZE_DELTA = 1  # long Chinese prose reads better a little larger
# 楷体 for second-level headings, as GB/T 9704 prints them; the UI font where none is installed
KAI_FAMILIES = ["KaiTi", "KaiTi_GB2312", "楷体", "AR PL UKai CN", "NBZS Kai", "Noto Sans CJK SC"]


def count_chars(text: str) -> int:
    """Characters as a word processor's 字数 counts them: white space excluded."""
    return sum(1 for ch in text if not ch.isspace())


class PlainTextEditor(QPlainTextEdit):
    """QPlainTextEdit that accepts plain text only: pasted or dropped rich text arrives as text,
    control characters removed, absurdly long pastes refused with a message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flush_callback = lambda: None
        # Tab moves on (keyboard-only use); a tab character has no place in the report
        self.setTabChangesFocus(True)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 — Qt's name
        return source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 — Qt's name
        if not source.hasText():
            return
        text = clean_text(source.text())
        if len(text) > MAX_PASTE_CHARS:
            QMessageBox.warning(
                self, "粘贴的内容过长",
                f"要粘贴的内容有 {len(text):,} 个字符，超过了 {MAX_PASTE_CHARS:,} 个字符的上限，"
                "未粘贴。请只复制需要的段落。")
            return
        self.textCursor().insertText(text)  # one undoable step
        self.ensureCursorVisible()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 — Qt's name
        self.flush_callback()
        super().focusOutEvent(event)


class HeadingHighlighter(QSyntaxHighlighter):
    """Sets a stand-alone heading line apart as the printed report does (core.opening's
    heading_level): （一）… bold in 楷体, 1.… bold, so the clerk sees the outline while typing."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.level2 = QTextCharFormat()
        self.level2.setFontWeight(QFont.Weight.Bold)
        self.level2.setFontFamilies(KAI_FAMILIES)
        self.level3 = QTextCharFormat()
        self.level3.setFontWeight(QFont.Weight.Bold)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 — Qt's name
        level = heading_level(text)
        if level:
            self.setFormat(0, len(text), self.level2 if level == 2 else self.level3)


class TextSectionEditor(QWidget):
    """Edits `report.texts[section]`; every change is written through `report.set_text`."""

    def __init__(self, ctx: WizardContext, section: str, target_chars: int = 0,
                 show_help: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.section = section
        self.target_chars = target_chars
        self._loading = False
        spec = ctx.session.report.format.section_by_key[section]  # the report's, not 2021's
        heading = spec.heading

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.help_label = QLabel(spec.help)
        self.help_label.setWordWrap(True)
        self.help_label.setStyleSheet("color:#555")
        self.help_label.setVisible(show_help)
        layout.addWidget(self.help_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.editor = PlainTextEditor()
        self.editor.setAccessibleName(f"{heading} 正文")
        self.editor.setPlaceholderText(spec.placeholder or "在这里输入正文。段落之间换行。")
        self.highlighter = HeadingHighlighter(self.editor.document())
        self.editor.flush_callback = self.flush
        self.editor.textChanged.connect(self._text_changed)
        font = self.editor.font()
        font.setPointSizeF(font.pointSizeF() + EDITOR_POINT_SIZE_DELTA)
        self.editor.setFont(font)
        left_layout.addWidget(self.editor, 1)
        self.bottom_row = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setAccessibleName("字数")
        self.bottom_row.addWidget(self.count_label)
        self.bottom_row.addStretch(1)
        left_layout.addLayout(self.bottom_row)
        self.splitter.addWidget(left)

        self.reference = self._build_reference()
        self.splitter.addWidget(self.reference)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.refresh()

    def _build_reference(self) -> QWidget:
        previous = self.ctx.session.previous
        year = self.ctx.session.report.year - 1
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        self.reference_toggle = QToolButton()
        self.reference_toggle.setText(f"上年报告（参考）：{year}年")
        self.reference_toggle.setCheckable(True)
        self.reference_toggle.setChecked(True)
        self.reference_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.reference_toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.reference_toggle.setAutoRaise(True)
        self.reference_toggle.setToolTip("显示或隐藏上年报告的同一部分")
        self.reference_toggle.toggled.connect(self._toggle_reference)
        header.addWidget(self.reference_toggle)
        header.addStretch(1)
        self.copy_button = QPushButton("复制到剪贴板")
        self.copy_button.setToolTip("把上年的这部分正文复制到剪贴板（不会自动填入本年报告）。")
        self.copy_button.clicked.connect(self._copy_reference)
        header.addWidget(self.copy_button)
        layout.addLayout(header)

        self.reference_text = QPlainTextEdit()
        self.reference_text.setReadOnly(True)
        self.reference_text.setAccessibleName("上年报告（参考）")
        self.reference_text.setStyleSheet("QPlainTextEdit { background:#f5f5f5; color:#333 }")
        text = previous.texts.get(self.section, "") if previous is not None else ""
        if previous is None:
            self.reference_text.setPlainText(f"没有找到{year}年的报告，无参考文本。")
            self.copy_button.setEnabled(False)
        elif not text.strip():
            self.reference_text.setPlainText(f"{year}年的报告这一部分是空的。")
            self.copy_button.setEnabled(False)
        else:
            self.reference_text.setPlainText(text)
        self.reference_text.setToolTip("只供参考：照搬上年正文会被认定为“内容雷同”。")
        layout.addWidget(self.reference_text, 1)
        self.reference_note = QLabel("仅供参考；与上年雷同的报告会被通报。")
        self.reference_note.setStyleSheet("color:#777")
        layout.addWidget(self.reference_note)
        return panel

    # -- model ↔ widget ----------------------------------------------------------------------
    @property
    def report(self):  # noqa: ANN201
        return self.ctx.session.report

    def refresh(self) -> None:
        """Re-read the text and the read-only state (keeps undo history if nothing changed)."""
        read_only = self.report.status == "final"
        self.editor.setReadOnly(read_only)
        stored = self.report.texts.get(self.section, "")
        if self.editor.toPlainText() != stored:
            self._loading = True
            try:
                self.editor.setPlainText(stored)
            finally:
                self._loading = False
            self.editor.document().setModified(False)
        self._update_count()

    def _text_changed(self) -> None:
        self._update_count()
        if not self._loading:
            self.flush()

    def flush(self) -> None:
        """Write the editor's text to the report if the clerk changed it since it was loaded
        or last written (saved at once by the session). An editor on a hidden page never
        writes back text it merely holds: the report may have changed since (a stale editor
        must not undo that)."""
        document = self.editor.document()
        if self.editor.isReadOnly() or self._loading or not document.isModified():
            return
        text = self.editor.toPlainText()
        if text != self.report.texts.get(self.section, ""):
            self.report.set_text(self.section, text)
        document.setModified(False)

    def set_text_undoable(self, text: str) -> None:
        """Replace the whole text as one undoable edit (toolbar actions use this)."""
        cursor = self.editor.textCursor()
        position = cursor.position()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor.setPosition(min(position, len(text)))
        self.editor.setTextCursor(cursor)

    def _update_count(self) -> None:
        n = count_chars(self.editor.toPlainText())
        text = f"字数：{n:,}（不含空格和换行）"
        style = "color:#444"
        if self.target_chars:
            text += f"；建议约 {self.target_chars:,} 字"
            if n > self.target_chars * 1.3:
                text += "，明显偏长，请精简"
                style = "color:#b26a00"
        self.count_label.setText(text)
        self.count_label.setStyleSheet(style)

    # -- reference ---------------------------------------------------------------------------
    def _toggle_reference(self, shown: bool) -> None:
        self.reference_text.setVisible(shown)
        self.reference_note.setVisible(shown)
        self.copy_button.setVisible(shown)
        self.reference_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        total = sum(self.splitter.sizes())
        if shown:
            self.reference.setMaximumWidth(16777215)
            self.splitter.setSizes([total * 3 // 5, total * 2 // 5])
        else:
            self.reference.setMaximumWidth(self.reference_toggle.sizeHint().width() + 8)
        self.reference.setSizePolicy(
            QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Maximum,
            QSizePolicy.Policy.Preferred)

    def _copy_reference(self) -> None:
        QApplication.clipboard().setText(self.reference_text.toPlainText())
        self.copy_button.setText("已复制 ✓")
        QTimer.singleShot(2000, self.copy_button, lambda: self.copy_button.setText("复制到剪贴板"))

    def focus_editor(self) -> None:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def select(self, words: str) -> bool:
        """Select the first occurrence of `words` and scroll to it."""
        start = self.editor.toPlainText().find(words)
        if start < 0:
            return False
        cursor = self.editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        return True


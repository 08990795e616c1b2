"""Step 一、总体情况: free text under the five customary sub-headings, about 1000 字."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from core.section_text import insert_missing_headings, missing_headings
from gui.pages.text_page import TextSectionPage

SECTION = "overview"
TARGET_CHARS = 1000


class OverviewPage(TextSectionPage):
    section = SECTION
    target_chars = TARGET_CHARS

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        guide_row = QHBoxLayout()
        self.guide = QLabel()
        self.guide.setWordWrap(True)
        self.guide.setAccessibleName("小标题说明")
        guide_row.addWidget(self.guide, 1)
        self.insert_button = QPushButton("插入缺少的小标题")
        self.insert_button.setToolTip("把缺少的小标题按顺序各占一行插入正文（可撤销：Ctrl+Z）。")
        self.insert_button.clicked.connect(self.insert_headings)
        guide_row.addWidget(self.insert_button)
        self.above.addLayout(guide_row)
        self.editor.editor.textChanged.connect(self._update_guide)
        self._update_guide()

    def refresh(self) -> None:
        super().refresh()
        self._update_guide()

    def insert_headings(self) -> None:
        text = self.editor.editor.toPlainText()
        updated = insert_missing_headings(text)
        if updated != text:
            self.editor.set_text_undoable(updated)
        self.editor.focus_editor()

    def _update_guide(self) -> None:
        missing = set(missing_headings(self.editor.editor.toPlainText()))
        rows = []
        for sub in self.report.format.section_by_key["overview"].subheadings:
            heading, what = sub.label, sub.help
            mark = ("<span style='color:#9e9e9e'>○</span>" if heading in missing
                    else "<span style='color:#2e7d32'>✔</span>")
            rows.append(f"<tr><td>{mark}</td><td style='padding-right:8px'><b>{heading}</b></td>"
                        f"<td style='color:#555'>{html.escape(what)}</td></tr>")
        self.guide.setText(f"<table cellspacing='0' cellpadding='1'>{''.join(rows)}</table>")
        self.insert_button.setEnabled(bool(missing) and not self.read_only)

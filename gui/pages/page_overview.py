"""Step 一、总体情况: free text under the five customary sub-headings, about 1000 字."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from core import format2021 as fmt
from core.wizard import Step
from gui.widgets.text_section import TextSectionPage

SECTION = "overview"
TARGET_CHARS = 1000
HEADINGS = tuple(heading for _, heading, _ in fmt.OVERVIEW_SUBHEADINGS)


def heading_line(lines: list[str], heading: str) -> int | None:
    """Index of the line that opens with `heading` (e.g. “（一）主动公开”), or None."""
    for index, line in enumerate(lines):
        if line.strip().startswith(heading):
            return index
    return None


def missing_headings(text: str) -> list[str]:
    lines = text.split("\n")
    return [h for h in HEADINGS if heading_line(lines, h) is None]


def insert_missing_headings(text: str) -> str:
    """Each missing sub-heading on a line of its own, before the next present one (else at
    the end), so that they stay in the customary order; existing text is not touched."""
    lines = text.split("\n") if text else []
    for index, heading in enumerate(HEADINGS):
        if heading_line(lines, heading) is not None:
            continue
        position = len(lines)
        for later in HEADINGS[index + 1:]:
            found = heading_line(lines, later)
            if found is not None:
                position = found
                break
        if position == len(lines) and lines and not lines[-1].strip():
            position -= 1  # keep a trailing empty line last
        lines.insert(position, heading)
    return "\n".join(lines)


class OverviewPage(TextSectionPage):
    step = Step.OVERVIEW
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
        for _, heading, what in fmt.OVERVIEW_SUBHEADINGS:
            mark = ("<span style='color:#9e9e9e'>○</span>" if heading in missing
                    else "<span style='color:#2e7d32'>✔</span>")
            rows.append(f"<tr><td>{mark}</td><td style='padding-right:8px'><b>{heading}</b></td>"
                        f"<td style='color:#555'>{html.escape(what)}</td></tr>")
        self.guide.setText(f"<table cellspacing='0' cellpadding='1'>{''.join(rows)}</table>")
        self.insert_button.setEnabled(bool(missing) and not self.read_only)

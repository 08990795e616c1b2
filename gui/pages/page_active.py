"""Step 二、主动公开政府信息情况 (table 2), with a hint for 现行有效件数 when last year's report
is known: last year's figure + issued − repealed, and a link that fills it in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from core import format2021 as fmt
from core.identities import InForce, in_force
from core.wizard import Step
from gui.context import WizardContext
from gui.pages.base import BasePage
from gui.widgets.table_section import MUTED_COLOR, TableSection, compact_issue_list

IN_FORCE_ROWS = ("regulations", "normative_documents")


class ActivePage(BasePage):
    step = Step.ACTIVE

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__(ctx)
        self.setSubTitle(fmt.SECTION_BY_KEY["active"].help)
        layout = QVBoxLayout(self)
        self.section = TableSection(fmt.TABLE_ACTIVE, self.report)
        self.grid = self.section.grid
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.setStyleSheet(f"color: {MUTED_COLOR.name()};")
        self.hint.setAccessibleName("现行有效件数参考")
        self.hint.linkActivated.connect(self._fill_in_force)
        self.section.add_footer(self.hint)
        layout.addWidget(self.section)
        layout.addStretch(1)
        self.add_issue_list(layout)
        compact_issue_list(self.issue_list)
        self._update_hint()

    def refresh(self) -> None:
        self.grid.set_report(self.report)
        self._update_hint()

    def show_issues(self, issues: list) -> None:
        self.grid.refresh()  # read-only state and values follow every change
        self.grid.set_issues(issues)
        self._update_hint()

    def focus_path(self, path: str) -> bool:
        return self.grid.focus_key(path)

    def flush(self) -> None:
        self.section.flush()

    def expected_in_force(self) -> dict[str, InForce]:
        """Row key → last year's 现行有效件数 + 本年制发 − 本年废止 (rows where all are known)."""
        previous = self.ctx.session.previous
        if previous is None:
            return {}
        last, now = previous.parsed(), self.report.parsed()
        out = {}
        for row in IN_FORCE_ROWS:
            expected = in_force(now, last, row)  # the same figures T2.IN_FORCE_DRIFT checks
            if expected is not None:
                out[row] = expected
        return out

    def _update_hint(self) -> None:
        previous = self.ctx.session.previous
        expected = self.expected_in_force()
        if previous is None or not expected:
            self.hint.hide()
            return
        now = self.report.parsed()
        parts = []
        for row, e in expected.items():
            label = fmt.TABLE_ACTIVE.row(row).label
            text = (f"{label}：上年 {e.last_year} ＋ 制发 {e.issued} － 废止 {e.repealed} "
                    f"＝ <b>{e.expected}</b> 件")
            if now.get(f"active/{row}/in_force") != e.expected and not self.read_only:
                text += f" <a href='{row}'>填入 {e.expected}</a>"
            parts.append(text)
        self.hint.setText(f"现行有效件数参考（{previous.year}年报告）：" + "；".join(parts))
        self.hint.show()

    def _fill_in_force(self, row: str) -> None:
        expected = self.expected_in_force().get(row)
        if expected is not None:
            self.grid.commit_text(f"active/{row}/in_force", str(expected.expected))

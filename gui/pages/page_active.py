"""Step 二、主动公开政府信息情况 (table 2), with a hint for 现行有效件数 when last year's report
is known: last year's figure + issued − repealed, and a link that fills it in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from core import format2021 as fmt
from core.identities import InForce, in_force
from core.wizard import Step
from gui.pages.table_page import TablePage
from gui.widgets.table_section import MUTED_COLOR

IN_FORCE_ROWS = ("regulations", "normative_documents")


class ActivePage(TablePage):
    step = Step.ACTIVE
    table = fmt.TABLE_ACTIVE

    def footers(self) -> list[QWidget]:
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.setStyleSheet(f"color: {MUTED_COLOR.name()};")
        self.hint.setAccessibleName("现行有效件数参考")
        self.hint.linkActivated.connect(self._fill_in_force)
        return [self.hint]

    def update_extras(self, issues: list) -> None:
        self._update_hint()

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

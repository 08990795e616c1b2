"""Step 二、主动公开政府信息情况 (table 2), with a hint for 现行有效件数 when last year's report
is known: last year's figure + issued − repealed, and a link that fills it in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from core.formats.spec import cell_key, split_cell_key
from core.identities import InForce, in_force
from gui.pages.table_page import TablePage
from gui.widgets.table_section import MUTED_COLOR


class ActivePage(TablePage):
    table_key = "active"

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
        """Stock cell key → last year's 现行有效件数 + 本年制发 − 本年废止 (rows where all are known)."""
        previous = self.ctx.session.previous
        if previous is None:
            return {}
        last, now = previous.parsed(), self.report.parsed()
        out = {}
        for stock in self.report.format.stocks:
            for row in stock.rows:
                # the same figures T2.IN_FORCE_DRIFT checks
                expected = in_force(stock, now, last, row)
                if expected is not None:
                    out[cell_key(stock.table, row, stock.stock)] = expected
        return out

    def _update_hint(self) -> None:
        previous = self.ctx.session.previous
        expected = self.expected_in_force()
        if previous is None or not expected:
            self.hint.hide()
            return
        now = self.report.parsed()
        parts = []
        for key, e in expected.items():
            label = self.table.row_label(split_cell_key(key)[1])
            text = (f"{label}：上年 {e.last_year} ＋ 制发 {e.issued} － 废止 {e.repealed} "
                    f"＝ <b>{e.expected}</b> 件")
            if now.get(key) != e.expected and not self.read_only:
                text += f" <a href='{key}'>填入 {e.expected}</a>"
            parts.append(text)
        self.hint.setText(f"现行有效件数参考（{previous.year}年报告）：" + "；".join(parts))
        self.hint.show()

    def _fill_in_force(self, key: str) -> None:
        expected = self.expected_in_force().get(key)
        if expected is not None:  # one change of the session: Ctrl+Z in the grid undoes it
            self.grid.commit_text(key, str(expected.expected))

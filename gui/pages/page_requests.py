"""Step 三、收到和处理政府信息公开申请情况 (table 3), with a live 勾稽 line under the grid:
for each column, 一＋二 beside （七）＋四 and ✓ or the difference (the verdict is the core's
T3.BALANCE rule; the page only adds up the two sides it displays)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from core.identities import balance
from core.validation import Issue
from gui.context import WizardContext
from gui.pages.requests_register import RegisterLink
from gui.pages.table_page import TablePage
from gui.widgets.table_section import ColumnFooter, FooterEntry

BALANCE_RULE = "T3.BALANCE"
CAPTION = "勾稽：一＋二 ＝ 三（七）＋四"  # 三's （七）总计, as the rows are numbered


class RequestsPage(TablePage):
    table_key = "requests"
    grow = True

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__(ctx)
        self.register_link = RegisterLink(ctx.session, self.grid)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.register_link)

    def footers(self) -> list[QWidget]:
        self.balance = ColumnFooter(self.grid)
        self.balance.setAccessibleName("勾稽关系")
        return [self.balance]

    def update_extras(self, issues: list) -> None:
        self._update_balance(issues)
        if hasattr(self, "register_link"):  # the first call comes from TablePage.__init__
            self.register_link.refresh()

    def _update_balance(self, issues: list[Issue]) -> None:
        fmt = self.report.format
        identity = fmt.identity(BALANCE_RULE)
        values = self.report.parsed()
        unbalanced = {key: i for i in issues if i.rule == BALANCE_RULE for key in i.cells}
        layout = self.grid.grid_layout
        first_value_col = layout.label_cols
        columns = self.table.columns_for(identity.left[0])
        entries = {}

        def side(rows: tuple[str, ...], parts: tuple[int, ...]) -> str:
            return " + ".join(f"{self.table.row(r).name} {v}" for r, v in
                              zip(rows, parts, strict=True))

        for n, col in enumerate(columns):
            b = balance(values, identity, col.key)  # the same figures the validator checks
            if b is None:
                entries[first_value_col + n] = FooterEntry(
                    "—", f"{col.label}：有无效的数字，暂不能核对勾稽关系。")
                continue
            sides = (f"{col.label}：{side(identity.left, b.left_parts)} = {b.left}；"
                     f"{side(identity.right, b.right_parts)} = {b.right}")
            issue = unbalanced.get(identity.cells(col.key)[0])
            if issue is None:
                entries[first_value_col + n] = FooterEntry(f"{b.left}＝{b.right} ✓", sides + "。✓",
                                                           ok=True)
            else:
                entries[first_value_col + n] = FooterEntry(
                    f"{b.left}≠{b.right} 差{b.difference}", issue.message, ok=False)
        self.balance.set_entries(CAPTION, first_value_col, entries)

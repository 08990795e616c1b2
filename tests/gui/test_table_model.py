"""The grid as a view of the report: the model redraws exactly what a change touched, whoever
made it; undo is the session's; finalizing or reopening by any means reaches every observer; a
format made up here shows in a grid like the official one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.formats import FORMATS, register
from core.formats.spec import (
    AgencyField,
    AgencyKind,
    Band,
    Column,
    Head,
    ReportFormat,
    Row,
    Section,
    Sum,
    TableSpec,
    heads,
)
from core.model import Report
from core.session import EditingSession
from core.wizard import Step
from gui.widgets.table_grid import TableGrid
from gui.widgets.table_model import KEY_ROLE, ReportTableModel

NEW_NP = "requests/new_received/natural_person"


def changed_keys(model: ReportTableModel, action) -> list[str]:  # noqa: ANN001
    """The cell keys of every dataChanged the model emits while `action` runs; each signal
    must name one cell (a range would repaint the whole grid)."""
    seen: list[str] = []

    def record(top_left, bottom_right, roles=()) -> None:  # noqa: ANN001, ARG001
        assert top_left == bottom_right
        seen.append(top_left.data(KEY_ROLE))

    model.dataChanged.connect(record)
    try:
        action()
    finally:
        model.dataChanged.disconnect(record)
    return seen


# -- a made-up format: one table, two rows × two entered columns and their total ---------------

def tiny_format() -> ReportFormat:
    a, b = Column("a", "甲"), Column("b", "乙")
    total = Column("sum", "合计", total=Sum(("a", "b"), rule="TINY.SUM", what="甲乙之和"))
    table = TableSpec(
        key="counts", number="表一",
        bands=(Band(columns=(Head("件数", children=(Head(col=a), Head(col=b))), Head(col=total)),
                    rows=heads((Row("first", "第一项"), Row("second", "第二项"))),
                    corner="项目"),),
        widths=(6, 3, 3, 3))
    return ReportFormat(
        id="tiny-test", name="测试格式",
        sections=(Section("counts", "一、件数", "table", "测试用的小表。"),),
        tables=(table,),
        agency_fields=(AgencyField("name", "机关全称"),),
        agency_kinds=(AgencyKind("department", "部门", (1, 31), "测试"),),
        title=lambda name, year: f"{name}{year}年测试报告",
        opening=lambda agency, year, fmt: "")


@pytest.fixture
def tiny(qtbot):
    fmt = tiny_format()
    register(fmt)
    session = EditingSession(None, Report(year=2025, format=fmt))
    grid = TableGrid(session, "counts")
    qtbot.addWidget(grid)
    grid.resize(600, 200)
    grid.show()
    qtbot.waitExposed(grid)
    yield session, grid
    session.close()
    FORMATS.pop(fmt.id, None)


def test_a_made_up_format_shows_with_its_spans_and_a_live_total(qtbot, tiny):
    session, grid = tiny
    model = grid.table_model()
    assert (model.rowCount(), model.columnCount()) == (4, 4)

    def spans(text: str) -> tuple[int, int]:
        index = grid.find_label(text)
        assert index is not None, text
        return grid.rowSpan(index.row(), index.column()), grid.columnSpan(index.row(),
                                                                           index.column())

    assert spans("项目") == (2, 1)
    assert spans("件数") == (1, 2)
    assert spans("合计") == (2, 1)
    assert spans("甲") == (1, 1) and spans("第二项") == (1, 1)
    assert grid.text_of("counts/first/sum") == "0"
    assert not grid.index_for_key("counts/first/sum").flags() & Qt.ItemFlag.ItemIsEditable

    grid.focus_key("counts/first/a")
    qtbot.keyClick(grid, "5")
    editor = grid.indexWidget(grid.currentIndex())
    assert editor is not None
    with qtbot.waitSignal(model.dataChanged):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert session.report.cells["counts/first/a"] == 5
    assert grid.current_key() == "counts/first/b"  # Enter moves on, the total is skipped
    assert grid.text_of("counts/first/sum") == "5"
    assert grid.text_of("counts/second/sum") == "0"


def test_model_redraws_only_the_changed_cell_and_its_total(tiny):
    session, grid = tiny
    model = grid.table_model()
    seen = changed_keys(model, lambda: session.set_cells({"counts/second/b": 7}))
    assert sorted(seen) == ["counts/second/b", "counts/second/sum"]
    seen = changed_keys(model, lambda: session.report.set_agency("name", "测试局"))
    assert seen == []  # nothing of the table changed


def test_table3_redraws_the_changed_cell_its_totals_and_the_cells_whose_highlight_changed(ctx):
    model = ReportTableModel(ctx.session, "requests")
    balance = [f"requests/{r}/natural_person" for r in
               ("new_received", "carried_over", "total_processed", "carried_forward")]
    assert all(model.severity(k) is None for k in balance)
    seen = changed_keys(model, lambda: ctx.session.set_cells({NEW_NP: 15}))
    assert len(seen) == len(set(seen))  # each cell once
    highlighted = {k for k in model.cells if model.severity(k) is not None}
    assert set(balance) <= highlighted  # the 勾稽 error of that column
    assert set(seen) == {NEW_NP, "requests/new_received/total"} | highlighted
    # a figure of another table changes nothing drawn here
    assert changed_keys(model, lambda: ctx.session.set_cells({"active/fees/amount": "2"})) == []
    model.close()


# -- undo belongs to the session ---------------------------------------------------------------

@pytest.fixture
def requests_page(qtbot, ctx):
    from gui.pages.page_requests import RequestsPage

    page = RequestsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.initializePage()
    qtbot.waitExposed(page)
    return page


def test_ctrl_z_in_the_grid_undoes_a_change_made_elsewhere(qtbot, ctx, requests_page):
    grid = requests_page.grid
    key = "requests/granted/commercial"
    before = ctx.session.report.cells[key]
    with qtbot.waitSignal(grid.model().dataChanged):
        ctx.session.set_cells({key: before + 40, NEW_NP: 30})  # e.g. a future register
    assert grid.text_of(key) == str(before + 40) and grid.text_of(NEW_NP) == "30"
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ctx.session.report.cells[key] == before and ctx.session.report.cells[NEW_NP] == 12
    assert grid.text_of(key) == str(before) and grid.text_of(NEW_NP) == "12"
    assert grid.message == "已撤销 2 个数字的修改。"
    qtbot.keyClick(grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert grid.text_of(NEW_NP) == "30" and grid.message == "已重做 2 个数字的修改。"
    qtbot.keyClick(grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert grid.message == "没有可以重做的修改。"


def test_undo_of_the_fill_in_link_on_the_table2_page(qtbot, ctx):
    from gui.pages.page_active import ActivePage

    page = ActivePage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.initializePage()
    key = "active/normative_documents/in_force"
    expected = page.expected_in_force()[key].expected
    page.grid.commit_text(key, str(expected + 2))
    page.hint.linkActivated.emit(key)  # 填入
    assert page.grid.text_of(key) == str(expected)
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ctx.session.report.cells[key] == expected + 2
    assert page.grid.text_of(key) == str(expected + 2)
    assert page.grid.severity_of(key) == "warning"  # T2.IN_FORCE_DRIFT is back
    assert page.grid.current_key() == key
    assert "已撤销 1 个数字的修改" in page.grid.message


# -- status: finalize / reopen by any means -----------------------------------------------------

def test_finalizing_through_the_session_reaches_the_wizard_and_every_grid(qtbot, open_wizard):
    wizard = open_wizard()
    grids = [wizard.pages[s].grid for s in (Step.ACTIVE, Step.REQUESTS, Step.REVIEW)]
    assert not wizard.final_banner.isVisible()
    with qtbot.waitSignal(wizard.ctx.statusChanged) as status:
        wizard.session.finalize()  # not the finish page's button
    assert status.args == ["final"]
    assert wizard.final_banner.isVisible() and "已定稿" in wizard.windowTitle()
    for grid in grids:
        key = next(c.key for c in grid.grid_layout.value_cells() if not c.derived)
        assert not grid.index_for_key(key).flags() & Qt.ItemFlag.ItemIsEditable
        assert "已定稿" in grid.index_for_key(key).data(Qt.ItemDataRole.ToolTipRole)
    finish = wizard.pages[Step.FINISH]
    assert not finish.finalize_button.isEnabled() and finish.reopen_button.isEnabled()
    with qtbot.waitSignal(wizard.ctx.statusChanged):
        wizard.session.reopen()
    assert not wizard.final_banner.isVisible() and "已定稿" not in wizard.windowTitle()
    assert grids[1].index_for_key(NEW_NP).flags() & Qt.ItemFlag.ItemIsEditable
    assert finish.finalize_button.isEnabled()

"""The grid as a view of the report: the model redraws exactly what a change touched, whoever
made it; undo is the session's; finalizing or reopening by any means reaches every observer; a
format made up here shows in a grid like the official one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.formats import FORMATS, register
from core.session import EditingSession
from core.wizard import Step
from gui.widgets.table_grid import TableGrid
from gui.widgets.table_model import KEY_ROLE, ReportTableModel
from tests import madeup_format as made

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


# -- a made-up format (tests/madeup_format.py): one table, a header group, a total column --

@pytest.fixture
def tiny(qtbot, tmp_path):
    from core.storage import Database

    register(made.FORMAT)
    db = Database.open(tmp_path / "made-up.sqlite3")
    session = EditingSession(db, made.report())
    grid = TableGrid(session, "counts")
    qtbot.addWidget(grid)
    grid.resize(600, 200)
    grid.show()
    qtbot.waitExposed(grid)
    yield session, grid
    session.close()
    db.close()
    FORMATS.pop(made.FORMAT_ID, None)


def test_a_made_up_format_shows_with_its_spans_and_a_live_total(qtbot, tiny):
    session, grid = tiny
    model = grid.table_model()
    assert (model.rowCount(), model.columnCount()) == (5, 4)

    def spans(text: str) -> tuple[int, int]:
        index = grid.find_label(text)
        assert index is not None, text
        return grid.rowSpan(index.row(), index.column()), grid.columnSpan(index.row(),
                                                                           index.column())

    assert spans("项目") == (2, 1)
    assert spans("申请方式") == (1, 3)
    assert spans("合计") == (1, 1)
    assert spans("网上申请") == (1, 1) and spans("乙、已答复件数") == (1, 1)
    assert grid.text_of("counts/received/total") == "7"
    assert not grid.index_for_key("counts/received/total").flags() & Qt.ItemFlag.ItemIsEditable

    grid.set_enter_moves_right(True)  # Enter to the right (the default goes down, like Excel)
    grid.focus_key("counts/received/online")
    qtbot.keyClick(grid, "9")
    editor = grid.indexWidget(grid.currentIndex())
    assert editor is not None
    with qtbot.waitSignal(model.dataChanged):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert session.report.cells["counts/received/online"] == 9
    assert grid.current_key() == "counts/received/paper"  # Enter moves on, total skipped
    assert grid.text_of("counts/received/total") == "11"
    assert grid.text_of("counts/answered/total") == "6"


def test_model_redraws_only_the_changed_cell_and_its_total(tiny):
    session, grid = tiny
    model = grid.table_model()
    # one application moves from answered to pending: the identity still holds, no highlight
    seen = changed_keys(model, lambda: session.set_cells({"counts/answered/paper": 1,
                                                          "counts/pending/paper": 1}))
    assert sorted(seen) == ["counts/answered/paper", "counts/answered/total",
                            "counts/pending/paper", "counts/pending/total"]
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

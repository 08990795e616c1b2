"""The statistics grids: typing, moving, live totals, highlights, refusals on the spot, paste and
copy, the official merged layout, read-only finalized reports, and persistence."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QApplication

from core.formats import f2021 as fmt
from core.formats.layout import VALUE
from core.formats.spec import cell_key
from core.session import EditingSession
from core.storage import Database
from gui.widgets.table_grid import TableGrid
from gui.widgets.table_model import DERIVED_BG, KEY_ROLE
from tests.support import t2_blocks, t3_result_groups

AGENCY = "青禾县应急管理局"
NEW_NP = "requests/new_received/natural_person"
BALANCE_KEYS = [f"requests/{r}/natural_person" for r in
                ("new_received", "carried_over", "total_processed", "carried_forward")]


@pytest.fixture
def grid(requests_page) -> TableGrid:
    return requests_page.grid


def editor_of(grid: TableGrid):
    return grid.indexWidget(grid.currentIndex())


def type_into(qtbot, grid: TableGrid, key: str, text: str, end=Qt.Key.Key_Return) -> None:
    """Select a cell, type over it (ASCII) and end with Enter (or another key)."""
    grid.focus_key(key)
    qtbot.keyClick(grid, text[0])
    editor = editor_of(grid)
    assert editor is not None, "typing over a cell opens its editor"
    if text[1:]:
        qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, end)


def cell(ctx, key):
    return ctx.session.report.cells[key]


def background(grid: TableGrid, key: str) -> QColor:
    return grid.index_for_key(key).data(Qt.ItemDataRole.BackgroundRole).color()


SELECT = QItemSelectionModel.SelectionFlag.Select


# -- typing, moving, totals -----------------------------------------------------------------------

def test_typing_digits_replaces_the_value_and_enter_moves_on(qtbot, ctx, grid):
    assert cell(ctx, NEW_NP) == 12
    type_into(qtbot, grid, NEW_NP, "15")
    assert cell(ctx, NEW_NP) == 15  # replaced, not appended to 12
    assert grid.text_of(NEW_NP) == "15"
    assert grid.current_key() == "requests/carried_over/natural_person"  # down, like Excel
    assert grid.state() != QAbstractItemView.State.EditingState


def test_derived_total_updates_live_and_is_read_only_and_grey(qtbot, ctx, grid):
    total = "requests/new_received/total"
    before = int(grid.text_of(total))
    type_into(qtbot, grid, NEW_NP, "20")
    assert grid.text_of(total) == str(before + 8)
    assert grid.text_of("requests/total_processed/total") == \
        str(ctx.session.report.parsed()["requests/total_processed/total"])
    assert not grid.index_for_key(total).flags() & Qt.ItemFlag.ItemIsEditable
    assert background(grid, "requests/granted/total") == DERIVED_BG
    assert not grid.commit_text(total, "99")
    assert grid.text_of(total) == str(before + 8)


def test_tab_and_enter_skip_derived_cells_and_arrows_reach_them(qtbot, grid):
    grid.set_enter_moves_right(True)  # Enter in reading order (the default goes down)
    grid.focus_key("requests/new_received/other_org")
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert grid.current_key() == "requests/carried_over/natural_person"  # 总计 skipped
    qtbot.keyClick(grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert grid.current_key() == "requests/new_received/other_org"
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.current_key() == "requests/new_received/total"  # readable, copyable
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.current_key() == "requests/carried_over/total"
    # Enter after typing into the last entered cell of a row goes to the next row
    type_into(qtbot, grid, "requests/granted/other_org", "0")
    assert grid.current_key() == "requests/partially_granted/natural_person"


def test_arrow_keys_commit_when_typing_over_a_cell(qtbot, ctx, grid):
    type_into(qtbot, grid, NEW_NP, "13", end=Qt.Key.Key_Down)
    assert cell(ctx, NEW_NP) == 13
    assert grid.current_key() == "requests/carried_over/natural_person"


def test_f2_edits_the_existing_value(qtbot, ctx, grid):
    grid.focus_key(NEW_NP)
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = editor_of(grid)
    assert editor is not None and editor.text() == "12"
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClicks(editor, "0")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert cell(ctx, NEW_NP) == 120


def test_full_width_digits_from_an_input_method_are_stored_as_numbers(qtbot, ctx, grid, ime):
    grid.focus_key(NEW_NP)
    ime(grid, "１２")  # what a Chinese IME in full-width mode commits
    editor = editor_of(grid)
    assert editor is not None and editor.text() == "１２"
    ime(editor, "３")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert cell(ctx, NEW_NP) == 123
    type_into(qtbot, grid, NEW_NP, "1,234")  # thousands separator
    assert cell(ctx, NEW_NP) == 1234


def test_non_numbers_are_refused_on_the_spot_keeping_the_old_value(qtbot, ctx, requests_page,
                                                                  dialogs):
    grid = requests_page.grid
    shown = []
    grid.messageChanged.connect(shown.append)
    type_into(qtbot, grid, NEW_NP, "abc")
    assert cell(ctx, NEW_NP) == 12
    assert grid.text_of(NEW_NP) == "12"
    assert grid.current_key() == NEW_NP  # stays, to be corrected
    assert "不是数字" in grid.message and "12" in grid.message
    assert shown and shown[-1] == grid.message
    assert dialogs.messages == []  # never a modal dialog
    page = requests_page
    assert page.section.message.isVisible()
    assert "不是数字" in page.section.message.text()
    type_into(qtbot, grid, NEW_NP, "/")
    assert "应填 0" in grid.message
    type_into(qtbot, grid, NEW_NP, "-3")
    assert "负数" in grid.message and cell(ctx, NEW_NP) == 12
    type_into(qtbot, grid, NEW_NP, "14")  # a good value clears the message
    assert grid.message == "" and not page.section.message.isVisible()


def test_delete_sets_zero(qtbot, ctx, grid):
    grid.focus_key(NEW_NP)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert cell(ctx, NEW_NP) == 0
    assert grid.text_of(NEW_NP) == "0"


# -- validation highlights --------------------------------------------------------------------------

def test_balance_error_highlights_its_cells_and_clears_when_fixed(qtbot, ctx, requests_page):
    grid = requests_page.grid
    assert all(grid.severity_of(k) is None for k in BALANCE_KEYS)
    with qtbot.waitSignal(ctx.issuesChanged):
        type_into(qtbot, grid, NEW_NP, "15")
    assert [grid.severity_of(k) for k in BALANCE_KEYS] == ["error"] * 4
    assert grid.severity_of("requests/new_received/commercial") is None
    assert background(grid, NEW_NP).name() == "#fdecea"
    tip = grid.index_for_key(NEW_NP).data(Qt.ItemDataRole.ToolTipRole)
    assert fmt.FORMAT.cell_help(NEW_NP) in tip and "相差 3" in tip
    entry = requests_page.balance.entry(grid.grid_layout.at(3, 3).col)
    assert entry is not None and entry.ok is False and "差3" in entry.text
    assert requests_page.issue_list.count() >= 1
    type_into(qtbot, grid, "requests/carried_forward/natural_person", "4")
    assert all(grid.severity_of(k) is None for k in BALANCE_KEYS)
    assert requests_page.balance.entry(3).ok is True
    assert background(grid, NEW_NP).name() == "#ffffff"


def test_focus_path_selects_and_scrolls_to_the_cell(requests_page):
    grid = requests_page.grid
    key = "requests/carried_forward/other_org"
    assert requests_page.focus_path(key)
    assert grid.current_key() == key
    assert grid.viewport().rect().intersects(grid.visualRect(grid.index_for_key(key)))
    assert grid.visualRect(grid.index_for_key(key)).top() >= grid.header_height()
    assert not requests_page.focus_path("active/fees/amount")
    assert not requests_page.focus_path("text/overview")


def test_cell_tooltip_is_the_official_help(grid):
    tip = grid.index_for_key("requests/carried_over/natural_person").data(
        Qt.ItemDataRole.ToolTipRole)
    assert fmt.TABLE_REQUESTS.row("carried_over").help in tip
    assert "自然人" in tip


# -- paste and copy -----------------------------------------------------------------------------------

def test_pasted_block_lands_in_the_right_cells(ctx, grid):
    grid.focus_key("requests/granted/commercial")
    assert grid.paste_text("1\t2\t3\r\n4\t5\t6\r\n")
    got = {k: cell(ctx, f"requests/{k}") for k in (
        "granted/commercial", "granted/research", "granted/social_welfare",
        "partially_granted/commercial", "partially_granted/research",
        "partially_granted/social_welfare")}
    assert list(got.values()) == [1, 2, 3, 4, 5, 6]
    assert grid.text_of("requests/partially_granted/social_welfare") == "6"


def test_paste_with_one_bad_value_changes_nothing(ctx, grid, dialogs):
    before = dict(ctx.session.report.cells)
    grid.focus_key("requests/granted/commercial")
    assert not grid.paste_text("1\t2\t3\n4\t无\t6\n")
    assert ctx.session.report.cells == before
    assert "第 2 行第 2 个数" in grid.message and "应填 0" in grid.message
    assert dialogs.messages == []
    assert not grid.paste_text("1\t2\t3\t4\t5\t6\t7\t8\n")  # wider than the table
    assert "超出" in grid.message and ctx.session.report.cells == before


def test_blank_cells_of_a_pasted_block_are_zero_and_said_so(ctx, grid):
    grid.focus_key("requests/granted/natural_person")
    assert grid.paste_text("1\t\t0\t 0 \t0\t0\n")  # Excel leaves a zero blank
    assert cell(ctx, "requests/granted/natural_person") == 1
    assert cell(ctx, "requests/granted/commercial") == 0
    assert "1 个空白格，已按 0 填入" in grid.message and "商业企业" in grid.message


def test_pasting_a_whole_row_checks_its_total(ctx, grid):
    grid.focus_key("requests/granted/natural_person")
    assert grid.paste_text("5\t1\t0\t0\t0\t0\t6\n")  # with its 总计, which adds up
    assert grid.message == ""
    assert cell(ctx, "requests/granted/natural_person") == 5
    assert grid.paste_text("１\t1\t0\t0\t0\t0\t９\n")  # a wrong total: figures kept, reported
    assert cell(ctx, "requests/granted/natural_person") == 1
    assert "粘贴的是 9" in grid.message and "自动计算为 2" in grid.message


def test_one_value_fills_a_selection(ctx, grid):
    grid.focus_key("requests/withheld.state_secret/natural_person")
    first = grid.index_for_key("requests/withheld.state_secret/natural_person")
    last = grid.index_for_key("requests/withheld.prohibited_by_law/research")
    grid.selectionModel().select(QItemSelection(first, last), SELECT)
    assert grid.paste_text("2")
    assert cell(ctx, "requests/withheld.prohibited_by_law/research") == 2
    assert cell(ctx, "requests/withheld.state_secret/commercial") == 2


def test_ctrl_c_copies_the_selection_as_tsv(qtbot, grid):
    grid.focus_key("requests/new_received/natural_person")
    grid.clearSelection()
    for key in ("requests/new_received/natural_person", "requests/new_received/commercial",
                "requests/carried_over/natural_person", "requests/carried_over/commercial"):
        grid.selectionModel().select(grid.index_for_key(key), SELECT)
    assert grid.copy_text() == "12\t1\r\n1\t0\r\n"
    qtbot.keyClick(grid, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "12\t1\r\n1\t0\r\n"


def test_ctrl_v_pastes_from_the_clipboard(qtbot, ctx, grid):
    QApplication.clipboard().setText("7\t8\r\n")
    grid.focus_key("requests/carried_forward/commercial")
    qtbot.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert cell(ctx, "requests/carried_forward/commercial") == 7
    assert cell(ctx, "requests/carried_forward/research") == 8


# -- the official layout ----------------------------------------------------------------------------

def spans(grid: TableGrid, text: str) -> tuple[int, int]:
    index = grid.find_label(text)
    assert index is not None, text
    return grid.rowSpan(index.row(), index.column()), grid.columnSpan(index.row(), index.column())


def test_table3_merged_headers_and_labels(grid):
    assert spans(grid, fmt.T3_NOTE) == (3, 3)
    assert spans(grid, fmt.T3_APPLICANT) == (1, 7)
    assert spans(grid, "自然人") == (2, 1)
    assert spans(grid, fmt.T3_ORG_GROUP) == (1, 5)
    assert spans(grid, "总计") == (2, 1)
    for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"):
        assert spans(grid, label) == (1, 1)
    assert spans(grid, fmt.T3_RESULTS_GROUP) == (22, 1)
    assert [spans(grid, g)[0] for g, _ in t3_result_groups()] == [8, 3, 5, 3]
    for row in ("new_received", "carried_over", "carried_forward"):
        assert spans(grid, fmt.TABLE_REQUESTS.row(row).label) == (1, 3)
    for row in ("granted", "partially_granted", "total_processed"):
        assert spans(grid, fmt.TABLE_REQUESTS.row(row).label) == (1, 2)
    assert grid.model().rowCount() == 3 + 25 and grid.model().columnCount() == 3 + 7


def test_table4_and_table2_merged_headers(qtbot):
    from core.model import Report

    review = TableGrid(EditingSession(None, Report(year=2025)), "review")
    qtbot.addWidget(review)
    assert spans(review, fmt.T4_ROWS[0].label) == (1, 5)
    assert spans(review, fmt.T4_LITIGATION) == (1, 10)
    assert spans(review, "未经复议直接起诉") == (1, 5)
    assert spans(review, "复议后起诉") == (1, 5)
    assert spans(review, "结果维持") == (2, 1)  # 行政复议's leaf labels span two rows
    assert review.model().rowCount() == 4 and review.model().columnCount() == 15
    active = TableGrid(EditingSession(None, Report(year=2025)), "active")
    qtbot.addWidget(active)
    for block in t2_blocks():
        assert spans(active, block.clause) == (1, 4)
    key = "active/licensing/decisions"
    index = active.index_for_key(key)
    assert active.columnSpan(index.row(), index.column()) == 3


def test_layouts_cover_every_cell_once():
    for table in fmt.TABLES:
        layout = fmt.FORMAT.layout(table.key)
        keys = [c.key for c in layout.cells if c.kind == VALUE]
        assert sorted(keys) == sorted(cell_key(table.key, r.key, c.key)
                                      for r, c in table.cells())


def test_arrows_cross_table2_blocks_to_the_spanning_cells():
    layout = fmt.FORMAT.layout("active")
    start = layout.by_key()["active/normative_documents/repealed"]
    down = layout.neighbor(start.row, start.col, "down")
    assert down is not None and down.key == "active/licensing/decisions"
    nxt = layout.neighbor(start.row, start.col, "next")
    assert nxt is not None and nxt.key == "active/normative_documents/in_force"


# -- read-only, persistence ---------------------------------------------------------------------------

def test_finalized_report_is_read_only(qtbot, ctx, requests_page):
    grid = requests_page.grid
    ctx.session.report.set_status("final")
    requests_page.refresh()
    index = grid.index_for_key(NEW_NP)
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    assert grid.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    grid.focus_key(NEW_NP)
    qtbot.keyClick(grid, "5")
    assert editor_of(grid) is None and cell(ctx, NEW_NP) == 12
    assert not grid.paste_text("1\t2\n")
    assert "已定稿" in grid.message
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert cell(ctx, NEW_NP) == 12
    assert "已定稿" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_edits_are_in_the_database(qtbot, ctx, grid, db_path):
    type_into(qtbot, grid, NEW_NP, "16")
    type_into(qtbot, grid, "requests/carried_forward/natural_person", "5")
    grid.focus_key("requests/granted/commercial")
    assert grid.paste_text("2\t3\n")
    ctx.session.db.close()
    with Database.open(db_path) as db:
        doc = db.load_report(AGENCY, 2025)
    rows = doc["tables"]["requests"]
    assert rows["new_received"]["natural_person"] == 16
    assert rows["carried_forward"]["natural_person"] == 5
    assert rows["granted"]["commercial"] == 2 and rows["granted"]["research"] == 3


# -- the other two pages ---------------------------------------------------------------------------

def test_active_page_in_force_hint_and_fill(qtbot, ctx):
    from gui.pages.page_active import ActivePage

    page = ActivePage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.initializePage()
    assert ctx.session.previous is not None
    assert page.hint.isVisible() and "行政规范性文件" in page.hint.text()
    key = "active/normative_documents/in_force"
    expected = page.expected_in_force()[key].expected
    page.grid.commit_text(key, str(expected + 2))
    assert page.grid.severity_of(key) == "warning"  # T2.IN_FORCE_DRIFT
    assert f"填入 {expected}" in page.hint.text()
    page.hint.linkActivated.emit(key)
    assert cell(ctx, key) == expected
    assert page.grid.severity_of(key) is None
    page.grid.focus_key("active/fees/amount")
    assert page.grid.commit_text("active/fees/amount", "１.５０")
    assert cell(ctx, "active/fees/amount") == "1.5"
    assert page.focus_path("active/penalty/decisions")
    assert page.grid.current_key() == "active/penalty/decisions"


def test_review_page_total(qtbot, ctx):
    from gui.pages.page_review import ReviewPage

    page = ReviewPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.initializePage()
    type_into(qtbot, page.grid, "review/litigation_after/pending", "3")
    assert page.grid.text_of("review/litigation_after/total") == \
        str(ctx.session.report.parsed()["review/litigation_after/total"])
    assert page.grid.current_key() == "review/litigation_after/pending"  # last entered cell


def test_flush_commits_a_cell_still_being_edited(qtbot, ctx, requests_page):
    grid = requests_page.grid
    grid.focus_key(NEW_NP)
    qtbot.keyClick(grid, "9")
    assert editor_of(grid) is not None
    requests_page.flush()  # the wizard calls this before leaving the page
    assert cell(ctx, NEW_NP) == 9
    assert grid.state() != QAbstractItemView.State.EditingState


def test_tabbing_into_the_grid_lands_on_an_editable_cell_ready_for_an_input_method(ctx):
    from PySide6.QtGui import QFocusEvent

    grid = TableGrid(ctx.session, "requests")
    grid.show()
    assert not grid.currentIndex().isValid()
    grid.focusInEvent(QFocusEvent(QFocusEvent.Type.FocusIn, Qt.FocusReason.TabFocusReason))
    assert grid.current_key() == "requests/new_received/natural_person"
    assert grid.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    grid.focus_key("requests/new_received/total")  # derived: no input method
    grid.focusInEvent(QFocusEvent(QFocusEvent.Type.FocusIn, Qt.FocusReason.TabFocusReason))
    assert not grid.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    grid.close()


def test_ctrl_z_undoes_an_edit_and_a_paste_and_ctrl_y_redoes(qtbot, ctx, grid, db_path):
    key = "requests/granted/natural_person"
    type_into(qtbot, grid, key, "9")
    assert cell(ctx, key) == 9
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert cell(ctx, key) == 6 and "撤销" in grid.message
    qtbot.keyClick(grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert cell(ctx, key) == 9
    grid.focus_key("requests/withheld.state_secret/natural_person")
    assert grid.paste_text("3\t4\n5\t6")
    assert cell(ctx, "requests/withheld.prohibited_by_law/commercial") == 6
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    for row in ("withheld.state_secret", "withheld.prohibited_by_law"):
        for col in ("natural_person", "commercial"):
            assert cell(ctx, f"requests/{row}/{col}") == 0
    from core.storage import Database

    with Database.open(db_path, exclusive=False) as reader:  # undo is saved like any edit
        doc = reader.load_report("青禾县应急管理局", 2025)
    assert doc["tables"]["requests"]["withheld.prohibited_by_law"]["commercial"] == 0
    assert doc["tables"]["requests"]["granted"]["natural_person"] == 9


def selected_keys(grid: TableGrid) -> set[str]:
    return {i.data(KEY_ROLE) for i in grid.selectedIndexes()}


def test_undo_and_shift_tab_leave_one_cell_selected(qtbot, ctx, grid):
    """The cell undo goes back to (or Shift+Tab moves to) is the selection: the Ctrl of Ctrl+Z
    or the Shift of Shift+Tab must not add cells to it (a paste would then fill them all)."""
    first, second = "requests/granted/natural_person", "requests/granted/commercial"
    grid.activateWindow()
    type_into(qtbot, grid, first, "9")
    type_into(qtbot, grid, second, "8")
    for expected in (second, first):
        qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert grid.current_key() == expected
        assert selected_keys(grid) == {expected}
    type_into(qtbot, grid, second, "7", end=Qt.Key.Key_Backtab)
    assert grid.current_key() == first and selected_keys(grid) == {first}


def test_enter_in_the_one_row_table_moves_along_it(qtbot, ctx):
    """Table 四 has one row of figures: Enter (down, by default) goes on to the right."""
    from gui.pages.page_review import ReviewPage

    page = ReviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.initializePage()
    review = page.grid
    keys = [k for k in ctx.session.report.format.entered_keys if k.startswith("review/")]
    type_into(qtbot, review, keys[0], "2")
    assert cell(ctx, keys[0]) == 2
    assert review.current_key() == keys[1]

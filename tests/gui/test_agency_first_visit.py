"""A new agency's first report does not open on a page of red fields: an empty required field
says it is missing once the clerk has been in it, has left the page, or was sent to it from the
list of problems; a report whose details were filled before shows every missing one at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.wizard import Step
from gui.pages.page_agency import ERROR_STYLE

NEW_AGENCY = "青禾县应急管理局"


@pytest.fixture
def fresh(qtbot, db, data_dir):
    from gui.new_report_dialog import NewReportDialog
    from gui.start_window import StartWindow

    window = StartWindow(db, data_dir)
    qtbot.addWidget(window)
    window.show()
    dialog = NewReportDialog(db, window)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentText(NEW_AGENCY)
    dialog.year.setValue(2025)
    dialog.accept()
    wizard = window.open_report(*dialog.result_key)
    qtbot.addWidget(wizard)
    wizard.jump_to(Step.AGENCY)
    qtbot.waitExposed(wizard)
    yield wizard
    if wizard.isVisible():
        wizard.reject()


def red(page) -> set[str]:  # noqa: ANN001
    return {key for key, edit in page.fields.items() if edit.styleSheet() == ERROR_STYLE
            and "✖" in page.hints[key].text()}


def test_a_new_agency_opens_calm_and_a_field_left_empty_turns_red(qtbot, fresh) -> None:
    page = fresh.pages[Step.AGENCY]
    assert red(page) == set()
    fresh.activateWindow()
    qtbot.waitActive(fresh)
    page.fields["address"].setFocus()
    qtbot.waitUntil(page.fields["address"].hasFocus)
    qtbot.keyClick(page.fields["address"], Qt.Key.Key_Tab)  # in and out, nothing typed
    assert red(page) == {"address"}
    qtbot.keyClicks(page.fields["postcode"], "12")
    qtbot.keyClick(page.fields["postcode"], Qt.Key.Key_Tab)
    assert red(page) == {"address", "postcode"}  # 邮编 now wrong: 6 digits
    assert "6位数字" in page.hints["postcode"].text()


def test_leaving_the_page_shows_every_missing_field_on_return(qtbot, fresh) -> None:
    page = fresh.pages[Step.AGENCY]
    fresh.jump_to(Step.OVERVIEW)
    fresh.jump_to(Step.AGENCY)
    qtbot.wait(10)
    required = {f.key for f in fresh.session.report.format.agency_fields
                if f.required and f.key != "name"}
    assert red(page) == required


def test_sent_from_the_list_of_problems_the_field_is_red(qtbot, fresh) -> None:
    page = fresh.pages[Step.AGENCY]
    fresh.jump_to_path("agency/email")
    qtbot.wait(10)
    assert "email" in red(page)
    assert page.fields["email"].hasFocus()


def test_a_report_with_details_filled_shows_the_missing_ones_at_once(qtbot, new_2025) -> None:
    """Last year's details carried into the new report are printed: their problems show."""
    _, wizard = new_2025
    session = wizard.session
    session.report.set_agency("phone", "")
    wizard.jump_to(Step.AGENCY)
    qtbot.wait(10)
    assert red(wizard.pages[Step.AGENCY]) == {"phone"}

"""The clerk's window polished: layout at 1366×768, keyboard, Chinese dialogs, notices.
Each test saves a screenshot under /tmp/polish-shots/ (looked at when the change was made)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from core.wizard import Step

SHOTS = Path("/tmp/polish-shots")
NP = "requests/new_received/natural_person"


def shot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def small_screen_wizard(open_wizard, step: Step):
    wizard = open_wizard()
    wizard.resize(1366, 728)  # a 1366×768 screen less the task bar
    wizard.jump_to(step)
    return wizard


# -- 8. layout -----------------------------------------------------------------------------------
def test_issue_list_keeps_its_height_and_shows_two_errors_whole(qtbot, open_wizard):
    wizard = small_screen_wizard(open_wizard, Step.REQUESTS)
    page = wizard.pages[Step.REQUESTS]
    issues = page.issue_list
    qtbot.wait(20)
    height_without = issues.height()
    assert issues.count() == 1  # 本页没有发现问题
    page.grid.commit_text(NP, "500")  # the 自然人 and the 总计 columns no longer balance
    qtbot.waitUntil(lambda: issues.count() >= 2)
    qtbot.wait(20)
    errors = [issues.item(i) for i in range(issues.count()) if "错误" in issues.item(i).text()]
    assert len(errors) == 2
    assert issues.height() == height_without  # nothing jumps as errors come and go
    assert issues.height() >= 3 * (issues.fontMetrics().lineSpacing() + 6)
    viewport = issues.viewport().rect()
    for item in errors:
        assert viewport.contains(issues.visualItemRect(item))  # whole lines, not cut
    shot(wizard, "table3_two_errors")


def test_finalized_finish_page_uses_the_height_and_reopen_is_not_squeezed(qtbot, open_wizard):
    wizard = small_screen_wizard(open_wizard, Step.FINISH)
    wizard.session.finalize()
    page = wizard.pages[Step.FINISH]
    qtbot.wait(20)
    assert page.issue_list.height() > page.height() // 3  # no half screen left empty
    bottom = max(w.geometry().bottom() for w in (page.export_box, page.reopen_button.parentWidget()))
    assert page.height() - bottom < 40
    button = page.reopen_button
    assert button.isEnabled() and button.width() >= button.sizeHint().width()
    shot(wizard, "finish_finalized")

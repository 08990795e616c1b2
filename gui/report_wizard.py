"""The report wizard: one page per step of the report's format (core.wizard.steps: the page id
is the step's index; gui/pages/choice.py picks each page), a side panel with every step's state
for jumping anywhere, the save status, and the place where the user left off.

QWizard can only go next/back. A jump keeps its history linear (0, 1, …, current) by walking
with back()/next(): history is then always what QWizard expects, 上一步 always goes to the
previous step, and intermediate pages passed on the way are not counted as visited.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QVBoxLayout, QWidget, QWizard

from core import APP_NAME, reportfile
from core.fileio import OutputError, write_atomic
from core.session import EditingSession
from core.storage import StorageError
from core.wizard import empty_steps, place, restored_place, step_for_path, step_states, steps
from gui import unsaved
from gui.context import WizardContext
from gui.help_window import HelpWindow, add_help_shortcut, show_help
from gui.pages.base import BasePage
from gui.pages.choice import page_for
from gui.places import remember_dir, suggested_path
from gui.widgets.step_panel import StepPanel
from gui.window_state import restore_geometry, save_geometry

# While edits are kept in memory after a failed save, try again this often (the lock of
# another program, a full disk or a read-only file may go away without any edit to retry).
RETRY_INTERVAL_MS = 3000


def state_key(session: EditingSession) -> str:
    name, year = session.key
    return f"wizard/{name}/{year}"


class ReportWizard(QWizard):
    closed = Signal()  # the window was closed; everything is saved

    def __init__(self, session: EditingSession, sample: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.sample = sample
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.WindowMinMaxButtonsHint
                            | Qt.WindowType.WindowCloseButtonHint)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.CancelButton, "关闭")
        self.button(QWizard.WizardButton.CancelButton).setToolTip("关闭报告（所有修改都已自动保存）")
        # not 完成: closing never finishes a report (定稿 does, on the last page); every edit
        # is already saved
        self.setButtonText(QWizard.WizardButton.FinishButton, "关闭")
        self.setOption(QWizard.WizardOption.HaveHelpButton, True)
        add_help_shortcut(self, session.db.path, session.report.format)  # F1
        self.setButtonText(QWizard.WizardButton.HelpButton, "帮助(&H)")
        self.button(QWizard.WizardButton.HelpButton).setToolTip("使用说明（F1）")
        self.helpRequested.connect(self.show_help)

        self.ctx = WizardContext(session, self)
        self.steps = steps(session.report.format)
        self.pages: dict[int, BasePage] = {}  # by step index, which is also the page id
        for step in self.steps:
            page = page_for(self.ctx, step)
            self.pages[step.index] = page
            self.setPage(step.index, page)
        self.ctx.statusChanged.connect(self._status_changed)  # however it was finalized

        side = QWidget(self)  # owned by C++: setSideWidget() does not take ownership in PySide
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 6, 0)
        self.panel = StepPanel(self.steps)
        self.panel.setMinimumWidth(200)
        self.panel.stepRequested.connect(self._jump_from_panel)
        side_layout.addWidget(self.panel, 1)
        self.save_label = QLabel("所有修改都会自动保存")
        self.save_label.setWordWrap(True)
        self.save_label.setAccessibleName("保存状态")
        self.save_label.setStyleSheet("color:#555")
        side_layout.addWidget(self.save_label)
        self.final_banner = QLabel("已定稿，只读。如需修改，请在“审核与导出”页点“重新打开”。")
        self.final_banner.setWordWrap(True)
        self.final_banner.setStyleSheet("color:#fff; background:#2e7d32; padding:6px;"
                                        " border-radius:3px")
        self.final_banner.setAccessibleName("只读提示")
        side_layout.addWidget(self.final_banner)
        if sample:
            note = QLabel("示例报告：保存在单独的示例数据库中，不影响您的数据。")
            note.setWordWrap(True)
            note.setStyleSheet("color:#b26a00")
            side_layout.addWidget(note)
        self.setSideWidget(side)

        self._key = session.key
        saved, self.visited = restored_place(session.report.format, self._load_state())
        self._jumping = False
        self._closed = False
        self.ctx.issuesChanged.connect(self._issues_changed)
        self.ctx.saveStatusChanged.connect(self._save_status)
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_INTERVAL_MS)
        self.retry_timer.timeout.connect(self.ctx.retry_save)
        self.ctx.jumpRequested.connect(self.jump_to_path)
        self.ctx.quoteRequested.connect(
            lambda path, quote: self.pages[self.currentId()].select_quote(path, quote))
        self.currentIdChanged.connect(self._page_changed)

        self._update_title()
        restore_geometry(self, "wizard", (1280, 760))
        self._jumping = True
        try:
            self.restart()  # at 机关信息; then walk to where the user left off
        finally:
            self._jumping = False
        self.jump_to(saved)
        self._page_changed(self.currentId())

    # -- navigation ----------------------------------------------------------------------------
    def jump_to(self, step: int) -> None:
        """Go to any step; the history stays linear so that 上一步 keeps working."""
        target = int(step)
        if target not in self.pageIds() or target == self.currentId():
            self.panel.set_current(self.currentId())
            return
        self.flush()
        self._jumping = True
        try:
            while self.currentId() > target:
                before = self.currentId()
                self.back()
                if self.currentId() == before:
                    break
            while self.currentId() < target:
                before = self.currentId()
                self.next()
                if self.currentId() == before:
                    break
        finally:
            self._jumping = False
        self._page_changed(self.currentId())

    def _jump_from_panel(self, step: int) -> None:
        had_focus = self.panel.hasFocus()
        self.jump_to(step)
        if had_focus:  # a keyboard user walking the panel stays in it
            self.panel.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_help(self) -> HelpWindow:
        return show_help(self, self.session.db.path, self.session.report.format)

    def jump_to_path(self, path: str) -> None:
        """Go to the step where a cell or field is edited and put the cursor there."""
        self.jump_to(step_for_path(path, self.session.report.format))
        self.pages[self.currentId()].focus_path(path)

    def _page_changed(self, page_id: int) -> None:
        if self._jumping or page_id < 0:
            return
        self.flush()
        self.pages[page_id].refresh()  # back() skips initializePage(): no stale values
        self.visited.add(page_id)
        self._save_state()
        self.panel.set_current(page_id)
        self._update_panel()

    # -- state shown and stored ----------------------------------------------------------------
    def _save_status(self, text: str) -> None:
        """“已保存 12:03:45”, or why saving failed (the edit is kept and saved again next time)."""
        self.save_label.setText(text)
        if self.session.unsaved:
            self.save_label.setText(f"{text}\n修改保留在窗口中，程序会自动重试保存。")
            self.retry_timer.start()
        else:
            self.retry_timer.stop()
        style = "color:#555" if text.startswith("已保存") else "color:#c62828; font-weight:600"
        if self.save_label.styleSheet() != style:  # re-polishing at every save costs time
            self.save_label.setStyleSheet(style)

    def _issues_changed(self) -> None:
        if self.session.key != self._key:  # 机关全称 was changed: the report moved
            old = f"wizard/{self._key[0]}/{self._key[1]}"
            self._key = self.session.key
            self._save_state()
            self._set_setting(old, None)
            self._update_title()
        self._update_panel()

    def _update_panel(self) -> None:
        session = self.session
        states = step_states(session.issues, empty_steps(session.report, session.previous),
                             session.acknowledged(), session.report.format)
        self.panel.set_states(states)

    def _update_title(self) -> None:
        report = self.session.report
        self.final_banner.setVisible(report.status == "final")
        suffix = "（已定稿）" if report.status == "final" else ""
        if self.sample:
            suffix += "（示例）"
        self.setWindowTitle(f"{report.title}{suffix} — {APP_NAME}")

    def _status_changed(self) -> None:
        """Finalized or reopened (the pages redraw themselves; issuesChanged follows)."""
        self._update_title()

    def _load_state(self) -> object:
        try:
            return self.session.db.get_setting(state_key(self.session), {})
        except StorageError:
            return {}

    def _save_state(self) -> None:
        step = max(self.currentId(), 0)  # -1 before the first page is shown: 机关信息
        self._set_setting(state_key(self.session),
                          place(self.session.report.format, step, self.visited))

    def _set_setting(self, key: str, value: Any) -> None:
        try:
            self.session.db.set_setting(key, value)
        except StorageError as exc:  # losing the wizard position must not stop the user
            self.save_label.setText(f"未能保存位置：{exc}")

    def step_title(self) -> str:
        return self.pages[self.currentId()].step_def.title

    # -- closing -------------------------------------------------------------------------------
    def flush(self) -> None:
        """Write any edit a widget still holds (e.g. a name being typed) to the report."""
        for page in self.pages.values():
            flush = getattr(page, "flush", None)
            if callable(flush):
                flush()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt's name
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # Esc in an editor must not close the report
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        """关闭 / 完成 / the window's close button all end here (QDialog)."""
        if not self._closed:
            self.flush()
            if not self._settle_unsaved():
                return  # the clerk keeps editing: nothing is lost
            self._closed = True
            self.retry_timer.stop()
            self._save_state()
            save_geometry(self, "wizard")
            self.ctx.close()
            self.session.close()
            self.closed.emit()
        super().done(result)

    def _settle_unsaved(self) -> bool:
        """Before closing: save what a failed save left in memory, or let the clerk decide
        (重试 / 另存为文件 / 放弃修改). False: do not close."""
        while not self.ctx.retry_save():
            answer = unsaved.ask_unsaved(self, self.session.save_error or "")
            if answer == unsaved.DISCARD:
                return True
            if answer == unsaved.SAVE_AS and self.save_report_file():
                return True
            if answer == unsaved.CANCEL:
                return False
        return True

    def save_report_file(self) -> bool:
        """Write the report as shown (unsaved edits included) to a report file of the clerk's
        choice; True when written."""
        report = self.session.report
        path, _ = QFileDialog.getSaveFileName(
            self, "把报告另存为文件", suggested_path(f"{report.title}.json"), "报告文件 (*.json)")
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        try:
            write_atomic(path, reportfile.dumps(report))
        except OutputError as exc:
            QMessageBox.warning(self, "无法另存", str(exc))
            return False
        remember_dir(path)
        return True

"""Step 审核与导出: every issue of the report, 落款日期, 定稿 / 重新打开 with the 校验码, and the
导出 box (gui/pages/finish_export.py).

The order on the page is the order of the work: check the issues, choose the date, finalize,
export. It is also the focus order, so the issue list — not the date — has the focus when the
page is opened (a date field with its year selected invites an accidental keystroke)."""

from __future__ import annotations

import datetime as dt
import unicodedata

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from core.checksum import report_checksum
from core.model import STATUS_FINAL, STATUS_LABELS
from core.session import FinalizeRefused
from core.storage import StorageError
from core.textclean import parse_typed_date
from core.validation import ERROR, Issue, summary
from core.wizard import FINISH
from gui.confirm import confirm
from gui.pages.base import BasePage
from gui.pages.finish_export import ExportBox, write_output

__all__ = ["FinishPage", "suggested_date", "write_output"]

SHOWN_WARNINGS = 5  # open warnings listed in the 定稿 question


def suggested_date(year: int, today: dt.date | None = None,
                   deadline: dt.date | None = None) -> dt.date:
    """The 落款日期 offered for a report without one: today if it is a valid date for the report
    (31 December to the deadline — 31 January for a department's report, 31 March for a
    government's), else 20 January of the next year."""
    today = today or dt.date.today()
    deadline = deadline or dt.date(year + 1, 1, 31)
    if dt.date(year, 12, 31) <= today <= deadline:
        return today
    return dt.date(year + 1, 1, 20)


def _qdate(date: dt.date) -> QDate:
    return QDate(date.year, date.month, date.day)


class _DateField(QDateEdit):
    """A date field whose minimum reads 未填写: stepping up from it goes to the next day
    (31 December) and down from that day back to 未填写, whichever part of the date the
    cursor is in — not a year later.

    On 未填写 a date can also be typed whole, as a clerk writes it (2026-01-20, 20260120,
    2026/1/20, 2026年1月20日): QDateEdit's own editing goes part by part and would append the
    keys to “未填写”. Enter, Tab or leaving the field reads it; Esc gives up."""

    typedUnreadable = Signal(str)  # what was typed is not a date

    def __init__(self) -> None:
        super().__init__()
        self._typed: str | None = None  # the text being typed on 未填写

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt's name
        text = event.text()
        if self._typed is None and not self.isReadOnly() and self._empty() \
                and text and unicodedata.normalize("NFKC", text)[0].isdigit():
            self._typed = ""
        if self._typed is None:
            super().keyPressEvent(event)
            return
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._read_typed()
        elif key == Qt.Key.Key_Escape:
            self._typed = None
            self._show_typed(self.specialValueText())
        elif key == Qt.Key.Key_Backspace:
            self._typed = self._typed[:-1]
            self._show_typed(self._typed)
        elif text and text.isprintable():
            self._typed += text
            self._show_typed(self._typed)
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        # Tab never reaches keyPressEvent (it moves the focus): read the typed date first
        if self._typed is not None and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._read_typed()
        return super().event(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 — Qt's name
        if self._typed is not None:
            self._read_typed()
        super().focusOutEvent(event)

    def _show_typed(self, text: str) -> None:
        editor = self.lineEdit()
        editor.blockSignals(True)  # the spin box must not re-read a half-typed date
        editor.setText(text)
        editor.setCursorPosition(len(text))
        editor.blockSignals(False)

    def _read_typed(self) -> None:
        typed, self._typed = self._typed or "", None
        day = parse_typed_date(typed)
        if day is None:
            self._show_typed(self.specialValueText())
            if typed.strip():
                self.typedUnreadable.emit(typed)
            return
        self.setDate(QDate(day.year, day.month, day.day))
        self._show_typed(self.textFromDateTime(self.dateTime()))

    def _empty(self) -> bool:
        return bool(self.specialValueText()) and self.date() == self.minimumDate()

    def _first(self) -> bool:
        return bool(self.specialValueText()) and self.date() == self.minimumDate().addDays(1)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 — Qt's name
        flags = super().stepEnabled()
        if self._empty():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if self._first():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

    def stepBy(self, steps: int) -> None:  # noqa: N802 — Qt's name
        if steps > 0 and self._empty():
            self.setDate(self.minimumDate().addDays(1))
        elif steps < 0 and self._first():
            self.setDate(self.minimumDate())
        else:
            super().stepBy(steps)


class FinishPage(BasePage):
    step_key = FINISH
    exportFinished = Signal(object)  # core.export.Written or the exception, for tests

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.setSubTitle("检查全部校验结果，填写落款日期，定稿后导出 PDF（打印签发）、Excel（报送统计表）、"
                         "Word（供编辑、加版头）和网页（供网站发布）。")
        layout = QVBoxLayout(self)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.issue_list.itemClicked.disconnect()  # here a click selects; double-click jumps
        self.issue_list.currentItemChanged.connect(lambda *_: self._update_ack_button())
        layout.addWidget(self.issue_list, 1)
        ack_row = QHBoxLayout()
        layout.addLayout(ack_row)
        self.ack_hint = QLabel("双击一条（或选中后按 Enter）跳转到相应位置修改。"
                               "提示经检查无误的，可以选中后点“确认此提示”。")
        self.ack_hint.setStyleSheet("color:#666")
        self.ack_hint.setWordWrap(True)
        ack_row.addWidget(self.ack_hint, 1)
        self.ack_button = QPushButton("确认此提示(&A)")
        self.ack_button.clicked.connect(self.toggle_acknowledge)
        ack_row.addWidget(self.ack_button)

        self._build_date(layout)

        bottom = QHBoxLayout()
        layout.addLayout(bottom)
        status_box = QGroupBox("定稿")
        bottom.addWidget(status_box, 2)
        status_layout = QVBoxLayout(status_box)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        status_layout.addWidget(self.status_label)
        status_buttons = QHBoxLayout()
        status_layout.addLayout(status_buttons)
        self.finalize_button = QPushButton("定稿(&F)")
        self.finalize_button.clicked.connect(self.finalize)
        self.reopen_button = QPushButton("重新打开(&R)…")
        self.reopen_button.clicked.connect(self.reopen)
        for button in (self.finalize_button, self.reopen_button):  # never wrapped mid-word
            button.setMinimumWidth(button.sizeHint().width() + 16)
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        status_buttons.addWidget(self.finalize_button)
        status_buttons.addWidget(self.reopen_button)
        status_buttons.addStretch(1)
        self.checksum_label = QLabel()
        self.checksum_label.setWordWrap(True)
        self.checksum_label.setStyleSheet("color:#555")
        self.checksum_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.checksum_label.setToolTip("由报告的全部内容计算得出，印在审签单上。"
                                       "任何修改都会改变校验码。")
        status_layout.addWidget(self.checksum_label)

        self.export_box = ExportBox(ctx)
        self.export_box.exportFinished.connect(self.exportFinished)
        bottom.addWidget(self.export_box, 3)
        box = self.export_box  # the page's names for the box's parts (tests, the journey)
        self.pdf_button, self.xlsx_button, self.print_button = (
            box.pdf_button, box.xlsx_button, box.print_button)
        self.signoff_check, self.progress, self.result_label = (
            box.signoff_check, box.progress, box.result_label)
        self.open_file_button, self.open_folder_button = (
            box.open_file_button, box.open_folder_button)
        self.export_pdf, self.export_xlsx, self.print_report = (
            box.export_pdf, box.export_xlsx, box.print_report)

    def _build_date(self, layout: QVBoxLayout) -> None:
        date_row = QHBoxLayout()
        layout.addLayout(date_row)
        self.date_label = QLabel("落款日期(&D)：")
        date_row.addWidget(self.date_label)
        self.date_edit = _DateField()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy年M月d日")
        self.date_edit.setAccessibleName("落款日期")
        self.date_label.setBuddy(self.date_edit)
        self.date_edit.dateChanged.connect(self._date_changed)
        self.date_edit.typedUnreadable.connect(self._date_unreadable)
        date_row.addWidget(self.date_edit)
        # the suggestion is never in the field: grey italics beside an empty one, taken only
        # by the button (a date the clerk can see in the field is the report's date)
        self.suggestion_label = QLabel()
        self.suggestion_label.setStyleSheet("color:#777; font-style:italic")
        date_row.addWidget(self.suggestion_label)
        self.use_date_button = QPushButton("使用建议日期(&U)")
        self.use_date_button.setToolTip("把建议的日期写入报告，作为落款日期。")
        self.use_date_button.clicked.connect(self.use_suggested_date)
        date_row.addWidget(self.use_date_button)
        self.date_note = QLabel()
        self.date_note.setWordWrap(True)
        self.date_note.setStyleSheet("color:#c62828")
        date_row.addWidget(self.date_note, 1)
        date_row.addStretch()  # keeps the date field narrow while the note is hidden
        self.date_hint = QLabel()
        self.date_hint.setWordWrap(True)  # a long sentence: clipped at 960 px without wrapping
        self.date_hint.setStyleSheet("color:#666")
        layout.addWidget(self.date_hint)
        self._suggested: QDate | None = None  # offered while the report has no valid date
        self._empty = QDate()  # the field's "未填写" value (its minimum), see _show_date

    # -- the contract ------------------------------------------------------------------------
    def refresh(self) -> None:
        self._show_date()
        year, kind = self.report.year, self.report.agency_kind
        end = kind.deadline_for(year)
        self.date_hint.setText(
            f"落款日期印在报告末尾；应在{year}年12月31日至{end.year}年{end.month}月{end.day}日之间"
            f"（两天都可以；{kind.basis}：{end.month}月{end.day}日前公布）。")
        final = self.report.status == STATUS_FINAL
        self.status_label.setText(
            f"状态：<b>{STATUS_LABELS[self.report.status]}</b>"
            + ("。报告已定稿，只能查看和导出；如需修改，请“重新打开”。" if final
               else "。没有错误时才能定稿；定稿后报告变为只读。"))
        self.finalize_button.setEnabled(not final)
        self.reopen_button.setEnabled(final)
        self._show_checksum()

    def focus_path(self, path: str) -> bool:
        if path != "date":
            return False
        self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _issues_changed(self) -> None:
        """Unlike the other pages, this one lists every issue of the report."""
        if not self.isVisible():  # redrawn when shown (see BasePage)
            self._stale = True
            return
        self._stale = False
        issues = self.ctx.session.issues
        acknowledged = self.ctx.session.acknowledged()
        current = self.issue_list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.issue_list.set_issues(issues, acknowledged)
        self.issue_list.setVisible(True)
        for row in range(self.issue_list.count()):
            if self.issue_list.item(row).data(Qt.ItemDataRole.UserRole) == keep:
                self.issue_list.setCurrentRow(row)
        errors, warnings = summary(issues)
        open_warnings = len(self._open_warnings(issues, acknowledged))
        if not issues:
            text = "<span style='color:#2e7d32'>✔ 校验通过：没有发现问题。</span>"
        else:
            text = f"共 <b>{errors}</b> 个错误、<b>{warnings}</b> 个提示"
            if warnings - open_warnings:
                text += f"（其中 {warnings - open_warnings} 个已确认）"
            text += "。"
            text += ("<span style='color:#c62828'>有错误时不能定稿；导出的 PDF、Excel、Word 和网页都会标注“草稿”。</span>"
                     if errors else "提示不妨碍定稿，但请逐条检查。")
        self.summary_label.setText(text)
        self._update_ack_button()
        self._show_checksum()
        self.export_box.refresh_outputs()  # outputs written before this change are now stale

    def _show_checksum(self) -> None:
        self.checksum_label.setText(f"校验码：<b>{report_checksum(self.report)}</b>"
                                    "（与审签单上的一致即为同一版本）")

    @staticmethod
    def _open_warnings(issues: list[Issue], acknowledged: set[str]) -> list[Issue]:
        return [i for i in issues if i.severity != ERROR and i.fingerprint not in acknowledged]

    # -- acknowledging warnings ----------------------------------------------------------------
    def _selected_issue(self) -> Issue | None:
        item = self.issue_list.currentItem()
        issue = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return issue if isinstance(issue, Issue) else None

    def _update_ack_button(self) -> None:
        issue = self._selected_issue()
        warning = issue is not None and issue.severity != ERROR
        acked = (warning and issue is not None
                 and issue.fingerprint in self.ctx.session.acknowledged())
        self.ack_button.setEnabled(warning)
        self.ack_button.setText("取消确认(&A)" if acked else "确认此提示(&A)")

    def toggle_acknowledge(self) -> None:
        issue = self._selected_issue()
        if issue is None or issue.severity == ERROR:
            return
        self.ctx.session.acknowledge(issue, issue.fingerprint not in self.ctx.session.acknowledged())
        self.ctx.issuesChanged.emit()  # redraw lists and the side panel (nothing was edited)

    # -- the 落款日期 ----------------------------------------------------------------------------
    def _show_date(self) -> None:
        """The stored date, or an empty field ("未填写") with the suggestion beside it in grey:
        a date nobody chose is never shown as the report's. The empty value is the field's
        minimum, 30 December — one day before the earliest valid date, so the arrow up from
        未填写 gives 31 December; a stored earlier (invalid) date lowers the minimum instead."""
        year = self.report.year
        stored = QDate.fromString(self.report.date, "yyyy-MM-dd")
        self._empty = QDate(year, 12, 30)
        self.date_edit.blockSignals(True)
        if stored.isValid() and stored <= self._empty:
            self.date_edit.setSpecialValueText("")
            self.date_edit.setMinimumDate(stored)
        else:
            self.date_edit.setSpecialValueText("未填写")
            self.date_edit.setMinimumDate(self._empty)
        self.date_edit.setDate(stored if stored.isValid() else self._empty)
        self.date_edit.blockSignals(False)
        self._suggested = None if stored.isValid() else _qdate(suggested_date(
            year, deadline=self.report.agency_kind.deadline_for(year)))
        if self._suggested is not None:  # the calendar opens on the suggested month
            self.date_edit.calendarWidget().setCurrentPage(self._suggested.year(),
                                                           self._suggested.month())
        self.date_edit.setReadOnly(self.read_only)
        self._update_date_note()

    def _update_date_note(self) -> None:
        pending = self._suggested is not None
        offer = pending and not self.read_only
        if not pending:
            note = ""
        elif self.read_only:
            note = "报告中没有有效的落款日期。"
        elif self.report.date.strip():
            note = f"落款日期“{self.report.date}”无效——请选择日期或使用建议日期"
        else:
            note = "尚未填写落款日期——请选择日期或使用建议日期"
        self.date_note.setText(note)
        self.date_note.setVisible(pending)
        if offer and self._suggested is not None:
            self.suggestion_label.setText(
                f"建议：{self._suggested.toString('yyyy年M月d日')}")
        self.suggestion_label.setVisible(offer)
        self.use_date_button.setVisible(offer)

    def _date_unreadable(self, typed: str) -> None:
        self.date_note.setText(f"无法识别“{typed[:20]}”——请按 2026-01-20 的格式输入日期，"
                               "或点右边的箭头从日历中选择")
        self.date_note.setVisible(True)

    def use_suggested_date(self) -> None:
        if self._suggested is not None:
            self._write_date(self._suggested)

    def _date_changed(self, date: QDate) -> None:
        """The clerk changed the date (typing, arrows, the calendar): that is a choice. Back
        to 未填写 (the arrow down from 31 December) removes the date."""
        if self.read_only:
            return
        if date == self._empty and self.date_edit.specialValueText():
            self.report.set_date("")
            self._show_date()
            return
        self._write_date(date)

    def _write_date(self, date: QDate) -> None:
        if self.read_only or not date.isValid():
            return
        self._suggested = None
        self.report.set_date(date.toString("yyyy-MM-dd"))
        if self.date_edit.date() != date:
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(date)
            self.date_edit.blockSignals(False)
        self._update_date_note()

    # -- status ---------------------------------------------------------------------------------
    def finalize(self) -> None:
        issues = self.ctx.session.issues
        if not any(i.severity == ERROR for i in issues):  # with errors: refused below
            open_warnings = self._open_warnings(issues, self.ctx.session.acknowledged())
            if open_warnings and not self._confirm_open_warnings(open_warnings):
                return
        try:
            self.ctx.session.finalize()
        except FinalizeRefused as exc:
            QMessageBox.warning(self, "不能定稿",
                                f"{exc}\n\n请在列表中双击错误，跳转到相应位置改正。")
            return
        except StorageError as exc:
            QMessageBox.warning(self, "未能定稿", str(exc))
            return
        # every observer (pages, grids, the wizard) is told by the session: ctx.statusChanged

    def _confirm_open_warnings(self, warnings: list[Issue]) -> bool:
        shown = "\n".join(f"▲ {i.message}" for i in warnings[:SHOWN_WARNINGS])
        if len(warnings) > SHOWN_WARNINGS:
            shown += f"\n……另有 {len(warnings) - SHOWN_WARNINGS} 个"
        answer = confirm(
            self, "定稿",
            f"还有 {len(warnings)} 个提示尚未确认（如与上年报告雷同、正文数字与表格不一致……）。"
            f"仍要定稿吗？\n\n{shown}\n\n"
            "选“否”可回到列表逐条检查：无误的提示选中后点“确认此提示”，需要修改的双击跳转。")
        return answer

    def reopen(self) -> None:
        answer = confirm(
            self, "重新打开报告",
            "报告已定稿。重新打开后可以修改，修改后需要再次定稿并重新导出。\n确定要重新打开吗？")
        if not answer:
            return
        try:
            self.ctx.session.reopen()
        except StorageError as exc:
            QMessageBox.warning(self, "未能重新打开", str(exc))

    @property
    def exporting(self) -> bool:
        return self.export_box.exporting

"""The form of one application: every field with its problem shown under it in Chinese (the
core's check, re-run at every change), Enter saves straight into the register, Esc cancels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.register import values as val
from core.register.model import FIELD_LABELS, Application, Problem, check
from core.register.store import RegisterStore
from core.register.vocab import CHANNELS, vocabulary
from core.storage import StorageError

DATE_FIELDS = ("received", "correction_requested", "correction_received", "replied")
DATE_HINT = "YYYY-MM-DD"
NO_CHOICE = "（请选择）"
NOT_REPLIED = "（尚未答复）"


class ApplicationForm(QDialog):
    """Add (app None) or edit one application of `agency`."""

    saved = Signal(str)  # the 编号 saved

    def __init__(self, store: RegisterStore, agency: str, app: Application | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.agency, self.original = store, agency, app
        self.setWindowTitle("修改申请" if app else "登记新申请")
        vocab = vocabulary()
        self.problems: dict[str, list[str]] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.edits: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

        def add(name: str, widget: QWidget) -> None:
            self.edits[name] = widget
            widget.setAccessibleName(FIELD_LABELS[name])
            error = QLabel()
            error.setStyleSheet("color:#c62828")
            error.setWordWrap(True)
            error.hide()
            self.errors[name] = error
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.setSpacing(2)
            inner.addWidget(widget)
            inner.addWidget(error)
            form.addRow(FIELD_LABELS[name] + "：", box)

        for name in ("number", "received"):
            add(name, QLineEdit())
        self.type_box = QComboBox()
        self.type_box.addItem(NO_CHOICE, None)
        for key, label in vocab.applicant_labels.items():
            self.type_box.addItem(label, key)
        add("applicant_type", self.type_box)
        self.channel_box = QComboBox()
        self.channel_box.addItem("", "")
        for channel in CHANNELS:
            self.channel_box.addItem(channel, channel)
        add("channel", self.channel_box)
        add("applicant", QLineEdit())
        self.content = QPlainTextEdit()
        self.content.setTabChangesFocus(True)  # Tab goes on to the next field
        self.content.setFixedHeight(60)
        add("content", self.content)
        for name in ("correction_requested", "correction_received"):
            add(name, QLineEdit())
        self.extended = QCheckBox("已延长答复期限（最多20个工作日）")
        add("extended", self.extended)
        add("replied", QLineEdit())
        self.result_box = QComboBox()
        self.result_box.addItem(NOT_REPLIED, None)
        for key, short in vocab.result_short.items():
            self.result_box.addItem(short, key)
        add("result", self.result_box)
        add("fee", QLineEdit())
        for name in DATE_FIELDS:
            self.line(name).setPlaceholderText(DATE_HINT + "，也可写 2025/3/5、2025年3月5日")
        self.line("fee").setPlaceholderText("元，可空")

        self.summary = QLabel()
        self.summary.setStyleSheet("color:#c62828")
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存(&S)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)  # Enter
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Enter in the multi-line content field types a new line; Ctrl+Enter saves from anywhere
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)

        if app is not None:
            self._fill(app)
        else:
            self.line("received").setText(dt.date.today().isoformat())
        for widget in self.edits.values():
            signal = _changed_signal(widget)
            signal.connect(lambda *_: self.validate())
            if isinstance(widget, QLineEdit):  # Enter saves (not only via the default button)
                widget.returnPressed.connect(self.save)
        self.validate()
        self.line("number").setFocus()

    def line(self, name: str) -> QLineEdit:
        widget = self.edits[name]
        assert isinstance(widget, QLineEdit)
        return widget

    def _fill(self, app: Application) -> None:
        self.line("number").setText(app.number)
        self.line("applicant").setText(app.applicant)
        self.content.setPlainText(app.content)
        for name in DATE_FIELDS:
            day = getattr(app, name)
            self.line(name).setText("" if day is None else day.isoformat())
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(app.applicant_type)))
        self.channel_box.setCurrentIndex(max(0, self.channel_box.findData(app.channel)))
        self.result_box.setCurrentIndex(max(0, self.result_box.findData(app.result)))
        self.extended.setChecked(app.extended)
        self.line("fee").setText("" if app.fee is None else str(app.fee))

    # -- reading and checking ----------------------------------------------------------------
    def application(self) -> tuple[Application | None, list[Problem]]:
        """The application as typed, and every problem (unreadable values first)."""
        problems: list[Problem] = []
        dates: dict[str, dt.date | None] = {}
        for name in DATE_FIELDS:
            try:
                dates[name] = val.date(self.line(name).text())
            except val.BadValue as exc:
                problems.append(Problem(name, str(exc)))
                dates[name] = None
        try:
            fee = val.money(self.line("fee").text())
        except val.BadValue as exc:
            problems.append(Problem("fee", str(exc)))
            fee = None
        received = dates.pop("received")
        if received is None:
            if not any(p.field == "received" for p in problems):
                problems.append(Problem("received", "收到日期不能为空"))
            received = dt.date.min
        remarks = self.original.remarks if self.original else ()
        app = Application(
            number=self.line("number").text().strip(), received=received,
            applicant_type=self.type_box.currentData() or "",
            applicant=self.line("applicant").text().strip(),
            channel=self.channel_box.currentData() or "",
            content=self.content.toPlainText().strip(), extended=self.extended.isChecked(),
            result=self.result_box.currentData(), fee=fee, remarks=remarks,
            correction_requested=dates["correction_requested"],
            correction_received=dates["correction_received"], replied=dates["replied"])
        unreadable = {p.field for p in problems}
        problems += [p for p in check(app) if p.field not in unreadable
                     and not (p.field == "applicant_type" and not app.applicant_type)]
        if not app.applicant_type:
            problems.append(Problem("applicant_type", "请选择一种申请人类型"))
        renamed = self.original is None or self.original.number != app.number
        if app.number and renamed and self.store.get(self.agency, app.number) is not None:
            problems.append(Problem("number", f"编号“{app.number}”已经登记过"))
        return (None if problems else app), problems

    def validate(self) -> bool:
        _, problems = self.application()
        self.problems = {}
        for p in problems:
            self.problems.setdefault(p.field, []).append(p.message)
        for name, label in self.errors.items():
            messages = self.problems.get(name, [])
            label.setText("；".join(messages))
            label.setVisible(bool(messages))
        self.summary.setText(f"有 {len(problems)} 处需要改正，改正后才能保存。"
                             if problems else "")
        return not problems

    # -- saving ------------------------------------------------------------------------------
    def save(self) -> None:
        app, problems = self.application()
        if app is None:
            self.validate()
            self.edits[problems[0].field].setFocus()
            return
        try:
            self.store.save(self.agency, app, summary="" if self.original else "新建申请")
            if self.original is not None and self.original.number != app.number:
                self.store.delete(self.agency, self.original.number)
        except StorageError as exc:
            self.summary.setText(f"未能保存：{exc}")
            return
        self.saved.emit(app.number)
        self.accept()


def _changed_signal(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    assert isinstance(widget, QPlainTextEdit)
    return widget.textChanged

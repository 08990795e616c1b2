"""Step 机关信息: the agency's details printed in the opening paragraph of the report."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.storage import StorageError
from core.wizard import AGENCY, empty_steps
from gui.confirm import confirm
from gui.pages.base import BasePage
from gui.widgets.text_section import ISSUE_LIST_HEIGHT

ERROR_STYLE = "QLineEdit { border: 1px solid #c62828; background: #fdecea; padding: 2px; }"


class AgencyPage(BasePage):
    step_key = AGENCY

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.setSubTitle("这些信息印在报告标题和开头的说明段落中（电子版网址、联系方式）。"
                         "带 * 的必须填写；修改会立即保存。")
        layout = QVBoxLayout(self)
        self.title_preview = QLabel()
        self.title_preview.setWordWrap(True)
        self.title_preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title_preview)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(4)
        layout.addLayout(form)
        self.fields: dict[str, QLineEdit] = {}
        self.hints: dict[str, QLabel] = {}
        # A new report's page does not open red: an empty field of it is said to be missing only
        # once the clerk has been in it, has left the page, or was sent to it from a list.
        self.fresh = self.step in empty_steps(self.report, ctx.session.previous)
        self.touched: set[str] = set()
        self._url_key: str | None = None  # the field offered 加上 https://
        for f in self.report.format.agency_fields:
            edit = QLineEdit()
            edit.setAccessibleName(f.label)
            edit.setMaxLength(200)
            hint = QLabel(f.help)
            hint.setWordWrap(True)
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 2)
            box_layout.setSpacing(1)
            box_layout.addWidget(edit)
            box_layout.addWidget(hint)
            if f.check == "url":
                self._add_scheme_button(box_layout, f.key, edit)
            label = QLabel(f"{f.label}{' *' if f.required else ''}：")
            label.setBuddy(edit)
            form.addRow(label, box)
            self.fields[f.key] = edit
            self.hints[f.key] = hint
            edit.installEventFilter(self)  # leaving a field, even unchanged, touches it
            if f.key == "name":
                edit.editingFinished.connect(self._name_edited)
            else:
                edit.textEdited.connect(lambda text, key=f.key: self._edited(key, text))
        self._add_kind(form)
        self._set_hint_styles({})
        layout.addStretch(1)
        self.add_issue_list(layout)
        self.issue_list.setMaximumHeight(ISSUE_LIST_HEIGHT)

    def _add_scheme_button(self, box: QVBoxLayout, key: str, edit: QLineEdit) -> None:
        """An address without https:// is valid (it is printed as typed); the clerk is offered
        the prefix, not forced to type it."""
        self._url_key = key
        self.scheme_button = QPushButton("加上 https://")
        self.scheme_button.setFlat(True)
        self.scheme_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.scheme_button.setStyleSheet("QPushButton { color:#1565c0; text-decoration:underline;"
                                         " border:none; padding:0; text-align:left; }")
        self.scheme_button.setToolTip("在网址前加上 https://（不加也可以）。")
        self.scheme_button.clicked.connect(lambda: self._add_scheme(key))
        edit.textChanged.connect(lambda _: self._update_scheme_button(key))
        box.addWidget(self.scheme_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.scheme_button.hide()

    def _update_scheme_button(self, key: str) -> None:
        text = self.fields[key].text().strip()
        self.scheme_button.setVisible(bool(text) and "://" not in text and not self.read_only)

    def _add_scheme(self, key: str) -> None:
        edit = self.fields[key]
        text = "https://" + edit.text().strip()
        edit.setText(text)
        self._edited(key, text)

    def _add_kind(self, form: QFormLayout) -> None:
        """Whose report this is: it sets the deadline (a department's by 31 January, a
        government's or a zone's own report by 31 March)."""
        fmt = self.report.format
        self.kind = QComboBox()
        self.kind.setAccessibleName("报告类别")
        for kind in fmt.agency_kinds:
            deadline = f"次年{kind.deadline[0]}月{kind.deadline[1]}日前公布（{kind.basis}）"
            self.kind.addItem(f"{kind.label}　— {deadline}", kind.key)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        label = QLabel("报告类别：")
        label.setBuddy(self.kind)
        form.addRow(label, self.kind)

    def _kind_chosen(self, index: int) -> None:
        key = self.kind.itemData(index)
        if self.read_only or key is None or key == self.report.agency_kind.key:
            return
        self.report.set_agency("kind", key)

    # -- the contract ------------------------------------------------------------------------
    def refresh(self) -> None:
        for key, edit in self.fields.items():
            value = self.report.agency.get(key, "")
            if edit.text() != value:
                edit.setText(value)
            edit.setReadOnly(self.read_only)
        if self._url_key:
            self._update_scheme_button(self._url_key)
        index = self.kind.findData(self.report.agency_kind.key)
        if index >= 0 and index != self.kind.currentIndex():
            self.kind.blockSignals(True)  # showing the stored kind is not an edit
            self.kind.setCurrentIndex(index)
            self.kind.blockSignals(False)
        self.kind.setEnabled(not self.read_only)
        self._update_title()

    def _inline(self, issue) -> bool:  # noqa: ANN001
        """Shown under its fields (every cell it names is one) rather than in the list."""
        return bool(issue.cells) and all(
            path.startswith("agency/") and path.split("/", 1)[1] in self.hints
            for path in issue.cells)

    def listed_issues(self, issues: list) -> list:
        listed = [i for i in issues if not self._inline(i)]
        # a list reading "没有发现问题" beside red fields would contradict them: hidden instead
        self.issue_list.setVisible(bool(listed) or not issues)
        return listed

    def show_issues(self, issues: list) -> None:
        self._issues = issues
        by_key: dict[str, str] = {}
        for issue in issues:
            for path in issue.cells:
                key = path.split("/", 1)[1] if path.startswith("agency/") else ""
                if key and not (issue.rule == "AGENCY.REQUIRED" and self._quiet(key)):
                    by_key.setdefault(key, issue.message)
        self._set_hint_styles(by_key)
        self._update_title()

    _issues: list = []

    def _quiet(self, key: str) -> bool:
        return self.fresh and key not in self.touched

    def _touch(self, key: str) -> None:
        if self._quiet(key):
            self.touched.add(key)
            self.show_issues(self._issues)

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802 — Qt's name
        # (Qt 6's editingFinished fires on leaving only when the text changed)
        if event.type() == QEvent.Type.FocusOut:
            for key, edit in self.fields.items():
                if edit is watched:
                    self._touch(key)
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 — Qt's name
        self._seen = True
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: ANN001, N802 — Qt's name
        super().hideEvent(event)
        # left for another step (not merely hidden as the wizard is built, or minimised)
        if self.fresh and self._seen and not self.isVisibleTo(self.window()):
            self.fresh = False
            self.show_issues(self._issues)

    _seen = False

    def focus_path(self, path: str) -> bool:
        key = path.split("/", 1)[1] if path.startswith("agency/") else ""
        edit = self.fields.get(key)
        if edit is None:
            return False
        self._touch(key)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        edit.selectAll()
        return True

    def flush(self) -> None:
        """The name is written on editingFinished; make sure a pending edit is not lost."""
        if self.fields["name"].text().strip() != self.report.agency_name:
            self._name_edited()

    # -- editing -----------------------------------------------------------------------------
    def _edited(self, key: str, text: str) -> None:
        self.touched.add(key)
        if not self.read_only:
            self.report.set_agency(key, text)

    def _name_edited(self) -> None:
        edit = self.fields["name"]
        new, old = edit.text().strip(), self.report.agency_name
        if self.read_only or new == old:
            return
        if not new:
            edit.setText(old)
            QMessageBox.warning(self, "机关全称不能为空", "机关全称是报告的标题和保存的依据，不能为空。")
            return
        db = self.ctx.session.db
        try:
            if new in db.agencies():
                answer = confirm(
                    self, "合并到已有机关？",
                    f"数据库中已有“{new}”。改名后，“{old}”的所有年度报告都会归入“{new}”。继续吗？")
                if not answer:
                    edit.setText(old)
                    return
            self.ctx.session.rename_agency(new)
        except StorageError as exc:
            self.report.set_agency("name", old)  # not saved: the stored report keeps its name
            edit.setText(old)
            QMessageBox.warning(self, "无法修改机关全称", str(exc))
        self._update_title()

    # -- display -----------------------------------------------------------------------------
    def _set_hint_styles(self, messages: dict[str, str]) -> None:
        for f in self.report.format.agency_fields:
            hint, edit = self.hints[f.key], self.fields[f.key]
            message = messages.get(f.key)
            hint.setText(f"✖ {message}" if message else f.help)
            hint.setVisible(bool(message or f.help))
            hint.setStyleSheet("color:#c62828" if message else "color:#777")
            edit.setStyleSheet(ERROR_STYLE if message else "")

    def _update_title(self) -> None:
        self.title_preview.setText(
            f"报告标题：<b>{html.escape(self.report.title)}</b>"
            + ("　<span style='color:#2e7d32'>（已定稿，只读）</span>" if self.read_only else ""))

"""新建年度报告: choose the agency and the year; pre-fill from last year's report if there is one."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.reportfile import ReportFileError
from core.session import new_report, report_from_document
from core.storage import Database, StorageError
from gui.confirm import confirm

if TYPE_CHECKING:
    from gui.published.import_dialog import PublishedImportDialog

FIRST_YEAR = 2008  # 《政府信息公开条例》 took effect on 1 May 2008


def default_year(today: dt.date | None = None) -> int:
    """The report for year Y is written in January of Y+1: default to last calendar year —
    but from October on, a clerk starting early is preparing this year's report."""
    today = today or dt.date.today()
    return today.year if today.month >= 10 else today.year - 1


class NewReportDialog(QDialog):
    """After `exec()` returns Accepted, `result_key` is the (agency, year) to open: the new
    report, or an existing one the user chose to open instead of creating a duplicate."""

    def __init__(self, db: Database, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.result_key: tuple[str, int] | None = None
        self.setWindowTitle("新建年度报告")
        self.setMinimumWidth(520)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agency.addItems(db.agencies())
        line_edit = self.agency.lineEdit()  # an editable combo box always has one
        if line_edit is not None:
            line_edit.setPlaceholderText("如：示例县应急管理局（填写全称）")
        self.agency.setAccessibleName("机关全称")
        form.addRow("机关全称(&A)：", self.agency)

        this_year = (today or dt.date.today()).year
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, this_year + 1)
        self.year.setValue(default_year(today))
        self.year.setSuffix(" 年度")
        self.year.setAccessibleName("报告年度")
        form.addRow("报告年度(&Y)：", self.year)
        note = QLabel("报告年度是统计的年度：每年1月编写上一年度的报告，须在1月31日前公布。")
        note.setStyleSheet("color:#666")
        note.setWordWrap(True)
        form.addRow("", note)

        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setMinimumHeight(48)
        layout.addWidget(self.info)
        # only when there is no last year's report: its published copy can stand in for it
        self.import_button = QPushButton("从上年已发布的报告导入(&P)…")
        self.import_button.setToolTip("读取上年已公布的报告（PDF、Word、网页或文本），核对后作为上年报告保存，"
                                      "用于上年结转、现行有效件数和参考正文。")
        self.import_button.clicked.connect(lambda *_: self.import_published())
        layout.addWidget(self.import_button)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.agency.currentTextChanged.connect(self._update_info)
        self.year.valueChanged.connect(self._update_info)
        self._update_info()
        self.agency.setFocus()

    # -- what will happen --------------------------------------------------------------------
    def key(self) -> tuple[str, int]:
        return self.agency.currentText().strip(), self.year.value()

    def _previous_document(self) -> dict | None:
        name, year = self.key()
        doc = self.db.latest_report_before(name, year) if name else None
        return doc if doc is not None and doc.get("year") == year - 1 else None

    def _update_info(self) -> None:
        name, year = self.key()
        self.import_button.setVisible(False)
        if not name:
            self._say("请填写机关全称（或从列表中选择已有的机关）。")
        elif self.db.load_report(name, year) is not None:
            self._say(f"“{name}”{year}年的报告已经存在；点击“创建”可以选择打开它。", "#b26a00")
        elif self._previous_document() is not None:
            self._say(f"将从{year - 1}年的报告带入：机关信息、上年结转件数（表三第二项）、"
                      f"现行有效件数（表二）。正文不会复制，{year - 1}年的正文将作为参考显示。",
                      "#2e7d32")
        else:
            self._say(f"没有找到“{name}”{year - 1}年的报告，不会预先填写任何内容。"
                      f"如果上年的报告已经公布，可以从公布的文件导入。")
            self.import_button.setVisible(True)

    def _say(self, text: str, color: str = "#444") -> None:
        self.info.setText(text)
        self.info.setStyleSheet(f"color:{color}")

    def import_published(self) -> PublishedImportDialog | None:
        """Pick last year's published file and open it for checking; the info line then says
        what will be carried over from it."""
        from gui.places import remember_dir, suggested_path
        from gui.published.import_dialog import PublishedImportDialog

        name, year = self.key()
        path, _ = QFileDialog.getOpenFileName(
            self, f"选择{year - 1}年已发布的报告", suggested_path(""),
            "已发布的报告 (*.pdf *.docx *.html *.htm *.txt);;所有文件 (*)")
        if not path or not name:
            return None
        remember_dir(path)
        dialog = PublishedImportDialog(self.db, name, year, path, self)
        dialog.finished.connect(lambda *_: self._update_info())
        dialog.open()
        return dialog

    # -- creating ----------------------------------------------------------------------------
    def accept(self) -> None:
        name, year = self.key()
        if not name:
            self._say("请先填写机关全称。", "#c62828")
            self.agency.setFocus()
            return
        try:
            if self.db.load_report(name, year) is not None:
                answer = confirm(
                    self, "报告已存在",
                    f"“{name}”{year}年的报告已经存在，不能重复创建。\n要打开已有的报告吗？", default_yes=True)
                if answer:
                    self.result_key = (name, year)
                    super().accept()
                return
            prev_doc = self._previous_document()
            previous = report_from_document(prev_doc) if prev_doc is not None else None
            report = new_report({"name": name}, year, previous)
            self.db.save_report(report.to_document(include_derived=False), summary="新建报告")
        except (StorageError, ReportFileError) as exc:
            QMessageBox.warning(self, "无法创建报告", str(exc))
            return
        self.result_key = (name, year)
        super().accept()

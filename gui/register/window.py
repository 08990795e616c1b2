"""The register window (依申请公开台账) of one agency: the applications with filters and a
search box, each open one's due date and working days left (overdue in red), and the form to
add or edit one. Every save goes straight into the database; `changed` tells the others."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import APP_NAME
from core.register import listing
from core.register.calendar import WorkCalendar
from core.register.store import RegisterStore
from core.register.vocab import vocabulary
from core.storage import Database, StorageError
from gui.confirm import confirm
from gui.register.form import ApplicationForm
from gui.register.list_model import Filters, RegisterListModel
from gui.window_state import restore_geometry, save_geometry

ALL = "全部"


class RegisterWindow(QMainWindow):
    changed = Signal()  # an application was added, edited, deleted or imported

    def __init__(self, db: Database, agency: str, today: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.agency = db, agency.strip()
        self.store = RegisterStore(db)
        self.today = today or dt.date.today()
        self.calendar = WorkCalendar()
        self.form: ApplicationForm | None = None
        self.setWindowTitle(f"依申请公开台账 — {self.agency} — {APP_NAME}")
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.addLayout(self._filter_bar())
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        self.model = RegisterListModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("申请列表")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        # fixed heights and widths: Qt never measures 100,000 rows
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        for col, width in enumerate((110, 100, 110, 220, 100, 80, 100, 90)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        # Enter or double click (a QShortcut on Return would also catch the form's Enter)
        self.view.activated.connect(lambda *_: self.edit_selected())
        body.addWidget(self.view, 1)
        buttons = QVBoxLayout()
        body.addLayout(buttons)
        self.new_button = self._button("登记新申请(&N)…", self.new_application, buttons)
        self.edit_button = self._button("修改(&E)…", self.edit_selected, buttons)
        self.delete_button = self._button("删除(&D)…", self.delete_selected, buttons)
        buttons.addSpacing(12)
        self.import_button = self._button("导入台账(&I)…", self.import_ledger, buttons)
        self.export_button = self._button("导出台账(&X)…", self.export_ledger, buttons)
        buttons.addStretch(1)
        self.count_label = QLabel()
        outer.addWidget(self.count_label)
        self.setCentralWidget(central)

        QShortcut(QKeySequence.StandardKey.New, self, self.new_application)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_selected)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.search_timer = QTimer(self)  # search once typing pauses, not at every key
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(250)
        self.search_timer.timeout.connect(self.apply_filters)
        restore_geometry(self, "register", (1100, 640))
        self.reload()
        self.view.setFocus()

    def _button(self, text: str, slot: object, layout: QVBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda *_: slot())  # type: ignore[operator]
        button.setMinimumWidth(130)
        layout.addWidget(button)
        return button

    def _filter_bar(self) -> QHBoxLayout:
        vocab = vocabulary()
        bar = QHBoxLayout()
        self.year_box = self._combo(bar, "收到年度", [])
        self.state_box = self._combo(bar, "状态", [(s, s) for s in listing.STATES])
        self.type_box = self._combo(bar, "申请人类型", list(
            (label, key) for key, label in vocab.applicant_labels.items()))
        self.result_box = self._combo(bar, "办理结果", list(
            (short, key) for key, short in vocab.result_short.items()))
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索编号、申请人、申请内容")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("搜索")
        self.search.setMinimumWidth(240)
        # the result labels are long: without a cap the box took the search field's room
        self.result_box.setMaximumWidth(260)
        self.search.textChanged.connect(lambda *_: self.search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        bar.addWidget(self.search, 1)
        return bar

    def _combo(self, bar: QHBoxLayout, label: str,
               items: list[tuple[str, object]]) -> QComboBox:
        bar.addWidget(QLabel(label + "："))
        box = QComboBox()
        box.setAccessibleName(label)
        box.addItem(ALL, None)
        for text, data in items:
            box.addItem(text, data)
        box.currentIndexChanged.connect(lambda *_: self.apply_filters())
        bar.addWidget(box)
        return box

    # -- content -----------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        select = select or self.selected_number()
        rows = listing.rows(self.store, self.agency)
        due = listing.annotate(rows, self.today, self.calendar)
        years = sorted({int(r[listing.RECEIVED][:4]) for r in rows}, reverse=True)
        current = self.year_box.currentData()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        self.year_box.addItem(ALL, None)
        for year in years:
            self.year_box.addItem(f"{year}年", year)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(current)))
        self.year_box.blockSignals(False)
        self.model.set_rows(rows, due, self._filters())
        self._after_filter(select)

    def _filters(self) -> Filters:
        text = self.search.text().strip()
        return Filters(self.year_box.currentData(), self.state_box.currentData(),
                       self.type_box.currentData(), self.result_box.currentData(),
                       listing.search(self.store, self.agency, text) if text else None)

    def apply_filters(self) -> None:
        self.search_timer.stop()
        select = self.selected_number()
        self.model.set_filters(self._filters())
        self._after_filter(select)

    def _after_filter(self, select: str | None) -> None:
        row = self.model.row_of(select) if select else -1
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))
        overdue = self.model.overdue
        shown, total = self.model.rowCount(), self.model.total
        text = f"共 {total} 件申请" + (f"，显示 {shown} 件" if shown != total else "")
        if overdue:
            text += f"；<span style='color:#c62828'>逾期未答复 {overdue} 件</span>"
        self.count_label.setText(text)
        has = row >= 0
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def selected_number(self) -> str | None:
        index: QModelIndex = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.number_at(index.row())

    # -- actions -----------------------------------------------------------------------------
    def new_application(self) -> ApplicationForm:
        return self._open_form(None)

    def edit_selected(self) -> ApplicationForm | None:
        number = self.selected_number()
        app = None if number is None else self.store.get(self.agency, number)
        if app is None and number is not None:  # gone since the list was read (a restore)
            self.reload()
            self.statusBar().showMessage(f"申请 {number} 已不在台账中，列表已刷新。", 10000)
        return None if app is None else self._open_form(app)

    def _open_form(self, app: object) -> ApplicationForm:
        form = ApplicationForm(self.store, self.agency, app, self)  # type: ignore[arg-type]
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._saved)
        form.setWindowModality(Qt.WindowModality.WindowModal)
        self.form = form
        form.finished.connect(lambda *_: self._form_closed(form))
        form.show()
        return form

    def _form_closed(self, form: ApplicationForm) -> None:
        if self.form is form:
            self.form = None

    def editing(self) -> bool:
        """An application form is open: its typing would be lost or misplaced by a restore."""
        return self.form is not None

    def _saved(self, number: str) -> None:
        self.reload(select=number)
        self.statusBar().showMessage(f"已保存申请 {number}", 8000)
        self.changed.emit()

    def delete_selected(self) -> None:
        number = self.selected_number()
        if number is None or not confirm(self, "删除申请", f"确定要从台账中删除申请“{number}”吗？"):
            return
        try:
            self.store.delete(self.agency, number)
        except StorageError as exc:
            self.statusBar().showMessage(f"未能删除：{exc}", 10000)
            return
        self.reload()
        self.changed.emit()

    def import_ledger(self) -> None:
        from gui.register.import_dialog import import_ledger

        if import_ledger(self, self.store, self.agency):
            self.reload()
            self.changed.emit()

    def export_ledger(self) -> None:
        from gui.register.import_dialog import export_ledger

        export_ledger(self, self.store, self.agency, self.year_box.currentData())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 — Qt's name
        save_geometry(self, "register")
        super().closeEvent(event)

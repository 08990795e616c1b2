"""Ledger import and export from the register window.

Import: choose the file; the column mapping the core guesses (or the one the clerk chose for
this agency last time) shown and changeable; a preview of the first rows; then all or nothing,
with every bad row listed (row, column, reason). Export asks whether to include 申请人 and
申请内容 (personal data), answering no by default."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.fileio import OutputError, write_atomic
from core.register.columns import guess_mapping, missing_required
from core.register.ledger import in_year, ledger_bytes
from core.register.ledger_read import LedgerError, LedgerRejected, read_head, read_ledger
from core.register.model import FIELD_LABELS
from core.register.store import RegisterStore
from core.storage import StorageError
from gui.confirm import confirm
from gui.places import remember_dir, suggested_path

REMARK = "（不导入字段，作为备注保留）"
PREVIEW_ROWS = 5


def mapping_key(agency: str) -> str:
    return f"register/mapping/{agency}"


class LedgerImportDialog(QDialog):
    def __init__(self, store: RegisterStore, agency: str, path: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.agency, self.path = store, agency, Path(path)
        self.added = self.updated = 0
        self.setWindowTitle(f"导入台账 — {self.path.name}")
        self.resize(900, 640)
        self.header, head = read_head(path, PREVIEW_ROWS)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"导入到“{agency}”的台账。请核对每一列对应的内容"
                                "（已按列名猜测；本机关上次的选择会记住）："))
        self.columns = QTableWidget(len(self.header), 2)
        self.columns.setHorizontalHeaderLabels(["文件中的列", "导入为"])
        self.columns.verticalHeader().hide()
        self.columns.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.boxes: list[QComboBox] = []
        for row, (name, field) in enumerate(zip(self.header, self._initial(), strict=True)):
            item = QTableWidgetItem(name or f"第 {row + 1} 列")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.columns.setItem(row, 0, item)
            box = QComboBox()
            box.addItem(REMARK, None)
            for key, label in FIELD_LABELS.items():
                box.addItem(label, key)
            box.setCurrentIndex(max(0, box.findData(field)))
            box.currentIndexChanged.connect(lambda *_: self._mapping_changed())
            self.columns.setCellWidget(row, 1, box)
            self.boxes.append(box)
        layout.addWidget(self.columns, 2)
        layout.addWidget(QLabel(f"前 {len(head)} 行预览："))
        self.preview = QTableWidget(len(head), len(self.header))
        for r, cells in enumerate(head):
            for c, text in enumerate(cells[:len(self.header)]):
                self.preview.setItem(r, c, QTableWidgetItem(text))
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview, 2)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#c62828")
        layout.addWidget(self.message)
        self.problems = QListWidget()
        self.problems.setAccessibleName("有误的行")
        self.problems.hide()
        layout.addWidget(self.problems, 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("全部导入(&I)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._mapping_changed()

    def _initial(self) -> list[str | None]:
        remembered = self.store.db.get_setting(mapping_key(self.agency)) or {}
        guessed = guess_mapping(self.header)
        if isinstance(remembered, dict) and all(h in remembered for h in self.header):
            return [remembered[h] or None for h in self.header]
        return guessed

    def mapping(self) -> list[str | None]:
        return [box.currentData() for box in self.boxes]

    def _mapping_changed(self) -> None:
        mapping = self.mapping()
        self.preview.setHorizontalHeaderLabels(
            [f"{h}\n→ {FIELD_LABELS[f] if f else '备注'}" for h, f in
             zip(self.header, mapping, strict=True)])
        fields = [f for f in mapping if f]
        twice = sorted({FIELD_LABELS[f] for f in fields if fields.count(f) > 1})
        missing = missing_required(mapping)
        text = ""
        if missing:
            text = "还没有列对应到必需的：" + "、".join(missing) + "。"
        if twice:
            text += "以下内容对应了不止一列：" + "、".join(twice) + "。"
        self.message.setText(text)
        self.import_button.setEnabled(not text)

    def run_import(self) -> None:
        mapping = self.mapping()
        try:
            ledger = read_ledger(self.path, mapping)
        except LedgerRejected as exc:
            self.problems.clear()
            self.problems.addItems([str(p) for p in exc.problems])
            self.problems.show()
            rows = len({p.row for p in exc.problems})
            self.message.setText(f"共 {rows} 行有误（{len(exc.problems)} 处），未导入任何申请。"
                                 "请在文件中改正后重新导入。")
            return
        except LedgerError as exc:
            self.message.setText(f"无法导入：{exc}")
            return
        try:
            self.store.db.set_setting(mapping_key(self.agency),
                                      dict(zip(self.header, mapping, strict=True)))
            self.added, self.updated = self.store.save_many(
                self.agency, ledger.applications, summary=f"导入 {self.path.name}")
        except StorageError as exc:
            self.message.setText(f"未能保存，未导入任何申请：{exc}")
            return
        self.accept()


def import_ledger(parent: QWidget, store: RegisterStore, agency: str) -> bool:
    path, _ = QFileDialog.getOpenFileName(parent, "导入台账", suggested_path(""),
                                          "台账 (*.xlsx *.csv);;所有文件 (*)")
    if not path:
        return False
    remember_dir(path)
    try:
        dialog = LedgerImportDialog(store, agency, path, parent)
    except LedgerError as exc:
        QMessageBox.warning(parent, "无法导入台账", f"“{Path(path).name}”：{exc}")
        return False
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    setattr(parent, "import_dialog", dialog)  # noqa: B010 — for tests: the open dialog
    if not dialog.exec():
        return False
    QMessageBox.information(parent, "已导入台账",
                            f"新增 {dialog.added} 件，更新 {dialog.updated} 件申请。")
    return True


def export_ledger(parent: QWidget, store: RegisterStore, agency: str, year: int | None) -> None:
    personal = confirm(parent, "导出台账",
                       "导出的文件要包含申请人和申请内容吗？\n这些是个人信息；"
                       "报送或交给他人的台账通常不应包含（选“否”则这两列留空）。")
    name = f"{agency}依申请公开台账{'' if year is None else f'{year}年'}.xlsx"
    path, _ = QFileDialog.getSaveFileName(parent, "导出台账", suggested_path(name),
                                          "Excel 工作簿 (*.xlsx)")
    if not path:
        return
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    remember_dir(path)
    apps = store.applications(agency)
    if year is not None:
        apps = [a for a in apps if in_year(a, year)]
    try:
        write_atomic(path, ledger_bytes(apps, personal=personal))
    except OutputError as exc:
        QMessageBox.warning(parent, "无法导出台账", str(exc))
        return
    QMessageBox.information(parent, "已导出台账", f"已导出 {len(apps)} 件申请到 {path}。")

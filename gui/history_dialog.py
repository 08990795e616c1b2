"""历史版本: a report's revisions (time, what changed); one selected shows what it changed,
two selected show how they differ; 恢复此版本 makes the report that version again, recorded as
a new revision (after asking)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import versions
from core.excerpts import shown_pair
from core.model import STATUS_FINAL
from core.storage import Database, Revision, StorageError
from gui.confirm import confirm
from gui.widgets.flat_list import flat_list

ID_ROLE = Qt.ItemDataRole.UserRole
RESTORE_TIP = "把报告恢复为所选版本的内容（作为一个新的版本保存，之后仍可恢复回来）。"
FINAL_HINT = "报告已定稿，不能恢复历史版本。如需恢复，请先打开报告，在“审核与导出”页点“重新打开”。"


class HistoryDialog(QDialog):
    def __init__(self, db: Database, agency: str, year: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.agency, self.year = db, agency, year
        self.restored = False
        self.setWindowTitle(f"历史版本 — {agency}{year}年报告")
        layout = QVBoxLayout(self)
        hint = QLabel("选择一个版本查看它改了什么；按住 Ctrl 再选一个，比较两个版本。")
        hint.setStyleSheet("color:#666")
        layout.addWidget(hint)
        self.final = self._final()
        self.final_label = QLabel(FINAL_HINT)
        self.final_label.setWordWrap(True)
        self.final_label.setStyleSheet("color:#8a5a00")
        self.final_label.setVisible(self.final)
        layout.addWidget(self.final_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.list = flat_list(["时间", "改动"], "历史版本列表")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        splitter.addWidget(self.list)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        lower_layout.addWidget(self.caption)
        self.differences = flat_list(["项目", "原来", "改为"], "版本差异")
        self.differences.setWordWrap(True)
        self.differences.setUniformRowHeights(False)  # each row as high as its own text
        header = self.differences.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for column in (1, 2):  # 原来 and 改为 share the width alike
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.differences.setColumnWidth(0, 260)
        lower_layout.addWidget(self.differences)
        splitter.addWidget(lower)
        splitter.setSizes([260, 340])  # the list no longer scrolls above an empty half
        layout.addWidget(splitter, 1)
        row = QHBoxLayout()
        self.restore_button = QPushButton("恢复此版本(&R)…")
        self.restore_button.clicked.connect(lambda *_: self.restore_selected())
        row.addWidget(self.restore_button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(900, 620)
        self.revisions: dict[int, Revision] = {}
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        self.revisions.clear()
        for revision, line in versions.history(self.db, self.agency, self.year):
            item = QTreeWidgetItem([f"{revision.ts:%Y-%m-%d %H:%M:%S}", line])
            item.setToolTip(1, line)
            item.setData(0, ID_ROLE, revision.id)
            self.revisions[revision.id] = revision
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:
            first.setSelected(True)
            self.list.setCurrentItem(first)
        self._selection_changed()

    def selected_ids(self) -> list[int]:
        """Selected revision ids, oldest first."""
        return sorted(int(item.data(0, ID_ROLE)) for item in self.list.selectedItems())

    def select(self, *ids: int) -> None:
        self.list.clearSelection()
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if item is not None and item.data(0, ID_ROLE) in ids:
                item.setSelected(True)

    def _older_than(self, rev_id: int) -> int | None:
        older = [i for i in self.revisions if i < rev_id]
        return max(older) if older else None

    def _final(self) -> bool:
        try:
            return self.db.report_status(self.agency, self.year) == STATUS_FINAL
        except StorageError:  # the report is gone: restore says so
            return False

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        self.restore_button.setEnabled(len(ids) == 1 and ids[0] != max(self.revisions,
                                                                      default=None))
        self.restore_button.setToolTip(FINAL_HINT if self.final else RESTORE_TIP)
        self.differences.clear()
        if len(ids) == 1:
            older = self._older_than(ids[0])
            when = f"{self.revisions[ids[0]].ts:%Y-%m-%d %H:%M:%S}"
            if older is None:
                self.caption.setText(f"{when}：最早保留的版本。")
                return
            self.caption.setText(f"{when} 这次修改的内容：")
            self._show(older, ids[0])
        elif len(ids) == 2:
            a, b = (f"{self.revisions[i].ts:%Y-%m-%d %H:%M:%S}" for i in ids)
            self.caption.setText(f"从 {a} 的版本到 {b} 的版本，以下内容不同：")
            self._show(ids[0], ids[1])
        else:
            self.caption.setText("选择一个或两个版本。" if not ids else "最多比较两个版本。")

    def _show(self, older: int, newer: int) -> None:
        diffs = versions.compare(self.db, self.agency, self.year, older, newer)
        if not diffs:
            self.caption.setText(self.caption.text() + "（内容相同）")
        for d in diffs:
            item = QTreeWidgetItem([d.label, *shown_pair(d.old, d.new)])
            item.setToolTip(1, "" if d.old is None else str(d.old)[:5000])
            item.setToolTip(2, "" if d.new is None else str(d.new)[:5000])
            self.differences.addTopLevelItem(item)

    def restore_selected(self) -> bool:
        ids = self.selected_ids()
        if len(ids) != 1:
            return False
        if self._final():
            QMessageBox.information(self, "恢复此版本", FINAL_HINT)
            return False
        when = f"{self.revisions[ids[0]].ts:%Y-%m-%d %H:%M:%S}"
        if not confirm(self, "恢复此版本", f"把报告恢复为 {when} 的版本？\n\n"
                       "恢复会作为一个新的版本保存，当前内容仍留在历史中，可以再恢复回来。"):
            return False
        try:
            done = versions.restore(self.db, self.agency, self.year, ids[0], when)
        except StorageError as exc:
            QMessageBox.warning(self, "无法恢复", str(exc))
            return False
        if not done:
            QMessageBox.information(self, "恢复此版本", "报告的内容已经和这个版本相同。")
            return False
        self.restored = True
        self.refresh()
        return True

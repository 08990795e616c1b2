"""A flat, single-selection list with columns (reports, backups): one place for the settings
that make QTreeWidget behave like a plain table a clerk can use with the keyboard."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTreeWidget


def flat_list(headers: list[str], accessible_name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAllColumnsShowFocus(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setAccessibleName(accessible_name)
    return tree

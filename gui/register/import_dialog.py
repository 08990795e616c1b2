"""Ledger import and export from the register window (filled in below)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from core.register.store import RegisterStore


def import_ledger(parent: QWidget, store: RegisterStore, agency: str) -> bool:
    return False


def export_ledger(parent: QWidget, store: RegisterStore, agency: str, year: int | None) -> None:
    return None

"""Ctrl+Z / Ctrl+Y in the statistics grids: the figures before and after each edit, paste or
clear. Every step is saved like any edit (the database keeps the full history anyway)."""

from __future__ import annotations

UNDO_DEPTH = 200


class EditHistory:
    def __init__(self, depth: int = UNDO_DEPTH) -> None:
        self.depth = depth
        self._undo: list[tuple[dict, dict]] = []  # (figures before, figures after)
        self._redo: list[tuple[dict, dict]] = []

    def record(self, before: dict, after: dict) -> None:
        self._undo.append((before, after))
        del self._undo[:-self.depth]
        self._redo.clear()

    def undo_step(self) -> tuple[dict, dict] | None:
        """(figures to write, figures they replace), or None; the step moves to redo."""
        if not self._undo:
            return None
        before, after = self._undo.pop()
        self._redo.append((before, after))
        return before, after

    def redo_step(self) -> tuple[dict, dict] | None:
        if not self._redo:
            return None
        before, after = self._redo.pop()
        self._undo.append((before, after))
        return after, before

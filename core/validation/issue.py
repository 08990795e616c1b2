"""A validation finding, as data: the GUI highlights `cells`, the CLI prints `message`."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
SEVERITY_LABELS = {ERROR: "错误", WARNING: "提示"}


@dataclass(frozen=True)
class Issue:
    rule: str
    severity: str
    message: str
    # cell keys ("requests/new_received/natural_person") or field paths ("agency/phone",
    # "text/overview", "date"); empty for issues about the whole report
    cells: tuple[str, ...] = field(default_factory=tuple)
    # the words of the text the issue is about (“新收政府信息公开申请15件”): the GUI selects
    # them when the clerk jumps to the issue. Not part of the machine-readable output.
    quote: str = field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message,
                "cells": list(self.cells)}

    @property
    def fingerprint(self) -> str:
        """Stable identity for acknowledging a warning: same rule, same cells, same message."""
        return f"{self.rule}|{'|'.join(self.cells)}|{self.message}"

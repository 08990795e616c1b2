"""Qt's file dialog writes file sizes in Chinese (字节, KB, MB), whatever the PC's locale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QTreeView

from gui.file_sizes import chinese_size


@pytest.mark.parametrize(("size", "text"), [
    (0, "0 字节"), (9, "9 字节"), (1023, "1023 字节"), (1024, "1 KB"), (5000, "4.88 KB"),
    (1536, "1.5 KB"), (3_000_000, "2.86 MB"), (5 * 1024 ** 3, "5 GB"),
    (3 * 1024 ** 5, "3072 TB"),
])
def test_sizes_as_explorer_writes_them(size, text) -> None:
    assert chinese_size(size) == text


def test_the_file_dialog_size_column_reads_chinese(qtbot, tmp_path) -> None:
    (tmp_path / "小.txt").write_bytes(b"x" * 9)
    (tmp_path / "中.xlsx").write_bytes(b"x" * 5000)
    with (tmp_path / "大.pdf").open("wb") as big:
        big.truncate(3_000_000)
    (tmp_path / "文件夹").mkdir()
    dialog = QFileDialog(None, "导入台账", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # as the app's are
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = next(v for v in dialog.findChildren(QTreeView) if v.isVisible())
    model = view.model()
    qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) == 4, timeout=3000)

    def sizes() -> dict[str, str]:
        root = view.rootIndex()
        return {model.index(r, 0, root).data(): model.index(r, 1, root).data()
                for r in range(model.rowCount(root))}
    qtbot.waitUntil(lambda: sizes()["大.pdf"] != "", timeout=3000)  # read in Qt's own thread
    assert sizes() == {"小.txt": "9 字节", "中.xlsx": "4.88 KB", "大.pdf": "2.86 MB",
                       "文件夹": ""}
    # sorted by the size itself, not by the text ("2.86 MB" < "4.88 KB" as text)
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: [model.index(r, 0, view.rootIndex()).data() for r in range(1, 4)]
                    == ["小.txt", "中.xlsx", "大.pdf"], timeout=3000)
    # and clicking a file in the list still chooses it (the dialog maps through the proxy)
    row = next(r for r in range(4) if model.index(r, 0, view.rootIndex()).data() == "中.xlsx")
    view.setCurrentIndex(model.index(row, 0, view.rootIndex()))
    assert dialog.selectedFiles() == [str(tmp_path / "中.xlsx")]

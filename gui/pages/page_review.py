"""Step 四、政府信息公开行政复议、行政诉讼情况 (table 4): one row of 15 cells."""

from __future__ import annotations

from gui.pages.table_page import TablePage


class ReviewPage(TablePage):
    table_key = "review"

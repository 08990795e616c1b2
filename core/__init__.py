"""年报助手 core: everything a report is and does, with no Qt."""

__version__ = "0.1.0"
APP_NAME = "年报助手"

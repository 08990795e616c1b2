"""Published reports in the window: 从上年已发布的报告导入 and 检查已发布的报告."""

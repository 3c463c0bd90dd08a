"""The 政府信息公开工作年度报告 figures an archive can give (国办公开办函〔2021〕30号 format).

- :mod:`.annual` — table 二 第二十条第（一）项 and the 政策解读 figures, every number with the
  ids it counts;
- :mod:`.output` — the report as JSON, CSV and a Markdown draft;
- :mod:`.charts` — static SVG charts (monthly publications, 解读 by form), no JavaScript.
"""

from gongbao.core.report.annual import AnnualReport, annual_report

__all__ = ["AnnualReport", "annual_report"]

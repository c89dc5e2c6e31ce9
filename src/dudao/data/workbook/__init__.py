"""Excel workbooks 填报模板: writing templates and reading them back, every cell checked.

:func:`write_template` writes a protected template with data validation; :func:`read_workbook`
reads a filled one into a :class:`~dudao.data.records.ValueBatch`, with a problem located at
``sheet!cell`` for every cell it could not take. See docs/excel.md.

>>> from dudao.data import workbook
>>> workbook.read_workbook.__module__, workbook.write_template.__module__
('dudao.data.workbook.read', 'dudao.data.workbook.template')
"""

from dudao.data.workbook.layout import Layout, SheetLayout
from dudao.data.workbook.read import read_workbook
from dudao.data.workbook.template import write_template

__all__ = ["Layout", "SheetLayout", "read_workbook", "write_template"]

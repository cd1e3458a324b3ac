"""`thidua generate`: a data workbook and a .docx template → official documents.

The flow reads top to bottom: `templates.load` finds and compiles the template (`engine`,
with the built-in `catalog` specs); `workbook.open_workbook` loads the data (`headers`,
`csv_text` for .csv); `batch.plan` checks one against the other and works out which
documents the workbook makes and their shared context (`documents`); `batch.generate` renders each document, writes it atomically (`journal` for
`--resume`, `combine` for one file) and hands the results to LibreOffice for `--pdf`.
"""
from .batch import BatchError, Plan, generate, plan
from .combine import combine
from .engine import Template, compile_template

__all__ = ["BatchError", "Plan", "Template", "combine", "compile_template", "generate", "plan"]

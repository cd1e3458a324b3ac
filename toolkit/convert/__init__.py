"""Conversions: legacy Vietnamese encodings → Unicode (`unicode`), tables between formats (`table`).

(`thidua convert pdf` lives in `toolkit.render.pdf`, beside the rest of PDF output.)
"""
from .table import convert_table, read_table, write_table
from .unicode import Change, convert_unicode

__all__ = ["Change", "convert_table", "convert_unicode", "read_table", "write_table"]

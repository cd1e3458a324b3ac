"""The one error type for everything a user can fix.

A `ThiduaError` carries a Vietnamese message and where the problem is (file, sheet, row,
column, page), so the CLI can print it without a traceback and batch code can list it.
Bugs stay ordinary exceptions.
"""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Location:
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    page: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(f"tệp {self.file}")
        if self.sheet:
            parts.append(f"trang tính '{self.sheet}'")
        if self.page is not None:
            parts.append(f"trang {self.page}")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột '{self.column}'")
        return ", ".join(parts)


class ThiduaError(Exception):
    """A problem in the user's input, explained in Vietnamese with its location."""

    def __init__(self, message: str, location: Location | None = None, **where):
        self.message = message
        self.location = replace(location or Location(), **where)
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message

    def at(self, **where) -> "ThiduaError":
        """The same error with more of its location filled in (inner values win)."""
        known = {k: v for k, v in vars(self.location).items() if v is not None}
        return ThiduaError(self.message, replace(self.location, **{**where, **known}))

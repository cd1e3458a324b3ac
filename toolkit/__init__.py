"""thidua: official Vietnamese emulation (thi đua) documents from spreadsheets, and back."""

__version__ = "0.1.0"

"""Rendering: compile a .docx template once, render many documents, combine, batch."""
from .batch import BatchResult, Failure, Plan, generate, plan
from .combine import combine
from .engine import Template, compile_template

__all__ = ["BatchResult", "Failure", "Plan", "Template", "combine", "compile_template", "generate", "plan"]

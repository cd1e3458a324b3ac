"""The Vietnamese layer: the one place that knows how Vietnamese is written.

Text keys (`fold`, `slug`), numbers and targets (`10.141`, `trên 95%`), NĐ 30 dates, numbers
in words, the metric vocabulary and the common abbreviations. Both flows, generate and
parse, use these functions, so what one writes the other reads back.
"""
from .abbreviations import ABBREVIATIONS, abbreviate, expand_abbreviations
from .dates import format_date_nd30, format_place_date, parse_date
from .numbers import (
    Target,
    format_count,
    format_number,
    format_percent,
    meets,
    parse_number,
    parse_target,
)
from .text import closest, fold, nfc, slug, upper
from .vocabulary import KHAC, METRICS, WEAK_METRICS, Metric, find_metric, metric_names
from .words import money_to_words, number_to_words

__all__ = [
    "ABBREVIATIONS", "KHAC", "METRICS", "Metric", "Target",
    "abbreviate", "closest", "expand_abbreviations", "find_metric", "fold",
    "format_count", "format_date_nd30", "format_number", "format_percent",
    "format_place_date", "meets", "metric_names", "money_to_words", "nfc",
    "number_to_words", "parse_date", "parse_number", "parse_target", "slug", "upper", "WEAK_METRICS",
]

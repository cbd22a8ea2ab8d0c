"""Input formats: Parley event format v1 and adapters from formats users already have.

``ADAPTERS`` lists every format, in the order they are tried when a file's format is detected from
its first JSON line. A folder can fix the format with a ``.parley-format`` file (see docs/formats.md).
"""

from __future__ import annotations

from typing import Any

from enrichment.formats.base import QUARANTINE_REASONS, Adapter, FileState, LineError
from enrichment.formats.openai import OpenAIChatAdapter
from enrichment.formats.otel import OtelGenAIAdapter
from enrichment.formats.v1 import V1Adapter, normalize

ADAPTERS: dict[str, Adapter] = {
    adapter.name: adapter for adapter in (V1Adapter(), OpenAIChatAdapter(), OtelGenAIAdapter())
}


def detect_format(obj: Any) -> str | None:
    """Name of the first adapter that recognises this parsed JSON line, or None."""
    if not isinstance(obj, dict):
        return None
    for name, adapter in ADAPTERS.items():
        if adapter.sniff(obj):
            return name
    return None


__all__ = ["ADAPTERS", "QUARANTINE_REASONS", "Adapter", "FileState", "LineError", "detect_format", "normalize"]

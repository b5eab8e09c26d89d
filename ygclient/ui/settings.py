"""The app's own preferences (DATA_DIR/settings.json), read before the store is opened: the
language and the idle lock apply from the first window on."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

APP_SETTINGS = "settings.json"


@dataclass
class AppSettings:
    """Preferences that are not secret (DATA_DIR/settings.json)."""

    language: str = "zh_CN"
    idle_lock_minutes: int = 15
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path) -> AppSettings:
        try:
            data = json.loads((data_dir / APP_SETTINGS).read_text(encoding="utf-8"))
            return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})
        except (OSError, ValueError, TypeError):
            return cls()

    def save(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        partial = data_dir / (APP_SETTINGS + ".partial")
        partial.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2),
                           encoding="utf-8")
        partial.replace(data_dir / APP_SETTINGS)

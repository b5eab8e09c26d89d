"""Packaging: every package is listed in pyproject.toml and the resources ship with it."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("ygclient", "ygcentral")
        for init in (ROOT / top).rglob("__init__.py")
    } | {"ygclient.resources"}
    assert found == listed


def test_resources_load_through_importlib() -> None:
    root = resources.files("ygclient.resources")
    for name in ("catalog/yangjiang-demo.json", "catalog/catalog.schema.json",
                 "calendar/cn-workdays.json", "areas/gb2260.json"):
        assert root.joinpath(name).is_file(), name


def test_package_data_patterns_cover_every_resource() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["ygclient.resources"]
    resource_root = ROOT / "resources"
    for path in resource_root.rglob("*"):
        if path.is_file() and path.name != "__init__.py" and "__pycache__" not in path.parts:
            relative = path.relative_to(resource_root)
            assert any(relative.match(p) for p in patterns), relative

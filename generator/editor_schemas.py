"""JSON Schema for every file kind, generated from the validator's own models.

`thidua schema` writes them to `schemas/`, and `.vscode/settings.json` maps
them to content folders for the YAML language server, so editors get
completion and inline errors while typing from the same source of truth the
build uses.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import schema

__all__ = ["SCHEMAS", "write_schemas"]

SCHEMAS = {
    "site": (schema.SiteSettings, "content/site.yml"),
    "provinces": (schema.ProvinceEntry, "content/provinces.yml"),
    "organizations": (schema.OrganizationEntry, "content/organizations.yml"),
    "movement": (schema.MovementFile, "content/movements/*.yml"),
    "campaign": (schema.CampaignFile, "content/campaigns/*.yml"),
    "bloc": (schema.BlocFile, "content/blocs/*.yml"),
    "announcement": (schema.AnnouncementFrontMatter, None),
    "page": (schema.PageFrontMatter, None),
}
_MAPPINGS = {"provinces", "organizations"}  # id -> entry


def _document(name: str) -> dict:
    model, _ = SCHEMAS[name]
    body = model.model_json_schema()
    if name in _MAPPINGS:
        definitions = body.pop("$defs", {})
        body = {"type": "object", "propertyNames": {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                "additionalProperties": body, "$defs": definitions}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"thidua {name}", **body}


def write_schemas(site_dir: Path) -> list[Path]:
    """schemas/<kind>.schema.json and .vscode/settings.json under `site_dir`."""
    folder = site_dir / "schemas"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(_document(name), ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
        written.append(path)
    settings_path = site_dir / ".vscode" / "settings.json"
    settings = json.loads(settings_path.read_text(encoding="utf-8")) if settings_path.is_file() else {}
    settings["yaml.schemas"] = {f"./schemas/{name}.schema.json": glob
                                for name, (_, glob) in SCHEMAS.items() if glob}
    settings_path.parent.mkdir(exist_ok=True)
    settings_path.write_text(json.dumps(settings, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(settings_path)
    return written

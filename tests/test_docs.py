"""The editors' guide: its complete example files form a valid site."""

from __future__ import annotations

import datetime as dt
import re

from conftest import REPO
from generator import BuildOptions, check

GUIDE = REPO / "docs" / "huong-dan-bien-tap.md"
EXAMPLE = re.compile(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```", re.S)


def test_guide_examples_pass_check(tmp_path):
    examples = EXAMPLE.findall(GUIDE.read_text(encoding="utf-8"))
    paths = [path for path, _ in examples]
    assert len(paths) == len(set(paths)) >= 10
    for kind in ("site.yml", "provinces.yml", "organizations.yml", "movements/", "campaigns/",
                 "blocs/", "announcements/", "pages/"):
        assert any(p.startswith(kind) for p in paths), f"no example of {kind}"
    for path, body in examples:
        target = tmp_path / "content" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    result = check(BuildOptions(tmp_path, as_of=dt.date(2025, 6, 1)))
    assert result.counts["campaigns"] >= 2 and result.counts["blocs"] >= 1


def test_guide_documents_every_field():
    from generator.editor_schemas import SCHEMAS, _document
    text = GUIDE.read_text(encoding="utf-8")
    for name in SCHEMAS:
        document = _document(name)
        models = [document, document.get("additionalProperties") or {}, *document.get("$defs", {}).values()]
        for model in models:
            for field in model.get("properties", {}) if isinstance(model, dict) else {}:
                # Nested fields are written `feeds.items`, `phases[].name`.
                assert re.search(rf"[`.]{field}`", text), f"{name}: field '{field}' is not in the guide"

"""What of the theme is installed with thidua: our templates' folder, and the version
of Material for MkDocs they are written over.

Apart from theme.py, which imports Jinja and MkDocs: a build with nothing to do keys
these among its inputs without rendering anything (see survey.py).
"""

from __future__ import annotations

from pathlib import Path

import material

__all__ = ["builtin_theme_dir", "material_version"]

material_version = material.__version__  # not importlib.metadata: 0.015 s of imports


def builtin_theme_dir() -> Path:
    """Our templates: inside the installed package, or beside it in a source checkout."""
    installed = Path(__file__).parent / "theme"
    return installed if (installed / "main.html").is_file() else Path(__file__).parent.parent / "theme"

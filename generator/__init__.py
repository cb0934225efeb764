"""thidua: a static site generator for thi đua campaign publications."""

__version__ = "0.1.0"

from .build import BuildResult, CheckResult, build, check  # noqa: E402 - after __version__
from .problems import ContentError, GeneratorError, OutputError, Problem, ThemeError  # noqa: E402
from .settings import BuildOptions  # noqa: E402

__all__ = ["BuildOptions", "BuildResult", "CheckResult", "ContentError", "GeneratorError", "OutputError",
           "Problem", "ThemeError", "__version__", "build",
           "check"]

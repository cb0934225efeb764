"""thidua: a static site generator for thi đua campaign publications."""

from .build import BuildResult, CheckResult, build, check
from .problems import ContentError, GeneratorError, OutputError, Problem, ThemeError
from .settings import BuildOptions

__version__ = "0.1.0"

__all__ = ["BuildOptions", "BuildResult", "CheckResult", "ContentError", "GeneratorError", "OutputError",
           "Problem", "ThemeError", "__version__", "build",
           "check"]

"""In the Open: a council digital blog built from Markdown posts in git."""

from importlib import metadata

try:
    __version__ = metadata.version("intheopen")
except metadata.PackageNotFoundError:  # run from a folder that was never installed
    __version__ = "0+unknown"

"""In the Open: a council digital blog built from Markdown posts in git."""

__version__ = "0.1.0"

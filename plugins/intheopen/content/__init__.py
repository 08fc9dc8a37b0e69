"""The content model and reading it: posts, authors, principles and post types, the
front matter field by field, dates, and the whole blog loaded from its files.
"""

"""The speed layer's part inside MkDocs: Markdown made HTML and whole pages kept
between builds, and exact dirty rebuilds for `serve`. Off with `cache: false`.
"""

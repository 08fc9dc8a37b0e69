"""Feeds and the other files the blog writes besides its pages: RSS, Atom, JSON
Feed, OPML, posts.json.
"""

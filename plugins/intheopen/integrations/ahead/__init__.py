"""Engines that run no plugin of ours get the blog generated ahead, as Markdown and files."""

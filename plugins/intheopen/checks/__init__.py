"""Checks of what authors write beyond its shape (blameless language, alt text,
personal data), the problems found, and how they are printed.
"""

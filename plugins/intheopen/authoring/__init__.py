"""Helping people write: a new post from a template, and a new council blog
repository (`intheopen init`).
"""

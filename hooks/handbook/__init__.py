"""Family Handbook: merge a shared OT activity library with one plan per family.

Nothing in this package imports MkDocs except ``mkdocs_build``; the plan, library
and page logic work on plain data so they can move to another site generator.
"""

"""Family Handbook: merge a shared OT activity library with one plan per family, in five layers.

- ``core``: plans, the library, problems and the project folder as plain data; imports no renderer or MkDocs.
- ``render``: turns that data into pages, the calendar, cards and root files (Jinja); never imports MkDocs.
- ``adapter``: the only code that imports MkDocs: configures a build, selects files, finishes pages, serves.
- ``build``: builds every family (digests, build state, parallel workers) and swaps the result into site/.
- ``commands``: the ``handbook`` commands other than build (new, cards, rotate, report, serve); ``cli`` wires them.
"""

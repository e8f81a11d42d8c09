"""Read small YAML documents safely, remembering the line of every value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import HandbookError, Problem

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml reads a plan ~15x faster: 1,000 plans add up
MAX_BYTES = 256 * 1024  # a real plan is 1-3 KB; anything near this is the wrong file
Path_ = tuple[Any, ...]


@dataclass
class Located:
    """Parsed YAML data plus the source line and raw text of each value, by path."""

    data: Any
    file: str
    first_line: int = 1
    lines: dict[Path_, int] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)

    def line(self, *path: Any) -> int:
        """The line of ``path``, or of its nearest parent that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return self.first_line

    def problem(self, path: Path_, what: str, todo: str) -> Problem:
        return Problem(self.file, self.line(*path), what, todo)


def curly_quote_hint(raw: str) -> str | None:
    """What to do about a value in curly quotes (``‘18:30’``), or None: ``yaml_diagnosis.curly_quote_hint``,
    for the plan reader's values, loaded only when a value is wrong."""
    from .yaml_diagnosis import curly_quote_hint as hint

    return hint(raw)


def decode_text(content: bytes, file: str) -> str:
    """UTF-8 text of a file, or a problem naming the line of the first bad byte."""
    if len(content) > MAX_BYTES:
        raise HandbookError([Problem(file, 1, f"the file is {len(content) // 1024} KB, far too big for a plan or page",
                                     "check that this is the right file; a plan is usually under 5 KB")])
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as err:
        line = content[: err.start].count(b"\n") + 1
        raise HandbookError([Problem(file, line, f"the file is not UTF-8 text (byte 0x{content[err.start]:02x})",
                                     "save it again as UTF-8 in your text editor")]) from None


def parse_yaml(text: str, file: str, first_line: int = 1) -> Located:
    """Parse one YAML document; anchors, aliases and syntax errors become problems."""
    offset = first_line - 1
    try:
        try:
            node = _compose(text, file, offset, FAST_LOADER)
        except yaml.YAMLError:
            node = _compose(text, file, offset, yaml.SafeLoader)  # the pure-Python loader words errors best
    except yaml.MarkedYAMLError as err:
        from .yaml_diagnosis import diagnose  # only for a file that failed: its patterns cost every start ~8 ms

        found = diagnose(text)
        if found:
            raise HandbookError([Problem(file, found.line + 1 + offset, found.what, found.todo)]) from None
        mark = err.problem_mark or err.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        reason = err.problem or err.context or "the YAML is not valid"
        raise HandbookError([Problem(file, line, f"YAML cannot read this line ({reason})",
                                     _syntax_hint(reason))]) from None
    except yaml.YAMLError as err:
        raise HandbookError([Problem(file, first_line, f"YAML error: {err}", "check the file's syntax")]) from None
    located = Located(data=None, file=file, first_line=first_line)
    if node is None:
        return located
    problems: list[Problem] = []
    located.data = _build(node, (), located, problems, offset)
    if problems:
        raise HandbookError(problems)
    return located


def _compose(text: str, file: str, offset: int, loader: type) -> yaml.Node | None:
    if "&" in text or "*" in text:  # no anchor or alias can be written without one of them
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1 if event.start_mark else 1
                raise HandbookError([Problem(file, line + offset,
                                             "YAML anchors and aliases (& and *) are not allowed here",
                                             "write the value out in full")])
    return yaml.compose(text, Loader=loader)


def _syntax_hint(reason: str) -> str:
    """The usual cause of each YAML complaint, in words a therapist can act on."""
    if "mapping values are not allowed" in reason:
        return "a ':' inside a value confuses YAML: put the whole value in \"double quotes\""
    if "'\\t'" in reason or "tab" in reason:
        return "a tab character is used for indenting: indent with spaces only"
    if "found character" in reason:
        return "put the value in \"double quotes\""
    return "check the indentation, colons and quotes on this line and the lines above it"


def _missing_dash(file: str, line: int, path: Path_, key: str, value: yaml.Node) -> Problem:
    """A list item's first key again: the therapist began a new item and left out its '- '."""
    from .yaml_diagnosis import item_noun

    noun = item_noun(path[-2] if len(path) > 1 else None)
    written = f"{key}: {value.value}" if isinstance(value, yaml.ScalarNode) and value.value else f"{key}:"
    return Problem(file, line, f"a new {noun} starts here without '- '", f"write '- {written}'")


_constructor = yaml.SafeLoader("")


def _build(node: yaml.Node, path: Path_, located: Located, problems: list[Problem], offset: int) -> Any:
    located.lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        in_list = bool(path) and isinstance(path[-1], int) and not node.flow_style
        item_keys: set[Any] = set()  # the keys since the last '- ', for a list item that lost its '- '
        for number, (key_node, value_node) in enumerate(node.value):
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            key_line = key_node.start_mark.line + 1 + offset
            if in_list and number and key == next(iter(result)):
                problems.append(_missing_dash(located.file, key_line, path, key, value_node))
                item_keys = {key}
                continue
            if key in item_keys:
                problems.append(Problem(located.file, key_line, f"'{key}' is written twice",
                                        "keep one of them and delete the other"))
                continue
            item_keys.add(key)
            if key in result:
                continue
            located.lines[path + (key,)] = key_line
            result[key] = _build(value_node, path + (key,), located, problems, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), located, problems, offset) for i, item in enumerate(node.value)]
    located.raw[path] = node.value
    try:
        return _constructor.construct_object(node)
    except (yaml.constructor.ConstructorError, ValueError):
        return node.value

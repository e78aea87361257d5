"""Tables: a plan's indicator table or a bulletin's table of figures, written as rows of cells split by
`|`, tabs or runs of full-width spaces.

    指标 | 单位 | 2024年 | 2027年目标          地区生产总值 | 386.42 | 5.8
    数字经济核心产业增加值 | 亿元 | 800 | 1200    (header: 指标 | 总量(亿元) | 比上年增长(%))

A table is a header row — its first cell names the rows, and another cell gives a unit `(亿元)` or a year
`2027年目标` — followed by rows with as many cells. Each number in a row is a quantity, in the unit its
row (`地区生产总值（亿元）`, a `单位` column) or its column gives; numbers of a year column still to come when
the text was published, or headed 目标/预期/规划, are targets due that year and named by their row. A base
year (`2024年`, `基期`, `现状`) gives quantities only. A table with no year column takes one from the line
before it (2026年各乡镇任务如下：); when its rows are places (乡镇 | …), each goal is named by its column. A
short line between rows (一、经济发展) names a group of rows and does not end the table. The stages after this
one leave the header row and the numbers read to it: they would be bare numbers to them, and the header's
years no deadlines of the text around it; a cell of words (建成示范项目10个) is theirs.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from . import patterns, resources
from .recognize.quantities import QuantityAtom, unit_of
from .relate import TargetAtom
from .segment import ITEM_MARK

# | or a tab between cells, or a run of full-width spaces (指标　　单位　　绝对数), as bulletins align them
_SEPARATOR = patterns.compile(r"[ \t\u3000]*(?:[|｜\t]|\u3000\u3000)[ \t\u3000]*")
_WIDE_GAP = "\u3000\u3000"
# 指标 单位 2025年 2028年 2030年: the header of a table whose cells single spaces separate (a PDF's box), named
# by its first cell, with at least three cells
_SPACED_HEADER = patterns.compile(r"(?m)^[ \u3000]*(?:指标名称|指标|项目|序号)(?:[ \u3000]+[^ \u3000\n|｜\t]+){2,}[ \u3000]*$")
_SPACES = patterns.compile(r"[ \u3000]+")
# 地区生产总值（亿元）, 省级数字化车间（个，累计）: the unit, before any note on how it is counted
_UNIT_IN_CELL = patterns.compile(r"[(（]\s*([^()（），,]{1,8}?)\s*(?:[，,][^()（）]{0,8})?[)）]")
_PERCENT_CELL = patterns.compile(r"(%|‰)$")  # 增长%: a column of rates written without brackets
_CAPTION_UNIT = patterns.compile(r"单位[：:]\s*([^()（）,，、\s]{1,6}?)\s*[)）]?\s*$")
_YEAR = patterns.compile(r"((?:19|20)\d\d)年度?")
_RULE_ROW = patterns.compile(r"[\s:：|｜]*[-—=]{2,}[\s:：\-—=+|｜]*")  # |---|:---| in a Markdown table
_CELL_NUMBER = patterns.compile(
    r"(?P<before>[>≥<≤＞≧＜≦]|[^\d\s+\-]{1,3}?)?\s*(?P<number>[-+]?\d[\d,]*(?:\.\d+)?)"
    r"(?:\s*[—–~～至到-]\s*(?P<number_max>\d[\d,]*(?:\.\d+)?))?\s*(?P<percent>%|‰)?"  # a range: 800—1000
    r"\s*(?P<after>\D{1,2})?")
_GROUP_ROW_CHARS = 16  # 三、民生福祉, （二）创新驱动: longer lines are text, and end the table
_RATES = frozenset({"%", "‰", "百分点"})  # a column of rates (同比增长（%）) whatever unit its rows count in
_SYMBOLS = {">": "gt", "＞": "gt", "≥": "ge", "≧": "ge", "<": "lt", "＜": "lt", "≤": "le", "≦": "le"}


@dataclass(slots=True)
class Table:
    start: int  # the header row
    end: int
    quantities: list[QuantityAtom] = field(default_factory=list)
    targets: list[TargetAtom] = field(default_factory=list)

    def read_spans(self) -> list[tuple[int, int]]:
        """What the table reader has read: its header row and the number of each cell it read. A cell of
        words (建成示范项目10个) is left to the other stages."""
        return [(self.start, self.end)] + [(q.start, q.end) for q in self.quantities]


@dataclass(slots=True)
class _Column:
    unit: str | None  # the unit its header gives, as written (亿元)
    year: int | None = None
    year_span: tuple[int, int] | None = None
    due: bool = False  # a year still to come, or headed 目标: its numbers are targets
    kind: str = ""  # "name" for the rows' names, "unit" (单位), "other" (序号, 属性) for those columns
    label: str = ""  # what the header names, without its unit (新建高标准农田)
    places: bool = False  # the rows' names are places (乡镇, 区县): the columns name what is counted


@functools.lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, ...], tuple[str, ...], dict[str, str], frozenset[str]]:
    """Words of a header (data/tables.tsv): those of a due column, of a base column, the kind of column a
    whole header cell names (unit, other), and the names of a column of places (乡镇, 区县)."""
    w = resources.table_words()
    kinds = {word: "unit" for word in w["unit_header"]} | {word: "other" for word in w["other_header"]}
    return tuple(w["due_word"]), tuple(w["base_word"]), kinds, frozenset(w["place_header"])


def read_tables(text: str, ref_year: int | None, currency: str) -> list[Table]:
    """The tables of a clean text, with their quantities and targets."""
    spaced = _SPACED_HEADER.search(text)
    if not spaced and not _has_separator(text):
        return []
    lines = _lines(text, _spaced_rows(text, spaced) if spaced else frozenset())
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        columns = _header(text, lines[i], ref_year)
        if columns is None:
            i += 1
            continue
        if i and not any(c.due or c.year for c in columns):
            _due_by_intro(text, lines[i - 1], columns, ref_year)
        if i:
            _unit_by_caption(text, lines[i - 1], columns)
        table = Table(lines[i][0], lines[i][1])
        j = i + 1
        while j < len(lines) and (len(lines[j][2]) == len(columns) or _RULE_ROW.fullmatch(text, *lines[j][:2])
                                  or _group_row(text, lines, j, len(columns))):
            if len(lines[j][2]) == len(columns):
                _read_row(text, lines[j], columns, currency, table)
            j += 1
        if j > i + 1:
            tables.append(table)
        i = j
    return tables


def _has_separator(s: str) -> bool:
    """Whether s holds a cell separator: checked by `in` first, for the texts and lines (most) that have none."""
    return "|" in s or "｜" in s or "\t" in s or _WIDE_GAP in s


def _group_row(text: str, lines, j: int, width: int) -> bool:
    """一、经济发展 between the rows of a table: a short line of one cell that names the group of the rows
    after it, which go on the table."""
    start, end, cells = lines[j]
    return len(cells) == 1 and 0 < len(text[start:end].strip()) <= _GROUP_ROW_CHARS \
        and j + 1 < len(lines) and len(lines[j + 1][2]) == width


def _spaced_rows(text: str, header: re.Match) -> frozenset[int]:
    """Where the lines of each table with single spaces between its cells start (a PDF's box of indicators:
    指标 单位 2025年 2028年): its header line, and the lines after it with as many cells, or with one cell of
    a few words between them (a group of rows)."""
    starts = set()
    while header:
        width = len(_SPACES.split(header.group().strip()))
        pos = header.start()
        while pos <= len(text):  # line by line from the header, reading no further than the table
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            line = text[pos:end]
            words = line.strip()
            cells = len(_SPACES.split(words)) if words else 0
            if cells != width and not (cells == 1 and len(words) <= _GROUP_ROW_CHARS) or "|" in line or "\t" in line:
                break
            if cells == width:
                starts.add(pos)
            pos = end + 1
        header = _SPACED_HEADER.search(text, pos)
    return frozenset(starts)


def _lines(text: str, spaced: frozenset[int] = frozenset()) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Each line as (start, end, cells); a cell is (start, end) without the blanks around it, and a line
    with no separator is one cell. Leading and trailing `|` (| a | b |) open and close no cell. In the rows
    of a table of single spaces (`spaced`, their starts), a space separates."""
    out = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        separator = _SPACES if start in spaced else _SEPARATOR
        if separator is _SEPARATOR and not _has_separator(line):  # most lines: one cell, not read
            out.append((start, end, [(start, end)]))
            start = end + 1
            continue
        cells, pos = [], start
        for m in separator.finditer(text, start, end):
            cells.append((pos, m.start()))
            pos = m.end()
        cells.append((pos, end))
        if len(cells) > 1 and cells[0][0] == cells[0][1]:
            cells = cells[1:]
        if len(cells) > 1 and cells[-1][0] == cells[-1][1]:
            cells = cells[:-1]
        out.append((start, end, [_strip(text, s, e) for s, e in cells]))
        start = end + 1
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _header(text: str, line, ref_year: int | None) -> list[_Column] | None:
    """The columns a header row gives, or None when the row heads no table: at least two cells, and a
    unit or a year in a cell after the first."""
    cells = line[2]
    if len(cells) < 2:
        return None
    due_words, base_words, kinds, places = _words()
    columns = []
    for s, e in cells:
        cell = text[s:e]
        unit = _UNIT_IN_CELL.search(cell) or _PERCENT_CELL.search(cell)
        year = _YEAR.search(cell)
        columns.append(_Column(unit.group(1).replace(" ", "") if unit else None, kind=kinds.get(cell, ""),
                               label=_UNIT_IN_CELL.sub("", cell).strip()))
        if year:
            label = cell[:year.start()] + cell[year.end():]
            columns[-1].year = int(year.group(1))
            columns[-1].year_span = (s + year.start(), s + year.end())
            columns[-1].due = not any(w in label for w in base_words) and (
                any(w in label for w in due_words) or ref_year is not None and columns[-1].year >= ref_year)
    name = next((i for i, c in enumerate(columns) if not c.kind and c.year is None and c.unit is None), None)
    if name is None:  # | 绝对数(亿元) | 比上年增长(%) |: the corner cell left out, the rows' names before
        columns.insert(0, _Column(None))
        name = 0
    if not any(c.unit or c.year for c in columns[name + 1:]):
        return None
    years = [c for c in columns if c.year]
    if len(years) > 1 and ref_year is not None and years[0].year <= ref_year < years[-1].year \
            and not any(w in years[0].label for w in due_words):
        years[0].due = False  # 2025年 | 2027年 | 2030年, published in 2025: the first column is where it starts
    units = {c.unit for c in columns if c.year and c.unit}
    for column in columns:  # 2024年 | 2027年目标（亿元）: the one unit the years give holds for all of them
        if column.year and not column.unit and len(units) == 1:
            column.unit = next(iter(units))
    columns[name].kind = "name"
    columns[name].places = columns[name].label in places
    return columns


def _due_by_intro(text: str, intro, columns: list[_Column], ref_year: int | None) -> None:
    """2026年各乡镇任务如下： / 乡镇 | 新建高标准农田（万亩） | …: a table of tasks or goals for a year still to
    come, said in the line before it, holds goals due that year in every column of figures."""
    line = text[intro[0]:intro[1]]
    year = _YEAR.search(line)
    due_words = _words()[0]
    if not year or not any(w in line for w in due_words):
        return
    y = int(year.group(1))
    if ref_year is not None and y < ref_year:
        return
    for column in columns:
        if not column.kind:
            column.year, column.year_span, column.due = y, (intro[0] + year.start(), intro[0] + year.end()), True


def _unit_by_caption(text: str, caption, columns: list[_Column]) -> None:
    """…预算安排表（单位：亿元） / 项目 | 2025年执行数 | 2026年预算数: a unit the line before a table gives holds
    for its columns of figures that give none."""
    unit = _CAPTION_UNIT.search(text, caption[0], caption[1])
    if unit:
        for column in columns:
            if column.kind != "name" and column.unit is None:
                column.unit = unit.group(1)


def _read_row(text: str, line, columns: list[_Column], currency: str, table: Table) -> None:
    cells = line[2]
    name_col = next(i for i, c in enumerate(columns) if c.kind == "name")
    name = text[slice(*cells[name_col])]
    row_unit = _UNIT_IN_CELL.search(name)
    metric = ITEM_MARK.sub("", _UNIT_IN_CELL.sub("", name)).strip()
    places = columns[name_col].places  # 乡镇 | 高标准农田（万亩）: each row a place, each column what is counted
    unit_cell = next((text[s:e] for (s, e), c in zip(cells, columns) if c.kind == "unit"), None)
    for (s, e), column in zip(cells[name_col + 1:], columns[name_col + 1:]):
        if column.kind:
            continue
        m = _CELL_NUMBER.fullmatch(text, s, e)
        if not m:
            continue
        rate = column.unit if column.unit in _RATES else None
        surface = m["percent"] or rate or (row_unit.group(1) if row_unit else None) or unit_cell or column.unit
        comparator = _comparator(m["before"], m["after"])
        if comparator is None:
            continue  # words around the number that say something else (待定, 约为…)
        quantity = _quantity(m, surface, currency, comparator)
        if quantity is None:
            continue
        table.quantities.append(quantity)
        if column.due and metric:
            table.targets.append(TargetAtom(
                metric=column.label if places and column.label else metric, value=quantity.value,
                value_max=quantity.value_max, unit=quantity.unit, comparator=comparator,
                change=None, commitment=None, deadline_year=column.year, deadline_span=column.year_span,
                evidence=(line[0], line[1]), subject=metric if places else None, rule="target.table",
                quantity=quantity))


def _comparator(before: str | None, after: str | None) -> str | None:
    """The comparator the words around a cell's number give (≥3.2, 超过1200, 15左右), eq for none, or None
    when they are not comparator words."""
    words = resources.comparators()
    found = "eq"
    if before:
        found = _SYMBOLS.get(before) or words["prefix"].get(before)
        if found is None:
            return None
    if after:
        suffix = words["suffix"].get(after)
        if suffix is None:
            return None
        found = suffix if found == "eq" else found
    return found


def _quantity(m: re.Match, surface: str | None, currency: str, comparator: str) -> QuantityAtom | None:
    """The cell's number (signed digits, thousands commas), or range of numbers, in the unit the row or
    column gives; None for a range whose ends do not rise (2026-12: a date, not a range)."""
    value = Decimal(m["number"].replace(",", ""))
    high = Decimal(m["number_max"].replace(",", "")) if m["number_max"] else None
    if high is not None and high <= value:
        return None
    end = m.end("percent") if m["percent"] else m.end("number_max") if high is not None else m.end("number")
    unit, kind, factor = (surface and unit_of(surface, currency)) or (None, "other", Decimal(1))
    return QuantityAtom(m.start("number"), end, value * factor, unit, kind,
                        "quantity.table_range" if high is not None else "quantity.table_cell", comparator,
                        value_max=high * factor if high is not None else None,
                        outer_start=m.start("number"), outer_end=end)

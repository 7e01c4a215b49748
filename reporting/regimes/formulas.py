"""Cell formulas of a report template: a tiny grammar, parsed by hand (never eval).

    expression := term (("+" | "-") term)*
    term       := factor (("*" | "/") factor)*
    factor     := ("+" | "-") factor | INTEGER | CELL | "(" expression ")"
    CELL       := a cell code of the same template, e.g. A1, B_2 (upper-case letter, then letters, digits, _)

Arithmetic is exact (fractions): `/` is true division, as in Python; a division by zero is an error when
the formula is evaluated. Anything else in the text (letters in lower case, `**`, `%`, names of functions,
a stray character) is refused with a FormulaError (a DomainError with a Vietnamese message); the parser
raises nothing else, whatever the text. `check_template(cells)` refuses a template whose formulas refer to
a missing cell, form a cycle, or whose statistics are unknown.
"""

import re
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from egov.errors import DomainError

CODE = re.compile(r"[A-Z][A-Z0-9_]{0,11}")
MAX_LENGTH = 500  # characters of a formula
MAX_DEPTH = 40  # nested parentheses and signs
MAX_DIGITS = 15  # of an integer literal
_TOKEN = re.compile(r"\s*(?:([0-9]+)|([A-Za-z_][A-Za-z0-9_]*)|(.))", re.S)


class FormulaError(DomainError):
    code = "formula_error"


@dataclass(frozen=True)
class Num:
    value: int


@dataclass(frozen=True)
class Ref:
    code: str


@dataclass(frozen=True)
class Neg:
    operand: object


@dataclass(frozen=True)
class BinOp:
    op: str
    left: object
    right: object


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens = []
    for number, name, other in _TOKEN.findall(text):
        if number:
            if len(number) > MAX_DIGITS:
                raise FormulaError(_("Số “%(n)s…” quá lớn trong công thức.") % {"n": number[:MAX_DIGITS]})
            tokens.append(("num", number))
        elif name:
            if not CODE.fullmatch(name):
                raise FormulaError(
                    _("“%(name)s” không phải mã chỉ tiêu (chữ in hoa rồi chữ số, ví dụ A1).")
                    % {"name": name[:20]}
                )
            tokens.append(("ref", name))
        elif other.strip():
            if other not in "+-*/()":
                raise FormulaError(
                    _("Ký tự “%(char)s” không dùng được trong công thức (chỉ dùng + - * / và ngoặc).")
                    % {"char": other if other.isprintable() else repr(other)}
                )
            tokens.append(("op", other))
    return tokens


class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.at = 0

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def take(self):
        token = self.peek()
        self.at += 1
        return token

    def expression(self, depth):
        node = self.term(depth)
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            node = BinOp(op, node, self.term(depth))
        return node

    def term(self, depth):
        node = self.factor(depth)
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            node = BinOp(op, node, self.factor(depth))
        return node

    def factor(self, depth):
        if depth > MAX_DEPTH:
            raise FormulaError(_("Công thức lồng quá nhiều tầng."))
        kind, text = self.take()
        if (kind, text) == ("op", "-"):
            return Neg(self.factor(depth + 1))
        if (kind, text) == ("op", "+"):
            return self.factor(depth + 1)
        if kind == "num":
            return Num(int(text))
        if kind == "ref":
            return Ref(text)
        if (kind, text) == ("op", "("):
            node = self.expression(depth + 1)
            if self.take() != ("op", ")"):
                raise FormulaError(_("Công thức thiếu dấu đóng ngoặc “)”."))
            return node
        if kind == "end":
            raise FormulaError(_("Công thức chưa hết: thiếu một số hoặc một mã chỉ tiêu ở cuối."))
        raise FormulaError(_("Công thức sai ở “%(text)s”.") % {"text": text})


def parse(text) -> object:
    """The syntax tree of a formula, or FormulaError."""
    if not isinstance(text, str):
        raise FormulaError(_("Công thức phải là một dòng chữ."))
    if "\x00" in text:
        raise FormulaError(_("Công thức có ký tự không hợp lệ."))
    if len(text) > MAX_LENGTH:
        raise FormulaError(_("Công thức dài quá %(n)s ký tự.") % {"n": MAX_LENGTH})
    tokens = _tokens(text)
    if not tokens:
        raise FormulaError(_("Công thức đang để trống."))
    parser = _Parser(tokens)
    node = parser.expression(0)
    if parser.at != len(tokens):
        raise FormulaError(_("Công thức sai ở “%(text)s”.") % {"text": parser.peek()[1]})
    return node


def references(node) -> set[str]:
    if isinstance(node, Ref):
        return {node.code}
    if isinstance(node, Neg):
        return references(node.operand)
    if isinstance(node, BinOp):
        return references(node.left) | references(node.right)
    return set()


def evaluate(node, values: dict) -> Fraction:
    """The exact value of a parsed formula; `values` maps cell codes to numbers (None counts as 0)."""
    if isinstance(node, Num):
        return Fraction(node.value)
    if isinstance(node, Ref):
        if node.code not in values:
            raise FormulaError(
                _("Công thức dùng chỉ tiêu “%(code)s” không có trong mẫu.") % {"code": node.code}
            )
        return Fraction(values[node.code] or 0)
    if isinstance(node, Neg):
        return -evaluate(node.operand, values)
    left, right = evaluate(node.left, values), evaluate(node.right, values)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if right == 0:
        raise FormulaError(_("Công thức chia cho 0."))
    return left / right


def compute(text: str, values: dict) -> Fraction:
    return evaluate(parse(text), values)


# --- a template's cells -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CellSpec:
    code: str
    source: str  # "typed", "statistic" or "formula"
    statistic: str = ""
    formula: str = ""


def known_statistics() -> dict[str, str]:
    """{"dossiers.resolved_late": "Trả quá hạn", ...}: the integer figures of reporting.stats."""
    from reporting import stats

    figures = stats.DossierFigures
    return {
        f"dossiers.{name}": str(figures.LABELS.get(name, name))
        for name in figures.FIGURES
        if name not in getattr(figures, "RATES", ()) and not name.endswith("_rate")
    }


def check_template(cells: list[CellSpec]) -> dict[str, list[str]]:
    """Problems of a template, by cell code ("" for the template as a whole); {} when it is sound."""
    problems: dict[str, list[str]] = {}

    def add(code, message):
        problems.setdefault(code, []).append(message)

    codes = [cell.code for cell in cells]
    for code in codes:
        if not CODE.fullmatch(code or ""):
            add(
                code,
                _("Mã chỉ tiêu “%(code)s” phải bắt đầu bằng chữ in hoa, rồi chữ số (ví dụ A1).")
                % {"code": code},
            )
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        add(code, _("Mã chỉ tiêu “%(code)s” bị trùng.") % {"code": code})
    statistics = None
    graph: dict[str, set[str]] = {}
    for cell in cells:
        if cell.source == "statistic":
            if statistics is None:
                statistics = known_statistics()
            if cell.statistic not in statistics:
                add(
                    cell.code,
                    _("Chỉ tiêu “%(code)s”: số liệu thống kê “%(name)s” không có.")
                    % {"code": cell.code, "name": cell.statistic},
                )
        elif cell.source == "formula":
            try:
                refs = references(parse(cell.formula))
            except FormulaError as error:
                add(cell.code, _("Chỉ tiêu “%(code)s”: %(error)s") % {"code": cell.code, "error": error})
                continue
            missing = sorted(refs - set(codes))
            if missing:
                add(
                    cell.code,
                    _("Chỉ tiêu “%(code)s”: công thức dùng chỉ tiêu không có trong mẫu: %(missing)s.")
                    % {"code": cell.code, "missing": ", ".join(missing)},
                )
            graph[cell.code] = refs & set(codes)
    cycle = find_cycle(graph)
    if cycle:
        add(cycle[0], _("Công thức vòng tròn: %(path)s.") % {"path": " → ".join(cycle)})
    return problems


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """A cycle of the reference graph as a path (A1 → B1 → A1), or [] when there is none."""
    state: dict[str, int] = {}  # 1 visiting, 2 done
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if state.get(node) is None:
            found = visit(node)
            if found:
                return found
    return []


def evaluation_order(cells: list[CellSpec]) -> list[CellSpec]:
    """The formula cells in an order where each comes after the cells it uses (the template is sound)."""
    formulas = {cell.code: cell for cell in cells if cell.source == "formula"}
    done: set[str] = set()
    ordered: list[CellSpec] = []

    def visit(code):
        if code in done or code not in formulas:
            return
        done.add(code)
        for ref in sorted(references(parse(formulas[code].formula))):
            visit(ref)
        ordered.append(formulas[code])

    for code in formulas:
        visit(code)
    return ordered

"""Names, attributes, filters and tests of a template's Jinja, checked against the schema."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import date
from functools import reduce
from typing import Any

from jinja2 import nodes

from .. import snippets
from .context_schema import (
    ANY,
    BOOL,
    DICT_METHODS,
    INT,
    NONE,
    STR,
    Func,
    Leaf,
    List,
    Obj,
    phrase_known,
    snippet_known,
    top_level,
    union,
)
from .sandbox import REMOVED_FILTERS, SHIPPED_FILTERS, environment

LIST_FILTERS = {
    "list",
    "sort",
    "unique",
    "reverse",
    "selectattr",
    "rejectattr",
    "select",
    "reject",
}
ATTRIBUTE_FILTERS = {"selectattr", "rejectattr", "map", "sort", "groupby", "sum", "unique", "min"}
STR_FILTERS = set(SHIPPED_FILTERS) - {"need"} | {
    "capitalize",
    "center",
    "escape",
    "e",
    "forceescape",
    "format",
    "indent",
    "join",
    "lower",
    "pprint",
    "replace",
    "string",
    "striptags",
    "title",
    "trim",
    "truncate",
    "upper",
    "urlencode",
    "wordwrap",
    "tojson",
}
INT_FILTERS = {"length", "count", "int", "wordcount", "abs", "round", "sum", "float"}


def _expr_text(node: Any) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_expr_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_expr_text(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"({_expr_text(node.node)} | {node.name})"
    if isinstance(node, nodes.Call):
        return f"{_expr_text(node.node)}(…)"
    return "…"


def _suggest(name: str, options: Any) -> str:
    close = difflib.get_close_matches(name, sorted(options), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _leaf_kind(leaf: Leaf) -> str:
    if leaf.types <= {str}:
        return "text"
    if leaf.types <= {date}:
        return "a date"
    if leaf.types <= {bool}:
        return "true or false"
    return "a number" if leaf.types <= {int, float} else "a value"


class Checker:
    """Walks a Jinja AST knowing what each name holds: unknown names, attributes and filters."""

    def __init__(self, report: Callable[[int, str], None], lenient: set[str] | None = None):
        self.report = report
        self.lenient = lenient or set()
        self.env = environment()

    # statements
    def block(self, body: list, scope: dict) -> None:
        for node in body:
            self.stmt(node, scope)

    def stmt(self, n: Any, scope: dict) -> None:
        if isinstance(n, nodes.Output):
            for child in n.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expr(child, scope)
        elif isinstance(n, nodes.If):
            self.expr(n.test, scope)
            self.block(n.body, scope)
            for branch in n.elif_:
                self.stmt(branch, scope)
            self.block(n.else_, scope)
        elif isinstance(n, nodes.For):
            items = self.expr(n.iter, scope)
            inner = dict(scope)
            self.bind(n.target, items.elem if isinstance(items, List) else ANY, inner)
            inner["loop"] = ANY
            if n.test is not None:
                self.expr(n.test, inner)
            self.block(n.body, inner)
            self.block(n.else_, scope)
        elif isinstance(n, nodes.Assign):
            self.bind(n.target, self.expr(n.node, scope), scope)
        elif isinstance(n, nodes.AssignBlock):
            if n.filter is not None:
                self.filter(n.filter, scope, ANY)
            self.block(n.body, scope)
            self.bind(n.target, STR, scope)
        elif isinstance(n, nodes.Macro | nodes.CallBlock):
            if isinstance(n, nodes.CallBlock):
                self.expr(n.call, scope)
            for d in n.defaults:
                self.expr(d, scope)
            inner = dict(scope)
            for a in n.args:
                inner[a.name] = ANY
            inner.update(varargs=ANY, kwargs=ANY, caller=ANY)
            self.block(n.body, inner)
            if isinstance(n, nodes.Macro):
                scope[n.name] = Func(ANY)
        elif isinstance(n, nodes.FilterBlock):
            self.filter(n.filter, scope, ANY)
            self.block(n.body, scope)
        elif isinstance(n, nodes.With):
            inner = dict(scope)
            for target, value in zip(n.targets, n.values, strict=False):
                self.bind(target, self.expr(value, scope), inner)
            self.block(n.body, inner)
        elif isinstance(n, nodes.ExprStmt):
            self.expr(n.node, scope)
        elif isinstance(n, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
            self.report(n.lineno, "include, import and extends are not available")
        else:
            for child in n.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expr(child, scope)
                else:
                    self.stmt(child, scope)

    def bind(self, target: Any, value: Any, scope: dict) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, ANY, scope)
        elif isinstance(target, nodes.NSRef):
            self.lookup(target.name, target.lineno, scope)

    # expressions
    def lookup(self, name: str, lineno: int, scope: dict) -> Any:
        if name in scope:
            return scope[name]
        if name in top_level():
            return top_level()[name]
        if name in self.env.globals or name in self.lenient:
            return ANY
        if name == "body":
            self.report(
                lineno, "'body' exists only as {{p body }}, alone in a paragraph of the main text"
            )
        else:
            known = set(top_level()) | set(scope) | set(self.env.globals)
            self.report(lineno, f"unknown variable '{name}'{_suggest(name, known)}")
        return ANY

    def attr(self, base: Any, name: str, node: Any) -> Any:
        what = _expr_text(node.node)
        if isinstance(base, Obj):
            if name in base.keys:
                return base.keys[name]
            if name not in DICT_METHODS:
                self.report(node.lineno, f"'{what}' has no '{name}'{_suggest(name, base.keys)}")
        elif isinstance(base, List):
            if name.startswith("_") or not hasattr(list, name):
                self.report(
                    node.lineno,
                    f"'{what}' is a list: it has no '{name}' (loop over it with {{% for %}})",
                )
        elif isinstance(base, Leaf) and (
            name.startswith("_") or not any(hasattr(t, name) for t in base.types)
        ):
            self.report(node.lineno, f"'{what}' is {_leaf_kind(base)}: it has no '{name}'")
        return ANY

    def expr(self, n: Any, scope: dict) -> Any:
        if isinstance(n, nodes.Name):
            return self.lookup(n.name, n.lineno, scope)
        if isinstance(n, nodes.Const):
            return NONE if n.value is None else Leaf(frozenset({type(n.value)}))
        if isinstance(n, nodes.TemplateData):
            return STR
        if isinstance(n, nodes.Getattr):
            return self.attr(self.expr(n.node, scope), n.attr, n)
        if isinstance(n, nodes.Getitem):
            base = self.expr(n.node, scope)
            arg = n.arg
            if isinstance(arg, nodes.Slice):
                for part in (arg.start, arg.stop, arg.step):
                    if part is not None:
                        self.expr(part, scope)
                return base if isinstance(base, List | Leaf) else ANY
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                return self.attr(base, arg.value, n)
            self.expr(arg, scope)
            return base.elem if isinstance(base, List) else ANY
        if isinstance(n, nodes.Filter):
            return self.filter(n, scope, self.expr(n.node, scope) if n.node is not None else ANY)
        if isinstance(n, nodes.Test):
            if n.name in ("defined", "undefined"):  # asking is the point: no complaint
                report, self.report = self.report, lambda _lineno, _msg: None
                try:
                    self.expr(n.node, scope)
                finally:
                    self.report = report
            else:
                self.expr(n.node, scope)
            self.args(n, scope)
            if n.name not in self.env.tests:
                self.report(n.lineno, f"unknown test '{n.name}'{_suggest(n.name, self.env.tests)}")
            return BOOL
        if isinstance(n, nodes.Call):
            return self.call(n, scope)
        if isinstance(n, nodes.CondExpr):
            self.expr(n.test, scope)
            other = self.expr(n.expr2, scope) if n.expr2 is not None else NONE
            return union(self.expr(n.expr1, scope), other)
        if isinstance(n, nodes.Or):
            return union(self.expr(n.left, scope), self.expr(n.right, scope))
        if isinstance(n, nodes.And):
            self.expr(n.left, scope)
            return self.expr(n.right, scope)
        if isinstance(n, nodes.Not | nodes.Compare):
            self.walk(n, scope)
            return BOOL
        if isinstance(n, nodes.Concat):
            self.walk(n, scope)
            return STR
        if isinstance(n, nodes.List):
            items = [self.expr(i, scope) for i in n.items]
            return List(reduce(union, items) if items else ANY)
        if isinstance(n, nodes.Dict):
            keys = {}
            for pair in n.items:
                self.expr(pair.key, scope)
                value = self.expr(pair.value, scope)
                if isinstance(pair.key, nodes.Const) and isinstance(pair.key.value, str):
                    keys[pair.key.value] = value
                else:
                    return ANY
            return Obj(keys)
        if isinstance(n, nodes.NSRef):
            self.lookup(n.name, n.lineno, scope)
            return ANY
        self.walk(n, scope)
        return ANY

    def walk(self, n: Any, scope: dict) -> None:
        for child in n.iter_child_nodes():
            if isinstance(child, nodes.Keyword | nodes.Pair):
                self.walk(child, scope)
            elif isinstance(child, nodes.Expr):
                self.expr(child, scope)

    def args(self, n: Any, scope: dict) -> None:
        for a in n.args:
            self.expr(a, scope)
        for kw in n.kwargs:
            self.expr(kw.value, scope)
        for extra in (n.dyn_args, n.dyn_kwargs):
            if extra is not None:
                self.expr(extra, scope)

    def attribute_path(self, items: Any, path: str, n: Any) -> Any:
        schema = items.elem
        for part in path.split("."):
            if isinstance(schema, Obj):
                if part not in schema.keys:
                    what = _expr_text(n.node) if n.node is not None else "the items"
                    hint = _suggest(part, schema.keys)
                    self.report(n.lineno, f"the items of '{what}' have no '{part}'{hint}")
                    return ANY
                schema = schema.keys[part]
            else:
                return ANY
        return schema

    def filter(self, n: Any, scope: dict, base: Any) -> Any:
        self.args(n, scope)
        name = n.name
        if name in REMOVED_FILTERS:
            self.report(n.lineno, f"filter '{name}' is not available: {REMOVED_FILTERS[name]}")
            return ANY
        if name not in self.env.filters:
            self.report(n.lineno, f"unknown filter '{name}'{_suggest(name, self.env.filters)}")
            return ANY
        picked = ANY
        if name in ATTRIBUTE_FILTERS and isinstance(base, List):
            attribute = next((k.value for k in n.kwargs if k.key == "attribute"), None)
            if attribute is None and name in ("selectattr", "rejectattr") and n.args:
                attribute = n.args[0]
            if isinstance(attribute, nodes.Const) and isinstance(attribute.value, str):
                picked = self.attribute_path(base, attribute.value, n)
        if name in ("first", "last", "random"):
            return base.elem if isinstance(base, List) else ANY
        if name in LIST_FILTERS:
            return base if isinstance(base, List) else ANY
        if name == "map":
            return List(picked)
        if name in ("need", "default", "d"):
            return STR if base is NONE else base
        if name in STR_FILTERS:
            return STR
        if name in INT_FILTERS:
            return INT
        return ANY

    def call(self, n: Any, scope: dict) -> Any:
        self.args(n, scope)
        func = n.node
        builtin = func.name if isinstance(func, nodes.Name) and func.name not in scope else None
        if builtin == "dict":
            return Obj({kw.key: self.expr(kw.value, scope) for kw in n.kwargs})
        if builtin == "range":
            return List(INT)
        first = n.args[0] if n.args else None
        constant = first.value if isinstance(first, nodes.Const) else None
        if builtin == "phrase" and isinstance(constant, str) and not phrase_known(constant):
            self.report(n.lineno, f"phrase '{constant}' is in no templates/<lang>/phrases*.yaml")
        if builtin == "snippet" and isinstance(constant, str) and not snippet_known(constant):
            hint = _suggest(constant, snippets.library())
            self.report(n.lineno, f"no snippet '{constant}'{hint}")
        f = self.expr(func, scope)
        return f.result if isinstance(f, Func) else ANY

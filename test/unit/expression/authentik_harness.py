"""Test harness: runs generated scope-mapping expressions the way authentik runs them.

authentik wraps a mapping's expression as the body of `def handler(<context names>):`, indenting it with
textwrap.indent, appends `result = handler(...)`, compiles the text and execs it with its helper functions as
globals and the context as locals. This harness does the same with stand-ins for the context objects.

stdin:  {"cases": [{"expression": str, "users": [[group id, ...], ...]}]}
        Each user is the list of ids `request.user.all_groups()` yields (the user's groups and their ancestors).
stdout: {"results": [{"error": str | null, "structure": {...} | null, "outcomes": [claims dict | null, ...],
        "queries": [int, ...]}]}

"structure" describes the compiled code: it is non-null only when the handler body is exactly the one read of the
user's group ids (GROUP_IDS below) followed by a run of `if <str> in group_ids: return {<str>: <str or list of
str>}  # <str>` statements, then a final `return None` or `return {<str>: ...}`; a body without rules is the final
return alone. Anything else is reported in "error". The comment ending a rule's line is decoded as a Python string
literal (the group's name). "queries" counts, per user, the evaluations of the user's group queryset (each one is
an SQL query in Django).
"""

import ast
import io
import json
import sys
import textwrap
import tokenize

CONTEXT_NAMES = ["user", "request", "provider", "token"]
GROUP_IDS = 'group_ids = {str(pk) for pk in request.user.all_groups().values_list("pk", flat=True)}'


class Shape(Exception):
    pass


class StubPk:
    """Stands for the uuid.UUID Django returns as Group.pk: equal to no string, str() gives the id."""

    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text

    def __eq__(self, other):
        return isinstance(other, StubPk) and other.text == self.text

    def __hash__(self):
        return hash(("pk", self.text))


class StubGroups:
    """The lazy queryset all_groups() returns; only values_list("pk", flat=True) is supported."""

    def __init__(self, user):
        self.user = user

    def values_list(self, *fields, flat=False):
        if fields != ("pk",) or flat is not True:
            raise TypeError("stub only supports values_list('pk', flat=True), got %r flat=%r" % (fields, flat))
        return StubIds(self.user)


class StubIds:
    def __init__(self, user):
        self.user = user

    def __iter__(self):
        self.user.queries += 1
        return iter([StubPk(i) for i in self.user.group_ids])


class StubUser:
    def __init__(self, group_ids):
        self.group_ids = list(group_ids)
        self.queries = 0

    def all_groups(self):
        return StubGroups(self)


class StubPolicyRequest:
    def __init__(self, user):
        self.user = user
        self.http_request = None
        self.context = {}


def ak_is_group_member(user, **filters):
    raise AssertionError("the expression must not call ak_is_group_member (one query per rule)")


def wrap(expression):
    signature = ",".join(CONTEXT_NAMES)
    body = textwrap.indent(expression, "    ")
    return "def handler(%s):\n%s\nresult = handler(%s)" % (signature, body, signature)


def string_constant(node, what):
    if isinstance(node, ast.Constant) and type(node.value) is str:
        return node.value
    raise Shape("%s is not a string literal: %s" % (what, ast.dump(node)))


def claims(node):
    if isinstance(node, ast.Constant) and node.value is None:
        return None
    if not isinstance(node, ast.Dict) or len(node.keys) != 1 or node.keys[0] is None:
        raise Shape("return value is not a one-key dict: %s" % ast.dump(node))
    claim = string_constant(node.keys[0], "claim name")
    value = node.values[0]
    if isinstance(value, ast.List):
        if len(value.elts) < 2:
            raise Shape("policy list has fewer than two entries")
        policy = [string_constant(e, "policy") for e in value.elts]
    else:
        policy = string_constant(value, "policy")
    return {"claim": claim, "policy": policy}


def comments(source):
    """Line number -> the text of the comment on that line."""
    found = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            found[tok.start[0]] = tok.string
    return found


def rule(node, notes):
    test = node.test
    in_ids = (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.In)
        and isinstance(test.comparators[0], ast.Name)
        and test.comparators[0].id == "group_ids"
    )
    if not in_ids:
        raise Shape("if-test is not `<id> in group_ids`: %s" % ast.dump(test))
    if node.orelse or len(node.body) != 1 or not isinstance(node.body[0], ast.Return):
        raise Shape("if-body is not a single return")
    result = claims(node.body[0].value)
    if result is None:
        raise Shape("a rule returns None")
    note = notes.get(node.lineno, "")
    if not note.startswith("# "):
        raise Shape("rule on line %d has no comment naming its group" % node.lineno)
    name = string_constant(ast.parse(note[2:], mode="eval").body, "group name in the comment")
    return {"group_id": string_constant(test.left, "group id"), "name": name, **result}


def structure(source):
    module = ast.parse(source)
    if len(module.body) != 2 or not isinstance(module.body[0], ast.FunctionDef):
        raise Shape("module is not exactly the handler and the result assignment")
    statements = module.body[0].body
    if len(statements) == 1:
        if not isinstance(statements[0], ast.Return):
            raise Shape("a body without rules is not one return")
        return {"query": False, "rules": [], "final": claims(statements[0].value)}
    if ast.dump(statements[0]) != ast.dump(ast.parse(GROUP_IDS).body[0]):
        raise Shape("the body does not start with the one read of the user's group ids")
    notes = comments(source)
    rules = [rule(s, notes) for s in statements[1:-1] if isinstance(s, ast.If)]
    if len(rules) != len(statements) - 2 or not isinstance(statements[-1], ast.Return):
        raise Shape("handler body is not the read, if-rules and one return")
    return {"query": True, "rules": rules, "final": claims(statements[-1].value)}


def run_case(case):
    source = wrap(case["expression"])
    try:
        code = compile(source, "minio", "exec")
        shape = structure(source)
    except (SyntaxError, ValueError, Shape) as exc:
        return {"error": "%s: %s" % (type(exc).__name__, exc), "structure": None, "outcomes": [], "queries": []}
    outcomes, queries = [], []
    for group_ids in case["users"]:
        user = StubUser(group_ids)
        context = {"user": user, "request": StubPolicyRequest(user), "provider": object(), "token": object()}
        exec(code, {"ak_is_group_member": ak_is_group_member}, context)
        outcomes.append(context["result"])
        queries.append(user.queries)
    return {"error": None, "structure": shape, "outcomes": outcomes, "queries": queries}


def main():
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    results = [run_case(case) for case in request["cases"]]
    sys.stdout.write(json.dumps({"results": results}, ensure_ascii=True))


if __name__ == "__main__":
    main()

"""Test harness: runs generated scope-mapping expressions the way authentik runs them.

authentik wraps a mapping's expression as the body of `def handler(<context names>):`, indenting it with
textwrap.indent, appends `result = handler(...)`, compiles the text and execs it with its helper functions as
globals and the context as locals. This harness does the same with stand-ins for the context objects.

stdin:  {"cases": [{"expression": str, "users": [[group name, ...], ...]}]}
stdout: {"results": [{"error": str | null, "structure": {...} | null, "outcomes": [claims dict | null, ...]}]}

"structure" describes the compiled code: it is non-null only when the handler body is exactly a run of
`if ak_is_group_member(request.user, name=<str>): return {<str>: <str or list of str>}` statements followed by a
final `return None` or `return {<str>: ...}`; anything else is reported in "error".
"""

import ast
import json
import sys
import textwrap

CONTEXT_NAMES = ["user", "request", "provider", "token"]


class Shape(Exception):
    pass


class StubUser:
    def __init__(self, groups):
        self.group_names = frozenset(groups)


class StubPolicyRequest:
    def __init__(self, user):
        self.user = user
        self.http_request = None
        self.context = {}


def ak_is_group_member(user, **filters):
    if set(filters) != {"name"}:
        raise TypeError("stub only supports the name= filter, got %r" % sorted(filters))
    return filters["name"] in user.group_names


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


def rule(node):
    test = node.test
    if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "ak_is_group_member"):
        raise Shape("if-test is not an ak_is_group_member call: %s" % ast.dump(test))
    arg_ok = (
        len(test.args) == 1
        and isinstance(test.args[0], ast.Attribute)
        and test.args[0].attr == "user"
        and isinstance(test.args[0].value, ast.Name)
        and test.args[0].value.id == "request"
    )
    if not arg_ok or len(test.keywords) != 1 or test.keywords[0].arg != "name":
        raise Shape("ak_is_group_member is not called as (request.user, name=...): %s" % ast.dump(test))
    if node.orelse or len(node.body) != 1 or not isinstance(node.body[0], ast.Return):
        raise Shape("if-body is not a single return")
    result = claims(node.body[0].value)
    if result is None:
        raise Shape("a rule returns None")
    return {"group": string_constant(test.keywords[0].value, "group"), **result}


def structure(source):
    module = ast.parse(source)
    if len(module.body) != 2 or not isinstance(module.body[0], ast.FunctionDef):
        raise Shape("module is not exactly the handler and the result assignment")
    statements = module.body[0].body
    rules = [rule(s) for s in statements[:-1] if isinstance(s, ast.If)]
    if len(rules) != len(statements) - 1 or not isinstance(statements[-1], ast.Return):
        raise Shape("handler body is not if-rules followed by one return")
    return {"rules": rules, "final": claims(statements[-1].value)}


def run_case(case):
    source = wrap(case["expression"])
    try:
        code = compile(source, "minio", "exec")
        shape = structure(source)
    except (SyntaxError, ValueError, Shape) as exc:
        return {"error": "%s: %s" % (type(exc).__name__, exc), "structure": None, "outcomes": []}
    outcomes = []
    for groups in case["users"]:
        user = StubUser(groups)
        context = {"user": user, "request": StubPolicyRequest(user), "provider": object(), "token": object()}
        exec(code, {"ak_is_group_member": ak_is_group_member}, context)
        outcomes.append(context["result"])
    return {"error": None, "structure": shape, "outcomes": outcomes}


def main():
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    results = [run_case(case) for case in request["cases"]]
    sys.stdout.write(json.dumps({"results": results}, ensure_ascii=True))


if __name__ == "__main__":
    main()

"""Expression runner of the authentik test double.

Reads one JSON request from stdin and writes one JSON answer to stdout. Expressions are wrapped the way
authentik's BaseEvaluator.wrap_expression does it (the text becomes the body of `def handler(<context>)`),
compiled with the mapping name as filename and run with authentik-like names in scope.
Operations: compile, regex_compile, regex_fullmatch, evaluate.
"""

import contextlib
import io
import json
import os
import re
import signal
import sys
from textwrap import indent

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ak_objects import Group, Namespace, Queries, QuerySet, User, deep_merge, expression_globals  # noqa: E402

ARG_SANITIZE = re.compile(r"[:.-]")


def wrap(expression, args):
    signature = ",".join(re.sub(ARG_SANITIZE, "_", a) for a in args)
    return f"def handler({signature}):\n" + indent(expression, "    ") + f"\nresult = handler({signature})"


def exception_text(exc):
    return f"{type(exc).__name__}: {exc}"


class Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise Timeout("expression took too long")


def evaluate(req):
    groups = {g["pk"]: Group(g) for g in req["groups"]}
    for group in groups.values():
        group.parents = QuerySet(groups[p] for p in group.parent_pks if p in groups)
    queries = Queries()
    users = QuerySet(User(u, groups, queries) for u in req["users"])
    user = next(u for u in users if u.pk == req["user_pk"])
    app = req["provider"].get("application")
    provider = Namespace(**{k: v for k, v in req["provider"].items() if k != "application"})
    provider.application = Namespace(**app) if app else None
    token = Namespace(scope=req["scope"], user=user, provider=provider)
    logs, claims, failures, group_queries = [], {}, [], []
    signal.signal(signal.SIGALRM, _on_alarm)
    for mapping in req["mappings"]:
        name = mapping["name"]
        queries.count = 0
        http_request = Namespace(path=req["path"], method=req["method"], META={}, GET={}, POST={}, user=user)
        policy_request = Namespace(user=user, http_request=http_request, obj=Namespace(**mapping), context={}, debug=False)
        policy_request.context.update(provider=provider, token=token)
        context = {"user": user, "request": policy_request, "provider": provider, "token": token}
        env = expression_globals(logs, name, users)
        try:
            code = compile(wrap(mapping["expression"], list(context.keys())), name, "exec")
            local_vars = dict(context)
            signal.setitimer(signal.ITIMER_REAL, req["timeout_s"])
            try:
                exec(code, env, local_vars)  # noqa: S102 - this is the point of the double
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            value = local_vars["result"]
        except Exception as exc:  # authentik logs "Failed to evaluate property-mapping" and goes on
            failures.append({"name": name, "error": exception_text(exc)})
            continue
        finally:
            group_queries.append({"name": name, "count": queries.count})
        if value is None:
            continue
        if not isinstance(value, dict):
            logs.append({"event": "Scope returned a non-dict value, ignoring", "scope": name})
            continue
        deep_merge(claims, value)
    return {"claims": claims, "failures": failures, "logs": logs, "group_queries": group_queries}


def handle(req):
    op = req["op"]
    if op == "compile":
        try:
            compile(wrap(req["expression"], req["args"]), req["filename"], "exec")
            return {"error": None}
        except (SyntaxError, ValueError) as exc:
            return {"error": f"Expression Syntax Error: {exc}"}
    if op == "regex_compile":
        invalid = []
        for index, pattern in enumerate(req["patterns"]):
            try:
                re.compile(pattern)
            except re.error:
                invalid.append(index)
        return {"invalid": invalid}
    if op == "regex_fullmatch":
        for pattern in req["patterns"]:
            try:
                if re.fullmatch(pattern, req["value"]):
                    return {"matched": True}
            except re.error:
                continue
        return {"matched": False}
    if op == "evaluate":
        return evaluate(req)
    raise ValueError(f"unknown op {op}")


def main():
    request = json.loads(sys.stdin.read())
    out = sys.stdout
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        answer = handle(request)
    out.write(json.dumps(answer, default=str))
    out.flush()


if __name__ == "__main__":
    main()

"""Stand-ins for the objects authentik hands to property-mapping expressions (User, Group, QuerySet, ...)
and the globals of its BaseEvaluator. Used by evaluator.py; data comes from the double's store as JSON."""

import ipaddress
import re
import socket
import unicodedata


class FieldError(Exception):
    """Raised like Django's FieldError for an unknown lookup keyword."""


class DoesNotExist(Exception):
    """Raised by QuerySet.get when nothing matches."""


def _match(obj, key, expected):
    field, _, op = key.partition("__")
    if not hasattr(obj, field):
        raise FieldError(f"Cannot resolve keyword '{field}' into field.")
    actual = getattr(obj, field)
    op = op or "exact"
    text, low = str(actual), str(actual).lower()
    checks = {
        "exact": lambda: actual == expected,
        "iexact": lambda: low == str(expected).lower(),
        "in": lambda: actual in expected,
        "contains": lambda: str(expected) in text,
        "icontains": lambda: str(expected).lower() in low,
        "startswith": lambda: text.startswith(str(expected)),
        "istartswith": lambda: low.startswith(str(expected).lower()),
        "endswith": lambda: text.endswith(str(expected)),
        "iendswith": lambda: low.endswith(str(expected).lower()),
        "regex": lambda: re.search(expected, text) is not None,
        "iregex": lambda: re.search(expected, text, re.IGNORECASE) is not None,
        "isnull": lambda: (actual is None) == bool(expected),
    }
    if op not in checks:
        raise FieldError(f"Unsupported lookup '{op}' for field '{field}'.")
    return checks[op]()


class QuerySet(list):
    """Just enough of Django's QuerySet for expressions: all/filter/exclude/exists/count/first/get/..."""

    def all(self):
        return QuerySet(self)

    def filter(self, **filters):
        return QuerySet(o for o in self if all(_match(o, k, v) for k, v in filters.items()))

    def exclude(self, **filters):
        return QuerySet(o for o in self if not all(_match(o, k, v) for k, v in filters.items()))

    def exists(self):
        return len(self) > 0

    def count(self):
        return len(self)

    def first(self):
        return self[0] if self else None

    def last(self):
        return self[-1] if self else None

    def get(self, **filters):
        found = self.filter(**filters)
        if len(found) != 1:
            raise DoesNotExist(f"get() returned {len(found)} objects")
        return found[0]

    def order_by(self, *fields):
        items = list(self)
        for field in reversed(fields):
            items.sort(key=lambda o: getattr(o, field.lstrip("-")), reverse=field.startswith("-"))
        return QuerySet(items)

    def values_list(self, *fields, flat=False):
        if flat:
            return QuerySet(getattr(o, fields[0]) for o in self)
        return QuerySet(tuple(getattr(o, f) for f in fields) for o in self)


class Group:
    def __init__(self, data):
        self.pk = self.group_uuid = data["pk"]
        self.num_pk = data["num_pk"]
        self.name = data["name"]
        self.is_superuser = data["is_superuser"]
        self.attributes = data["attributes"]
        self.parent_pks = data["parents"]
        self.parents = QuerySet()

    def __str__(self):
        return f"Group {self.name}"


class User:
    def __init__(self, data, groups):
        for key in ("pk", "uuid", "uid", "username", "name", "email", "is_active", "attributes"):
            setattr(self, key, data[key])
        self.id = self.pk
        self.type = "internal"
        self._direct = QuerySet(groups[g] for g in data["groups"] if g in groups)

    @property
    def groups(self):
        return self._direct.all()

    @property
    def ak_groups(self):
        return self._direct.all()

    @property
    def is_superuser(self):
        return any(g.is_superuser for g in self.all_groups())

    def all_groups(self):
        seen, order = set(), []

        def visit(group):
            if group.pk in seen:
                return
            seen.add(group.pk)
            order.append(group)
            for parent in group.parents:
                visit(parent)

        for group in self._direct:
            visit(group)
        return QuerySet(sorted(order, key=lambda g: g.name))

    def group_attributes(self, request=None):
        merged = {}
        for group in self.all_groups():
            merged.update(group.attributes)
        merged.update(self.attributes)
        return merged

    def app_entitlements(self, app=None):
        return QuerySet()

    def __str__(self):
        return self.username


class Namespace:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)


class Logger:
    def __init__(self, sink, name):
        self._sink, self._name = sink, name

    def _log(self, level, event="", **kwargs):
        self._sink.append({"logger": self._name, "level": level, "event": str(event), **{k: str(v) for k, v in kwargs.items()}})

    def debug(self, event="", **kw):
        self._log("debug", event, **kw)

    def info(self, event="", **kw):
        self._log("info", event, **kw)

    def warning(self, event="", **kw):
        self._log("warning", event, **kw)

    def error(self, event="", **kw):
        self._log("error", event, **kw)

    def exception(self, event="", **kw):
        self._log("error", event, **kw)

    msg = info
    warn = warning


class SkipObject(Exception):
    """Newest authentik: raise to skip an object in sync providers."""


class NoNetwork:
    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise RuntimeError("the authentik double gives expressions no network access")

        return refuse


def slugify(value):
    value = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s]+", "-", value).strip("-_")


def list_flatten(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def resolve_dns(host, ip_version=None):
    family = {4: socket.AF_INET, 6: socket.AF_INET6}.get(ip_version, 0)
    try:
        return list({str(info[4][0]) for info in socket.getaddrinfo(host or "", None, family=family)})
    except OSError:
        return []


def reverse_dns(ip):
    try:
        return socket.getfqdn(ip)
    except OSError:
        return ip


def deep_merge(base, new):
    """deepmerge.always_merger: dicts merged, lists appended, sets united, anything else overridden."""
    for key, value in new.items():
        old = base.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            deep_merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            base[key] = old + value
        elif isinstance(old, set) and isinstance(value, set):
            base[key] = old | value
        else:
            base[key] = value
    return base


def _call_policy(name, **kwargs):
    raise ValueError(f"Policy '{name}' not found.")


def expression_globals(logs, name, users):
    """The globals authentik's BaseEvaluator offers (common/expression/evaluator.py), minus real side effects."""
    return {
        "ak_call_policy": _call_policy,
        "ak_create_event": lambda action, **kw: logs.append({"event": "ak_create_event", "action": str(action)}),
        "ak_is_group_member": lambda u, **filters: u.all_groups().filter(**filters).exists(),
        "ak_logger": Logger(logs, name),
        "ak_user_by": lambda **filters: _user_by(users, filters),
        "ak_user_has_authenticator": lambda u, device_type=None: False,
        "ak_create_jwt": lambda *a, **kw: None,
        "ip_address": ipaddress.ip_address,
        "ip_network": ipaddress.ip_network,
        "list_flatten": list_flatten,
        "regex_match": lambda value, regex: re.search(regex, value) is not None,
        "regex_replace": lambda value, regex, repl: re.sub(regex, repl, value),
        "requests": NoNetwork(),
        "resolve_dns": resolve_dns,
        "reverse_dns": reverse_dns,
        "slugify": slugify,
        "SkipObject": SkipObject,
    }



def _user_by(users, filters):
    try:
        return users.filter(**filters).first()
    except FieldError:
        return None

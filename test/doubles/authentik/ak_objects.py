"""Stand-ins for the objects authentik hands to property-mapping expressions (User, Group, QuerySet, ...)
and the globals of its BaseEvaluator. Used by evaluator.py; data comes from the double's store as JSON."""

import ipaddress
import re
import socket
import unicodedata
import uuid


class FieldError(Exception):
    """Raised like Django's FieldError for an unknown lookup keyword."""


class DoesNotExist(Exception):
    """Raised by QuerySet.get when nothing matches."""


class ValidationError(Exception):
    """Raised like Django's ValidationError, e.g. for a value a UUIDField cannot read."""


def _as_uuid(value):
    """Django's UUIDField.to_python (django/db/models/fields/__init__.py): a lookup value becomes a uuid.UUID."""
    if value is None or isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(int=value) if isinstance(value, int) else uuid.UUID(hex=value)
    except (AttributeError, ValueError):
        raise ValidationError(f"\u201c{value}\u201d is not a valid UUID.") from None


def _match(obj, key, expected):
    field, _, op = key.partition("__")
    if not hasattr(obj, field):
        raise FieldError(f"Cannot resolve keyword '{field}' into field.")
    actual = getattr(obj, field)
    op = op or "exact"
    if isinstance(actual, uuid.UUID) and op in ("exact", "in"):
        expected = [_as_uuid(v) for v in expected] if op == "in" else _as_uuid(expected)
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

    def distinct(self):
        return QuerySet(dict.fromkeys(self))


class Queries:
    """How many SQL queries of a user's groups an expression made."""

    def __init__(self):
        self.count = 0


class GroupQuery:
    """
    A user's groups as Django queries them (django/db/models/query.py): a queryset is lazy; filter, exclude,
    order_by, values_list, distinct and all return new querysets without running anything; the first iteration,
    len(), bool() or `in` runs one query and fills the queryset's result cache, later ones reuse it; exists(),
    count(), first(), last() and get() run one query each unless the cache is filled (get() always queries).
    """

    def __init__(self, rows, queries, steps=()):
        self._rows, self._queries, self._steps, self._cache = rows, queries, steps, None

    def _then(self, method, /, *args, **kwargs):
        return GroupQuery(self._rows, self._queries, self._steps + ((method, args, kwargs),))

    def _query(self):
        self._queries.count += 1
        result = QuerySet(self._rows())
        for method, args, kwargs in self._steps:
            result = getattr(result, method)(*args, **kwargs)
        return result

    def _fetch(self):
        if self._cache is None:
            self._cache = self._query()
        return self._cache

    def all(self):
        return self._then("all")

    def filter(self, **filters):
        return self._then("filter", **filters)

    def exclude(self, **filters):
        return self._then("exclude", **filters)

    def order_by(self, *fields):
        return self._then("order_by", *fields)

    def values_list(self, *fields, flat=False):
        return self._then("values_list", *fields, flat=flat)

    def distinct(self):
        return self._then("distinct")

    def __iter__(self):
        return iter(self._fetch())

    def __len__(self):
        return len(self._fetch())

    def __bool__(self):
        return bool(self._fetch())

    def __getitem__(self, index):
        return (self._cache if self._cache is not None else self._query())[index]

    def exists(self):
        return (self._cache if self._cache is not None else self._query()).exists()

    def count(self):
        return len(self._cache if self._cache is not None else self._query())

    def first(self):
        return (self._cache if self._cache is not None else self._query()).first()

    def last(self):
        return (self._cache if self._cache is not None else self._query()).last()

    def get(self, **filters):
        return self.filter(**filters)._query().get()


class ManyRelatedManager:
    """user.groups: a related manager, not a queryset; iterating it fails as in Django, .all() is the queryset."""

    def __init__(self, rows, queries):
        self._rows, self._queries = rows, queries

    def __getattr__(self, name):
        if name in ("all", "filter", "exclude", "order_by", "values_list", "exists", "count", "first", "last", "get"):
            return getattr(GroupQuery(self._rows, self._queries), name)
        raise AttributeError(f"'ManyRelatedManager' object has no attribute '{name}'")


class Group:
    def __init__(self, data):
        # Group.group_uuid is a UUIDField primary key: Django hands expressions uuid.UUID values, never strings.
        self.pk = self.group_uuid = uuid.UUID(data["pk"])
        self.num_pk = data["num_pk"]
        self.name = data["name"]
        self.is_superuser = data["is_superuser"]
        self.attributes = data["attributes"]
        self.parent_pks = data["parents"]
        self.parents = QuerySet()

    def __str__(self):
        return f"Group {self.name}"


class User:
    """
    authentik 2026.5's User (authentik/core/models.py): `groups` (line 372) is the relation to the user's own
    groups; `ak_groups` (lines 517-551) is its deprecated alias; `all_groups()` (lines 407-409) is
    `self.groups.all().with_ancestors()`, the own groups plus every ancestor (GroupQuerySet.with_ancestors, lines
    173-177, through the transitive closure GroupAncestryNode). Every evaluated query of them is counted in
    `queries` (one SQL query each in Django).
    """

    def __init__(self, data, groups, queries):
        for key in ("pk", "uuid", "uid", "username", "name", "email", "is_active", "attributes"):
            setattr(self, key, data[key])
        self.id = self.pk
        self.type = "internal"
        self._direct = [groups[g] for g in data["groups"] if g in groups]
        self.queries = queries

    @property
    def groups(self):
        return ManyRelatedManager(lambda: self._direct, self.queries)

    @property
    def ak_groups(self):
        return self.groups

    @property
    def is_superuser(self):
        return self.all_groups().filter(is_superuser=True).exists()

    def _with_ancestors(self):
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
        return sorted(order, key=lambda g: g.name)

    def all_groups(self):
        return GroupQuery(self._with_ancestors, self.queries)

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
        # authentik/lib/expression/evaluator.py lines 137-140 (2026.5): one query of all_groups() per call.
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

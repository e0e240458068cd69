"""Django's querysets as the double's expressions use them: lookups (exact, in, contains, ...), the eager QuerySet
of already-loaded objects, and the lazy, counted querysets of a user's groups. Used by ak_objects.py."""

import re
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

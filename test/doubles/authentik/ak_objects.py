"""Stand-ins for the objects authentik hands to property-mapping expressions (User, Group, QuerySet, ...)
and the globals of its BaseEvaluator. Used by evaluator.py; data comes from the double's store as JSON."""

import ipaddress
import re
import socket
import unicodedata
import uuid

from ak_querysets import FieldError, GroupQuery, ManyRelatedManager, Queries, QuerySet  # noqa: F401 (re-exported)


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

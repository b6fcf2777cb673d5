"""What the browser saw against what the cookies page declares: violations, undeclared items, stale declarations.

Plain data in, plain data out, so every rule reads on one screen.
"""

from dataclasses import dataclass
from fnmatch import fnmatchcase

from .models import Finding, Item
from .states import WITHDRAWAL

STORAGE_ITEMS = {Item.COOKIE, Item.LOCAL, Item.SESSION, Item.INDEXEDDB}


@dataclass
class Declared:
    pk: int
    name: str
    category: str
    storage: str
    hosts: list
    audience: str

    @classmethod
    def of(cls, declaration):
        return cls(
            pk=declaration.pk,
            name=declaration.name,
            category=declaration.category,
            storage=declaration.storage,
            hosts=declaration.host_patterns(),
            audience=declaration.audience,
        )


def match(observation, declarations, analytics_prefixes=()):
    """(declaration or None, category or None) for one observation."""
    item, name = observation["item"], observation["name"]
    if item in STORAGE_ITEMS:
        for declared in declarations:
            if declared.storage == item and fnmatchcase(name, declared.name):
                return declared, declared.category
        return None, None
    for declared in declarations:
        if any(fnmatchcase(name, pattern) for pattern in declared.hosts):
            return declared, declared.category
    url = observation.get("domain", "")
    if any(url.startswith(prefix) for prefix in analytics_prefixes):
        # The analytics tag configured in Settings › Cookie consent declares its own address.
        return None, "analytics"
    return None, None


def allowed_in(state_name, states_by_name):
    if state_name == WITHDRAWAL:
        return {"essential"}
    return states_by_name[state_name].allowed


def describe_state(state_name):
    if state_name == WITHDRAWAL:
        return "after accepting, then rejecting on the cookies page"
    return f"in the state '{state_name}'"


def compare(observations, declarations, states, analytics_prefixes=()):
    """Return (findings as unsaved Finding objects, observations annotated with their declaration)."""
    states_by_name = {state.name: state for state in states}
    violations, undeclared, seen_declarations = {}, {}, set()
    for observation in observations:
        declared, category = match(observation, declarations, analytics_prefixes)
        observation["declaration_id"] = declared.pk if declared else None
        observation["category"] = category or ""
        if declared:
            seen_declarations.add(declared.pk)
        key = (observation["item"], observation["name"])
        if category is None:
            undeclared.setdefault(key, observation)
            continue
        if (
            observation["state"] == WITHDRAWAL
            and observation.get("third_party")
            and observation["item"] == Item.COOKIE
        ):
            continue  # another website's cookie: only that website can remove it
        if category not in allowed_in(observation["state"], states_by_name):
            violations.setdefault(key, []).append(observation)

    findings = []
    for (item, name), seen in violations.items():
        first = seen[0]
        where = "; ".join(sorted({describe_state(o["state"]) for o in seen}))
        findings.append(
            Finding(
                kind=Finding.Kind.VIOLATION,
                item=item,
                name=name,
                category=first["category"],
                page_url=first["page_url"],
                state=first["state"],
                key=f"violation:{item}:{name}",
                detail=f"{Item(item).label} '{name}' ({first['category']}) was there without consent: {where}.",
            )
        )
    for (item, name), observation in undeclared.items():
        findings.append(
            Finding(
                kind=Finding.Kind.UNDECLARED,
                item=item,
                name=name,
                page_url=observation["page_url"],
                state=observation["state"],
                key=f"undeclared:{item}:{name}",
                detail=(
                    f"{Item(item).label} '{name}' ({observation.get('domain', '')}) matches no entry in "
                    "Cookies we set."
                ),
            )
        )
    for declared in declarations:
        if declared.pk in seen_declarations or declared.audience != "visitors":
            continue
        findings.append(
            Finding(
                kind=Finding.Kind.STALE,
                item=declared.storage,
                name=declared.name,
                category=declared.category,
                key=f"stale:{declared.storage}:{declared.name}",
                detail=f"'{declared.name}' is declared on the cookies page but no page set it in any state.",
            )
        )
    return findings, observations

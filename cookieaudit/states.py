"""The consent states a visitor can be in, and the cookie that puts a browser in each.

The audit writes the decision cookie itself, signed as the consent endpoint signs it, so
its visits leave no consent records behind (except the withdrawal check, which uses the
real form and removes its own record).
"""

from dataclasses import dataclass

from django.utils import timezone

from consent import cookie

WITHDRAWAL = "accepted-then-rejected"


@dataclass(frozen=True)
class State:
    name: str
    choices: dict | None  # None: no decision yet
    gpc: bool = False

    @property
    def allowed(self):
        """The categories whose cookies may be present in this state."""
        allowed = {"essential"}
        if self.choices:
            allowed |= {category for category, on in self.choices.items() if on}
        if self.gpc:
            allowed.discard("marketing")
        return allowed

    def decision_cookie(self, version, consent_id=None):
        if self.choices is None:
            return None
        decision = cookie.Decision(
            version=version,
            at=timezone.now().replace(microsecond=0),
            consent_id=consent_id or cookie.new_consent_id(),
            **self.choices,
        )
        return cookie.encode(decision)


def all_states(categories=cookie.CATEGORIES):
    """No decision, rejected, accepted, one custom choice per category; each without and with GPC."""
    base = [
        ("no-decision", None),
        ("rejected", dict.fromkeys(cookie.CATEGORIES, False)),
        ("accepted", dict.fromkeys(cookie.CATEGORIES, True)),
    ]
    base += [(f"only-{category}", {c: c == category for c in cookie.CATEGORIES}) for category in categories]
    states = []
    for name, choices in base:
        states.append(State(name, choices))
        states.append(State(f"{name}+gpc", choices, gpc=True))
    return states


def state_names(categories=cookie.CATEGORIES):
    return [state.name for state in all_states(categories)] + [WITHDRAWAL]


def pick(names, categories=cookie.CATEGORIES):
    """(states, withdrawal check or not) for `names`, all of them when empty; an unknown name is a ValueError."""
    if not names:
        return all_states(categories), True
    known = {state.name: state for state in all_states(cookie.CATEGORIES)}
    unknown = [name for name in names if name not in known and name != WITHDRAWAL]
    if unknown:
        raise ValueError(f"Unknown state: {', '.join(unknown)}. Known: {', '.join(state_names())}.")
    return [known[name] for name in names if name in known], WITHDRAWAL in names

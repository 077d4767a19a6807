"""The diff's vocabulary: each rule with its level, and the ``Change`` records it makes.

Each rule has a stable id and one level, judged from the SDK user's side:

- ``breaking``: code that vendors the package stops compiling, type-checking or
  catching what it caught (an ``except`` clause names a class that is gone, or no
  longer matches the responses it matched);
- ``warning``: the same code still runs, but behaves differently at run time (more or
  fewer retries, other waits, other fields read);
- ``info``: something was added that nothing can have depended on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from ..display import printable
from ..records import field, record

Level = Literal["breaking", "warning", "info"]
LEVELS: tuple[Level, ...] = ("breaking", "warning", "info")
SideName = Literal["base", "head"]


@record
class Rule:
    level: Level
    what: str  # what the rule reports
    why: str  # why it has its level


RULES: dict[str, Rule] = {
    "vendor-removed": Rule("breaking", "a vendor's spec was removed", "its whole package disappears"),
    "vendor-added": Rule("info", "a vendor's spec was added", "a new package; nothing uses it yet"),
    "class-renamed": Rule(
        "breaking", "a code's class or the root class has a new name", "`except` and imports of the old name fail"
    ),
    "status-removed": Rule(
        "breaking",
        "a documented status (and its class) was removed",
        "`except` of its class fails; such responses raise `ClientError`/`ServerError`",
    ),
    "code-removed": Rule(
        "breaking",
        "a documented code (and its class) was removed",
        "`except` of its class fails; such responses raise the status's class",
    ),
    "code-moved-status": Rule(
        "breaking",
        "a code is documented under another status, and its class loses an ancestor",
        "`except` of the lost ancestor (the old status's class) no longer catches it",
    ),
    "class-reparented": Rule(
        "breaking",
        "a class that stays loses an ancestor (its status's class was removed)",
        "`except` of the lost ancestor no longer catches it",
    ),
    "rule-removed": Rule(
        "breaking",
        "a classification rule (condition -> code or kind) was removed",
        "the responses it matched no longer raise its class",
    ),
    "kind-removed": Rule(
        "breaking",
        "a documented kind (and its class) was removed",
        "`except` of its class fails; such responses raise their code's or status's class",
    ),
    "rule-added": Rule(
        "warning",
        "a classification rule was added",
        "rules are tried before the body's code: a response it matches can raise another class",
    ),
    "rule-reordered": Rule(
        "warning",
        "classification rules are tried in another order",
        "a response two rules match gets the other rule's class",
    ),
    "code-statuses-changed": Rule(
        "warning",
        "a code is documented under other statuses (its first status unchanged)",
        "responses with a status of the other category stop (or start) raising the code's class",
    ),
    "shape-removed": Rule(
        "breaking",
        "a body shape was removed",
        "such bodies no longer give a code, message or request id: they map by status only",
    ),
    "field-removed": Rule(
        "breaking",
        "a field of a body shape's schema was removed",
        "typed access through `models` fails to type-check; the key can be missing",
    ),
    "field-retyped": Rule(
        "breaking", "a field of a body shape's schema has another type", "code that reads it as the old type breaks"
    ),
    "retry-directive-removed": Rule(
        "breaking",
        "the server's retry-directive header is no longer obeyed",
        "requests the server says must not be resent are resent (duplicate side effects, storms)",
    ),
    "code-renamed": Rule(
        "warning",
        "a code is spelled differently, its class unchanged",
        "`except` still works; comparisons of `error.code` and `ERRORS_BY_CODE` keys change",
    ),
    "shape-changed": Rule(
        "warning",
        "a body shape reads code, message or details elsewhere, matches differently or is tried in another order",
        "the same body can give another code, message or class",
    ),
    "field-optional": Rule(
        "warning", "a required field of a body shape may now be missing", "`body[key]` can raise KeyError"
    ),
    "request-id-changed": Rule(
        "warning", "the request id is read from other body paths or headers", "`error.request_id` can differ or be None"
    ),
    "retry-status-added": Rule(
        "warning",
        "a status is now retried",
        "more requests per call: review idempotency (duplicate side effects) and latency",
    ),
    "retry-status-removed": Rule(
        "warning", "a status is no longer retried", "transient errors reach callers that a retry used to absorb"
    ),
    "retry-code-added": Rule(
        "warning",
        "a code is now retried (beyond what its status or kind change explains)",
        "more requests per call: review idempotency (duplicate side effects) and latency",
    ),
    "retry-code-removed": Rule(
        "warning",
        "a code is no longer retried (beyond what its status or kind change explains)",
        "errors reach callers that a retry used to absorb",
    ),
    "retry-kind-added": Rule(
        "warning",
        "a documented kind is now retried in more cases (retried whatever its status, or no longer never)",
        "more requests per call: review idempotency (duplicate side effects) and latency",
    ),
    "retry-kind-removed": Rule(
        "warning",
        "a documented kind is now retried in fewer cases (never, or only as its status is)",
        "errors reach callers that a retry used to absorb",
    ),
    "retry-attempts-changed": Rule("warning", "max attempts changed", "more or fewer requests per call"),
    "retry-deadline-changed": Rule(
        "warning",
        "the total retry deadline changed",
        "a call can block for another time: callers size timeouts around it",
    ),
    "retry-max-server-wait-changed": Rule(
        "warning",
        "the cap on server waits changed",
        "decides whether a server's wait is slept on or surfaced as no retry",
    ),
    "retry-wait-header-removed": Rule(
        "warning", "a wait header is no longer honoured", "the server's wait is ignored: retries can come too early"
    ),
    "retry-transport-changed": Rule(
        "warning",
        "connection errors or timeouts are now retried, or no longer",
        "more requests per call, or network blips that reach callers",
    ),
    "retry-resend-changed": Rule(
        "warning",
        "which failed non-idempotent requests may be resent changed (atomic failures, idempotency header)",
        "a POST may now be sent twice, or no longer retried",
    ),
    "retry-wait-header-changed": Rule(
        "warning",
        "a wait header's unit, statuses or precedence changed",
        "a wrong unit is a wait off by a factor of 1000",
    ),
    "retry-directive-changed": Rule(
        "warning",
        "a retry-directive header was added, renamed, or its values changed",
        "the server now decides other retries than before",
    ),
    "retry-refused-changed": Rule(
        "warning",
        "the statuses or codes refused before processing (resent whatever the method) changed",
        "a POST may now be sent again after such a response, or no longer",
    ),
    "retry-idempotency-key-changed": Rule(
        "warning",
        "the documented idempotency-key format changed (the opt-in generated key)",
        "SDKs that opted in now send other keys, or none, so fewer POSTs are retried",
    ),
    "status-added": Rule(
        "info",
        "a status is now documented, with its class",
        "such responses raise a subclass of what they raised before",
    ),
    "code-added": Rule(
        "info",
        "a code is now documented, with its class",
        "such responses raise a subclass of what they raised before (when sent with the documented status)",
    ),
    "code-moved-status-compatible": Rule(
        "info",
        "a code is documented under another status, and its class keeps every ancestor (e.g. from an undocumented status to a documented one of the same category)",
        "it is still caught by everything that caught it; only `documented_status` differs",
    ),
    "class-ancestor-added": Rule(
        "info",
        "a class gains an ancestor (its status's class was added)",
        "it is still caught by everything that caught it",
    ),
    "kind-added": Rule("info", "a kind is now documented, with its class", "errors of the kind are also its class"),
    "status-inferred-changed": Rule(
        "info", "a code's status is now marked inferred, or no longer", "only the documentation changes"
    ),
    "docs-link-changed": Rule(
        "info", "the documentation link of a status, code or kind changed", "only the documentation changes"
    ),
    "shape-added": Rule("info", "a body shape was added", "more bodies give a code and message"),
    "field-added": Rule("info", "a field was added to a body shape's schema", "existing reads are unaffected"),
    "field-required": Rule(
        "info", "an optional field of a body shape is now required", "existing reads are unaffected"
    ),
    "retry-backoff-changed": Rule(
        "info",
        "backoff initial delay, multiplier, cap, minimum or jitter changed",
        "timing only; the same errors are retried as often",
    ),
    "retry-backoff-override-changed": Rule(
        "info",
        "a backoff override (per status or class) was added, removed or changed",
        "timing only; the same errors are retried as often",
    ),
    "retry-fallback-delay-changed": Rule("info", "the fixed delay used without a server wait changed", "timing only"),
    "retry-wait-header-added": Rule(
        "info", "a wait header is now honoured", "the server's wait is respected where it was not"
    ),
}
RULE_ORDER = {rule_id: index for index, rule_id in enumerate(RULES)}
LEVEL_ORDER: dict[str, int] = {level: index for index, level in enumerate(LEVELS)}

# A message argument: spec text (quoted by the formatter), None, or a list of spec texts.
# Numbers are the generator's own typed values and go into the template itself.
Arg = str | None | tuple[str, ...]


@record
class Location:
    side: SideName  # the version the pointer is in: "base" for what was removed
    file: str  # as loaded, e.g. "origin/main:specs/shortkit.yaml"
    line: int
    column: int
    pointer: str  # JSON pointer into that spec


def plain(text: str) -> str:
    """How spec text is quoted in text and JSON messages: backticks, on one line, escaped."""
    return f"`{printable(text)}`"


@record
class Change:
    rule_id: str
    vendor: str
    location: Location
    template: str  # str.format template; {0}, {1}, ... stand for ``args``
    args: tuple[Arg, ...] = field(default=())

    @property
    def level(self) -> Level:
        return RULES[self.rule_id].level

    def message(self, quote: Callable[[str], str] = plain) -> str:
        """The message, with spec text quoted by ``quote`` (plain, or Markdown code spans)."""

        def show(arg: Arg) -> str:
            if isinstance(arg, tuple):
                return ", ".join(quote(item) for item in arg) or "none"
            return "none" if arg is None else quote(arg)

        return self.template.format(*(show(arg) for arg in self.args))


def counts(changes: list[Change]) -> dict[Level, int]:
    return {level: sum(change.level == level for change in changes) for level in LEVELS}


def fails(changes: list[Change], fail_on: str) -> bool:
    """Whether any change is at or above ``fail_on``: "breaking", "warning" or "never"."""
    if fail_on == "never":
        return False
    return any(LEVEL_ORDER[change.level] <= LEVEL_ORDER[fail_on] for change in changes)


def order(change: Change) -> tuple[str, int, int]:
    """How reports list changes: by vendor, then level (breaking first), then rule."""
    return (change.vendor, LEVEL_ORDER[change.level], RULE_ORDER[change.rule_id])

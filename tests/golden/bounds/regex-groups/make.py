"""Patterns re.compile cannot take: 5,000 nested groups (RecursionError), 60 flat groups,
a repeat count beyond its range (OverflowError), and a syntax error; and as a patternProperties key."""

PATTERNS = {
    "nested": "(" * 5000 + "a" + ")" * 5000,
    "flat": "(a)" * 60,
    "repeat": "a{99999999999}",
    "broken": "(unclosed",
}


def specs(base: str) -> dict[str, str]:
    schemas = "".join(f"    P{name}: {{type: string, pattern: '{pattern}'}}\n" for name, pattern in PATTERNS.items())
    schemas += f"    Keys:\n      type: object\n      patternProperties:\n        ? '{PATTERNS['nested']}'\n        : {{type: string}}\n"
    return {"groups.yaml": base.replace("  schemas:\n", "  schemas:\n" + schemas, 1)}

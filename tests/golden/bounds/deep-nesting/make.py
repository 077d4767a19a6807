"""50,000 nested flow sequences and block mappings: libyaml's composer segfaults on these."""


def specs(base: str) -> dict[str, str]:
    depth = 50_000
    return {
        "brackets.yaml": base + "x-deep: " + "[" * depth + "]" * depth + "\n",
        "mappings.yaml": base + "x-deep: " + "{a: " * depth + "b" + "}" * depth + "\n",
    }

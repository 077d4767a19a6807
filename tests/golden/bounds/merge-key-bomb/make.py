"""YAML merge keys (<<) doubling at each of 40 levels: under 1 KB of text, 2^40 values expanded."""


def specs(base: str) -> dict[str, str]:
    lines = ["x-bomb:", "  a0: &a0 {k: v}"]
    lines += [f"  a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}], k{i}: v}}" for i in range(1, 40)]
    return {"bomb.yaml": base + "\n".join(lines) + "\n"}

"""A 100 KB string aliased 100,000 times: a 0.5 MB file that expands to 10 GB of text."""


def specs(base: str) -> dict[str, str]:
    return {"alias.yaml": base + f"x-big: &big {'a' * 100_000}\nx-many: [{', '.join(['*big'] * 100_000)}]\n"}

"""A 100 KB string aliased 20,000 times: a 200 KB file that expands to 2 GB of text."""


def specs(base: str) -> dict[str, str]:
    return {"alias.yaml": base + f"x-big: &big {'a' * 100_000}\nx-many: [{', '.join(['*big'] * 20_000)}]\n"}

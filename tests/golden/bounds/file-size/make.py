"""A 2 MB spec file (a 2 MB description): refused by its size before it is parsed."""


def specs(base: str) -> dict[str, str]:
    return {"large.yaml": base.replace("description: Bad request.", "description: " + "x" * 2_000_000, 1)}

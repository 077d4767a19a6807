"""A body schema with 120 levels of objects inside objects (properties inside properties)."""


def specs(base: str) -> dict[str, str]:
    inner = "{type: string}"
    for level in range(120):
        inner = f"{{type: object, properties: {{p{level}: {inner}}}}}"
    return {
        "nested.yaml": base.replace(
            "        message: {type: string}\n", f"        message: {{type: string}}\n        deep: {inner}\n"
        )
    }

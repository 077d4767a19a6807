"""3,000 schemas, each only a $ref to the next: flat text, but every walker that follows
references descends 3,000 times (openapi-spec-validator raised RecursionError)."""

COUNT = 3000


def specs(base: str) -> dict[str, str]:
    chain = "".join(f'    S{i}: {{$ref: "#/components/schemas/S{i + 1}"}}\n' for i in range(COUNT))
    chain += f"    S{COUNT}: {{type: string}}\n"
    body = base.replace("        message: {type: string}\n", '        message: {type: string}\n        chained: {$ref: "#/components/schemas/S0"}\n')
    return {"chain.yaml": body.replace("  schemas:\n", "  schemas:\n" + chain, 1)}

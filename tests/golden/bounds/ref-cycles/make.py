"""$ref loops: A -> B -> A through properties (recursion: a warning), a schema through its own allOf and responses naming each other (errors)."""

CYCLES = """\
    LoopA:
      type: object
      properties:
        b: {$ref: "#/components/schemas/LoopB"}
    LoopB:
      type: object
      properties:
        a: {$ref: "#/components/schemas/LoopA"}
    Itself:
      allOf:
        - {$ref: "#/components/schemas/Itself"}
        - {type: object, properties: {x: {type: string}}}
  responses:
    "409": {$ref: "#/components/responses/410"}
    "410": {$ref: "#/components/responses/409"}
"""


def specs(base: str) -> dict[str, str]:
    return {"cycles.yaml": base.replace("  responses:\n", CYCLES, 1)}

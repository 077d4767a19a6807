"""Catastrophic-backtracking patterns next to strings that make them backtrack: in a string
schema's default, a property's enum, patternProperties with additionalProperties, an
allOf that datamodel-code-generator would intersect, and a response header's schema, with
examples. Valid specs: nothing may run them."""

EVIL = "^(a+)+$"
SLOW = "a" * 40 + "!"

SCHEMAS = f"""\
    Evil:
      type: string
      pattern: '{EVIL}'
      default: '{SLOW}'
    EvilObject:
      type: object
      properties:
        {SLOW}: {{type: string}}
        kind: {{type: string, enum: ['{SLOW}'], pattern: '{EVIL}'}}
      patternProperties:
        '{EVIL}': {{type: string}}
      additionalProperties: false
      default: {{'{SLOW}': x, kind: '{SLOW}'}}
    EvilAllOf:
      allOf:
        - {{type: string, pattern: '{EVIL}'}}
        - {{type: string, enum: ['{SLOW}']}}
"""


HEADERS = f"""\
      headers:
        X-Evil:
          schema: {{type: string, pattern: '{EVIL}', default: '{SLOW}', examples: ['{SLOW}']}}
          example: '{SLOW}'
      description: Bad request."""


def specs(base: str) -> dict[str, str]:
    spec = base.replace("  schemas:\n", "  schemas:\n" + SCHEMAS, 1).replace("      description: Bad request.", HEADERS, 1)
    return {"redos.yaml": spec}

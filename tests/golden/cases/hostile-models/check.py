"""The models keep every hostile name as a dictionary key or a Literal value."""

import typing

from hostile_models import models

PAYLOAD = "\"\"\"; open('pwned', 'w'); \"\"\""

hints = typing.get_type_hints(models.Class)
assert list(hints) == ["def", "class", "__init__", "0day", "a-b", "rate-limit.exceeded", PAYLOAD, "x\u2028y\r\0",
                       "{{ x }}", "str", "TypedDict", "title", "kind", "fixed", "meta"], list(hints)
assert models.Class.__required_keys__ == frozenset({"def"})
kind = typing.get_args(typing.get_args(hints["kind"])[0])
assert kind == ("a'b", '"""', "\\", "x\ny", "\0", "{x}", "\u2028", "__import__('os').system('touch pwned')", 1), kind
assert typing.get_args(hints["fixed"]) == ("')\"; open('pwned', 'w')",)
assert list(typing.get_type_hints(models.ClassMeta)) == ["__import__('os')"]
assert list(typing.get_type_hints(models.Model0DayItemsItem)) == ['"']
assert typing.get_args(models.Init) == (PAYLOAD,)
assert typing.get_args(models.RateLimitExceeded) == (models.Class, models.RateLimitExceededOption2)
print("  every hostile name is data: keys and Literal values exactly as in the spec")

import acme.errors

assert "specs/acme.yml" in (acme.errors.__doc__ or ""), acme.errors.__doc__
assert acme.errors.ERRORS_BY_CODE["NO_SUCH_THING"].__name__ == "NoSuchThingError"
print("  the .yml spec was generated and names itself")

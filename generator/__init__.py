"""Turn vendors' error contracts (OpenAPI 3.1 fragments) into typed Python packages.

The pipeline, one module per stage:

    loader    YAML -> plain data + a map of JSON pointers to source positions
    validate  plain data -> diagnostics (file:line:col, pointer, hint)
    build     plain data -> the intermediate model (``model``), naming decided
    render    model -> module sources, through ``templates/``
    bodies    model -> ``models.py`` via datamodel-code-generator
    formatting   one black pass, in-process
    pipeline  the stages above, returning {relative path: content}
    writer    the only stage that touches ``generated/``
"""

__version__ = "0.1.0"

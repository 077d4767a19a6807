"""Turn vendors' error contracts (OpenAPI 3.1 fragments) into typed Python packages.

The pipeline, one folder per stage:

    model/    the intermediate model, naming, statuses, body paths, JSON pointers
    spec/     YAML -> plain data with locations; validation -> diagnostics; build -> model
    emit/     model -> module sources (templates/), ERRORS.md, models.py, one black pass
    output/   the only stage that touches ``generated/``, and the content-hash cache
    diff/     two versions of the specs, built, compared and reported

``pipeline`` runs the stages in order (with the cache and worker processes) and
returns ``{relative path: content}``; ``cli`` parses arguments, prints and picks exit
statuses.
"""

__version__ = "0.3.0"

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while importing
    print("generator: interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())

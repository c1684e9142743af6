"""Issue #19: the spellings of a path traversal the gateway and the services must refuse (400 problem+json),
and the root endpoints of a service they would otherwise reach anonymously."""

# "{t}" is the root endpoint aimed at; each spelling is appended to /api/<svc>/ or /intern/<svc>/.
TRAVERSALS = [
    "%2e%2e/%2e%2e/{t}",          # percent-encoded dot segments (the reported one)
    "..%2f..%2f{t}",              # encoded slash (the reported one)
    "%2e%2e%2f%2e%2e%2f{t}",      # both encoded
    "..%2F..%2F{t}",              # upper-case escape
    "%2E%2e/%2e%2E/{t}",          # mixed case
    "..%5c..%5c{t}",              # encoded backslash
    "..\\..\\{t}",                # raw backslash
    "%252e%252e/%252e%252e/{t}",  # double encoding
    "..%252f..%252f{t}",          # double-encoded slash
    "..%255c..%255c{t}",          # double-encoded backslash
    "../../{t}",                  # plain dot segments
    "./{t}",                      # a single dot segment
    "%2e/{t}",                    # an encoded single dot
    "%2e./%2e./{t}",              # half encoded
    ".%2e/.%2e/{t}",              # the other half
    "/{t}",                       # an empty segment (//)
    "..;/..;/{t}",                # a path parameter behind the dots (Tomcat style)
    "%c0%ae%c0%ae/%c0%ae%c0%ae/{t}",  # overlong UTF-8 dots
    "..%c0%af..%c0%af{t}",        # overlong UTF-8 slash
    "%e0%80%ae%e0%80%ae/{t}",     # three-byte overlong dots
    "%ef%bc%8e%ef%bc%8e/{t}",     # full-width dots (NFKC folds them to "..")
    "{t}%00",                     # NUL
    "%00/../{t}",                 # NUL and dots
    "%0d%0aX-Injected:%201/{t}",  # CR LF
    "%09/{t}",                    # tab
    "%7f/{t}",                    # DEL
    "%u2216..%u2216{t}",          # IIS-style %u escape (malformed for us)
]
ROOT_ENDPOINTS = ["metrics", "readyz", "docs", "openapi.json"]
ROOT_PATHS = {"/" + t for t in ROOT_ENDPOINTS} | {"/healthz"}


def spellings(prefix: str):
    for spelling in TRAVERSALS:
        for target in ROOT_ENDPOINTS:
            yield prefix + spelling.format(t=target)

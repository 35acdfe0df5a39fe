"""Schemathesis hooks for the portal's API contract test (see schemathesis.toml beside it).

The API's rule for `Idempotency-Key` is "a new key per request; the same key only to retry the
same request": schemathesis would otherwise send one generated key with many different bodies,
which the server rightly refuses (422 idempotency_key_reused). A schema-valid key is replaced by
a fresh UUID; a key that breaks the documented rule is left as generated, so the negative checks
still see the server refuse it.
"""

import re
import uuid

import schemathesis

VALID_KEY = re.compile(r"^[!-~]{1,255}$")


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and isinstance(headers[name], str) and VALID_KEY.match(headers[name]):
            headers[name] = str(uuid.uuid4())


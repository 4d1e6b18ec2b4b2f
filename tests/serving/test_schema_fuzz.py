"""Property-based fuzzing of the API from its own OpenAPI schema (schemathesis).

Every operation gets generated requests, as an admin; no answer may be a 500 or break the
schema (status codes, content types, bodies). Bounded so it runs in the normal suite.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from serving.auth import service as keys
from serving.auth.models import Role
from serving.main import create_app
from serving.runtime import Runtime
from tousu.settings import Settings

# both stores: PostgreSQL refuses what SQLite takes (a NUL in text), and a 5xx on either fails
pytestmark = pytest.mark.parametrize("store_url", ["sqlite", "postgresql"], indirect=True)
MAX_EXAMPLES = 30

# the schema is read from the app itself at import; a placeholder runtime keeps the app's
# start-up from loading a model then (a fresh clone has none); each test installs a real one
app = create_app(Settings(env="test", _env_file=None))
app.state.runtime = "installed per test"
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
ADMIN_KEY: dict[str, str] = {}


@schema.auth()
class AdminKey:
    """Sends the test's admin key; schemathesis' auth checks remove or spoil it on purpose."""

    def get(self, case, context):
        return ADMIN_KEY.get("key", "tsk_unset_unset")  # set by the fixture before any call

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def admin_key(settings, grader):
    runtime = Runtime.start(settings, grader=grader)
    app.state.runtime = runtime
    with runtime.sessions() as session:
        key = keys.create(session=session, secret_key=settings.secret_key, role=Role.admin).key
    ADMIN_KEY["key"] = key
    yield key
    runtime.close()


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_server_error_and_responses_match_the_schema(case, admin_key):
    # positive_data_acceptance is left out: a schema-valid text may still be refused with a
    # coded 422 (whitespace only, no Chinese at all), which the schema cannot express
    case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])

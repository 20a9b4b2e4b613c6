"""A real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit in its own
Django project, served in its own process (`serve.py`; the fixture is in
`tests/organisation/oidc_support.py`)."""

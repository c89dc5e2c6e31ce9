"""The JSON API (django-ninja); OpenAPI document at ``/api/docs``."""

from ninja import NinjaAPI

api = NinjaAPI(title="dudao API", version="1", urls_namespace="api")

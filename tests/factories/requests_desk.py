from __future__ import annotations

from typing import Any

import factory

from requests_desk.models import RequestType, RequestTypeVersion

SIMPLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"what": {"type": "string", "minLength": 1}, "amount": {"type": "integer"}},
    "required": ["what"],
    "additionalProperties": False,
}


class RequestTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestType

    code = factory.Sequence(lambda n: f"type{n}")
    category = "other"


class RequestTypeVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestTypeVersion
        skip_postgeneration_save = True

    request_type = factory.SubFactory(RequestTypeFactory)
    number = 1
    name_nl = factory.Sequence(lambda n: f"Aanvraag {n}")
    name_en = factory.Sequence(lambda n: f"Request {n}")
    form_schema = factory.LazyFunction(lambda: dict(SIMPLE_SCHEMA))
    route = factory.LazyFunction(lambda: [{"kind": "team_lead"}])
    desk = None
    sla_days = 5
    outcome_kind = "order"
    privacy_class = "personal"
    retention_days = 365
    retention_after_employment = False

    @factory.post_generation
    def make_current(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.request_type.current_version = self
            self.request_type.save(update_fields=["current_version"])

from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from common.converters import IdConverter


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        # before any URL conf is loaded (they are loaded lazily, after the app registry)
        register_converter(IdConverter, "id")

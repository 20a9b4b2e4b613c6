from tests.requests_desk.conftest import catalogue, vz_staff

__all__ = ["catalogue", "vz_staff"]

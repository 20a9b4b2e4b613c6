"""Request desk API: catalogue, requests and their one workflow, inboxes, data export."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request as HttpRequest
from rest_framework.response import Response

from common.api import ApiView, bool_query_param
from common.errors import NotFound
from common.pagination import paginated_response
from common.sync import CHANGED_SINCE_DOC, changes_output_serializer, changes_response
from organisation.models import Delegation, Officer
from requests_desk import selectors
from requests_desk.api import serializers as s
from requests_desk.models import RequestAttachment, RequestComment, State
from requests_desk.services import (
    attachments,
    catalogue,
    delegations,
    privacy,
    workflow,
)


class RequestTypeListApi(ApiView):
    @extend_schema(
        responses=s.RequestTypeListOutputSerializer(many=True),
        parameters=[OpenApiParameter("q", str), OpenApiParameter("category", str)],
    )
    def get(self, request: HttpRequest) -> Response:
        qs = selectors.request_type_list(
            q=request.query_params.get("q", "").strip(),
            category=request.query_params.get("category", "").strip(),
        )
        return paginated_response(
            serializer_class=s.RequestTypeListOutputSerializer,
            queryset=qs,
            request=request,
            view=self,
        )

    @extend_schema(
        request=s.RequestTypeCreateInputSerializer,
        responses={201: s.RequestTypeDetailOutputSerializer},
    )
    def post(self, request: HttpRequest) -> Response:
        data = s.RequestTypeCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rt = catalogue.request_type_create(actor=self.actor, **data.validated_data)
        rt = selectors.request_type_get(code=rt.code, include_inactive=True)
        return Response(
            s.RequestTypeDetailOutputSerializer(rt).data, status=status.HTTP_201_CREATED
        )


class RequestTypeDetailApi(ApiView):
    @extend_schema(responses=s.RequestTypeDetailOutputSerializer)
    def get(self, request: HttpRequest, code: str) -> Response:
        rt = selectors.request_type_get(code=code)
        return Response(s.RequestTypeDetailOutputSerializer(rt).data)

    @extend_schema(
        request=s.RequestTypeContentInputSerializer,
        responses=s.RequestTypeDetailOutputSerializer,
    )
    def patch(self, request: HttpRequest, code: str) -> Response:
        rt = selectors.request_type_get(code=code, include_inactive=True)
        data = s.RequestTypeContentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        catalogue.request_type_update(actor=self.actor, request_type=rt, **data.validated_data)
        rt = selectors.request_type_get(code=code, include_inactive=True)
        return Response(s.RequestTypeDetailOutputSerializer(rt).data)


def _detail(actor: Officer, request_id: int) -> Response:
    obj = (
        selectors.request_list(actor=actor)
        .prefetch_related(
            "events",
            "attachments",
            Prefetch("comments", queryset=RequestComment.objects.order_by("id")),
        )
        .filter(pk=request_id)
        .first()
    )
    if obj is None:
        raise NotFound()
    privacy.request_read_record(actor=actor, request=obj)
    show_internal = selectors.internal_comments_visible(actor=actor, request=obj)
    return Response(
        s.RequestDetailOutputSerializer(obj, context={"show_internal": show_internal}).data
    )


class RequestListApi(ApiView):
    @extend_schema(
        responses=s.RequestOutputSerializer(many=True),
        parameters=[OpenApiParameter("state", str), OpenApiParameter("type", str)],
    )
    def get(self, request: HttpRequest) -> Response:
        """My requests (as requester)."""
        qs = selectors.my_request_list(actor=self.actor)
        state = request.query_params.get("state")
        if state:
            if state not in State.values:
                raise drf.ValidationError({"state": [_("Unknown state.")]})
            qs = qs.filter(state=state)
        if request.query_params.get("type"):
            qs = qs.filter(request_type__code=request.query_params["type"])
        return paginated_response(
            serializer_class=s.RequestOutputSerializer, queryset=qs, request=request, view=self
        )

    @extend_schema(
        request=s.RequestCreateInputSerializer, responses={201: s.RequestDetailOutputSerializer}
    )
    def post(self, request: HttpRequest) -> Response:
        data = s.RequestCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            rt = selectors.request_type_get(code=data.validated_data["type"])
        except NotFound:
            raise drf.ValidationError({"type": [_("Unknown request type.")]}) from None
        obj = workflow.request_create(
            actor=self.actor,
            request_type=rt,
            form_data=data.validated_data["form_data"],
            submit=data.validated_data["submit"],
        )
        response = _detail(self.actor, obj.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


RequestChangesOutputSerializer = changes_output_serializer(
    "RequestChangesOutputSerializer", s.RequestOutputSerializer
)


class RequestChangesApi(ApiView):
    @extend_schema(
        responses=RequestChangesOutputSerializer,
        parameters=[OpenApiParameter("changed_since", str, description=CHANGED_SINCE_DOC)],
    )
    def get(self, request: HttpRequest) -> Response:
        """My requests (as requester) changed or gone since my last sync (docs/sync.md)."""
        items = s.RequestOutputSerializer(
            selectors.my_request_list(actor=self.actor), many=True
        ).data
        return changes_response(
            request=request,
            user_id=self.actor.pk,
            list_key="requests",
            items=items,
        )


class RequestDetailApi(ApiView):
    @extend_schema(responses=s.RequestDetailOutputSerializer)
    def get(self, request: HttpRequest, request_id: int) -> Response:
        return _detail(self.actor, request_id)

    @extend_schema(
        request=s.RequestUpdateInputSerializer, responses=s.RequestDetailOutputSerializer
    )
    def patch(self, request: HttpRequest, request_id: int) -> Response:
        obj = selectors.request_get(actor=self.actor, request_id=request_id)
        data = s.RequestUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        workflow.request_update(
            actor=self.actor, request=obj, form_data=data.validated_data["form_data"]
        )
        return _detail(self.actor, request_id)


class RequestTransitionApi(ApiView):
    @extend_schema(request=s.TransitionInputSerializer, responses=s.RequestDetailOutputSerializer)
    def post(self, request: HttpRequest, request_id: int) -> Response:
        data = s.TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignee = None
        if "assignee" in data.validated_data:
            assignee = Officer.objects.filter(pk=data.validated_data["assignee"]).first()
            if assignee is None:
                raise drf.ValidationError({"assignee": [_("Unknown officer.")]})
        obj = workflow.request_act(
            actor=self.actor,
            request_id=request_id,
            action=data.validated_data["action"],
            comment=data.validated_data.get("comment", ""),
            assignee=assignee,
        )
        try:
            return _detail(self.actor, request_id)
        except NotFound:  # an approver of a special-category request: status only
            return Response(s.RequestOutputSerializer(obj).data)


class RequestCommentCreateApi(ApiView):
    @extend_schema(request=s.CommentInputSerializer, responses={201: s.CommentOutputSerializer})
    def post(self, request: HttpRequest, request_id: int) -> Response:
        obj = selectors.request_get(actor=self.actor, request_id=request_id)
        data = s.CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = workflow.comment_create(actor=self.actor, request=obj, **data.validated_data)
        return Response(s.CommentOutputSerializer(comment).data, status=status.HTTP_201_CREATED)


class RequestAttachmentCreateApi(ApiView):
    parser_classes = [MultiPartParser]  # the one endpoint that takes a file, not JSON

    @extend_schema(
        request={"multipart/form-data": s.AttachmentInputSerializer},
        responses={201: s.AttachmentOutputSerializer},
    )
    def post(self, request: HttpRequest, request_id: int) -> Response:
        obj = selectors.request_get(actor=self.actor, request_id=request_id)
        data = s.AttachmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = attachments.attachment_create(
            actor=self.actor, request=obj, upload=data.validated_data["file"]
        )
        return Response(
            s.AttachmentOutputSerializer(attachment).data, status=status.HTTP_201_CREATED
        )


class RequestAttachmentDownloadApi(ApiView):
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: HttpRequest, request_id: int, attachment_id: int) -> FileResponse:
        obj = selectors.request_get(actor=self.actor, request_id=request_id)
        attachment = RequestAttachment.objects.filter(request=obj, pk=attachment_id).first()
        if attachment is None:
            raise NotFound()
        privacy.request_read_record(actor=self.actor, request=obj)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


class ApprovalInboxApi(ApiView):
    @extend_schema(
        responses=s.ApprovalTaskOutputSerializer(many=True),
        parameters=[OpenApiParameter("type", str)],
    )
    def get(self, request: HttpRequest) -> Response:
        """Waiting for me: one list of approvable items."""
        qs = selectors.approval_inbox(actor=self.actor)
        if request.query_params.get("type"):
            qs = qs.filter(request__request_type__code=request.query_params["type"])
        return paginated_response(
            serializer_class=s.ApprovalTaskOutputSerializer,
            queryset=qs,
            request=request,
            view=self,
        )


class DeskQueueApi(ApiView):
    @extend_schema(
        responses=s.RequestOutputSerializer(many=True),
        parameters=[
            OpenApiParameter("assigned", str, enum=["me", "none"]),
            OpenApiParameter("state", str, enum=["approved", "in_fulfilment"]),
            OpenApiParameter("overdue", bool),
        ],
    )
    def get(self, request: HttpRequest) -> Response:
        qs = selectors.desk_queue(actor=self.actor)
        state = request.query_params.get("state")
        if state is not None:  # present but empty is as wrong as an unknown state
            if state not in (State.APPROVED, State.IN_FULFILMENT):
                raise drf.ValidationError({"state": [_("Use approved or in_fulfilment.")]})
            qs = qs.filter(state=state)
        overdue = bool_query_param(request, "overdue")
        if overdue is not None:
            qs = qs.filter(overdue=overdue)
        assigned = request.query_params.get("assigned")
        if assigned == "me":
            qs = qs.filter(assignee=self.actor)
        elif assigned == "none":
            qs = qs.filter(assignee__isnull=True)
        elif assigned is not None:
            raise drf.ValidationError({"assigned": [_("Use me or none.")]})
        return paginated_response(
            serializer_class=s.RequestOutputSerializer, queryset=qs, request=request, view=self
        )


class DelegationListApi(ApiView):
    @extend_schema(responses=s.DelegationSerializer(many=True))
    def get(self, request: HttpRequest) -> Response:
        return paginated_response(
            serializer_class=s.DelegationSerializer,
            queryset=Delegation.objects.filter(approver=self.actor),
            request=request,
            view=self,
        )

    @extend_schema(request=s.DelegationInputSerializer, responses={201: s.DelegationSerializer})
    def post(self, request: HttpRequest) -> Response:
        data = s.DelegationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = delegations.delegation_create(
            actor=self.actor,
            substitute_id=data.validated_data["substitute"],
            start_date=data.validated_data["start_date"],
            end_date=data.validated_data["end_date"],
        )
        return Response(s.DelegationSerializer(d).data, status=status.HTTP_201_CREATED)


class DelegationEndApi(ApiView):
    @extend_schema(request=None, responses={200: s.DelegationSerializer, 204: None})
    def post(self, request: HttpRequest, delegation_id: int) -> Response:
        """End my delegation now (204 when it had not started yet and is withdrawn)."""
        d = delegations.delegation_end(actor=self.actor, delegation_id=delegation_id)
        if d is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(s.DelegationSerializer(d).data)


class MeExportApi(ApiView):
    @extend_schema(responses={(200, "application/json"): OpenApiTypes.OBJECT})
    def get(self, request: HttpRequest) -> Response:
        """All that is stored about me as JSON (AVG right of access): my requests,
        notifications and phones, and the sections apps above the desk add (balances,
        terms of employment)."""
        export = selectors.export_for(actor=self.actor)
        privacy.requests_export_record(actor=self.actor)
        return Response(export)

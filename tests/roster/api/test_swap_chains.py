"""The swap-chain API: offers, chains, accept/decline, the lead's approval in the inbox."""

import pytest

from roster.models import Assignment, Phase, TeamSwapPolicy
from roster.swap_chain_models import SwapChain, SwapOffer
from tests.factories.organisation import AbsenceFactory, OfficerFactory, QualificationFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(team):
    return PeriodFactory(team=team, phase=Phase.PUBLISHED)


@pytest.fixture
def third(team, basis):
    o = OfficerFactory(first_name="Daan", last_name="Dekker", teams=[team])
    QualificationFactory(officer=o, skill=basis)
    return o


@pytest.fixture
def places(officer, colleague, third, published, basis):
    made = []
    for who, day in ((officer, 11), (colleague, 12), (third, 13)):
        shift = ShiftFactory(period=published, start=aware(2027, 1, day, 7, 0))
        made.append(AssignmentFactory(officer=who, shift=shift, skill=basis))
    return made


def _offer(client, assignment, *wanted, **extra):
    body = {"assignment": assignment, "wanted_shifts": list(wanted), **extra}
    return client.post("/api/v1/swap-offers/", body, format="json")


@pytest.fixture
def chain(officer, colleague, third, places, api_client_for):
    a, b, c = places
    assert _offer(api_client_for(officer), a.pk, b.shift_id).status_code == 201
    assert _offer(api_client_for(colleague), b.pk, c.shift_id).status_code == 201
    assert _offer(api_client_for(third), c.pk, a.shift_id).status_code == 201
    return SwapChain.objects.get()


def test_offer_is_created_and_read_back_by_its_officer(officer, places, api_client_for):
    a, b, _c = places
    client = api_client_for(officer)
    response = _offer(client, a.pk, b.shift_id, note="Liever later")
    assert response.status_code == 201, response.data
    assert response.data["status"] == "open"
    assert response.data["shift"]["id"] == a.shift_id
    assert [s["id"] for s in response.data["wanted_shifts"]] == [b.shift_id]
    assert response.data["skill"] == "basis"
    listed = client.get("/api/v1/swap-offers/").data
    assert [o["id"] for o in listed["results"]] == [response.data["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"wanted_shifts": []}, "wanted_shifts"),
        ({"wanted_shifts": "x"}, "wanted_shifts"),
        ({"wanted_shifts": [999999]}, "wanted_shifts"),
        ({"assignment": "abc"}, "assignment"),
        ({"note": "x" * 501}, "note"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_offer_input_is_400_naming_the_field_and_saves_nothing(
    officer, places, api_client_for, body, field
):
    a, b, _c = places
    full = {"assignment": a.pk, "wanted_shifts": [b.shift_id], **body}
    response = api_client_for(officer).post("/api/v1/swap-offers/", full, format="json")
    assert response.status_code == 400
    assert field in response.data["fields"]
    assert not SwapOffer.objects.exists()


def test_offering_someone_elses_place_is_400_on_assignment(officer, places, api_client_for):
    _a, b, c = places
    response = _offer(api_client_for(officer), b.pk, c.shift_id)
    assert response.status_code == 400
    assert "assignment" in response.data["fields"]
    assert not SwapOffer.objects.exists()


def test_wanting_a_shift_of_another_team_is_400_on_wanted_shifts(
    officer, other_team, places, api_client_for
):
    elsewhere = ShiftFactory(period=PeriodFactory(team=other_team, phase=Phase.PUBLISHED))
    response = _offer(api_client_for(officer), places[0].pk, elsewhere.pk)
    assert response.status_code == 400
    assert "wanted_shifts" in response.data["fields"]


def test_wanting_a_shift_he_works_already_is_400_on_wanted_shifts(
    officer, published, basis, places, api_client_for
):
    own = AssignmentFactory(
        officer=officer,
        shift=ShiftFactory(period=published, start=aware(2027, 1, 20, 7, 0)),
        skill=basis,
    )
    response = _offer(api_client_for(officer), places[0].pk, own.shift_id)
    assert response.status_code == 400
    assert "wanted_shifts" in response.data["fields"]
    assert not SwapOffer.objects.exists()


def test_an_offer_is_read_by_its_officer_only(
    officer, colleague, team_lead, places, api_client_for
):
    a, b, _c = places
    offer_id = _offer(api_client_for(officer), a.pk, b.shift_id).data["id"]
    for reader in (colleague, team_lead):
        assert api_client_for(reader).get(f"/api/v1/swap-offers/{offer_id}/").status_code == 404
        assert (
            api_client_for(reader).post(f"/api/v1/swap-offers/{offer_id}/withdraw/").status_code
            == 404
        )
    withdrawn = api_client_for(officer).post(f"/api/v1/swap-offers/{offer_id}/withdraw/")
    assert withdrawn.data["status"] == "withdrawn"


def test_the_parties_read_the_chain_with_its_shifts_and_names(
    officer, colleague, third, chain, places, api_client_for
):
    for party in (officer, colleague, third):
        body = api_client_for(party).get(f"/api/v1/swap-chains/{chain.pk}/").data
        assert body["status"] == "proposed"
        assert [(leg["giver"], leg["taker"]) for leg in body["legs"]] == [
            (officer.pk, third.pk),
            (colleague.pk, officer.pk),
            (third.pk, colleague.pk),
        ]
        assert [leg["shift"]["id"] for leg in body["legs"]] == [p.shift_id for p in places]
        assert body["legs"][1]["giver_name"] == colleague.get_full_name()
        assert set(body["legs"][0]) == {
            "position", "giver", "giver_name", "taker", "taker_name", "shift", "skill", "accepted",
        }  # fmt: skip


def test_a_party_learns_nothing_of_a_colleagues_absence(
    officer, colleague, third, chain, api_client_for
):
    # given: the third party reports sick; the chain is void at the next acceptance
    AbsenceFactory(
        officer=third, kind="sick", start=aware(2027, 1, 10, 0, 0), end=aware(2027, 1, 20, 0, 0)
    )
    response = api_client_for(officer).post(f"/api/v1/swap-chains/{chain.pk}/accept/")
    assert response.status_code == 409
    assert response.data["code"] == "swap_chain_void"
    body = api_client_for(officer).get(f"/api/v1/swap-chains/{chain.pk}/").data
    assert (body["status"], body["reason"]) == ("void", "no_longer_lawful")
    text = str(response.data) + str(body)
    assert "sick" not in text.lower()
    assert "absent" not in text.lower()


def test_outsiders_do_not_see_the_chain(
    chain, team, other_officer, other_team_lead, api_client_for
):
    bystander = OfficerFactory(teams=[team])
    for reader in (bystander, other_officer, other_team_lead):
        client = api_client_for(reader)
        assert client.get(f"/api/v1/swap-chains/{chain.pk}/").status_code == 404
        assert client.post(f"/api/v1/swap-chains/{chain.pk}/accept/").status_code == 404
        assert client.get("/api/v1/swap-chains/").data["count"] == 0


def test_the_team_lead_sees_the_chain_but_may_not_accept_it(chain, team_lead, api_client_for):
    client = api_client_for(team_lead)
    assert client.get(f"/api/v1/swap-chains/{chain.pk}/").status_code == 200
    assert client.post(f"/api/v1/swap-chains/{chain.pk}/accept/").status_code == 403


def test_everyone_accepts_over_the_api_and_the_places_move(
    officer, colleague, third, chain, places, api_client_for
):
    for party in (officer, colleague):
        response = api_client_for(party).post(f"/api/v1/swap-chains/{chain.pk}/accept/")
        assert response.status_code == 200
        assert response.data["status"] == "proposed"
    done = api_client_for(third).post(f"/api/v1/swap-chains/{chain.pk}/accept/")
    assert done.data["status"] == "applied"
    assert all(leg["accepted"] for leg in done.data["legs"])
    holders = [Assignment.objects.get(pk=p.pk).officer_id for p in places]
    assert holders == [third.pk, officer.pk, colleague.pk]
    again = api_client_for(officer).post(f"/api/v1/swap-chains/{chain.pk}/accept/")
    assert again.status_code == 409
    assert again.data["code"] == "swap_chain_not_open"


def test_a_decline_over_the_api_changes_nothing(
    officer, colleague, third, chain, places, api_client_for
):
    response = api_client_for(colleague).post(f"/api/v1/swap-chains/{chain.pk}/decline/")
    assert response.data["status"] == "declined"
    holders = [Assignment.objects.get(pk=p.pk).officer_id for p in places]
    assert holders == [officer.pk, colleague.pk, third.pk]


def test_the_lead_approves_once_in_the_inbox(
    officer, colleague, third, team, team_lead, places, api_client_for
):
    TeamSwapPolicy.objects.create(team=team, auto_approve=False)
    a, b, c = places
    _offer(api_client_for(officer), a.pk, b.shift_id)
    _offer(api_client_for(colleague), b.pk, c.shift_id)
    _offer(api_client_for(third), c.pk, a.shift_id)
    chain = SwapChain.objects.get()
    for party in (officer, colleague, third):
        api_client_for(party).post(f"/api/v1/swap-chains/{chain.pk}/accept/")
    lead = api_client_for(team_lead)
    inbox = lead.get("/api/v1/inbox/?kind=swap_chain").data["results"]
    assert [(i["kind"], i["id"], i["status"]) for i in inbox] == [
        ("swap_chain", chain.pk, "accepted")
    ]
    assert lead.get("/api/v1/inbox/counts/").data["inbox"]["swap_chain"] == 1
    # a party sees nothing to approve
    assert api_client_for(officer).get("/api/v1/inbox/?kind=swap_chain").data["results"] == []
    decided = lead.post(f"/api/v1/inbox/swap_chain/{chain.pk}/approve/", {}, format="json")
    assert decided.status_code == 200, decided.data
    assert decided.data["status"] == "applied"
    holders = [Assignment.objects.get(pk=p.pk).officer_id for p in places]
    assert holders == [third.pk, officer.pk, colleague.pk]
    assert lead.get("/api/v1/inbox/counts/").data["inbox"]["swap_chain"] == 0


def test_chain_list_has_fixed_queries(
    officer, colleague, third, team, published, basis, api_client_for, django_assert_num_queries
):
    # two chains of three
    for week in (0, 1):
        made = []
        for who, day in ((officer, 11), (colleague, 12), (third, 13)):
            shift = ShiftFactory(period=published, start=aware(2027, 1, day + 7 * week, 7, 0))
            made.append(AssignmentFactory(officer=who, shift=shift, skill=basis))
        a, b, c = made
        _offer(api_client_for(officer), a.pk, b.shift_id)
        _offer(api_client_for(colleague), b.pk, c.shift_id)
        _offer(api_client_for(third), c.pk, a.shift_id)
        if week == 0:
            # officers of a pending chain wait: accept and apply it first
            chain = SwapChain.objects.get()
            for party in (officer, colleague, third):
                api_client_for(party).post(f"/api/v1/swap-chains/{chain.pk}/accept/")
    assert SwapChain.objects.count() == 2
    client = api_client_for(officer)
    # user, scope roles, scope teams, count, page, legs
    with django_assert_num_queries(6):
        response = client.get("/api/v1/swap-chains/")
    assert response.data["count"] == 2

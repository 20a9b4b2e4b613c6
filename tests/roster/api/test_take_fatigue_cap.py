"""The team's fatigue cap holds on every path that lets an officer take a place outside the
solver (issue 18): a claim, a fair award, a swap, a swap chain and a planner's manual
assignment are refused with 422 `rule_violation`, `extra.rule` `project.fatigue_cap`, when
they would put a day of the officer's above the cap (`roster.compliance.change_violations`).

The score (`docs/fatigue.md`): one point per full hour in the last 7 days, 3 per night, ...
With a cap of 20 two earlies of 8 h (16 points) leave room for no third one (24)."""

import datetime as dt

import pytest

from roster.models import (
    Assignment,
    OpenShiftClaim,
    OpenShiftPolicy,
    Phase,
    Swap,
    TeamFatiguePolicy,
    TeamSwapPolicy,
)
from roster.services.swap_chains import swap_offer_create
from roster.swap_chain_models import SwapChain
from tests.factories.organisation import OfficerFactory, QualificationFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db

FATIGUE = "project.fatigue_cap"


@pytest.fixture
def published(team):
    return PeriodFactory(team=team, phase=Phase.PUBLISHED)


@pytest.fixture
def proposed(team):
    return PeriodFactory(team=team, phase=Phase.PROPOSED)


def cap(team, points):
    TeamFatiguePolicy.objects.update_or_create(
        team=team, defaults={"cap_enabled": True, "cap": points}
    )


def early(period, day, month=1, year=2027, demand=None):
    return ShiftFactory(
        period=period, start=aware(year, month, day, 7, 0), demand=demand or {"basis": 1}
    )


def night(period, day, month, year=2027):
    start = aware(year, month, day, 22, 0)
    end = aware(*(start + dt.timedelta(days=1)).timetuple()[:3], 7, 0)
    return ShiftFactory(period=period, kind="night", start=start, end=end, demand={"basis": 1})


def english(*officers):
    for o in officers:
        o.language = "en"
        o.save(update_fields=["language"])


def works(officer, basis, *shifts):
    for shift in shifts:
        AssignmentFactory(officer=officer, shift=shift, skill=basis)


def _claim(client, shift, skill="basis"):
    return client.post(
        "/api/v1/open-shifts/claim/", {"shift": shift.id, "skill": skill}, format="json"
    )


def _listed(client):
    return {row["shift"] for row in client.get("/api/v1/open-shifts/").data["results"]}


# -- open-shift claim ------------------------------------------------------------------------


def test_a_claim_that_puts_a_day_above_the_cap_is_422_and_the_list_hides_the_place(
    officer, basis, team, published, api_client_for
):
    # given: earlies on Monday and Tuesday (16 points), the team caps at 20
    works(officer, basis, early(published, 4), early(published, 5))
    wednesday = early(published, 6)
    cap(team, 20)
    english(officer)
    client = api_client_for(officer)
    # when: he claims Wednesday's early (24 points on Wednesday)
    assert wednesday.id not in _listed(client)
    response = _claim(client, wednesday)
    # then: refused, naming the rule, his own score and the cap; nothing saved
    assert response.status_code == 422
    assert response.data["code"] == "rule_violation"
    assert response.data["extra"]["rule"] == FATIGUE
    assert response.data["extra"]["officer"] == officer.id
    # one violation per day above the cap: Wednesday to Sunday (Monday leaves the window)
    violations = response.data["extra"]["violations"]
    assert [v["message"] for v in violations] == [
        f"fatigue score 24 on 2027-01-{d:02d}, at most 20" for d in range(6, 11)
    ]
    assert {(v["value"], v["limit"]) for v in violations} == {(24, 20)}
    assert {tuple(v["shifts"]) for v in violations} == {(str(wednesday.id),)}
    assert {v["officer"] for v in violations} == {str(officer.id)}
    assert response.data["detail"] == (
        "Breaks the rule on the team's fatigue cap: a fatigue score of 24 points, at most 20 "
        "(early shift of Wed 6 Jan 07:00)."
    )
    assert not Assignment.objects.filter(shift=wednesday).exists()


def test_a_claim_up_to_the_cap_is_allowed_and_a_raised_cap_shows_the_place_again(
    officer, basis, team, published, api_client_for
):
    works(officer, basis, early(published, 4), early(published, 5))
    wednesday = early(published, 6)
    client = api_client_for(officer)
    cap(team, 20)
    assert wednesday.id not in _listed(client)
    # when the team raises its cap to exactly the score: the memo asks a new key
    cap(team, 24)
    assert wednesday.id in _listed(client)
    response = _claim(client, wednesday)
    assert response.status_code == 201, response.data
    assert Assignment.objects.get(shift=wednesday).officer == officer


def test_without_a_cap_the_claim_is_allowed(officer, basis, published, api_client_for):
    works(officer, basis, early(published, 4), early(published, 5))
    wednesday = early(published, 6)
    assert _claim(api_client_for(officer), wednesday).status_code == 201


def test_the_strictest_cap_of_his_own_team_binds_him_on_another_teams_place(
    officer, basis, team, other_team, api_client_for
):
    # given: he is also a member of the other team, which does not cap; his own team caps
    officer.teams.add(other_team)
    mine = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    theirs = PeriodFactory(team=other_team, phase=Phase.PUBLISHED)
    works(officer, basis, early(mine, 4), early(mine, 5))
    wednesday = early(theirs, 6)
    cap(team, 20)
    response = _claim(api_client_for(officer), wednesday)
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == FATIGUE


def test_the_spring_dst_night_scores_its_real_eight_hours_in_a_claim(
    officer, basis, team, api_client_for
):
    # the clocks go forward in the night of 28 March 2027: 22:00 to 07:00 is 8 h, so the
    # night scores 8 + 3 = 11 points; an ordinary night 22:00-07:00 is 9 h: 12 points
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED, start_date=dt.date(2027, 3, 1))
    ordinary = night(period, 20, 3)
    dst = night(period, 27, 3)
    cap(team, 11)
    client = api_client_for(officer)
    assert _listed(client) == {dst.id}
    refused = _claim(client, ordinary)
    assert refused.status_code == 422
    assert refused.data["extra"]["violations"][0]["value"] == 12
    assert _claim(client, dst).status_code == 201


def test_the_dutch_reader_reads_the_fatigue_cap_in_dutch(
    officer, basis, team, published, api_client_for
):
    works(officer, basis, early(published, 4), early(published, 5))
    wednesday = early(published, 6)
    cap(team, 20)
    officer.language = "nl"
    officer.save(update_fields=["language"])
    response = _claim(api_client_for(officer), wednesday)
    assert response.data["detail"].startswith(
        "Breekt de regel over de vermoeidheidsgrens van het team: een vermoeidheidsscore van "
        "24 punten, ten hoogste 20 ("
    )


# -- fair award ------------------------------------------------------------------------------


def test_a_fair_award_skips_the_claimant_whom_the_place_would_put_above_the_cap(
    officer, colleague, basis, team, published, planner, api_client_for
):
    TeamSwapPolicy.objects.create(team=team, open_shift_policy=OpenShiftPolicy.FAIR_AWARD)
    wednesday = early(published, 6)
    for o in (officer, colleague):
        assert _claim(api_client_for(o), wednesday).status_code == 202
    # meanwhile the officer got Monday and Tuesday and the team capped at 20
    works(officer, basis, early(published, 4), early(published, 5))
    cap(team, 20)
    response = api_client_for(planner).post(f"/api/v1/shifts/{wednesday.id}/award/")
    assert response.status_code == 200, response.data
    assert response.data["winners"] == [colleague.id]
    assert FATIGUE in response.data["explanation"]
    assert "points" not in response.data["explanation"]  # the rule, not his score
    lost = OpenShiftClaim.objects.get(officer=officer)
    assert lost.status == "lost"
    row = next(r for r in lost.explanation["claimants"] if not r["eligible"])
    assert row["reason"] == FATIGUE
    assert Assignment.objects.get(shift=wednesday).officer == colleague


def test_a_fair_award_within_the_cap_goes_to_the_claimant(
    officer, basis, team, published, planner, api_client_for
):
    TeamSwapPolicy.objects.create(team=team, open_shift_policy=OpenShiftPolicy.FAIR_AWARD)
    works(officer, basis, early(published, 4), early(published, 5))
    cap(team, 24)
    wednesday = early(published, 6)
    assert _claim(api_client_for(officer), wednesday).status_code == 202
    response = api_client_for(planner).post(f"/api/v1/shifts/{wednesday.id}/award/")
    assert response.data["winners"] == [officer.id]


# -- swap ------------------------------------------------------------------------------------


def _offer(client, **body):
    return client.post("/api/v1/swaps/", body, format="json")


def test_a_give_away_that_tires_the_receiver_is_422_telling_the_offerer_only_the_rule(
    officer, colleague, basis, team, published, api_client_for
):
    # given: the colleague works Monday and Tuesday; the officer offers him Wednesday
    works(colleague, basis, early(published, 4), early(published, 5))
    wednesday = early(published, 6)
    works(officer, basis, wednesday)
    place = Assignment.objects.get(officer=officer)
    cap(team, 20)
    english(officer)
    response = _offer(
        api_client_for(officer), kind="give_away", assignment=place.id, receiver=colleague.id
    )
    # then: the offerer learns the rule and whom it concerns, not the colleague's roster
    assert response.status_code == 422
    assert response.data["extra"] == {"rule": FATIGUE, "officer": colleague.id}
    assert response.data["detail"] == (
        "The swap would break the rule on the team's fatigue cap for your colleague."
    )
    assert "points" not in str(response.data)
    assert not Swap.objects.exists()


def test_a_market_offer_taken_by_a_tired_colleague_is_422_with_his_own_score(
    officer, colleague, basis, team, published, api_client_for
):
    works(colleague, basis, early(published, 4), early(published, 5))
    wednesday = early(published, 6)
    works(officer, basis, wednesday)
    place = Assignment.objects.get(officer=officer)
    offered = _offer(api_client_for(officer), kind="market", assignment=place.id)
    assert offered.status_code == 201, offered.data
    cap(team, 20)
    client = api_client_for(colleague)
    response = client.post(f"/api/v1/swaps/{offered.data['id']}/accept/", {}, format="json")
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == FATIGUE
    assert response.data["extra"]["violations"][0]["value"] == 24
    assert Assignment.objects.get(pk=place.pk).officer == officer
    # within a cap of 24 the same acceptance goes through
    cap(team, 24)
    response = client.post(f"/api/v1/swaps/{offered.data['id']}/accept/", {}, format="json")
    assert response.status_code == 200, response.data
    assert Assignment.objects.get(pk=place.pk).officer == colleague


def test_an_exchange_counts_the_place_he_gives_up(
    officer, colleague, basis, team, published, api_client_for
):
    # the colleague works Mon, Tue and Thu; he exchanges Thursday for the officer's Wednesday:
    # Wednesday scores 24 either way, but Thursday's 32 points (above the cap of 24 already)
    # fall to 24, so the exchange puts no day above its limit
    works(colleague, basis, early(published, 4), early(published, 5))
    thursday = early(published, 7)
    works(colleague, basis, thursday)
    wednesday = early(published, 6)
    works(officer, basis, wednesday)
    cap(team, 24)
    mine = Assignment.objects.get(shift=wednesday)
    theirs = Assignment.objects.get(shift=thursday)
    response = _offer(
        api_client_for(officer), kind="exchange", assignment=mine.id, wanted_assignment=theirs.id
    )
    assert response.status_code == 201, response.data


# -- swap chain ------------------------------------------------------------------------------


@pytest.fixture
def third(team, basis):
    o = OfficerFactory(first_name="Daan", teams=[team])
    QualificationFactory(officer=o, skill=basis)
    return o


def _cycle(officer, colleague, third, published, basis):
    """A works the 13th, B the 14th, C the 15th of January; C also worked the 11th and 12th.
    A wants B's shift, B wants C's, C wants A's: C would work 11, 12 and 13 (24 points)."""
    works(third, basis, early(published, 11), early(published, 12))
    a, b, c = early(published, 13), early(published, 14), early(published, 15)
    works(officer, basis, a)
    works(colleague, basis, b)
    works(third, basis, c)
    place = {s: Assignment.objects.get(shift=s) for s in (a, b, c)}
    swap_offer_create(actor=officer, assignment=place[a], wanted_shifts=[b])
    swap_offer_create(actor=colleague, assignment=place[b], wanted_shifts=[c])
    swap_offer_create(actor=third, assignment=place[c], wanted_shifts=[a])


def test_a_chain_that_puts_one_party_above_the_cap_is_not_proposed(
    officer, colleague, third, basis, team, published
):
    cap(team, 20)
    _cycle(officer, colleague, third, published, basis)
    assert not SwapChain.objects.exists()


def test_the_same_chain_within_the_cap_is_proposed(
    officer, colleague, third, basis, team, published
):
    cap(team, 24)
    _cycle(officer, colleague, third, published, basis)
    assert SwapChain.objects.count() == 1


def test_a_proposed_chain_whose_party_got_tired_meanwhile_is_void_at_acceptance(
    officer, colleague, third, basis, team, published, api_client_for
):
    _cycle(officer, colleague, third, published, basis)
    chain = SwapChain.objects.get()
    cap(team, 20)
    response = api_client_for(officer).post(f"/api/v1/swap-chains/{chain.id}/accept/")
    # then: checked again, void; the body names the chain, not the tired colleague's roster
    assert response.status_code == 409, response.data
    assert response.data["code"] == "swap_chain_void"
    assert response.data["extra"] == {"chain": chain.id}
    chain.refresh_from_db()
    assert chain.status == "void"
    assert Assignment.objects.get(shift__start=aware(2027, 1, 13, 7, 0)).officer == officer


# -- a planner's manual assignment -----------------------------------------------------------


def _assign(client, period, shift, officer, skill="basis"):
    return client.post(
        f"/api/v1/periods/{period.id}/assignments/",
        {"shift": shift.id, "officer": officer.id, "skill": skill},
        format="json",
    )


def test_a_manual_assignment_above_the_cap_is_refused_like_any_rule(
    planner, officer, basis, team, proposed, api_client_for
):
    works(officer, basis, early(proposed, 4), early(proposed, 5))
    wednesday = early(proposed, 6)
    cap(team, 20)
    response = _assign(api_client_for(planner), proposed, wednesday, officer)
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == FATIGUE
    assert response.data["extra"]["violations"][0]["limit"] == 20
    assert not Assignment.objects.filter(shift=wednesday).exists()
    cap(team, 24)
    assert _assign(api_client_for(planner), proposed, wednesday, officer).status_code == 201


def test_a_day_already_above_the_cap_may_not_get_worse_but_a_change_elsewhere_may(
    planner, officer, basis, team, proposed, api_client_for
):
    # given: Mon-Wed earlies (24 points on Wednesday), then the team caps at 20
    works(officer, basis, early(proposed, 4), early(proposed, 5), early(proposed, 6))
    cap(team, 20)
    client = api_client_for(planner)
    # a Thursday early raises Thursday to 32: refused (its limit is max(20, 24 before) = 24)
    assert _assign(client, proposed, early(proposed, 7), officer).status_code == 422
    # an early two weeks on touches none of these days
    assert _assign(client, proposed, early(proposed, 20), officer).status_code == 201


def test_the_autumn_dst_night_scores_its_real_ten_hours_in_a_manual_assignment(
    planner, officer, basis, team, api_client_for
):
    # the clocks go back in the night of 25 October 2026: 22:00 to 07:00 is 10 h (13 points);
    # a night a week earlier is 9 h (12 points)
    period = PeriodFactory(team=team, phase=Phase.PROPOSED, start_date=dt.date(2026, 10, 12))
    cap(team, 12)
    english(planner)
    client = api_client_for(planner)
    assert _assign(client, period, night(period, 17, 10, 2026), officer).status_code == 201
    response = _assign(client, period, night(period, 24, 10, 2026), officer)
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == FATIGUE
    assert response.data["extra"]["violations"][0]["value"] == 13
    assert "Sat 24 Oct 22:00" in response.data["detail"]

"""The lifecycle of a problem's judge versions: validate, approve, reject, edit, activate.

draft -> validated -> approved -> active -> superseded, and rejected from any state
before active. Judges from packages or written by staff are approved on creation;
generated ones only by a reviewer holding ``judges.review_judge`` (or by the
auto-approve setting, which records that it was used). One version per problem is
active: it is the one ``Problem.judge`` points at. A judge row is never rewritten: an
edit is a new version, validated again before it can be approved.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from judges.generation.validation import candidate_validate, validation_material
from judges.models import Judge, JudgeAction, JudgeEvent, JudgeKind, JudgeOrigin, JudgeState
from verification.errors import Forbidden, InvalidInput

REVIEW_PERMISSION = "judges.review_judge"
REVIEWABLE = (JudgeState.DRAFT, JudgeState.VALIDATED, JudgeState.APPROVED)


def can_review(user: Any) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(REVIEW_PERMISSION))


def _require_reviewer(user: Any) -> None:
    if not can_review(user):
        raise Forbidden("approving, rejecting or activating judges needs the review permission")


def judge_event_record(*, judge: Judge, action: str, actor: Any = None, note: str = "") -> None:
    JudgeEvent.objects.create(judge=judge, action=action, actor=actor, note=note)


def judge_next_version(*, key: str) -> int:
    latest = Judge.objects.filter(key=key).aggregate(top=Max("version"))["top"]
    return (latest or 0) + 1


def _transition(judge: Judge, from_states: tuple[str, ...], to_state: str, **fields: Any) -> bool:
    """Guarded move: true when this call made it (false: another call already had)."""
    moved = Judge.objects.filter(id=judge.id, state__in=from_states).update(
        state=to_state, **fields
    )
    judge.refresh_from_db()
    return moved == 1


def judge_validate(*, judge: Judge, actor: Any = None) -> dict[str, Any]:
    """Validate ``judge`` against its problem again; a draft that passes becomes validated."""
    if judge.problem is None:
        raise InvalidInput(f"judge {judge} belongs to no problem, so it cannot be validated")
    kinds = list(judge.validation.get("kinds", []))
    tolerance = judge.validation.get("float_tolerance")
    if "kinds" not in judge.validation:
        # A judge written by staff: take what the problem's last classification found.
        latest = judge.problem.judge_generations.exclude(needs_special_judge=None).first()
        if latest is not None:
            kinds = list(latest.kinds)
    report = candidate_validate(
        judge=judge,
        material=validation_material(problem=judge.problem),
        kinds=kinds,
        float_tolerance=tolerance,
    )
    record = report.as_dict() | {"kinds": kinds, "float_tolerance": tolerance}
    Judge.objects.filter(id=judge.id).update(validation=record, validated_at=timezone.now())
    if report.ok:
        _transition(judge, (JudgeState.DRAFT,), JudgeState.VALIDATED)
        judge_event_record(judge=judge, action=JudgeAction.VALIDATED, actor=actor)
    else:
        judge.refresh_from_db()
        judge_event_record(
            judge=judge,
            action=JudgeAction.VALIDATION_FAILED,
            actor=actor,
            note="\n".join(report.failures),
        )
    return record


@transaction.atomic
def judge_approve(*, judge: Judge, user: Any, activate: bool = True, note: str = "") -> Judge:
    """A reviewer approves a validated judge (and, by default, makes it the active one)."""
    _require_reviewer(user)
    if not _transition(
        judge,
        (JudgeState.VALIDATED,),
        JudgeState.APPROVED,
        approved_by=user,
        approved_at=timezone.now(),
    ):
        if judge.state in (JudgeState.APPROVED, JudgeState.ACTIVE):
            return judge
        raise InvalidInput(f"judge {judge} is {judge.state}; only a validated judge is approved")
    judge_event_record(judge=judge, action=JudgeAction.APPROVED, actor=user, note=note)
    if activate:
        judge_activate(judge=judge, user=user)
    return judge


@transaction.atomic
def judge_auto_approve(*, judge: Judge) -> Judge:
    """Approve and activate a validated judge under SCALEBOX_JUDGEGEN_AUTO_APPROVE."""
    if _transition(
        judge,
        (JudgeState.VALIDATED,),
        JudgeState.APPROVED,
        auto_approved=True,
        approved_at=timezone.now(),
    ):
        judge_event_record(
            judge=judge,
            action=JudgeAction.AUTO_APPROVED,
            note="approved without review: SCALEBOX_JUDGEGEN_AUTO_APPROVE is on",
        )
        judge_activate(judge=judge, user=None)
    return judge


@transaction.atomic
def judge_reject(*, judge: Judge, user: Any, note: str = "") -> Judge:
    _require_reviewer(user)
    if not _transition(judge, REVIEWABLE, JudgeState.REJECTED):
        if judge.state == JudgeState.REJECTED:
            return judge
        raise InvalidInput(f"judge {judge} is {judge.state}; it can no longer be rejected")
    judge_event_record(judge=judge, action=JudgeAction.REJECTED, actor=user, note=note)
    return judge


@transaction.atomic
def judge_activate(*, judge: Judge, user: Any) -> Judge:
    """Make an approved judge the one that decides its problem's verdicts.

    The judge it replaces is superseded unless another problem still uses it (shared
    built-in checkers). ``user`` None means the system did it (auto-approve).
    """
    if user is not None:
        _require_reviewer(user)
    if judge.problem_id is None:
        raise InvalidInput(f"judge {judge} belongs to no problem")
    # The problem's row is locked through this judge's own relation to it (verification,
    # where problems live, sits above this app): one activation per problem at a time.
    problem = (
        Judge.objects.select_related("problem")
        .select_for_update(of=("problem",))
        .exclude(problem=None)
        .get(id=judge.id)
        .problem
    )
    assert problem is not None
    if problem.judge_id == judge.id:
        return judge
    if not _transition(judge, (JudgeState.APPROVED,), JudgeState.ACTIVE):
        raise InvalidInput(f"judge {judge} is {judge.state}; only an approved judge is activated")
    old = problem.judge
    problem.judge = judge
    problem.save(update_fields=["judge", "updated_at"])
    judge_event_record(
        judge=judge, action=JudgeAction.ACTIVATED, actor=user, note=f"decides {problem.slug}"
    )
    retired = (
        old is not None
        and old.origin != JudgeOrigin.BUILTIN
        and not old.problems.exists()
        and _transition(old, (JudgeState.ACTIVE, JudgeState.APPROVED), JudgeState.SUPERSEDED)
    )
    if old is not None and retired:
        judge_event_record(
            judge=old, action=JudgeAction.SUPERSEDED, actor=user, note=f"replaced by {judge}"
        )
    return judge


def judge_edit(
    *,
    judge: Judge,
    user: Any,
    source: str | None = None,
    builtin_name: str | None = None,
    args: list[str] | None = None,
    note: str = "",
) -> Judge:
    """A new version of ``judge`` with the given changes, validated before anyone approves it.

    The edited version, if it was still waiting for review, is superseded by the edit.
    """
    with transaction.atomic():
        files = dict(judge.files or {})
        if source is not None and judge.kind != JudgeKind.BUILTIN:
            files[judge.entry or next(iter(files), "checker.py")] = source
        edited = Judge.objects.create(
            key=judge.key,
            version=judge_next_version(key=judge.key),
            kind=judge.kind,
            builtin_name=builtin_name if builtin_name is not None else judge.builtin_name,
            args=[str(a) for a in (args if args is not None else judge.args)],
            language=judge.language,
            files=files,
            entry=judge.entry,
            state=JudgeState.DRAFT,
            origin=judge.origin,
            problem=judge.problem,
            previous=judge,
            created_by=user,
            validation={
                "kinds": judge.validation.get("kinds", []),
                "float_tolerance": judge.validation.get("float_tolerance"),
            },
            notes=note,
        )
        judge_event_record(
            judge=edited, action=JudgeAction.EDITED, actor=user, note=note or f"edit of {judge}"
        )
        if _transition(judge, (JudgeState.DRAFT, JudgeState.VALIDATED), JudgeState.SUPERSEDED):
            judge_event_record(
                judge=judge, action=JudgeAction.SUPERSEDED, actor=user, note=f"edited as {edited}"
            )
    judge_validate(judge=edited, actor=user)
    edited.refresh_from_db()
    return edited


def judge_create_by_staff(*, judge: Judge, user: Any) -> Judge:
    """Save a judge written by staff: approved on creation, activated separately."""
    if judge.problem is None:
        raise InvalidInput("a judge written by staff must name its problem", field="problem")
    with transaction.atomic():
        judge.key = judge.key or f"{judge.problem.slug}-staff"
        judge.version = judge_next_version(key=judge.key)
        judge.origin = JudgeOrigin.STAFF
        judge.state = JudgeState.APPROVED
        judge.created_by = user
        judge.approved_by = user
        judge.approved_at = timezone.now()
        judge.save()
        judge_event_record(
            judge=judge,
            action=JudgeAction.CREATED,
            actor=user,
            note="written by staff: approved on creation",
        )
    return judge


def auto_approve_enabled() -> bool:
    return bool(settings.SCALEBOX_JUDGEGEN_AUTO_APPROVE)

from verification.sandbox import RunStatus
from verification.verdicts import (
    RUN_STATUS_VERDICTS,
    Verdict,
    overall_verdict,
    run_status_verdict,
)


def test_first_failure_in_test_order_decides() -> None:
    assert overall_verdict(["AC", "SKIPPED", "TLE", "WA"]) == "TLE"
    assert overall_verdict(["AC", "AC"]) == "AC"
    assert overall_verdict(["AC", "SKIPPED"]) == "AC"


def test_no_cases_is_never_accepted() -> None:
    assert overall_verdict([]) == "SE"


def test_every_run_status_but_ok_decides_its_own_verdict() -> None:
    assert {str(s): str(v) for s, v in RUN_STATUS_VERDICTS.items()} == {
        "TLE": "TLE",
        "MLE": "MLE",
        "OLE": "OLE",
        "RE": "RE",
        "SE": "SE",
    }
    assert set(RUN_STATUS_VERDICTS) == set(RunStatus) - {RunStatus.OK}
    assert run_status_verdict(RunStatus.MLE) == Verdict.MLE
    assert run_status_verdict("TLE") == Verdict.TLE
    # A status the map does not know is the system's failure, never the program's.
    assert run_status_verdict("LOST") == Verdict.SE

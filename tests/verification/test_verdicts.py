from verification.verdicts import overall_verdict


def test_first_failure_in_test_order_decides() -> None:
    assert overall_verdict(["AC", "SKIPPED", "TLE", "WA"]) == "TLE"
    assert overall_verdict(["AC", "AC"]) == "AC"
    assert overall_verdict(["AC", "SKIPPED"]) == "AC"


def test_no_cases_is_never_accepted() -> None:
    assert overall_verdict([]) == "SE"

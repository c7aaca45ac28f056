from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.judges_generation.llm_server import API_KEY, MODEL, ScriptedLLM

LLM_TIMEOUT_S = 1.0


@pytest.fixture(scope="session")
def llm_server() -> Iterator[ScriptedLLM]:
    server = ScriptedLLM().start()
    yield server
    server.stop()


@pytest.fixture
def llm(llm_server: ScriptedLLM, settings) -> ScriptedLLM:
    """The scripted model, configured as ScaleBox's endpoint, with empty queues."""
    llm_server.reset()
    settings.SCALEBOX_LLM_BASE_URL = llm_server.base_url
    settings.SCALEBOX_LLM_API_KEY = API_KEY
    settings.SCALEBOX_LLM_MODEL = MODEL
    settings.SCALEBOX_LLM_TIMEOUT_S = LLM_TIMEOUT_S
    return llm_server


@pytest.fixture(autouse=True)
def _generation_settings(settings) -> None:
    settings.SCALEBOX_LLM_BASE_URL = ""
    settings.SCALEBOX_LLM_MODEL = ""
    settings.SCALEBOX_JUDGEGEN_AUTO_APPROVE = False
    settings.SCALEBOX_JUDGEGEN_MAX_ATTEMPTS = 3
    settings.SCALEBOX_JUDGEGEN_CHECK_CPU_S = 1.0
    settings.SCALEBOX_JUDGEGEN_CONCURRENCY = 2

"""ScaleBox's priority (9 most urgent) as each broker is sent it."""

from __future__ import annotations

from django.conf import settings

from verification.priorities import BULK, HIGHEST, INTERACTIVE, LOWEST, broker_priority


def test_rabbitmq_is_sent_the_priority_as_it_is() -> None:
    url = "amqp://guest:guest@127.0.0.1:5672//"
    assert [broker_priority(p, url) for p in range(10)] == list(range(10))


def test_redis_is_sent_it_reversed_so_the_urgent_is_read_first() -> None:
    for url in ("redis://127.0.0.1:6379/0", "rediss://h:6380/1", "sentinel://h:26379;sentinel://g"):
        assert [broker_priority(p, url) for p in range(10)] == list(range(9, -1, -1))


def test_out_of_range_is_clamped_and_bulk_comes_after_interactive() -> None:
    url = "amqp://h//"
    assert broker_priority(-3, url) == LOWEST
    assert broker_priority(42, url) == HIGHEST
    assert BULK < INTERACTIVE


def test_settings_declare_priority_queues() -> None:
    [queue] = settings.CELERY_TASK_QUEUES
    assert queue.name == settings.CELERY_TASK_DEFAULT_QUEUE
    assert vars(queue)["queue_arguments"] == {"x-max-priority": HIGHEST}
    assert settings.CELERY_TASK_QUEUE_MAX_PRIORITY == HIGHEST
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["priority_steps"] == list(range(10))
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["queue_order_strategy"] == "priority"

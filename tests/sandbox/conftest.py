from .isolated_env import no_slot_wanted, private_sandbox_env

__all__ = ["no_slot_wanted", "private_sandbox_env"]

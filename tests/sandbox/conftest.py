from .isolated_env import private_sandbox_env

__all__ = ["private_sandbox_env"]

"""Drop-in endpoints for RL frameworks: SandboxFusion's /run_code and icip-cas/ScaleBox's
/common_evaluate_batch, mapped onto ScaleBox's own services and vocabulary at the edge."""

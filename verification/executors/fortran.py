from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class FortranExecutor(Executor):
    """Fortran 2008 in free form (gfortran)."""

    name = "fortran"
    aliases = ("gfortran", "f90")
    extensions = (".f90", ".f95", ".f03", ".f08")
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    source_name = "main.f90"
    compile_argv = ("/usr/bin/gfortran", "-O2", "-o", "main", "main.f90")
    run_argv = ("/prog/main",)
    native_binary = True
    version_argv = ("/usr/bin/gfortran", "--version")
    self_test_source = (
        b"program main\n  implicit none\n  integer(8) :: a, b\n  read (*, *) a, b\n"
        b"  print '(I0)', a + b\nend program main\n"
    )

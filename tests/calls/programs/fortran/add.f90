! A module function on 64-bit integers; its debug output goes to stdout, and the
! program's own main program never runs.
module solution
  use, intrinsic :: iso_fortran_env, only: int64
  implicit none
contains
  function add(a, b) result(c)
    integer(int64), intent(in) :: a, b
    integer(int64) :: c
    print '(a, i0, a, i0)', "adding ", a, " and ", b
    c = a + b
  end function add
end module solution

program main
  use solution
  implicit none
  print *, add(2_int64, 3_int64)
  stop 1
end program main

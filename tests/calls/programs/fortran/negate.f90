module logic
  implicit none
  private
  public :: negate
contains
  ! The result's type in the function statement; a continued declaration.
  pure logical function negate(b)
    logical, &
      intent(in) :: b
    negate = .not. b
  end function negate
end module logic

! An external function: an assumed-shape array of doubles in, an allocatable one out.
function scale(xs, k) result(ys)
  implicit none
  double precision, intent(in) :: xs(:)
  real(kind=8), intent(in) :: k
  real(8), allocatable :: ys(:)
  integer :: i
  allocate (ys(size(xs)))
  do i = 1, size(xs)
    ys(i) = xs(i) * k
  end do
end function scale

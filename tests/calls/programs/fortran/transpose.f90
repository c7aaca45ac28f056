! A 2-D array: grid(i, j) is row i, column j; the result's shape comes from the argument.
module grids
  implicit none
  integer, parameter :: ik = selected_int_kind(18)
contains
  function transpose(grid) result(t)
    integer(ik), dimension(:, :), intent(in) :: grid
    integer(ik) :: t(size(grid, 2), size(grid, 1))
    integer :: i, j
    do i = 1, size(grid, 1)
      do j = 1, size(grid, 2)
        t(j, i) = grid(i, j)
      end do
    end do
  end function transpose
end module grids

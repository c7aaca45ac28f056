! ScaleBox function-call stub for Fortran (placed before the submitted code). Reads the
! call's arguments as tokens on stdin, converts them for the generated main program, and
! answers on file descriptor 3 (see verification/harness/calls).
module scalebox_stub
  use, intrinsic :: iso_c_binding, only: c_char, c_int, c_long, c_size_t
  use, intrinsic :: iso_fortran_env, only: output_unit, error_unit
  use, intrinsic :: ieee_arithmetic, only: ieee_value, ieee_quiet_nan, ieee_positive_inf, &
      ieee_negative_inf, ieee_is_nan
  implicit none
  private
  public :: scalebox_args, scalebox_int, scalebox_ints, scalebox_ints2, scalebox_real, &
      scalebox_reals, scalebox_reals2, scalebox_bool, scalebox_bools, scalebox_bools2, &
      scalebox_str, scalebox_strs, scalebox_strs2, scalebox_put, scalebox_done, scalebox_raise

  interface
    function c_read(fd, buf, n) bind(c, name="read") result(got)
      import :: c_char, c_int, c_long, c_size_t
      integer(c_int), value :: fd
      character(kind=c_char), intent(out) :: buf(*)
      integer(c_size_t), value :: n
      integer(c_long) :: got
    end function c_read
    function c_write(fd, buf, n) bind(c, name="write") result(put)
      import :: c_char, c_int, c_long, c_size_t
      integer(c_int), value :: fd
      character(kind=c_char), intent(in) :: buf(*)
      integer(c_size_t), value :: n
      integer(c_long) :: put
    end function c_write
    subroutine c_exit(status) bind(c, name="_exit")
      import :: c_int
      integer(c_int), value :: status
    end subroutine c_exit
  end interface

  interface scalebox_put
    module procedure put_int0, put_int1, put_int2, put_real0, put_real1, put_real2, &
        put_bool0, put_bool1, put_bool2, put_str0, put_str1, put_str2
  end interface scalebox_put

  ! A string read from the arguments, before an array of them is padded to one length.
  type :: text
    character(len=:), allocatable :: s
  end type text

  character(len=:), allocatable :: input, output
  integer(8) :: input_len = 0, at = 1, output_len = 0
  character(len=*), parameter :: digits = "0123456789abcdef"

contains

  ! -- the answer on file descriptor 3 -------------------------------------------------

  subroutine send(head, body, body_len)
    character(len=*), intent(in) :: head, body
    integer(8), intent(in) :: body_len
    flush (output_unit)
    flush (error_unit)
    call write_all(head, int(len(head), 8))
    if (body_len > 0) call write_all(body, body_len)
    call c_exit(0_c_int)
  end subroutine send

  subroutine write_all(data, n)
    character(len=*), intent(in) :: data
    integer(8), intent(in) :: n
    integer(8) :: done
    integer(c_long) :: put
    done = 0
    do while (done < n)
      put = c_write(3_c_int, data(done + 1:n), int(n - done, c_size_t))
      if (put <= 0) call c_exit(1_c_int)
      done = done + put
    end do
  end subroutine write_all

  ! Ends the run with ``raised`` and the message as hex.
  subroutine scalebox_raise(message)
    character(len=*), intent(in) :: message
    character(len=:), allocatable :: line
    line = "raised " // hex(message) // achar(10)
    call send(line, "", 0_8)
  end subroutine scalebox_raise

  subroutine scalebox_done()
    call send("ok" // achar(10), output, output_len)
  end subroutine scalebox_done

  subroutine emit(line)
    character(len=*), intent(in) :: line
    character(len=:), allocatable :: grown
    integer(8) :: need
    need = output_len + len(line) + 1
    if (.not. allocated(output)) allocate (character(len=max(need, 4096_8)) :: output)
    if (need > len(output, 8)) then
      allocate (character(len=max(need, 2 * len(output, 8))) :: grown)
      grown(1:output_len) = output(1:output_len)
      call move_alloc(grown, output)
    end if
    output(output_len + 1:need) = line // achar(10)
    output_len = need
  end subroutine emit

  function hex(s) result(h)
    character(len=*), intent(in) :: s
    character(len=2 * len(s)) :: h
    integer :: i, b
    do i = 1, len(s)
      b = ichar(s(i:i))
      if (b < 0) b = b + 256
      h(2 * i - 1:2 * i - 1) = digits(b / 16 + 1:b / 16 + 1)
      h(2 * i:2 * i) = digits(mod(b, 16) + 1:mod(b, 16) + 1)
    end do
  end function hex

  ! -- tokens: one a line, a kind letter and its text ------------------------------------

  subroutine read_all()
    character(len=:), allocatable :: grown
    integer(c_long) :: got
    allocate (character(len=65536) :: input)
    do
      if (input_len + 65536 > len(input, 8)) then
        allocate (character(len=2 * len(input, 8)) :: grown)
        grown(1:input_len) = input(1:input_len)
        call move_alloc(grown, input)
      end if
      got = c_read(0_c_int, input(input_len + 1:), 65536_c_size_t)
      if (got <= 0) exit
      input_len = input_len + got
    end do
  end subroutine read_all

  function kind_name(k) result(name)
    character, intent(in) :: k
    character(len=:), allocatable :: name
    select case (k)
    case ("n")
      name = "null"
    case ("b")
      name = "a boolean"
    case ("i")
      name = "an integer"
    case ("f")
      name = "a float"
    case ("s")
      name = "a string"
    case ("l")
      name = "a list"
    case ("m")
      name = "an object"
    case default
      name = "a value"
    end select
  end function kind_name

  ! The next token, which must be of one of ``kinds``: its kind letter and text.
  subroutine token(what, kinds, k, body)
    character(len=*), intent(in) :: what, kinds
    character, intent(out) :: k
    character(len=:), allocatable, intent(out) :: body
    integer(8) :: nl
    if (at > input_len) call scalebox_raise(what // ": the arguments end too soon")
    nl = index(input(at:input_len), achar(10), kind=8)
    if (nl < 2) call scalebox_raise(what // ": the arguments end too soon")
    k = input(at:at)
    if (nl > 3) then
      body = input(at + 2:at + nl - 2)
    else
      body = ""
    end if
    at = at + nl
    if (index(kinds, k) == 0) then
      call scalebox_raise(what // ": expected " // kind_name(kinds(1:1)) // ", got " // kind_name(k))
    end if
  end subroutine token

  integer(8) function count_of(what) result(n)
    character(len=*), intent(in) :: what
    character :: k
    character(len=:), allocatable :: body
    integer :: ios
    call token(what, "l", k, body)
    read (body, *, iostat=ios) n
    if (ios /= 0 .or. n < 0) call scalebox_raise(what // ": a bad list length")
  end function count_of

  subroutine scalebox_args(n)
    integer, intent(in) :: n
    call read_all()
    if (count_of("the arguments") /= n) then
      call scalebox_raise("the call does not pass as many arguments as the function takes")
    end if
  end subroutine scalebox_args

  ! -- arguments ------------------------------------------------------------------------

  integer(8) function scalebox_int(what, lo, hi) result(v)
    character(len=*), intent(in) :: what
    integer(8), intent(in) :: lo, hi
    character :: k
    character(len=:), allocatable :: body
    integer :: ios
    call token(what, "i", k, body)
    read (body, *, iostat=ios) v
    if (ios /= 0) call scalebox_raise(what // ": integer " // body // " does not fit in 64 bits")
    if (v < lo .or. v > hi) then
      call scalebox_raise(what // ": integer " // body // " is out of range for the parameter's kind")
    end if
  end function scalebox_int

  function scalebox_ints(what, lo, hi) result(r)
    character(len=*), intent(in) :: what
    integer(8), intent(in) :: lo, hi
    integer(8), allocatable :: r(:)
    integer(8) :: i
    allocate (r(count_of(what)))
    do i = 1, size(r, kind=8)
      r(i) = scalebox_int(what, lo, hi)
    end do
  end function scalebox_ints

  function scalebox_ints2(what, lo, hi) result(r)
    character(len=*), intent(in) :: what
    integer(8), intent(in) :: lo, hi
    integer(8), allocatable :: r(:, :)
    integer(8) :: i, j, n, m
    n = count_of(what)
    m = 0
    do i = 1, n
      call row(what, i, m)
      if (i == 1) allocate (r(n, m))
      do j = 1, m
        r(i, j) = scalebox_int(what, lo, hi)
      end do
    end do
    if (n == 0) allocate (r(0, 0))
  end function scalebox_ints2

  ! Reads row ``i`` of a 2-D array: its length, the same as the first row's.
  subroutine row(what, i, m)
    character(len=*), intent(in) :: what
    integer(8), intent(in) :: i
    integer(8), intent(inout) :: m
    integer(8) :: length
    length = count_of(what)
    if (i == 1) then
      m = length
    else if (length /= m) then
      call scalebox_raise(what // ": a 2-D array's rows differ in length")
    end if
  end subroutine row

  real(8) function scalebox_real(what) result(v)
    character(len=*), intent(in) :: what
    character :: k
    character(len=:), allocatable :: body
    integer :: ios
    call token(what, "fi", k, body)
    select case (body)
    case ("nan")
      v = ieee_value(v, ieee_quiet_nan)
    case ("inf")
      v = ieee_value(v, ieee_positive_inf)
    case ("-inf")
      v = ieee_value(v, ieee_negative_inf)
    case default
      read (body, *, iostat=ios) v
      if (ios /= 0) call scalebox_raise(what // ": cannot read the number " // body)
    end select
  end function scalebox_real

  function scalebox_reals(what) result(r)
    character(len=*), intent(in) :: what
    real(8), allocatable :: r(:)
    integer(8) :: i
    allocate (r(count_of(what)))
    do i = 1, size(r, kind=8)
      r(i) = scalebox_real(what)
    end do
  end function scalebox_reals

  function scalebox_reals2(what) result(r)
    character(len=*), intent(in) :: what
    real(8), allocatable :: r(:, :)
    integer(8) :: i, j, n, m
    n = count_of(what)
    m = 0
    do i = 1, n
      call row(what, i, m)
      if (i == 1) allocate (r(n, m))
      do j = 1, m
        r(i, j) = scalebox_real(what)
      end do
    end do
    if (n == 0) allocate (r(0, 0))
  end function scalebox_reals2

  logical function scalebox_bool(what) result(v)
    character(len=*), intent(in) :: what
    character :: k
    character(len=:), allocatable :: body
    call token(what, "b", k, body)
    v = body == "1"
  end function scalebox_bool

  function scalebox_bools(what) result(r)
    character(len=*), intent(in) :: what
    logical, allocatable :: r(:)
    integer(8) :: i
    allocate (r(count_of(what)))
    do i = 1, size(r, kind=8)
      r(i) = scalebox_bool(what)
    end do
  end function scalebox_bools

  function scalebox_bools2(what) result(r)
    character(len=*), intent(in) :: what
    logical, allocatable :: r(:, :)
    integer(8) :: i, j, n, m
    n = count_of(what)
    m = 0
    do i = 1, n
      call row(what, i, m)
      if (i == 1) allocate (r(n, m))
      do j = 1, m
        r(i, j) = scalebox_bool(what)
      end do
    end do
    if (n == 0) allocate (r(0, 0))
  end function scalebox_bools2

  ! A string of UTF-8 bytes; ``width`` 1 asks for exactly one byte (a character(len=1)).
  function scalebox_str(what, width) result(s)
    character(len=*), intent(in) :: what
    integer, intent(in) :: width
    character(len=:), allocatable :: s
    character :: k
    character(len=:), allocatable :: body
    integer(8) :: i
    call token(what, "s", k, body)
    allocate (character(len=len(body, 8) / 2) :: s)
    do i = 1, len(s, 8)
      s(i:i) = achar(nibble(body(2 * i - 1:2 * i - 1)) * 16 + nibble(body(2 * i:2 * i)))
    end do
    if (width == 1 .and. len(s) /= 1) then
      call scalebox_raise(what // ": a character(len=1) parameter takes a string of one byte")
    end if
  end function scalebox_str

  integer function nibble(c)
    character, intent(in) :: c
    nibble = index(digits, c) - 1
    if (nibble < 0) call scalebox_raise("a bad string in the arguments")
  end function nibble

  ! An array of strings: each item blank-padded to the longest one's length.
  function scalebox_strs(what, width) result(r)
    character(len=*), intent(in) :: what
    integer, intent(in) :: width
    character(len=:), allocatable :: r(:)
    type(text), allocatable :: items(:)
    integer(8) :: i, longest
    allocate (items(count_of(what)))
    longest = max(width, 0)
    do i = 1, size(items, kind=8)
      items(i)%s = scalebox_str(what, width)
      longest = max(longest, len(items(i)%s, 8))
    end do
    allocate (character(len=longest) :: r(size(items)))
    do i = 1, size(items, kind=8)
      r(i) = items(i)%s
    end do
  end function scalebox_strs

  function scalebox_strs2(what, width) result(r)
    character(len=*), intent(in) :: what
    integer, intent(in) :: width
    character(len=:), allocatable :: r(:, :)
    type(text), allocatable :: items(:, :)
    integer(8) :: i, j, n, m, longest
    n = count_of(what)
    m = 0
    longest = max(width, 0)
    do i = 1, n
      call row(what, i, m)
      if (i == 1) allocate (items(n, m))
      do j = 1, m
        items(i, j)%s = scalebox_str(what, width)
        longest = max(longest, len(items(i, j)%s, 8))
      end do
    end do
    if (n == 0) allocate (items(0, 0))
    allocate (character(len=longest) :: r(size(items, 1), size(items, 2)))
    do i = 1, size(items, 1, kind=8)
      do j = 1, size(items, 2, kind=8)
        r(i, j) = items(i, j)%s
      end do
    end do
  end function scalebox_strs2

  ! -- the returned value ---------------------------------------------------------------

  function itoa(v) result(s)
    integer(8), intent(in) :: v
    character(len=:), allocatable :: s
    character(len=24) :: buf
    write (buf, "(i0)") v
    s = trim(buf)
  end function itoa

  subroutine put_int0(x)
    integer(8), intent(in) :: x
    call emit("i " // itoa(x))
  end subroutine put_int0

  subroutine put_int1(x)
    integer(8), intent(in) :: x(:)
    integer(8) :: i
    call emit("l " // itoa(size(x, kind=8)))
    do i = 1, size(x, kind=8)
      call put_int0(x(i))
    end do
  end subroutine put_int1

  subroutine put_int2(x)
    integer(8), intent(in) :: x(:, :)
    integer(8) :: i
    call emit("l " // itoa(size(x, 1, kind=8)))
    do i = 1, size(x, 1, kind=8)
      call put_int1(x(i, :))
    end do
  end subroutine put_int2

  subroutine put_real0(x)
    real(8), intent(in) :: x
    character(len=32) :: buf
    if (ieee_is_nan(x)) then
      call emit("f nan")
    else if (x > huge(x)) then
      call emit("f inf")
    else if (x < -huge(x)) then
      call emit("f -inf")
    else
      write (buf, "(es25.16e3)") x
      call emit("f " // trim(adjustl(buf)))
    end if
  end subroutine put_real0

  subroutine put_real1(x)
    real(8), intent(in) :: x(:)
    integer(8) :: i
    call emit("l " // itoa(size(x, kind=8)))
    do i = 1, size(x, kind=8)
      call put_real0(x(i))
    end do
  end subroutine put_real1

  subroutine put_real2(x)
    real(8), intent(in) :: x(:, :)
    integer(8) :: i
    call emit("l " // itoa(size(x, 1, kind=8)))
    do i = 1, size(x, 1, kind=8)
      call put_real1(x(i, :))
    end do
  end subroutine put_real2

  subroutine put_bool0(x)
    logical, intent(in) :: x
    if (x) then
      call emit("b 1")
    else
      call emit("b 0")
    end if
  end subroutine put_bool0

  subroutine put_bool1(x)
    logical, intent(in) :: x(:)
    integer(8) :: i
    call emit("l " // itoa(size(x, kind=8)))
    do i = 1, size(x, kind=8)
      call put_bool0(x(i))
    end do
  end subroutine put_bool1

  subroutine put_bool2(x)
    logical, intent(in) :: x(:, :)
    integer(8) :: i
    call emit("l " // itoa(size(x, 1, kind=8)))
    do i = 1, size(x, 1, kind=8)
      call put_bool1(x(i, :))
    end do
  end subroutine put_bool2

  ! A string result as it is; the items of an array of strings without their padding.
  subroutine put_str0(x)
    character(len=*), intent(in) :: x
    call emit("s " // hex(x))
  end subroutine put_str0

  subroutine put_str1(x)
    character(len=*), intent(in) :: x(:)
    integer(8) :: i
    call emit("l " // itoa(size(x, kind=8)))
    do i = 1, size(x, kind=8)
      call put_str0(trim(x(i)))
    end do
  end subroutine put_str1

  subroutine put_str2(x)
    character(len=*), intent(in) :: x(:, :)
    integer(8) :: i
    call emit("l " // itoa(size(x, 1, kind=8)))
    do i = 1, size(x, 1, kind=8)
      call put_str1(x(i, :))
    end do
  end subroutine put_str2

end module scalebox_stub

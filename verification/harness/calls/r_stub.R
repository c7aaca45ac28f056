# ScaleBox function-call stub for R (placed after the submitted code).
# Reads the call's arguments as tokens on stdin, calls the function and answers on file
# descriptor 3 (see verification/harness/calls). Its names live in an environment of
# its own whose parent is base, so the program's definitions cannot shadow them.
base::local(envir = base::new.env(parent = base::baseenv()), {
  FN_NAME <- "@FN_NAME@"
  ARITY <- @ARITY@L
  fail <- function(...) stop(paste0(...), call. = FALSE)

  unhex <- function(h) {
    if (!nzchar(h)) return("")
    bytes <- as.raw(strtoi(substring(h, seq(1, nchar(h), 2), seq(2, nchar(h), 2)), 16L))
    text <- rawToChar(bytes)
    Encoding(text) <- "UTF-8"
    text
  }
  hex <- function(text) {
    paste(sprintf("%02x", as.integer(charToRaw(enc2utf8(text)))), collapse = "")
  }

  # Read before the program's code ran (on its first line): nothing it does at the top
  # level takes the request.
  lines <- get(".scalebox_request", envir = globalenv())
  pos <- 0L

  # A JSON list of scalars of one kind (numbers, strings or booleans) becomes an atomic
  # vector, any other list a list; an object becomes a named list.
  read_value <- function() {
    pos <<- pos + 1L
    if (pos > length(lines)) fail("the arguments end too soon")
    line <- lines[[pos]]
    kind <- substr(line, 1L, 1L)
    text <- substring(line, 3L)
    switch(kind,
      n = list(value = NULL, scalar = FALSE),
      b = list(value = text == "1", scalar = TRUE),
      i = {
        v <- as.numeric(text)
        if (abs(v) > 2^53) fail("integer ", text, " is beyond what R holds exactly")
        list(value = if (abs(v) < 2^31) as.integer(v) else v, scalar = TRUE)
      },
      f = list(value = switch(text, nan = NaN, inf = Inf, `-inf` = -Inf, as.numeric(text)),
               scalar = TRUE),
      s = list(value = unhex(text), scalar = TRUE),
      l = {
        n <- as.integer(text)
        items <- vector("list", n)
        scalars <- TRUE
        for (k in seq_len(n)) {
          item <- read_value()
          scalars <- scalars && item$scalar
          if (!is.null(item$value)) items[[k]] <- item$value
        }
        kinds <- unique(vapply(items, function(v) {
          if (is.numeric(v)) "number" else typeof(v)
        }, ""))
        if (n > 0L && scalars && length(kinds) == 1L) items <- unlist(items)
        list(value = items, scalar = FALSE)
      },
      m = {
        n <- as.integer(text)
        items <- vector("list", n)
        keys <- character(n)
        for (k in seq_len(n)) {
          keys[[k]] <- read_value()$value
          item <- read_value()$value
          if (!is.null(item)) items[[k]] <- item
        }
        names(items) <- keys
        list(value = items, scalar = FALSE)
      },
      fail("unreadable argument token ", substr(line, 1L, 40L))
    )
  }

  out <- character(64L)
  used <- 0L
  put <- function(tokens) {
    while (used + length(tokens) > length(out)) length(out) <<- 2L * length(out)
    out[used + seq_along(tokens)] <<- tokens
    used <<- used + length(tokens)
  }

  # The tokens of an atomic vector's items, one each.
  scalar_tokens <- function(v) {
    if (length(v) == 0L) return(character(0))
    tokens <- if (is.logical(v)) {
      ifelse(v, "b 1", "b 0")
    } else if (is.integer(v)) {
      paste("i", v)
    } else if (is.double(v)) {
      ifelse(is.nan(v), "f nan", ifelse(is.infinite(v), ifelse(v > 0, "f inf", "f -inf"),
                                        sprintf("f %.17g", v)))
    } else if (is.character(v)) {
      paste("s", vapply(v, hex, "", USE.NAMES = FALSE))
    } else {
      fail("the function returned a value of type ", typeof(v), ", which has no JSON form")
    }
    tokens[if (is.double(v)) is.na(v) & !is.nan(v) else is.na(v)] <- "n"
    as.character(tokens)
  }

  # Length-1 vectors are scalars, longer (or empty) ones lists, named ones objects; a
  # matrix is the list of its rows. Objects of other classes are refused, never
  # converted through their own methods.
  emit <- function(x, depth = 0L) {
    if (depth > 100L) fail("the returned value is nested too deeply")
    if (is.null(x)) return(put("n"))
    if (isS4(x) || is.environment(x) || is.function(x) || !is.null(oldClass(x)) &&
        !all(oldClass(x) %in% c("factor", "table", "AsIs", "noquote"))) {
      what <- if (is.function(x)) "a function" else if (is.environment(x)) "an environment"
              else paste("an object of class", paste(class(x), collapse = "/"))
      fail("the function returned ", what, ", which has no JSON form")
    }
    if (is.factor(x)) x <- structure(as.character(x), names = names(x))
    x <- unclass(x)
    dims <- dim(x)
    if (length(dims) == 1L) {
      x <- structure(as.vector(x), names = dimnames(x)[[1L]])
    } else if (length(dims) == 2L) {
      put(paste("l", dims[[1L]]))
      for (r in seq_len(dims[[1L]])) {
        put(paste("l", dims[[2L]]))
        if (is.list(x)) for (c in seq_len(dims[[2L]])) emit(x[[r, c]], depth + 2L)
        else put(scalar_tokens(x[r, ]))
      }
      return(invisible())
    } else if (length(dims) > 2L) {
      fail("the function returned an array of ", length(dims), " dimensions")
    }
    keys <- names(x)
    if (!is.list(x) && !is.atomic(x)) {
      fail("the function returned a value of type ", typeof(x), ", which has no JSON form")
    }
    if (!is.list(x) && is.null(keys) && length(x) == 1L) return(put(scalar_tokens(x)))
    put(paste(if (is.null(keys)) "l" else "m", length(x)))
    if (!is.list(x)) {
      tokens <- scalar_tokens(x)
      if (!is.null(keys)) tokens <- rbind(paste("s", vapply(keys, hex, "", USE.NAMES = FALSE)), tokens)
      return(put(as.vector(tokens)))
    }
    for (k in seq_along(x)) {
      if (!is.null(keys)) put(paste("s", hex(keys[[k]])))
      emit(x[[k]], depth + 1L)
    }
  }


  target <- function() {
    fn <- get0(FN_NAME, envir = globalenv(), mode = "function", inherits = FALSE)
    if (!is.null(fn)) return(fn)
    gen <- get0("Solution", envir = globalenv(), inherits = FALSE)
    if (is.null(gen)) fail("the program defines no function ", FN_NAME)
    # Evaluated where the program's own code runs: reference classes need the methods
    # package on the search path.
    obj <- if (methods::is(gen, "refObjectGenerator")) eval(quote(Solution$new()), globalenv())
           else if (is.function(gen)) gen() else gen
    fn <- if (is.list(obj)) obj[[FN_NAME]]
          else eval(call("$", obj, as.name(FN_NAME)), globalenv())
    if (!is.function(fn)) fail("Solution has no method ", FN_NAME)
    fn
  }

  answer <- tryCatch({
    request <- read_value()$value
    if (length(request) != ARITY) fail("expected ", ARITY, " arguments")
    args <- vector("list", ARITY)
    for (k in seq_len(ARITY)) if (!is.null(request[[k]])) args[[k]] <- request[[k]]
    result <- do.call(target(), args)
    emit(result)
    c("ok", out[seq_len(used)])
  }, error = function(e) paste("raised", hex(conditionMessage(e))))

  channel <- file("/dev/fd/3", open = "w", raw = TRUE)
  writeLines(answer, channel)
  close(channel)
})

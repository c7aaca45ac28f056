// ScaleBox function-call stub for Rust (placed after the submitted code).
// Reads the call's arguments as tokens on stdin, converts them to the parameters' types
// (the compiler picks the conversions from the function's signature), calls the function
// and answers on file descriptor 3 (see verification/harness/calls).
#[allow(dead_code)]
mod scalebox_call {
    use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, LinkedList, VecDeque};
    use std::hash::Hash;
    use std::io::{Read, Write};

    pub struct Tokens {
        lines: Vec<String>,
        pos: usize,
    }

    fn kind_name(kind: u8) -> &'static str {
        match kind {
            b'n' => "null",
            b'b' => "a bool",
            b'i' => "an integer",
            b'f' => "a float",
            b's' => "a string",
            b'l' => "a list",
            b'm' => "an object",
            _ => "a value",
        }
    }

    fn short_name<T: ?Sized>() -> String {
        // "alloc::vec::Vec<alloc::string::String>" reads as "Vec<String>".
        let full = std::any::type_name::<T>();
        let mut out = String::new();
        let mut word = String::new();
        for c in full.chars() {
            if c.is_alphanumeric() || c == '_' || c == ':' {
                word.push(c);
            } else {
                out.push_str(word.rsplit("::").next().unwrap_or(""));
                word.clear();
                out.push(c);
            }
        }
        out.push_str(word.rsplit("::").next().unwrap_or(""));
        out
    }

    impl Tokens {
        fn peek(&self) -> u8 {
            self.lines
                .get(self.pos)
                .and_then(|l| l.bytes().next())
                .unwrap_or(b'?')
        }

        /// Consumes a token of the given kind for a `T` and returns its text.
        fn next<T: ?Sized>(&mut self, kind: u8) -> Result<String, String> {
            let line = match self.lines.get(self.pos) {
                Some(line) => line,
                None => return Err("the arguments end too soon".to_string()),
            };
            match line.bytes().next() {
                Some(k) if k == kind => {
                    self.pos += 1;
                    Ok(line.get(2..).unwrap_or("").to_string())
                }
                k => Err(format!(
                    "{} cannot take {}",
                    short_name::<T>(),
                    k.map_or("a blank line", kind_name)
                )),
            }
        }

        fn count<T: ?Sized>(&mut self, kind: u8) -> Result<usize, String> {
            let text = self.next::<T>(kind)?;
            match text.parse::<usize>() {
                Ok(n) if n <= self.lines.len() => Ok(n),
                _ => Err(format!("bad count {:?}", text)),
            }
        }

        fn null(&mut self) -> bool {
            let null = self.peek() == b'n';
            if null {
                self.pos += 1;
            }
            null
        }
    }

    fn unhex(text: &str) -> Result<String, String> {
        let digits = text.as_bytes();
        if digits.len() % 2 != 0 {
            return Err(format!("bad string token {:?}", text));
        }
        let mut bytes = Vec::with_capacity(digits.len() / 2);
        for pair in digits.chunks(2) {
            let pair = std::str::from_utf8(pair).map_err(|e| e.to_string())?;
            bytes.push(
                u8::from_str_radix(pair, 16).map_err(|_| format!("bad string token {:?}", text))?,
            );
        }
        String::from_utf8(bytes).map_err(|_| "a string argument is not valid UTF-8".to_string())
    }

    fn hex(text: &str) -> String {
        let mut out = String::with_capacity(text.len() * 2);
        for b in text.bytes() {
            out.push_str(&format!("{:02x}", b));
        }
        out
    }

    /// A type an argument can be converted to.
    pub trait FromToken: Sized {
        fn from_token(input: &mut Tokens) -> Result<Self, String>;
    }

    /// A type a map's key can be read as (JSON object keys are strings).
    pub trait FromKey: Sized {
        fn from_key(text: String) -> Result<Self, String>;
    }

    /// A type the function can return.
    pub trait ToToken {
        fn to_token(&self, out: &mut String) -> Result<(), String>;
    }

    impl FromToken for bool {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            Ok(input.next::<bool>(b'b')? == "1")
        }
    }
    impl FromKey for bool {
        fn from_key(text: String) -> Result<Self, String> {
            match text.as_str() {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(format!("key {:?} is not a bool", text)),
            }
        }
    }
    impl ToToken for bool {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            out.push_str(if *self { "b 1\n" } else { "b 0\n" });
            Ok(())
        }
    }

    macro_rules! integers {
        ($($t:ty),*) => {$(
            impl FromKey for $t {
                fn from_key(text: String) -> Result<Self, String> {
                    text.parse::<$t>().map_err(|_| {
                        let digits = text.strip_prefix('-').unwrap_or(&text);
                        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                            format!("integer {} does not fit in {}", text, stringify!($t))
                        } else {
                            format!("{:?} is not an integer", text)
                        }
                    })
                }
            }
            impl FromToken for $t {
                fn from_token(input: &mut Tokens) -> Result<Self, String> {
                    <$t>::from_key(input.next::<$t>(b'i')?)
                }
            }
            impl ToToken for $t {
                fn to_token(&self, out: &mut String) -> Result<(), String> {
                    out.push_str(&format!("i {}\n", self));
                    Ok(())
                }
            }
        )*};
    }
    integers!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

    macro_rules! floats {
        ($($t:ty),*) => {$(
            impl FromKey for $t {
                fn from_key(text: String) -> Result<Self, String> {
                    match text.as_str() {
                        "nan" => Ok(<$t>::NAN),
                        "inf" => Ok(<$t>::INFINITY),
                        "-inf" => Ok(<$t>::NEG_INFINITY),
                        _ => text.parse::<$t>().map_err(|_| format!("bad number {:?}", text)),
                    }
                }
            }
            impl FromToken for $t {
                fn from_token(input: &mut Tokens) -> Result<Self, String> {
                    let kind = if input.peek() == b'i' { b'i' } else { b'f' };
                    <$t>::from_key(input.next::<$t>(kind)?)
                }
            }
            impl ToToken for $t {
                fn to_token(&self, out: &mut String) -> Result<(), String> {
                    let x = *self as f64;
                    if x.is_nan() {
                        out.push_str("f nan\n");
                    } else if x.is_infinite() {
                        out.push_str(if x > 0.0 { "f inf\n" } else { "f -inf\n" });
                    } else if std::mem::size_of::<$t>() == 4 {
                        // The shortest form that reads back as the same f32.
                        out.push_str(&format!("f {:e}\n", self));
                    } else {
                        out.push_str(&format!("f {:.16e}\n", x));
                    }
                    Ok(())
                }
            }
        )*};
    }
    floats!(f32, f64);

    impl FromToken for String {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            unhex(&input.next::<String>(b's')?)
        }
    }
    impl FromKey for String {
        fn from_key(text: String) -> Result<Self, String> {
            Ok(text)
        }
    }
    impl ToToken for String {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            self.as_str().to_token(out)
        }
    }
    impl ToToken for str {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            out.push_str("s ");
            out.push_str(&hex(self));
            out.push('\n');
            Ok(())
        }
    }

    impl FromToken for char {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            char::from_key(String::from_token(input)?)
        }
    }
    impl FromKey for char {
        fn from_key(text: String) -> Result<Self, String> {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(format!(
                    "a char needs a string of one character, not {:?}",
                    text
                )),
            }
        }
    }
    impl ToToken for char {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            self.to_string().to_token(out)
        }
    }

    impl ToToken for () {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            out.push_str("n\n");
            Ok(())
        }
    }

    impl<T: FromToken> FromToken for Option<T> {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            if input.null() {
                Ok(None)
            } else {
                T::from_token(input).map(Some)
            }
        }
    }
    impl<T: ToToken> ToToken for Option<T> {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            match self {
                Some(v) => v.to_token(out),
                None => {
                    out.push_str("n\n");
                    Ok(())
                }
            }
        }
    }

    /// An `Err` is raised with its debug form.
    impl<T: ToToken, E: std::fmt::Debug> ToToken for Result<T, E> {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            match self {
                Ok(v) => v.to_token(out),
                Err(e) => Err(format!("Err({:?})", e)),
            }
        }
    }

    impl<T: FromToken> FromToken for Box<T> {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            T::from_token(input).map(Box::new)
        }
    }
    impl<T: ToToken + ?Sized> ToToken for Box<T> {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            (**self).to_token(out)
        }
    }

    // Borrowed parameters borrow from a leaked value: the solver makes a single call.
    impl<'a> FromToken for &'a str {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            Ok(Box::leak(String::from_token(input)?.into_boxed_str()))
        }
    }
    impl<'a, T: FromToken> FromToken for &'a [T] {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            Ok(Box::leak(Vec::<T>::from_token(input)?.into_boxed_slice()))
        }
    }
    impl<'a, T: FromToken> FromToken for &'a mut [T] {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            Ok(Box::leak(Vec::<T>::from_token(input)?.into_boxed_slice()))
        }
    }
    impl<'a, T: FromToken> FromToken for &'a T {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            Ok(Box::leak(Box::new(T::from_token(input)?)))
        }
    }
    impl<'a, T: FromToken> FromToken for &'a mut T {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            Ok(Box::leak(Box::new(T::from_token(input)?)))
        }
    }
    impl<'a, T: ToToken + ?Sized> ToToken for &'a T {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            (**self).to_token(out)
        }
    }
    impl<'a, T: ToToken + ?Sized> ToToken for &'a mut T {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            (**self).to_token(out)
        }
    }

    fn list_from<C: FromIterator<T>, T: FromToken>(input: &mut Tokens) -> Result<C, String> {
        let n = input.count::<C>(b'l')?;
        (0..n).map(|_| T::from_token(input)).collect()
    }

    fn list_to<'a, T: ToToken + 'a>(
        n: usize,
        items: impl Iterator<Item = &'a T>,
        out: &mut String,
    ) -> Result<(), String> {
        out.push_str(&format!("l {}\n", n));
        for item in items {
            item.to_token(out)?;
        }
        Ok(())
    }

    impl<T: FromToken> FromToken for Vec<T> {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            list_from(input)
        }
    }
    impl<T: FromToken> FromToken for VecDeque<T> {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            list_from(input)
        }
    }
    impl<T: FromToken> FromToken for LinkedList<T> {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            list_from(input)
        }
    }
    impl<T: FromToken + Eq + Hash> FromToken for HashSet<T> {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            list_from(input)
        }
    }
    impl<T: FromToken + Ord> FromToken for BTreeSet<T> {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            list_from(input)
        }
    }
    impl<T: FromToken, const N: usize> FromToken for [T; N] {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            let items: Vec<T> = list_from(input)?;
            let n = items.len();
            items
                .try_into()
                .map_err(|_| format!("{} cannot take a list of {}", short_name::<Self>(), n))
        }
    }
    impl<T: ToToken> ToToken for Vec<T> {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            list_to(self.len(), self.iter(), out)
        }
    }
    impl<T: ToToken> ToToken for [T] {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            list_to(self.len(), self.iter(), out)
        }
    }
    impl<T: ToToken, const N: usize> ToToken for [T; N] {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            list_to(N, self.iter(), out)
        }
    }
    impl<T: ToToken> ToToken for VecDeque<T> {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            list_to(self.len(), self.iter(), out)
        }
    }
    impl<T: ToToken> ToToken for LinkedList<T> {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            list_to(self.len(), self.iter(), out)
        }
    }
    impl<T: ToToken> ToToken for HashSet<T> {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            list_to(self.len(), self.iter(), out)
        }
    }
    impl<T: ToToken> ToToken for BTreeSet<T> {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            list_to(self.len(), self.iter(), out)
        }
    }

    fn map_from<C: FromIterator<(K, V)>, K: FromKey, V: FromToken>(
        input: &mut Tokens,
    ) -> Result<C, String> {
        let n = input.count::<C>(b'm')?;
        (0..n)
            .map(|_| {
                let key = K::from_key(unhex(&input.next::<K>(b's')?)?)?;
                Ok((key, V::from_token(input)?))
            })
            .collect()
    }

    fn map_to<'a, K: ToToken + 'a, V: ToToken + 'a>(
        n: usize,
        entries: impl Iterator<Item = (&'a K, &'a V)>,
        out: &mut String,
    ) -> Result<(), String> {
        out.push_str(&format!("m {}\n", n));
        for (k, v) in entries {
            k.to_token(out)?;
            v.to_token(out)?;
        }
        Ok(())
    }

    impl<K: FromKey + Eq + Hash, V: FromToken> FromToken for HashMap<K, V> {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            map_from(input)
        }
    }
    impl<K: FromKey + Ord, V: FromToken> FromToken for BTreeMap<K, V> {
        fn from_token(input: &mut Tokens) -> Result<Self, String> {
            map_from(input)
        }
    }
    impl<K: ToToken, V: ToToken> ToToken for HashMap<K, V> {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            map_to(self.len(), self.iter(), out)
        }
    }
    impl<K: ToToken, V: ToToken> ToToken for BTreeMap<K, V> {
        fn to_token(&self, out: &mut String) -> Result<(), String> {
            map_to(self.len(), self.iter(), out)
        }
    }

    macro_rules! tuples {
        ($($n:expr => ($($T:ident),+);)*) => {$(
            #[allow(non_snake_case)]
            impl<$($T: FromToken),+> FromToken for ($($T,)+) {
                fn from_token(input: &mut Tokens) -> Result<Self, String> {
                    let n = input.count::<Self>(b'l')?;
                    if n != $n {
                        return Err(format!("{} cannot take a list of {}", short_name::<Self>(), n));
                    }
                    Ok(($($T::from_token(input)?,)+))
                }
            }
            #[allow(non_snake_case)]
            impl<$($T: ToToken),+> ToToken for ($($T,)+) {
                fn to_token(&self, out: &mut String) -> Result<(), String> {
                    let ($($T,)+) = self;
                    out.push_str(&format!("l {}\n", $n));
                    $($T.to_token(out)?;)+
                    Ok(())
                }
            }
        )*};
    }
    tuples! {
        1 => (A);
        2 => (A, B);
        3 => (A, B, C);
        4 => (A, B, C, D);
        5 => (A, B, C, D, E);
        6 => (A, B, C, D, E, F);
        7 => (A, B, C, D, E, F, G);
        8 => (A, B, C, D, E, F, G, H);
    }

    /// A function the stub can call: `Fn(A, B, ...) -> R` with arguments it can read and a
    /// result it can write.
    pub trait Call<Args> {
        fn call_with(&self, input: &mut Tokens) -> Result<String, String>;
    }

    fn argument<T: FromToken>(input: &mut Tokens, i: usize) -> Result<T, String> {
        T::from_token(input).map_err(|e| format!("argument {}: {}", i, e))
    }

    macro_rules! calls {
        ($($n:expr => ($($A:ident $i:expr),*);)*) => {$(
            #[allow(non_snake_case, unused_variables)]
            impl<Func, R, $($A),*> Call<($($A,)*)> for Func
            where
                Func: Fn($($A),*) -> R,
                R: ToToken,
                $($A: FromToken,)*
            {
                fn call_with(&self, input: &mut Tokens) -> Result<String, String> {
                    let n = input.count::<Vec<()>>(b'l')?;
                    if n != $n {
                        return Err(format!("the function takes {} arguments, the call gives {}", $n, n));
                    }
                    $(let $A = argument::<$A>(input, $i)?;)*
                    let result = (self)($($A),*);
                    let mut out = String::from("ok\n");
                    result.to_token(&mut out)?;
                    Ok(out)
                }
            }
        )*};
    }
    calls! {
        0 => ();
        1 => (A 1);
        2 => (A 1, B 2);
        3 => (A 1, B 2, C 3);
        4 => (A 1, B 2, C 3, D 4);
        5 => (A 1, B 2, C 3, D 4, E 5);
        6 => (A 1, B 2, C 3, D 4, E 5, F 6);
        7 => (A 1, B 2, C 3, D 4, E 5, F 6, G 7);
        8 => (A 1, B 2, C 3, D 4, E 5, F 6, G 7, H 8);
        9 => (A 1, B 2, C 3, D 4, E 5, F 6, G 7, H 8, I 9);
        10 => (A 1, B 2, C 3, D 4, E 5, F 6, G 7, H 8, I 9, J 10);
        11 => (A 1, B 2, C 3, D 4, E 5, F 6, G 7, H 8, I 9, J 10, K 11);
        12 => (A 1, B 2, C 3, D 4, E 5, F 6, G 7, H 8, I 9, J 10, K 11, L 12);
    }

    fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
        if let Some(s) = payload.downcast_ref::<&str>() {
            format!("panic: {}", s)
        } else if let Some(s) = payload.downcast_ref::<String>() {
            format!("panic: {}", s)
        } else {
            "panic".to_string()
        }
    }

    pub fn run<Args, F: Call<Args>>(function: F) {
        let mut data = String::new();
        let answer = match std::io::stdin().read_to_string(&mut data) {
            Err(e) => Err(format!("cannot read the arguments: {}", e)),
            Ok(_) => {
                let mut input = Tokens {
                    lines: data.split('\n').map(str::to_string).collect(),
                    pos: 0,
                };
                let call = std::panic::AssertUnwindSafe(|| function.call_with(&mut input));
                std::panic::catch_unwind(call).unwrap_or_else(|p| Err(panic_message(p)))
            }
        };
        let _ = std::io::stdout().flush();
        let text = match answer {
            Ok(out) => out,
            Err(message) => format!("raised {}\n", hex(&message)),
        };
        use std::os::unix::io::FromRawFd;
        // SAFETY: the tester opens descriptor 3 for the answer; nothing else uses it.
        let mut reply = unsafe { std::fs::File::from_raw_fd(3) };
        let _ = reply.write_all(text.as_bytes());
        drop(reply);
        std::process::exit(0);
    }
}

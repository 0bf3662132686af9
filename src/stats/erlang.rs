//! Erlang B: the blocking of a full-availability loss system.

/// Erlang B blocking B(c, a) of `c` servers offered `a` Erlangs, by the
/// stable recursion B(0) = 1, B(n) = a B(n-1) / (n + a B(n-1)).
pub fn erlang_b(c: u32, a: f64) -> f64 {
    (1..=c).fold(1.0, |b, n| a * b / (n as f64 + a * b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_b_matches_the_tables() {
        // B(10, 5) = 0.018385, B(100, 84.06) = 0.0099917, B(0, a) = 1.
        assert!((erlang_b(10, 5.0) - 0.018385).abs() < 1e-6);
        assert!((erlang_b(100, 84.06) - 0.0099917).abs() < 1e-6);
        assert_eq!(erlang_b(0, 3.0), 1.0);
    }
}

//! Erlang formulas: B (the blocking of a full-availability loss system), C
//! (the waiting of a delay system, M/M/N) and A (a delay system with
//! impatient callers, M/M/N+M).

/// Erlang B blocking B(c, a) of `c` servers offered `a` Erlangs, by the
/// stable recursion B(0) = 1, B(n) = a B(n-1) / (n + a B(n-1)).
pub fn erlang_b(c: u32, a: f64) -> f64 {
    (1..=c).fold(1.0, |b, n| a * b / (n as f64 + a * b))
}

/// Erlang C: the probability that a call waits in an M/M/N queue of `n`
/// agents offered `a` Erlangs (arrival rate x mean handle time), from
/// Erlang B: C = N B / (N - a (1 - B)). 1 when `a >= n` (the queue grows
/// without bound).
pub fn erlang_c(n: u32, a: f64) -> f64 {
    if a >= n as f64 {
        return 1.0;
    }
    let b = erlang_b(n, a);
    n as f64 * b / (n as f64 - a * (1.0 - b))
}

/// Service level of an M/M/N queue: the share of calls answered within
/// `t_s` seconds, `1 - C e^{-(N - a) t / h}`, with `h_s` the mean handle
/// time in seconds (0 when `a >= n`).
pub fn erlang_c_service_level(n: u32, a: f64, h_s: f64, t_s: f64) -> f64 {
    if a >= n as f64 {
        return 0.0;
    }
    1.0 - erlang_c(n, a) * (-(n as f64 - a) * t_s / h_s).exp()
}

/// Average speed of answer of an M/M/N queue, seconds: the mean wait of
/// every call, `C h / (N - a)` (infinite when `a >= n`).
pub fn erlang_c_asa_s(n: u32, a: f64, h_s: f64) -> f64 {
    if a >= n as f64 {
        return f64::INFINITY;
    }
    erlang_c(n, a) * h_s / (n as f64 - a)
}

/// The steady state of an M/M/N+M queue (Erlang A: exponential patience,
/// FIFO, no limit on the queue), as seen by arriving calls (PASTA).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ErlangA {
    /// Probability that a call waits (finds every agent busy).
    pub p_wait: f64,
    /// Probability that a call abandons before an agent answers.
    pub p_abandon: f64,
    /// Mean wait of every call (answered or abandoned), seconds: E\[Q\] / λ
    /// by Little's law. This is the "average speed of answer" of Garnett,
    /// Mandelbaum and Reiman (2002).
    pub mean_wait_s: f64,
    /// Time-average number of calls waiting.
    pub mean_queue: f64,
    /// Agent occupancy: answered load / agents, `a (1 - P(abandon)) / N`.
    pub occupancy: f64,
}

/// Erlang A for `n` agents, arrivals at `rate_per_s` calls per second, mean
/// handle time `h_s` and mean patience `patience_s` (seconds), from the
/// birth-death chain: states above N leave at `N / h + (k - N) / patience`.
/// The tail is summed until its terms fall below 1e-16 of the total.
pub fn erlang_a(n: u32, rate_per_s: f64, h_s: f64, patience_s: f64) -> ErlangA {
    let a = rate_per_s * h_s;
    // Relative to the probability of state N, whose share of states 0..=N is B(N, a).
    let b = erlang_b(n, a);
    let (mut tail, mut tail_k, mut term) = (0.0, 0.0, 1.0);
    let mut j = 1u64;
    loop {
        term *= rate_per_s / (n as f64 / h_s + j as f64 / patience_s);
        tail += term;
        tail_k += j as f64 * term;
        if term < 1e-16 * (1.0 + tail) || j > 10_000_000 {
            break;
        }
        j += 1;
    }
    let total = 1.0 + b * tail;
    let p_wait = b * (1.0 + tail) / total;
    let mean_queue = b * tail_k / total;
    let p_abandon = mean_queue / patience_s / rate_per_s;
    ErlangA {
        p_wait,
        p_abandon,
        mean_wait_s: mean_queue / rate_per_s,
        mean_queue,
        occupancy: a * (1.0 - p_abandon) / n as f64,
    }
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

    #[test]
    fn erlang_c_matches_issue_16() {
        // 100 calls per 30 minutes of 180 s: 10 Erlangs.
        assert!((erlang_c(14, 10.0) - 0.174132).abs() < 1e-6);
        assert!((erlang_c_service_level(14, 10.0, 180.0, 20.0) - 0.88835).abs() < 1e-5);
        assert!((erlang_c_asa_s(14, 10.0, 180.0) - 7.836).abs() < 1e-3);
        assert!((erlang_c(15, 10.0) - 0.102042).abs() < 1e-6);
        assert!((erlang_c_service_level(15, 10.0, 180.0, 20.0) - 0.941453).abs() < 1e-6);
        assert_eq!(erlang_c(10, 10.0), 1.0);
    }

    #[test]
    fn erlang_a_matches_garnett_mandelbaum_reiman() {
        let e = erlang_a(14, 100.0 / 1800.0, 180.0, 300.0);
        assert!((e.p_wait - 0.14526).abs() < 1e-5, "{e:?}");
        assert!((e.p_abandon - 0.013984).abs() < 1e-6, "{e:?}");
        assert!((e.mean_wait_s / 60.0 - 0.069919).abs() < 1e-5, "{e:?}");
        assert!((e.occupancy - 0.704297).abs() < 1e-6, "{e:?}");
        // Very patient callers: Erlang C.
        let c = erlang_a(14, 100.0 / 1800.0, 180.0, 1e9);
        assert!((c.p_wait - erlang_c(14, 10.0)).abs() < 1e-6);
        assert!((c.mean_wait_s - erlang_c_asa_s(14, 10.0, 180.0)).abs() < 1e-4);
    }
}

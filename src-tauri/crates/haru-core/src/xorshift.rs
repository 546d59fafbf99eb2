//! A small deterministic random number generator (xorshift64): the simulations, benchmarks,
//! examples and fault tests draw from it, so that one seed replays a run exactly. Not for
//! anything that must be unpredictable.

/// The generator's state; start it from a seed that is not zero (zero stays zero).
#[derive(Debug, Clone)]
pub struct XorShift(pub u64);

impl XorShift {
    /// The next number of the sequence.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (`n` of 0 reads as 1).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_replays_the_same_numbers_and_below_stays_below() {
        let (mut a, mut b) = (XorShift(42), XorShift(42));
        let first: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        assert_eq!(first, (0..5).map(|_| b.next_u64()).collect::<Vec<_>>());
        assert_ne!(first[0], first[1]);
        // The first step of xorshift64 (13, 7, 17) from 1, worked by hand.
        let x = 1u64 ^ (1 << 13);
        let x = x ^ (x >> 7);
        assert_eq!(XorShift(1).next_u64(), x ^ (x << 17));
        assert!((0..1000).all(|_| a.below(7) < 7));
        assert_eq!(a.below(0), 0);
    }
}

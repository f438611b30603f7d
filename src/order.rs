//! One sort for the whole app. Every `sort_by` call site instantiates its own copy of Rust's
//! sort (5–10 KB of wasm each); orderings here go through one routine on `(i64, index)` pairs.

/// Sorts `v` by `key`, ascending; equal keys keep their order (stable).
pub fn by_key<T>(v: &mut Vec<T>, key: impl Fn(&T) -> i64) {
    let order = permutation(v.iter().map(key).collect());
    let mut items: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| items[i].take()));
}

#[inline(never)]
fn permutation(keys: Vec<i64>) -> Vec<usize> {
    let mut pairs: Vec<(i64, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
    // Pairs are unique (the index), so the unstable sort keeps equal keys in their order.
    pairs.sort_unstable();
    pairs.into_iter().map(|(_, i)| i).collect()
}

/// An `i64` that orders like `f64::total_cmp`.
pub fn f64_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_key_and_keeps_ties_in_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        by_key(&mut v, |p| p.0);
        assert_eq!(v, vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        by_key(&mut v, |p| -p.0);
        assert_eq!(v, vec![(3, 'a'), (3, 'c'), (2, 'd'), (1, 'b'), (1, 'e')]);
    }

    #[test]
    fn float_keys_order_like_total_cmp() {
        let xs = [
            3.5,
            -0.0,
            0.0,
            -2.25,
            f64::INFINITY,
            -1e300,
            1e-300,
            f64::NEG_INFINITY,
        ];
        let mut a = xs.to_vec();
        a.sort_by(|x, y| x.total_cmp(y));
        let mut b = xs.to_vec();
        by_key(&mut b, |x| f64_key(*x));
        assert_eq!(
            a.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            b.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
    }
}

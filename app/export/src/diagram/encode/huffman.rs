//! Huffman code lengths no longer than deflate allows, and the canonical
//! codes deflate derives from them (RFC 1951 §3.2.2).

/// Code lengths for symbols seen `counts` times (0 for unseen ones), none
/// longer than `limit` bits, into `out`. When the best code is too deep,
/// the counts are halved (a seen symbol stays seen) until it fits: a
/// little longer output, never an invalid code.
pub(super) fn lengths(counts: &[u32], limit: u8, out: &mut [u8]) {
    let mut counts = counts.to_vec();
    loop {
        huffman(&counts, out);
        if out.iter().all(|&l| l <= limit) {
            return;
        }
        for c in counts.iter_mut().filter(|c| **c > 0) {
            *c = c.div_ceil(2);
        }
    }
}

/// Unlimited Huffman code lengths, by the two-queue method: leaves sorted
/// by count, internal nodes made in order of weight.
fn huffman(counts: &[u32], out: &mut [u8]) {
    out.fill(0);
    let mut leaves: Vec<(u32, usize)> = counts
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c > 0)
        .map(|(s, &c)| (c, s))
        .collect();
    match leaves.len() {
        0 => return,
        1 => {
            out[leaves[0].1] = 1;
            return;
        }
        _ => {}
    }
    leaves.sort_unstable();
    let n = leaves.len();
    // Nodes 0..n are the leaves, n.. the internal nodes in order of making.
    let mut weight: Vec<u64> = leaves.iter().map(|&(c, _)| u64::from(c)).collect();
    weight.reserve(n - 1);
    let mut parent = vec![0_usize; 2 * n - 1];
    let (mut next_leaf, mut next_inner) = (0, n);
    for _ in 0..n - 1 {
        let a = lightest(&weight, n, &mut next_leaf, &mut next_inner);
        let b = lightest(&weight, n, &mut next_leaf, &mut next_inner);
        let made = weight.len();
        weight.push(weight[a] + weight[b]);
        parent[a] = made;
        parent[b] = made;
    }
    // Parents come after their children: walk down from the root.
    let mut depth = vec![0_u8; 2 * n - 1];
    for node in (0..2 * n - 2).rev() {
        depth[node] = depth[parent[node]].saturating_add(1);
    }
    for (i, &(_, symbol)) in leaves.iter().enumerate() {
        out[symbol] = depth[i];
    }
}

/// The lighter of the next leaf and the next internal node not yet joined
/// (leaves first on a tie, which keeps the tree shallow).
fn lightest(weight: &[u64], leaves: usize, next_leaf: &mut usize, next_inner: &mut usize) -> usize {
    let leaf_first = *next_leaf < leaves && (*next_inner >= weight.len() || weight[*next_leaf] <= weight[*next_inner]);
    let slot = if leaf_first { next_leaf } else { next_inner };
    *slot += 1;
    *slot - 1
}

/// The canonical codes of `lengths`, bit-reversed for deflate's
/// least-significant-first packing.
pub(super) fn codes(lengths: &[u8]) -> Vec<u32> {
    let mut per_length = [0_u32; 16];
    for &l in lengths {
        per_length[usize::from(l)] += 1;
    }
    per_length[0] = 0;
    let mut next = [0_u32; 16];
    let mut code = 0;
    for bits in 1..16 {
        code = (code + per_length[bits - 1]) << 1;
        next[bits] = code;
    }
    lengths
        .iter()
        .map(|&l| {
            if l == 0 {
                return 0;
            }
            let c = next[usize::from(l)];
            next[usize::from(l)] += 1;
            c.reverse_bits() >> (32 - u32::from(l))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the lengths make a complete prefix code (Kraft sum exactly 1).
    fn complete(lengths: &[u8]) -> bool {
        let sum: u64 = lengths.iter().filter(|&&l| l > 0).map(|&l| 1_u64 << (32 - l)).sum();
        sum == 1 << 32
    }

    #[test]
    fn skewed_counts_are_limited_and_stay_complete() {
        // Fibonacci counts make the deepest possible tree: 29 symbols would
        // need 28 bits unlimited.
        let mut counts = vec![1_u32, 1];
        while counts.len() < 29 {
            let n = counts.len();
            counts.push(counts[n - 1] + counts[n - 2]);
        }
        let mut out = vec![0; counts.len()];
        huffman(&counts, &mut out);
        assert_eq!(out.iter().max(), Some(&28));
        lengths(&counts, 15, &mut out);
        assert!(out.iter().all(|&l| (1..=15).contains(&l)), "{out:?}");
        assert!(complete(&out), "{out:?}");
    }

    #[test]
    fn canonical_codes_follow_the_rfc_example() {
        // RFC 1951 §3.2.2: lengths (3, 3, 3, 3, 3, 2, 4, 4) give codes
        // 010, 011, 100, 101, 110, 00, 1110, 1111.
        let codes = codes(&[3, 3, 3, 3, 3, 2, 4, 4]);
        let expected: [(u32, u32); 8] = [
            (0b010, 3),
            (0b011, 3),
            (0b100, 3),
            (0b101, 3),
            (0b110, 3),
            (0b00, 2),
            (0b1110, 4),
            (0b1111, 4),
        ];
        for (got, (code, len)) in codes.iter().zip(expected) {
            assert_eq!(*got, code.reverse_bits() >> (32 - len));
        }
    }

    #[test]
    fn frequent_symbols_get_short_codes() {
        let counts = [1000, 1, 1, 500, 0, 2];
        let mut out = [0; 6];
        lengths(&counts, 15, &mut out);
        assert_eq!(out[4], 0);
        assert!(out[0] <= out[3] && out[3] <= out[5] && out[5] <= out[1]);
        assert!(complete(&out));
    }
}

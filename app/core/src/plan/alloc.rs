//! IPv4 address-space arithmetic: occupied intervals, first-fit aligned
//! allocation, and free space as CIDR blocks.

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net};

use crate::net::Cidr;

/// A half-open interval of IPv4 addresses `[start, end)` as integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: u64,
    pub end: u64,
}

impl Span {
    pub fn of(cidr: Cidr) -> Option<Span> {
        match cidr.normalized().net() {
            IpNet::V4(v4) => {
                let start = u64::from(u32::from(v4.network()));
                Some(Span {
                    start,
                    end: start + (1u64 << (32 - u32::from(v4.prefix_len()))),
                })
            }
            IpNet::V6(_) => None,
        }
    }

    pub fn len(self) -> u64 {
        self.end - self.start
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// The CIDR of an aligned block.
pub fn cidr_at(start: u64, prefix_len: u8) -> Cidr {
    let addr = Ipv4Addr::from(u32::try_from(start).unwrap_or(u32::MAX));
    // prefix_len ≤ 32 by construction of every caller.
    Cidr::from(IpNet::V4(Ipv4Net::new(addr, prefix_len.min(32)).unwrap_or_default()))
}

/// The free space of one address space, given sorted, merged occupied spans.
#[derive(Debug, Clone, Default)]
pub struct Space {
    /// The VNet's address spaces (IPv4), in the order written.
    pub spaces: Vec<Span>,
    /// Occupied spans, sorted by start and merged.
    occupied: Vec<Span>,
}

impl Space {
    pub fn new(spaces: Vec<Span>) -> Space {
        Space {
            spaces,
            occupied: Vec::new(),
        }
    }

    /// Marks a span as taken.
    pub fn occupy(&mut self, span: Span) {
        // Insert, then merge in place with the neighbours it touches so gaps stay easy to walk.
        let at = self.occupied.partition_point(|s| s.end < span.start);
        let mut merged = span;
        let mut end = at;
        while end < self.occupied.len() && self.occupied[end].start <= merged.end {
            merged.start = merged.start.min(self.occupied[end].start);
            merged.end = merged.end.max(self.occupied[end].end);
            end += 1;
        }
        if at < end {
            self.occupied[at] = merged;
            self.occupied.drain(at + 1..end);
        } else {
            self.occupied.insert(at, merged);
        }
    }

    /// Free gaps inside the address spaces, in address-space order.
    pub fn gaps(&self) -> Vec<Span> {
        let mut out = Vec::new();
        for space in &self.spaces {
            let mut cursor = space.start;
            let first = self.occupied.partition_point(|s| s.end <= space.start);
            for occ in &self.occupied[first..] {
                if occ.start >= space.end {
                    break;
                }
                if occ.start > cursor {
                    out.push(Span {
                        start: cursor,
                        end: occ.start.min(space.end),
                    });
                }
                cursor = cursor.max(occ.end);
            }
            if cursor < space.end {
                out.push(Span {
                    start: cursor,
                    end: space.end,
                });
            }
        }
        out
    }

    /// The lowest aligned free block of prefix length `prefix_len`, without taking it.
    pub fn first_fit(&self, prefix_len: u8) -> Option<Span> {
        let size = 1u64 << (32 - u32::from(prefix_len.min(32)));
        self.gaps().into_iter().find_map(|gap| {
            let start = gap.start.div_ceil(size) * size;
            (start + size <= gap.end).then_some(Span {
                start,
                end: start + size,
            })
        })
    }

    /// Takes the lowest aligned free block of `prefix_len`.
    pub fn allocate(&mut self, prefix_len: u8) -> Option<Span> {
        let span = self.first_fit(prefix_len)?;
        self.occupy(span);
        Some(span)
    }

    /// The largest aligned block still free (its size in addresses), 0 if none.
    pub fn largest_free_block(&self) -> u64 {
        (0..=32u8).find_map(|p| self.first_fit(p).map(Span::len)).unwrap_or(0)
    }

    /// The free space as the fewest aligned CIDR blocks.
    pub fn free_blocks(&self) -> Vec<Cidr> {
        let mut out = Vec::new();
        for gap in self.gaps() {
            let mut start = gap.start;
            while start < gap.end {
                // The largest aligned block starting at `start` that fits.
                let align = if start == 0 {
                    1u64 << 32
                } else {
                    1u64 << start.trailing_zeros()
                };
                let mut size = align.min(1u64 << 32);
                while start + size > gap.end {
                    size /= 2;
                }
                let prefix = 32 - size.trailing_zeros();
                out.push(cidr_at(start, prefix as u8));
                start += size;
            }
        }
        out
    }

    /// Free addresses in total.
    pub fn free_addresses(&self) -> u64 {
        self.gaps().iter().map(|g| g.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn span(text: &str) -> Span {
        Span::of(text.parse().unwrap()).unwrap()
    }

    #[test]
    fn allocates_lowest_aligned_block_around_fixed_subnets() {
        let mut s = Space::new(vec![span("10.0.0.0/16")]);
        s.occupy(span("10.0.0.0/24"));
        s.occupy(span("10.0.2.0/24"));
        assert_eq!(cidr_at(s.allocate(24).unwrap().start, 24).to_string(), "10.0.1.0/24");
        assert_eq!(cidr_at(s.allocate(23).unwrap().start, 23).to_string(), "10.0.4.0/23");
        assert_eq!(cidr_at(s.allocate(26).unwrap().start, 26).to_string(), "10.0.3.0/26");
        let free: Vec<String> = s.free_blocks().iter().map(ToString::to_string).take(3).collect();
        assert_eq!(free, ["10.0.3.64/26", "10.0.3.128/25", "10.0.6.0/23"]);
    }

    #[test]
    fn full_space_has_no_fit() {
        let mut s = Space::new(vec![span("10.0.0.0/24")]);
        s.occupy(span("10.0.0.0/25"));
        assert!(s.allocate(24).is_none());
        assert_eq!(s.largest_free_block(), 128);
        assert_eq!(s.free_addresses(), 128);
    }

    proptest! {
        #[test]
        fn allocations_never_overlap_stay_inside_and_are_aligned_and_smallest(
            fixed in proptest::collection::vec((0u64..256, 24u8..29), 0..12),
            wanted in proptest::collection::vec(22u8..30, 1..20),
        ) {
            let space = span("10.0.0.0/16");
            let mut s = Space::new(vec![space]);
            let mut taken: Vec<Span> = Vec::new();
            for (third, p) in fixed {
                let size = 1u64 << (32 - u32::from(p));
                let start = space.start + third * 256;
                let sp = Span { start, end: start + size };
                if taken.iter().all(|t| !t.overlaps(sp)) {
                    s.occupy(sp);
                    taken.push(sp);
                }
            }
            for p in wanted {
                let before_free = s.first_fit(p);
                if let Some(a) = s.allocate(p) {
                    prop_assert_eq!(Some(a), before_free);
                    prop_assert_eq!(a.len(), 1u64 << (32 - u32::from(p)));
                    prop_assert_eq!(a.start % a.len(), 0);
                    prop_assert!(space.contains(a));
                    prop_assert!(taken.iter().all(|t| !t.overlaps(a)));
                    // Smallest fit: no lower aligned free block of that size existed.
                    let mut probe = space.start;
                    while probe < a.start {
                        let cand = Span { start: probe, end: probe + a.len() };
                        prop_assert!(taken.iter().any(|t| t.overlaps(cand)));
                        probe += a.len();
                    }
                    taken.push(a);
                }
            }
        }
    }
}

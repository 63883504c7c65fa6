//! Raw deflate (RFC 1951) for one band of filtered PNG rows, written so
//! that bands compressed on different threads can be joined into one
//! stream: every block is non-final, matches only reach back inside the
//! band, and the band ends on a byte boundary after an empty stored block
//! (what zlib calls a sync flush). The stream's end (a final empty stored
//! block) is written by whoever joins the bands.
//!
//! Filtered rows of a diagram are mostly zeros (flat boxes under the Up
//! filter) and repeats of one pixel's difference (a box's top or bottom edge
//! against the row above), so matches are only looked for one byte back
//! (a run of one value) and one pixel (three bytes) back. Each block gets
//! Huffman codes built from its own symbol counts.

use super::huffman;

/// Tokens collected before a block is coded and written: enough that the
/// block's code tables cost little, few enough that the codes follow the
/// picture down a band.
const BLOCK_TOKENS: usize = 1 << 16;

/// Shortest match worth a length and distance code.
const MIN_MATCH: usize = 4;
/// Longest match deflate can say.
const MAX_MATCH: usize = 258;

/// The first length of each length symbol 257..=285 (RFC 1951 §3.2.5).
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
/// Extra bits after each length symbol (RFC 1951 §3.2.5).
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];

/// The length symbol's index (0 for 257) of each match length minus 3.
const LENGTH_SYMBOL: [u8; 256] = {
    let mut table = [0_u8; 256];
    let mut symbol = 0;
    let mut len = 3;
    while len <= MAX_MATCH {
        while symbol + 1 < LENGTH_BASE.len() && LENGTH_BASE[symbol + 1] as usize <= len {
            symbol += 1;
        }
        table[len - 3] = symbol as u8;
        len += 1;
    }
    table
};

/// The order code length code lengths are sent in (RFC 1951 §3.2.7).
const CODE_LENGTH_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// Literal and length symbols (0–255 literals, 256 end of block, 257–285 lengths).
const LITERALS: usize = 286;
/// End of block.
const END: usize = 256;

/// Distance codes: 0 is one byte back, 2 is three bytes back (no extra
/// bits); 1 is not used. Both used codes get one bit, a complete code.
const DISTANCE_LENGTHS: [u8; 3] = [1, 0, 1];
/// A match token's marker bit.
const MATCH: u32 = 1 << 31;

/// Bits written least significant first, as deflate packs them.
struct Bits<'a> {
    out: &'a mut Vec<u8>,
    acc: u64,
    count: u32,
}

impl Bits<'_> {
    /// Appends the low `count` bits of `bits` (`count` at most 32).
    fn put(&mut self, bits: u32, count: u32) {
        self.acc |= u64::from(bits) << self.count;
        self.count += count;
        if self.count >= 32 {
            #[allow(clippy::cast_possible_truncation)] // the low 32 bits, on purpose
            self.out.extend_from_slice(&(self.acc as u32).to_le_bytes());
            self.acc >>= 32;
            self.count -= 32;
        }
    }

    /// Writes what is left, padding the last byte with zeros.
    fn align(&mut self) {
        while self.count > 0 {
            #[allow(clippy::cast_possible_truncation)] // the low byte, on purpose
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count = self.count.saturating_sub(8);
        }
        self.acc = 0;
    }
}

/// A compressor's reusable state: the block being collected and its counts.
#[derive(Default)]
pub(crate) struct Deflater {
    /// A run of that many literals (the block's next bytes), or
    /// `MATCH | distance code << 16 | length − 3`.
    tokens: Vec<u32>,
    literal_counts: Vec<u32>,
}

impl Deflater {
    /// Appends `data` to `out` as non-final deflate blocks ending on a byte
    /// boundary, with no match reaching before the start of `data`.
    pub(crate) fn compress(&mut self, data: &[u8], out: &mut Vec<u8>) {
        let mut bits = Bits { out, acc: 0, count: 0 };
        let mut at = 0;
        while at < data.len() {
            let start = at;
            at = self.tokenise(data, at);
            self.write_block(&mut bits, &data[start..at]);
        }
        // An empty stored block: three header bits, then the stream is
        // byte-aligned and its length and the length's complement follow.
        bits.put(0, 3);
        bits.align();
        bits.out.extend_from_slice(&[0, 0, 0xff, 0xff]);
    }

    /// Collects tokens for one block from `data[at..]`, counting literal
    /// and length symbols; returns where it stopped.
    fn tokenise(&mut self, data: &[u8], mut at: usize) -> usize {
        self.tokens.clear();
        self.tokens.reserve(BLOCK_TOKENS);
        self.literal_counts.clear();
        self.literal_counts.resize(LITERALS, 0);
        // Room for a step's tokens (up to 8 literals) under the block's limit.
        while at < data.len() && self.tokens.len() + 8 <= BLOCK_TOKENS {
            // Where no match can start in the next bytes, they are literals:
            // found eight positions at a time, without a branch per byte.
            if at >= 3 && at + 16 <= data.len() {
                let literals = match_starts(data, at).trailing_zeros() as usize;
                if literals > 0 {
                    self.literals(&data[at..at + literals]);
                    at += literals;
                    continue;
                }
            }
            let byte = data[at];
            let mut best = (0, 0);
            if at >= 1 && data[at - 1] == byte {
                best = (match_length(data, at, 1), 0);
            }
            if best.0 < MAX_MATCH && at >= 3 && data[at - 3] == byte {
                let three = match_length(data, at, 3);
                if three > best.0 {
                    best = (three, 2);
                }
            }
            let (length, code) = best;
            if length >= MIN_MATCH {
                #[allow(clippy::cast_possible_truncation)] // length ≤ 258
                self.tokens.push(MATCH | (code << 16) | (length - 3) as u32);
                self.literal_counts[257 + usize::from(LENGTH_SYMBOL[length - 3])] += 1;
                at += length;
            } else {
                self.literals(&data[at..=at]);
                at += 1;
            }
        }
        at
    }

    /// Records `bytes` as literals: counted, and added to the run of
    /// literals the last token is (or a new one).
    fn literals(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.literal_counts[usize::from(byte)] += 1;
        }
        #[allow(clippy::cast_possible_truncation)] // at most 8
        let n = bytes.len() as u32;
        match self.tokens.last_mut() {
            Some(run) if *run & MATCH == 0 && *run < 0xffff => *run += n,
            _ => self.tokens.push(n),
        }
    }

    /// Writes the collected tokens, which say what `block` holds, as one
    /// block with codes of its own.
    fn write_block(&mut self, bits: &mut Bits, block: &[u8]) {
        self.literal_counts[END] = 1;
        // Two symbols at least, so the code is complete.
        if self.literal_counts.iter().filter(|&&n| n > 0).count() < 2 {
            self.literal_counts[0] = self.literal_counts[0].max(1);
        }
        let mut lengths = [0_u8; LITERALS];
        huffman::lengths(&self.literal_counts, 15, &mut lengths);
        let codes = huffman::codes(&lengths);
        let used = lengths
            .iter()
            .rposition(|&l| l > 0)
            .map_or(257, |last| (last + 1).max(257));

        // Header: not final, dynamic codes (type 2).
        bits.put(0b100, 3);
        write_code_lengths(bits, &lengths[..used]);

        // Each literal's code and length, and each match length's code
        // with its extra bits, looked up once per token.
        let literal: Vec<(u32, u32)> = (0..256).map(|s| (codes[s], u32::from(lengths[s]))).collect();
        let matched: Vec<(u32, u32)> = (0..=MAX_MATCH - 3)
            .map(|length| {
                let index = usize::from(LENGTH_SYMBOL[length]);
                let symbol = 257 + index;
                let length_bits = u32::from(lengths[symbol]);
                #[allow(clippy::cast_possible_truncation)] // length ≤ 255 here
                let extra_value = (length + 3 - usize::from(LENGTH_BASE[index])) as u32;
                (
                    codes[symbol] | extra_value << length_bits,
                    length_bits + u32::from(LENGTH_EXTRA[index]),
                )
            })
            .collect();
        let distance_codes = huffman::codes(&DISTANCE_LENGTHS);
        let mut at = 0;
        for &token in &self.tokens {
            if token & MATCH == 0 {
                let run = &block[at..at + token as usize];
                at += run.len();
                // Two literals (15 bits each at most) per write.
                let (pairs, odd) = run.as_chunks::<2>();
                for &[a, b] in pairs {
                    let ((ca, la), (cb, lb)) = (literal[usize::from(a)], literal[usize::from(b)]);
                    bits.put(ca | cb << la, la + lb);
                }
                for &a in odd {
                    let (ca, la) = literal[usize::from(a)];
                    bits.put(ca, la);
                }
            } else {
                let length = (token & 0xff) as usize;
                let distance = ((token >> 16) & 0x1f) as usize;
                let (code, n) = matched[length];
                bits.put(
                    code | distance_codes[distance] << n,
                    n + u32::from(DISTANCE_LENGTHS[distance]),
                );
                at += length + 3;
            }
        }
        bits.put(codes[END], u32::from(lengths[END]));
    }
}

/// Which of the eight positions from `at` start a match of [`MIN_MATCH`]
/// (4) bytes or more one byte or three bytes back: bit `k` for `at + k`,
/// bit 8 always set. Needs 3 bytes before `at` and 16 from it.
fn match_starts(data: &[u8], at: usize) -> u32 {
    const LOW: u128 = 0x7f7f_7f7f_7f7f_7f7f_7f7f_7f7f_7f7f_7f7f;
    let load = |from: usize| {
        data.get(from..)
            .and_then(<[u8]>::first_chunk::<16>)
            .map_or(0, |b| u128::from_le_bytes(*b))
    };
    let here = load(at);
    // The top bit of each byte that equals the byte `back` before it, and
    // of each that starts four such bytes in a row.
    let runs = |back: usize| {
        let differ = here ^ load(at - back);
        let same = !(((differ & LOW) + LOW) | differ | LOW);
        same & same >> 8 & same >> 16 & same >> 24
    };
    #[allow(clippy::cast_possible_truncation)] // the low eight bytes
    let starts = (runs(1) | runs(3)) as u64;
    // Gather the top bits of the eight bytes into one byte.
    #[allow(clippy::cast_possible_truncation)] // a byte
    let bits = ((starts >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32;
    bits | 1 << 8
}

/// How many bytes from `at` repeat the bytes `distance` before them (at
/// most [`MAX_MATCH`]); the two may overlap, as deflate copies byte by byte.
fn match_length(data: &[u8], at: usize, distance: usize) -> usize {
    let max = (data.len() - at).min(MAX_MATCH);
    let (here, back) = (&data[at..at + max], &data[at - distance..at - distance + max]);
    let mut n = 0;
    while n + 8 <= max {
        let a = u64::from_le_bytes(here[n..n + 8].try_into().unwrap_or([0; 8]));
        let b = u64::from_le_bytes(back[n..n + 8].try_into().unwrap_or([0; 8]));
        let differ = a ^ b;
        if differ != 0 {
            return n + (differ.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    while n < max && here[n] == back[n] {
        n += 1;
    }
    n
}

/// The dynamic block header after its first three bits: how many codes,
/// the code length code, then the literal/length and distance code lengths
/// run-length coded with it (RFC 1951 §3.2.7).
fn write_code_lengths(bits: &mut Bits, literal_lengths: &[u8]) {
    let all: Vec<u8> = literal_lengths.iter().chain(&DISTANCE_LENGTHS).copied().collect();
    // (symbol, extra value, extra bits)
    let mut runs: Vec<(u8, u8, u8)> = Vec::with_capacity(all.len());
    let mut i = 0;
    while i < all.len() {
        let value = all[i];
        let mut count = all[i..].iter().take_while(|&&v| v == value).count();
        i += count;
        if value == 0 {
            while count >= 11 {
                let take = count.min(138);
                #[allow(clippy::cast_possible_truncation)] // ≤ 127
                runs.push((18, (take - 11) as u8, 7));
                count -= take;
            }
            if count >= 3 {
                #[allow(clippy::cast_possible_truncation)] // ≤ 7
                runs.push((17, (count - 3) as u8, 3));
                count = 0;
            }
        } else {
            runs.push((value, 0, 0));
            count -= 1;
            while count >= 3 {
                let take = count.min(6);
                #[allow(clippy::cast_possible_truncation)] // ≤ 3
                runs.push((16, (take - 3) as u8, 2));
                count -= take;
            }
        }
        runs.extend(std::iter::repeat_n((value, 0, 0), count));
    }
    let mut counts = [0_u32; 19];
    for &(symbol, _, _) in &runs {
        counts[usize::from(symbol)] += 1;
    }
    let mut lengths = [0_u8; 19];
    huffman::lengths(&counts, 7, &mut lengths);
    // Two used code length symbols at least (a lone code is incomplete).
    if lengths.iter().filter(|&&l| l > 0).count() < 2 {
        let lone = lengths.iter().position(|&l| l > 0).unwrap_or(0);
        lengths[lone] = 1;
        lengths[usize::from(lone == 0)] = 1;
    }
    let codes = huffman::codes(&lengths);
    let sent = CODE_LENGTH_ORDER
        .iter()
        .rposition(|&s| lengths[s] > 0)
        .map_or(4, |last| (last + 1).max(4));
    #[allow(clippy::cast_possible_truncation)] // 257..=286, 3 and 4..=19
    {
        bits.put((literal_lengths.len() - 257) as u32, 5);
        bits.put((DISTANCE_LENGTHS.len() - 1) as u32, 5);
        bits.put((sent - 4) as u32, 4);
    }
    for &symbol in &CODE_LENGTH_ORDER[..sent] {
        bits.put(u32::from(lengths[symbol]), 3);
    }
    for (symbol, extra, extra_bits) in runs {
        let s = usize::from(symbol);
        bits.put(codes[s], u32::from(lengths[s]));
        if extra_bits > 0 {
            bits.put(u32::from(extra), u32::from(extra_bits));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    /// `pieces` compressed one by one and joined as a zlib stream.
    fn zlib(pieces: &[&[u8]]) -> Vec<u8> {
        let mut out = vec![0x78, 0x01];
        let mut deflater = Deflater::default();
        let mut adler = simd_adler32::Adler32::new();
        for piece in pieces {
            deflater.compress(piece, &mut out);
            adler.write(piece);
        }
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
        out.extend_from_slice(&adler.finish().to_be_bytes());
        out
    }

    fn inflate(stream: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(stream)
            .read_to_end(&mut out)
            .expect("a valid zlib stream");
        out
    }

    /// Bytes like filtered picture rows: long zero runs, repeated pixel
    /// differences, and noise.
    fn rows(seed: u32, len: usize) -> Vec<u8> {
        let mut state = seed.wrapping_mul(2_654_435_761).max(1);
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        let mut out = Vec::with_capacity(len);
        while out.len() < len {
            let kind = next() % 4;
            let n = (next() % 700) as usize;
            match kind {
                0 => out.extend(std::iter::repeat_n(0, n)),
                1 => {
                    let px = next().to_le_bytes();
                    for _ in 0..n / 3 {
                        out.extend_from_slice(&px[..3]);
                    }
                }
                2 => out.extend(std::iter::repeat_n(next() as u8, n)),
                _ => out.extend((0..n.min(40)).map(|_| next() as u8)),
            }
        }
        out.truncate(len);
        out
    }

    #[test]
    fn pieces_compressed_apart_make_one_stream_that_inflates_to_their_bytes() {
        let data = rows(7, 600_000);
        let pieces: Vec<&[u8]> = data.chunks(77_777).collect();
        assert_eq!(inflate(&zlib(&pieces)), data);
    }

    #[test]
    fn short_uniform_and_random_inputs_round_trip() {
        let random = rows(3, 5_000)
            .iter()
            .map(|b| b.wrapping_mul(167).wrapping_add(13))
            .collect::<Vec<u8>>();
        let cases: Vec<Vec<u8>> = vec![
            vec![],
            vec![0],
            vec![9, 9],
            vec![0; 3],
            vec![0; 100_000],
            vec![200; 259],
            (0..=255).collect(),
            random,
        ];
        for case in &cases {
            assert_eq!(&inflate(&zlib(&[case])), case, "{} bytes", case.len());
        }
    }

    #[test]
    fn match_starts_are_found_eight_positions_at_a_time() {
        let data = rows(11, 20_000);
        for at in 3..data.len() - 16 {
            let starts = match_starts(&data, at);
            for k in 0..8 {
                let here = at + k;
                let expected = [1, 3]
                    .iter()
                    .any(|&d| (0..4).all(|i| data[here + i] == data[here + i - d]));
                assert_eq!(starts >> k & 1 == 1, expected, "position {here}");
            }
            assert_eq!(starts >> 8, 1);
        }
    }

    #[test]
    fn runs_and_repeated_pixels_compress_well() {
        // A flat row and an edge row (one difference repeated) shrink to a
        // few bytes each: the matches work.
        let mut data = vec![0_u8; 12_289];
        data.extend(std::iter::repeat_n([3_u8, 250, 7], 4096).flatten());
        let stream = zlib(&[&data]);
        assert!(stream.len() < 400, "{} bytes", stream.len());
        assert_eq!(inflate(&stream), data);
    }
}

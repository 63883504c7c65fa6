//! The PNG file, compressed on the threads that draw it: each band's rows
//! are filtered (8-bit RGB; the first row of a band by Sub, the others by
//! Up, so no band needs its neighbour) and deflated on the thread that drew
//! the band, with its Adler-32. The bands' deflate blocks join into the one
//! zlib stream PNG requires ([`deflate`] ends each band byte-aligned), one
//! IDAT chunk a band, and the bands' checksums combine into the stream's.
//! The main thread only writes chunks.

use std::cell::RefCell;

use super::paint::Picture;
use super::threads;
use crate::ExportError;

mod deflate;
mod huffman;

/// One band of the image data, made on the thread that drew it.
#[derive(Default)]
pub(super) struct Band {
    /// The filtered rows as raw deflate blocks, ending on a byte boundary.
    deflate: Vec<u8>,
    /// Adler-32 of the filtered rows.
    adler: u32,
    /// How many bytes the filtered rows are.
    len: usize,
}

/// A drawing thread's scratch: filtered rows and the compressor's state.
#[derive(Default)]
struct Scratch {
    filtered: Vec<u8>,
    deflater: deflate::Deflater,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Band {
    /// `rgba` (premultiplied RGBA rows `width` pixels wide, over an opaque
    /// background) filtered as RGB and compressed.
    fn encode(&mut self, rgba: &[u8], width: usize) {
        SCRATCH.with_borrow_mut(|scratch| {
            filter(rgba, width, &mut scratch.filtered);
            let mut adler = simd_adler32::Adler32::new();
            adler.write(&scratch.filtered);
            self.adler = adler.finish();
            self.len = scratch.filtered.len();
            self.deflate.clear();
            scratch.deflater.compress(&scratch.filtered, &mut self.deflate);
        });
    }
}

/// PNG rows of RGB from RGBA rows: each row its filter type byte, then the
/// differences from the pixel to the left (Sub, the first row) or from the
/// pixel above (Up, every other row). Two pixels are taken at a time as one
/// `u64` and subtracted byte by byte.
fn filter(rgba: &[u8], width: usize, out: &mut Vec<u8>) {
    let (stride, row_bytes) = (width * 4, 1 + width * 3);
    let rows = rgba.len().checked_div(stride).unwrap_or(0);
    // Every byte is written below: zeroing the buffer again for each band is not needed.
    if out.len() != rows * row_bytes {
        out.clear();
        out.resize(rows * row_bytes, 0);
    }
    for (r, (row, dst)) in rgba
        .chunks_exact(stride.max(1))
        .zip(out.chunks_exact_mut(row_bytes))
        .enumerate()
    {
        let (kind, dst) = dst.split_at_mut(1);
        if r == 0 {
            kind[0] = 1;
            let (pairs, odd) = row.as_chunks::<8>();
            let (dst_pairs, dst_odd) = dst.as_chunks_mut::<6>();
            let mut left = 0_u64;
            for (d, p) in dst_pairs.iter_mut().zip(pairs) {
                let x = u64::from_le_bytes(*p);
                *d = rgb_pair(bytewise_sub(x, left | x << 32));
                left = x >> 32;
            }
            last_pixel(odd, left, dst_odd);
            continue;
        }
        kind[0] = 2;
        let above = &rgba[(r - 1) * stride..r * stride];
        // Four pixels at a time: twelve bytes out in two stores.
        let (quads, rest) = row.as_chunks::<16>();
        let (up_quads, up_rest) = above.as_chunks::<16>();
        let (dst_quads, dst_rest) = dst.as_chunks_mut::<12>();
        for ((d, p), u) in dst_quads.iter_mut().zip(quads).zip(up_quads) {
            let (p, u) = (u128::from_le_bytes(*p), u128::from_le_bytes(*u));
            #[allow(clippy::cast_possible_truncation)] // the two halves
            let (lo, hi) = (
                bytewise_sub(p as u64, u as u64),
                bytewise_sub((p >> 64) as u64, (u >> 64) as u64),
            );
            // The RGB of pixels 0 and 1 are in `lo`, of 2 and 3 in `hi`.
            let first = (lo & 0x00ff_ffff) | (lo >> 8 & 0xffff_ff00_0000) | hi << 48;
            let second = (hi >> 16 & 0xff) | (hi >> 24 & 0xffff_ff00);
            let packed = u128::from(first) | u128::from(second) << 64;
            let bytes = packed.to_le_bytes();
            *d = *bytes.first_chunk::<12>().unwrap_or(&[0; 12]);
        }
        // Up to three pixels left: a pair, then one.
        let (pairs, odd) = rest.as_chunks::<8>();
        let (up_pairs, up_odd) = up_rest.as_chunks::<8>();
        let (dst_pairs, dst_odd) = dst_rest.as_chunks_mut::<6>();
        for ((d, p), u) in dst_pairs.iter_mut().zip(pairs).zip(up_pairs) {
            *d = rgb_pair(bytewise_sub(u64::from_le_bytes(*p), u64::from_le_bytes(*u)));
        }
        let up = up_odd
            .first_chunk::<4>()
            .map_or(0, |u| u64::from(u32::from_le_bytes(*u)));
        last_pixel(odd, up, dst_odd);
    }
}

/// The last pixel of an odd row (`px`, if any) less `from`, as RGB into `dst`.
fn last_pixel(px: &[u8], from: u64, dst: &mut [u8]) {
    if let (Some(px), Some(d)) = (px.first_chunk::<4>(), dst.first_chunk_mut::<3>()) {
        let diff = bytewise_sub(u64::from(u32::from_le_bytes(*px)), from).to_le_bytes();
        *d = [diff[0], diff[1], diff[2]];
    }
}

/// `x − y` in each of the eight bytes, wrapping, without borrows between them.
fn bytewise_sub(x: u64, y: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    ((x | HIGH) - (y & !HIGH)) ^ ((x ^ !y) & HIGH)
}

/// The red, green and blue bytes of two RGBA pixels.
fn rgb_pair(v: u64) -> [u8; 6] {
    let packed = (v & 0x00ff_ffff) | (v >> 8 & 0xffff_ff00_0000);
    let bytes = packed.to_le_bytes();
    [bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]]
}

/// The Adler-32 of two byte strings joined, from theirs and the second's
/// length: the second string's running sum starts `a1 − 1` higher, which
/// adds that much to each of its `len2` partial sums.
fn adler_join(first: u32, second: u32, len2: usize) -> u32 {
    const MOD: u64 = 65_521;
    let (a1, b1) = (u64::from(first & 0xffff), u64::from(first >> 16));
    let (a2, b2) = (u64::from(second & 0xffff), u64::from(second >> 16));
    let a = (a1 + a2 + MOD - 1) % MOD;
    let b = (b1 + b2 + (len2 as u64 % MOD) * ((a1 + MOD - 1) % MOD)) % MOD;
    #[allow(clippy::cast_possible_truncation)] // both below 65,521
    {
        (a as u32) | ((b as u32) << 16)
    }
}

/// The zlib stream's header: deflate with a 32 KiB window, fastest
/// compression, no dictionary (a multiple of 31, as RFC 1950 asks).
const ZLIB_HEADER: [u8; 2] = [0x78, 0x01];
/// A final empty stored block, which ends the deflate stream.
const DEFLATE_END: [u8; 5] = [1, 0, 0, 0xff, 0xff];

/// The picture as a PNG (8-bit RGB: the background is opaque, so no pixel
/// needs an alpha channel).
pub(super) fn encode_png(picture: &Picture) -> Result<Vec<u8>, ExportError> {
    let image_error = |e: png::EncodingError| ExportError::Image { detail: e.to_string() };
    let width = picture.width() as usize;
    // Room for a quarter of the raw pixels up front (address space only until
    // written): growing the buffer by doubling copied it and touched fresh
    // memory every time.
    let raw = width * picture.height() as usize * 3;
    let mut out = Vec::with_capacity(raw / 4);
    {
        let mut encoder = png::Encoder::new(&mut out, picture.width(), picture.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(image_error)?;
        let mut adler = 1_u32;
        let mut started = false;
        let mut chunk = Vec::new();
        picture.rasterise_into(
            threads(),
            &|rgba, band: &mut Band| band.encode(rgba, width),
            &mut |band: &Band| {
                adler = adler_join(adler, band.adler, band.len);
                if started {
                    writer.write_chunk(png::chunk::IDAT, &band.deflate)
                } else {
                    started = true;
                    chunk.clear();
                    chunk.extend_from_slice(&ZLIB_HEADER);
                    chunk.extend_from_slice(&band.deflate);
                    writer.write_chunk(png::chunk::IDAT, &chunk)
                }
                .map_err(image_error)
            },
        )?;
        chunk.clear();
        if !started {
            chunk.extend_from_slice(&ZLIB_HEADER);
        }
        chunk.extend_from_slice(&DEFLATE_END);
        chunk.extend_from_slice(&adler.to_be_bytes());
        writer.write_chunk(png::chunk::IDAT, &chunk).map_err(image_error)?;
        writer.finish().map_err(image_error)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_checksums_equal_the_checksum_of_the_joined_bytes() {
        let bytes: Vec<u8> = (0..200_000_u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let whole = simd_adler32::adler32(&bytes.as_slice());
        for cut in [0, 1, 5_552, 65_521, 100_000, 200_000] {
            let (a, b) = bytes.split_at(cut);
            let joined = adler_join(simd_adler32::adler32(&a), simd_adler32::adler32(&b), b.len());
            assert_eq!(joined, whole, "cut at {cut}");
        }
    }

    #[test]
    fn rows_are_filtered_sub_first_then_up() {
        // Two rows of two pixels.
        let rgba = [10, 20, 30, 255, 15, 20, 25, 255, 11, 20, 30, 255, 15, 22, 20, 255];
        let mut out = Vec::new();
        filter(&rgba, 2, &mut out);
        assert_eq!(out, [1, 10, 20, 30, 5, 0, 251, 2, 1, 0, 0, 0, 2, 251]);
    }

    #[test]
    fn packed_filtering_equals_filtering_byte_by_byte() {
        for width in [1_usize, 2, 3, 7, 64] {
            let rows = 5;
            let rgba: Vec<u8> = (0..width * rows * 4)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8)
                .collect();
            let mut out = Vec::new();
            filter(&rgba, width, &mut out);
            let px = |r: usize, x: usize, c: usize| rgba[(r * width + x) * 4 + c];
            let mut want = Vec::new();
            for r in 0..rows {
                want.push(if r == 0 { 1 } else { 2 });
                for x in 0..width {
                    for c in 0..3 {
                        let from = match (r, x) {
                            (0, 0) => 0,
                            (0, _) => px(0, x - 1, c),
                            _ => px(r - 1, x, c),
                        };
                        want.push(px(r, x, c).wrapping_sub(from));
                    }
                }
            }
            assert_eq!(out, want, "width {width}");
        }
    }
}

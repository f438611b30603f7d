//! Reading a zip the way a browser can afford with a multi-gigabyte export: the central
//! directory first (names, sizes, where each entry starts), then one entry at a time, read in
//! slices from the file and inflated as it streams. Never the whole archive in memory.
//!
//! Stored and deflated entries, zip64 (Takeout parts pass 4 GiB), CRC checked. Encrypted
//! entries, other methods and spanned archives are refused with a reason. Limits guard against
//! decompression bombs: an entry may not grow past [`Limits::entry_bytes`], nor past
//! [`Limits::ratio`] times its compressed size once it is larger than a mebibyte, nor past the
//! size its header declares.

use std::io::Read;

/// Random access to the bytes of one archive (`File.slice` in a worker, a `Vec` in tests).
#[allow(clippy::len_without_is_empty)] // an archive is never empty: it has an end record
pub trait Blob {
    fn len(&self) -> u64;
    fn read(&self, at: u64, len: usize) -> Result<Vec<u8>, String>;
}

impl Blob for [u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }
    fn read(&self, at: u64, len: usize) -> Result<Vec<u8>, String> {
        let start = usize::try_from(at)
            .map_err(|_| "offset too large")?
            .min(<[u8]>::len(self));
        Ok(self[start..(start + len).min(<[u8]>::len(self))].to_vec())
    }
}

impl Blob for Vec<u8> {
    fn len(&self) -> u64 {
        self.as_slice().len() as u64
    }
    fn read(&self, at: u64, len: usize) -> Result<Vec<u8>, String> {
        self.as_slice().read(at, len)
    }
}

/// A [`Blob`] read ahead in windows of a few mebibytes. In a worker each `File.slice` read is a
/// round trip to the browser's process (measured: about 0.3 ms, and two workers queue behind
/// each other), while an export's entries are a few kilobytes each and stored in order: one
/// window serves the headers and data of hundreds of them.
pub struct Windowed<B> {
    inner: B,
    size: usize,
    /// Where the window starts in the archive, and its bytes.
    window: std::cell::RefCell<(u64, Vec<u8>)>,
    /// Reads of the archive itself (the tests count them).
    pub reads: std::cell::Cell<usize>,
}

impl<B: Blob> Windowed<B> {
    pub fn new(inner: B, size: usize) -> Windowed<B> {
        Windowed {
            inner,
            size,
            window: Default::default(),
            reads: Default::default(),
        }
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }
}

impl<B: Blob> Blob for Windowed<B> {
    fn len(&self) -> u64 {
        self.inner.len()
    }
    fn read(&self, at: u64, len: usize) -> Result<Vec<u8>, String> {
        let mut w = self.window.borrow_mut();
        let (start, bytes) = &*w;
        if at >= *start && at + len as u64 <= start + bytes.len() as u64 {
            let from = (at - start) as usize;
            return Ok(bytes[from..from + len].to_vec());
        }
        self.reads.set(self.reads.get() + 1);
        if len >= self.size {
            return self.inner.read(at, len);
        }
        // Past the end the archive gives fewer bytes: the caller sees it cut short.
        let ahead = (self.size as u64).min(self.inner.len().saturating_sub(at)) as usize;
        *w = (at, self.inner.read(at, ahead.max(len))?);
        Ok(w.1[..len.min(w.1.len())].to_vec())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ZipError {
    /// No end-of-central-directory record: not a zip (or cut off before its end).
    NotZip,
    /// The directory or an entry runs past the end of the file (a download cut short).
    Truncated,
    /// Spread over several files ("spanned"), which Takeout never makes.
    Spanned,
    Encrypted(String),
    /// A compression method other than stored (0) or deflate (8).
    Method(String, u16),
    /// The entry's data does not inflate, or its CRC differs.
    Corrupt(String),
    /// Past a decompression limit (see [`Limits`]).
    TooLarge(String),
    /// Reading the file failed (the browser's words).
    Read(String),
}

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub entry_bytes: u64,
    pub ratio: u64,
}

impl Default for Limits {
    /// The largest real Takeout entries worth reading are tens of MB (a day of 1-second heart
    /// rate); text compresses 5–30×. Beyond these, it is not an export.
    fn default() -> Limits {
        Limits {
            entry_bytes: 512 << 20,
            ratio: 200,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub name: String,
    pub method: u16,
    pub encrypted: bool,
    pub crc: u32,
    pub compressed: u64,
    pub size: u64,
    /// Where its local header starts.
    pub header_at: u64,
}

impl Entry {
    pub fn is_dir(&self) -> bool {
        self.name.ends_with('/')
    }
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}
fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?))
}

fn read(blob: &(impl Blob + ?Sized), at: u64, len: usize) -> Result<Vec<u8>, ZipError> {
    let b = blob.read(at, len).map_err(ZipError::Read)?;
    if b.len() < len {
        return Err(ZipError::Truncated);
    }
    Ok(b)
}

const EOCD: u32 = 0x0605_4b50;
const EOCD64: u32 = 0x0606_4b50;
const LOCATOR64: u32 = 0x0706_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const LOCAL: u32 = 0x0403_4b50;

/// The entries of the archive, in directory order.
pub fn entries(blob: &(impl Blob + ?Sized)) -> Result<Vec<Entry>, ZipError> {
    let len = blob.len();
    if len < 22 {
        return Err(ZipError::NotZip);
    }
    // The end record sits in the last 22 bytes plus a comment of up to 64 KiB.
    let tail_len = len.min(22 + 0xFFFF) as usize;
    let tail_at = len - tail_len as u64;
    let tail = read(blob, tail_at, tail_len)?;
    let at = (0..=tail.len() - 22)
        .rev()
        .find(|&i| u32_at(&tail, i) == Some(EOCD))
        .ok_or(ZipError::NotZip)?;
    let e = &tail[at..];
    let (disk, cd_disk) = (u16_at(e, 4).unwrap_or(0), u16_at(e, 6).unwrap_or(0));
    let mut count = u16_at(e, 10).unwrap_or(0) as u64;
    let mut cd_size = u32_at(e, 12).unwrap_or(0) as u64;
    let mut cd_at = u32_at(e, 16).unwrap_or(0) as u64;
    if count == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_at == 0xFFFF_FFFF {
        // Zip64: a locator just before the end record points at the 64-bit end record.
        let loc_at = (tail_at + at as u64)
            .checked_sub(20)
            .ok_or(ZipError::NotZip)?;
        let loc = read(blob, loc_at, 20)?;
        if u32_at(&loc, 0) != Some(LOCATOR64) {
            return Err(ZipError::NotZip);
        }
        let rec = read(blob, u64_at(&loc, 8).unwrap_or(u64::MAX), 56)?;
        if u32_at(&rec, 0) != Some(EOCD64) {
            return Err(ZipError::NotZip);
        }
        count = u64_at(&rec, 32).unwrap_or(0);
        cd_size = u64_at(&rec, 40).unwrap_or(0);
        cd_at = u64_at(&rec, 48).unwrap_or(0);
    } else if disk != 0 || cd_disk != 0 {
        return Err(ZipError::Spanned);
    }
    if cd_at.checked_add(cd_size).is_none_or(|end| end > len) {
        return Err(ZipError::Truncated);
    }
    let cd = read(
        blob,
        cd_at,
        usize::try_from(cd_size).map_err(|_| ZipError::TooLarge("directory".into()))?,
    )?;
    let mut out = Vec::with_capacity(count.min(1 << 20) as usize);
    let mut i = 0;
    while out.len() as u64 != count {
        let h = cd.get(i..i + 46).ok_or(ZipError::Truncated)?;
        if u32_at(h, 0) != Some(CENTRAL) {
            return Err(ZipError::NotZip);
        }
        let flags = u16_at(h, 8).unwrap_or(0);
        let (n, x, c) = (
            u16_at(h, 28).unwrap_or(0) as usize,
            u16_at(h, 30).unwrap_or(0) as usize,
            u16_at(h, 32).unwrap_or(0) as usize,
        );
        let name_bytes = cd.get(i + 46..i + 46 + n).ok_or(ZipError::Truncated)?;
        let extra = cd
            .get(i + 46 + n..i + 46 + n + x)
            .ok_or(ZipError::Truncated)?;
        let mut entry = Entry {
            name: String::from_utf8_lossy(name_bytes).into_owned(),
            method: u16_at(h, 10).unwrap_or(0),
            encrypted: flags & 1 != 0,
            crc: u32_at(h, 16).unwrap_or(0),
            compressed: u32_at(h, 20).unwrap_or(0) as u64,
            size: u32_at(h, 24).unwrap_or(0) as u64,
            header_at: u32_at(h, 42).unwrap_or(0) as u64,
        };
        zip64_extra(&mut entry, extra);
        out.push(entry);
        i += 46 + n + x + c;
    }
    Ok(out)
}

/// Fills the 64-bit sizes and offset from the zip64 extra field (id 1): only the fields whose
/// 32-bit slot says 0xFFFFFFFF are there, in this order.
fn zip64_extra(e: &mut Entry, mut extra: &[u8]) {
    while let (Some(id), Some(len)) = (u16_at(extra, 0), u16_at(extra, 2)) {
        let Some(body) = extra.get(4..4 + len as usize) else {
            return;
        };
        if id == 1 {
            let mut at = 0;
            for field in [&mut e.size, &mut e.compressed, &mut e.header_at] {
                if *field == 0xFFFF_FFFF {
                    if let Some(v) = u64_at(body, at) {
                        *field = v;
                        at += 8;
                    }
                }
            }
        }
        extra = &extra[4 + len as usize..];
    }
}

/// Reads `e`'s bytes in slices of this size (an export's entries are mostly smaller: the
/// inflater's buffer is zeroed for each one).
const SLICE: usize = 64 << 10;

/// An entry's compressed bytes as a `Read`, fetched slice by slice.
struct Slices<'a, B: Blob + ?Sized> {
    blob: &'a B,
    at: u64,
    left: u64,
    /// Why reading stopped, when the file (not the data) failed.
    failed: Option<ZipError>,
}

impl<B: Blob + ?Sized> std::io::Read for Slices<'_, B> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = (buf.len() as u64).min(self.left) as usize;
        if n == 0 {
            return Ok(0);
        }
        match read(self.blob, self.at, n) {
            Ok(b) => {
                buf[..n].copy_from_slice(&b);
                self.at += n as u64;
                self.left -= n as u64;
                Ok(n)
            }
            Err(e) => {
                self.failed = Some(e);
                Err(std::io::Error::other("read failed"))
            }
        }
    }
}

/// The uncompressed bytes of one entry, checked against its CRC and the limits.
pub fn extract(
    blob: &(impl Blob + ?Sized),
    e: &Entry,
    limits: Limits,
) -> Result<Vec<u8>, ZipError> {
    if e.encrypted {
        return Err(ZipError::Encrypted(e.name.clone()));
    }
    if e.method != 0 && e.method != 8 {
        return Err(ZipError::Method(e.name.clone(), e.method));
    }
    let too_large = || ZipError::TooLarge(e.name.clone());
    if e.size > limits.entry_bytes
        || (e.size > 1 << 20 && e.size / e.compressed.max(1) > limits.ratio)
    {
        return Err(too_large());
    }
    let local = read(blob, e.header_at, 30)?;
    if u32_at(&local, 0) != Some(LOCAL) {
        return Err(ZipError::Corrupt(e.name.clone()));
    }
    let data_at = e.header_at
        + 30
        + u16_at(&local, 26).unwrap_or(0) as u64
        + u16_at(&local, 28).unwrap_or(0) as u64;
    if data_at
        .checked_add(e.compressed)
        .is_none_or(|end| end > blob.len())
    {
        return Err(ZipError::Truncated);
    }
    let input = Slices {
        blob,
        at: data_at,
        left: e.compressed,
        failed: None,
    };
    let mut out: Vec<u8> = Vec::with_capacity(e.size.min(64 << 20) as usize);
    // One byte more than declared: a header that understates the size is caught, not obeyed.
    let read = if e.method == 8 {
        let mut d = flate2::read::DeflateDecoder::new_with_buf(input, vec![0; SLICE]);
        let r = (&mut d).take(e.size + 1).read_to_end(&mut out);
        r.map_err(|_| {
            d.into_inner()
                .failed
                .unwrap_or_else(|| ZipError::Corrupt(e.name.clone()))
        })
    } else {
        let mut input = input;
        let r = (&mut input).take(e.size + 1).read_to_end(&mut out);
        r.map_err(|_| input.failed.unwrap_or(ZipError::Truncated))
    };
    read?;
    // More than the header declares: damaged or forged; either way never more than that is
    // inflated, so the declared size (checked against the limits above) bounds the memory.
    if out.len() as u64 > e.size {
        return Err(ZipError::Corrupt(e.name.clone()));
    }
    if out.len() as u64 != e.size || crc32fast::hash(&out) != e.crc {
        return Err(ZipError::Corrupt(e.name.clone()));
    }
    Ok(out)
}

pub mod write;

#[cfg(test)]
mod tests;
